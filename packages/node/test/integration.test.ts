import { assert, describe, it } from "@effect/vitest"
import * as RayvisionNode from "@rayvision/node"
import { Effect } from "effect"
import { promiseScenario } from "../../../tests/runtime/promise.ts"
import { scenario } from "../../../tests/runtime/scenario.ts"
import { createClient } from "@rayvision/node/promise"

describe("Node integration: undici client against the simulator on 127.0.0.1", () => {
  it.live("runs the runtime scenario", () =>
    Effect.gen(function* () {
      const report = yield* scenario(RayvisionNode.layer)
      assert.deepStrictEqual(report.statuses, [0, 10])
      assert.deepStrictEqual(report.errors, ["InvalidRequest", "ParameterInvalid", "SignatureInvalid"])
    })
  )
})

describe("Node integration: the Promise facade (@rayvision/node/promise) over the socket", () => {
  it("runs the Promise scenario", async () => {
    const report = await promiseScenario(createClient)
    assert.match(report.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.deepStrictEqual(report.statuses, [0, 10])
    assert.deepStrictEqual(report.listed, { tasks: 3, pages: 2 })
    assert.deepStrictEqual(report.errors, [
      "InvalidRequest",
      "ParameterInvalid",
      "AbortError",
      "ClientClosed",
      "AbortError",
      "SignatureInvalid"
    ])
  })
})
