import { assert, describe, it } from "@effect/vitest"
import * as RayvisionNode from "@rayvision/node"
import { Effect } from "effect"
import { scenario } from "../../../tests/runtime/scenario.ts"

describe("Node integration: undici client against the simulator on 127.0.0.1", () => {
  it.live("runs the runtime scenario", () =>
    Effect.gen(function* () {
      const report = yield* scenario(RayvisionNode.layer)
      assert.deepStrictEqual(report.statuses, [0, 10])
      assert.deepStrictEqual(report.errors, ["InvalidRequest", "ParameterInvalid", "SignatureInvalid"])
    })
  )
})
