// Runs on Bun (`bun test --conditions=source packages/bun/test`): Bun's fetch against the
// simulator's node:http server on 127.0.0.1, both inside Bun.
import assert from "node:assert/strict"
import { test } from "node:test"
import { Effect } from "effect"
import * as RayvisionBun from "../src/index.ts"
import { checkReport, scenario } from "../../../tests/runtime/scenario.ts"
import { checkPromiseReport, promiseScenario } from "../../../tests/runtime/promise.ts"
import { createClient } from "../src/promise.ts"

test("Bun integration: fetch client against the simulator on 127.0.0.1", async () => {
  assert.ok("Bun" in globalThis, "this test runs on Bun")
  checkReport(await Effect.runPromise(scenario(RayvisionBun.layer)))
})

test("Bun integration: the Promise facade (@rayvision/bun/promise) over the socket", async () => {
  assert.ok("Bun" in globalThis, "this test runs on Bun")
  checkPromiseReport(await promiseScenario(createClient))
})
