// Runs on Deno (`deno test --conditions=source --node-modules-dir=manual --allow-net=127.0.0.1`): the
// bytes Deno's adapter (node:http) puts on the wire, read by a raw TCP server on 127.0.0.1: the
// official client's header names, exact values and bodies (tests/runtime/wire.ts).
import assert from "node:assert/strict"
import { test } from "node:test"
import * as RayvisionDeno from "../src/index.ts"
import { checkAnswerLimit } from "../../../tests/runtime/limit.ts"
import { captureWire, checkWire } from "../../../tests/runtime/wire.ts"

test("Deno wire: header names spelled as the official client's, values and body bytes exact, signature verifies", async () => {
  assert.ok("Deno" in globalThis, "this test runs on Deno")
  await checkWire(await captureWire(RayvisionDeno.layer))
})

test("Deno wire: an answer past maxResponseBytes fails the call with ResponseTooLarge, by its length or as read", async () => {
  assert.ok("Deno" in globalThis, "this test runs on Deno")
  await checkAnswerLimit(RayvisionDeno.layer)
})
