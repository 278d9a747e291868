// Runs on Bun (`bun test --conditions=source packages/bun/test`): the Bun adapter's Promise facade
// signs with its native HMAC, and a loop left early leaves no request open (tests/runtime/facade.ts).
import assert from "node:assert/strict"
import { test } from "node:test"
import { createClient } from "../src/promise.ts"
import { checkEarlyExit, checkNativeSigner } from "../../../tests/runtime/facade.ts"

test("Bun facade: native signer, and a for await left early abandons the page read ahead", async () => {
  assert.ok("Bun" in globalThis, "this test runs on Bun")
  await checkNativeSigner(createClient)
  await checkEarlyExit(createClient)
})
