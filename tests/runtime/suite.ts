/**
 * The tests every runtime runs on its adapter, written once: each runtime's `integration.test.ts`
 * and `wire.test.ts` register them, Node's with vitest's `it`, Bun's and Deno's with `node:test`'s
 * `test` (under `bun test` and `deno test`). Each runs on the runtime it names (asserted first, on
 * Bun and Deno) against servers on 127.0.0.1:
 *
 * - {@link integrationTests}: the simulator over the socket, with the Effect layer
 *   (`scenario.ts`) and the Promise facade (`promise.ts`); the facade signs with the adapter's
 *   native HMAC, and a `for await` left early leaves no request open (`facade.ts`);
 * - {@link wireTests}: the bytes the adapter sends, header names spelled as the service signs
 *   them (`wire.ts`), and the answer size limit (`limit.ts`).
 */
import assert from "node:assert/strict"
import { Effect } from "effect"
import { type CreateClient, checkEarlyExit, checkNativeSigner } from "./facade.ts"
import { checkAnswerLimit } from "./limit.ts"
import { checkPromiseReport, promiseScenario } from "./promise.ts"
import { checkReport, scenario } from "./scenario.ts"
import { captureWire, checkWire, type MakeLayer } from "./wire.ts"

/** One runtime's adapter, as its test file hands it over. */
export interface Adapter {
  readonly runtime: "Node" | "Bun" | "Deno"
  /** How the adapter sends, for the titles (`undici`, `fetch`, `node:http`). */
  readonly sends: string
  /** The adapter's `layer`. */
  readonly layer: MakeLayer
  /** The `createClient` of its `/promise` entry point. */
  readonly createClient: CreateClient
}

/** A test function: vitest's `it`, or `node:test`'s `test`. */
export type Test = (title: string, body: () => Promise<void>) => unknown

/** `test`, with titles that start with the runtime's name and bodies that check they run there. */
const onRuntime =
  (test: Test, runtime: Adapter["runtime"]) =>
  (title: string, body: () => Promise<void>): unknown =>
    test(`${runtime} ${title}`, async () => {
      // Node's tests are vitest's, which runs nowhere else; Bun and Deno expose their globals.
      if (runtime !== "Node") assert.ok(runtime in globalThis, `this test runs on ${runtime}`)
      await body()
    })

/** Registers the integration and facade tests of `adapter`. */
export const integrationTests = (test: Test, { runtime, sends, layer, createClient }: Adapter): void => {
  const on = onRuntime(test, runtime)
  const promise = `@rayvision/${runtime.toLowerCase()}/promise`
  on(`integration: ${sends} client against the simulator on 127.0.0.1`, async () =>
    checkReport(await Effect.runPromise(scenario(layer)))
  )
  on(`integration: the Promise facade (${promise}) over the socket`, async () =>
    checkPromiseReport(await promiseScenario(createClient))
  )
  on(`facade (${promise}): signs with the adapter's native HMAC (node:crypto), not WebCrypto`, () =>
    checkNativeSigner(createClient)
  )
  on(`facade (${promise}): leaving a for await early abandons the page read ahead, its connection closed`, () =>
    checkEarlyExit(createClient)
  )
}

/** Registers the wire tests of `adapter`. */
export const wireTests = (test: Test, { runtime, layer }: Pick<Adapter, "runtime" | "layer">): void => {
  const on = onRuntime(test, runtime)
  on("wire: header names spelled as the official client's, values and body bytes exact, signature verifies", async () =>
    checkWire(await captureWire(layer))
  )
  on("wire: an answer past maxResponseBytes fails the call with ResponseTooLarge, by its length or as read", () =>
    checkAnswerLimit(layer)
  )
}
