// Runs on Deno (`deno test --conditions=source --node-modules-dir=manual --allow-net=127.0.0.1`):
// the adapter's node:http client against the simulator's node:http server on 127.0.0.1, both inside Deno.
import assert from "node:assert/strict"
import { test } from "node:test"
import { Effect } from "effect"
import * as RayvisionDeno from "../src/index.ts"
import { checkReport, scenario } from "../../../tests/runtime/scenario.ts"
import { checkPromiseReport, promiseScenario } from "../../../tests/runtime/promise.ts"
import { createClient } from "../src/promise.ts"

test("Deno integration: node:http client against the simulator on 127.0.0.1", async () => {
  assert.ok("Deno" in globalThis, "this test runs on Deno")
  checkReport(await Effect.runPromise(scenario(RayvisionDeno.layer)))
})

test("Deno integration: the Promise facade (@rayvision/deno/promise) over the socket", async () => {
  assert.ok("Deno" in globalThis, "this test runs on Deno")
  checkPromiseReport(await promiseScenario(createClient))
})
