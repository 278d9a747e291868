// The bytes the Node adapter puts on the wire (undici's dispatch), read by a raw TCP server on
// 127.0.0.1: the official client's header names, exact values and bodies; and the answer size
// limit (tests/runtime/suite.ts, which Bun and Deno run too). Core's fetch client on Node too.
import { it } from "@effect/vitest"
import { HttpTransport, Rayvision } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { wireTests } from "../../../tests/runtime/suite.ts"
import { captureWire, checkWire } from "../../../tests/runtime/wire.ts"

wireTests(it, { runtime: "Node", layer: RayvisionNode.layer })

it("Node wire: core's HttpTransport.layerFetch on Node's fetch sends the same", async () => {
  await checkWire(await captureWire(Rayvision.adapter(HttpTransport.layerFetch).layer))
})
