// Runs on Deno (`deno test --conditions=source --node-modules-dir=manual --allow-net=127.0.0.1`):
// the Deno adapter's Promise facade signs with its native HMAC, and a loop left early leaves no
// request open (tests/runtime/facade.ts).
import assert from "node:assert/strict"
import { test } from "node:test"
import { createClient } from "../src/promise.ts"
import { checkEarlyExit, checkNativeSigner } from "../../../tests/runtime/facade.ts"

test("Deno facade: native signer, and a for await left early abandons the page read ahead", async () => {
  assert.ok("Deno" in globalThis, "this test runs on Deno")
  await checkNativeSigner(createClient)
  await checkEarlyExit(createClient)
})
