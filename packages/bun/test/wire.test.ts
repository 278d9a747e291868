// Runs on Bun (`bun test --conditions=source packages/bun/test`): the bytes Bun's adapter (fetch)
// puts on the wire, read by a raw TCP server on 127.0.0.1: the official client's header names,
// exact values and bodies (tests/runtime/wire.ts).
import assert from "node:assert/strict"
import { test } from "node:test"
import * as RayvisionBun from "../src/index.ts"
import { checkAnswerLimit } from "../../../tests/runtime/limit.ts"
import { captureWire, checkWire } from "../../../tests/runtime/wire.ts"

test("Bun wire: header names spelled as the official client's, values and body bytes exact, signature verifies", async () => {
  assert.ok("Bun" in globalThis, "this test runs on Bun")
  await checkWire(await captureWire(RayvisionBun.layer))
})

test("Bun wire: an answer past maxResponseBytes fails the call with ResponseTooLarge, by its length or as read", async () => {
  assert.ok("Bun" in globalThis, "this test runs on Bun")
  await checkAnswerLimit(RayvisionBun.layer)
})
