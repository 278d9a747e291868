// The bytes the Node adapter puts on the wire (undici's request), read by a raw TCP server on
// 127.0.0.1: the official client's header names, exact values and bodies (tests/runtime/wire.ts).
import { it } from "@effect/vitest"
import { HttpTransport, Rayvision } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { checkAnswerLimit } from "../../../tests/runtime/limit.ts"
import { captureWire, checkWire } from "../../../tests/runtime/wire.ts"

it("Node wire: header names spelled as the official client's, values and body bytes exact, signature verifies", async () => {
  await checkWire(await captureWire(RayvisionNode.layer))
})

it("Node wire: core's HttpTransport.layerFetch on Node's fetch sends the same", async () => {
  await checkWire(await captureWire(Rayvision.adapter(HttpTransport.layerFetch).layer))
})

it("Node wire: an answer past maxResponseBytes fails the call with ResponseTooLarge, by its length or as read", () =>
  checkAnswerLimit(RayvisionNode.layer))
