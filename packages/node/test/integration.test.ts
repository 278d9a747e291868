import { it } from "@effect/vitest"
import * as RayvisionNode from "@rayvision/node"
import { createClient } from "@rayvision/node/promise"
import { Effect } from "effect"
import { checkPromiseReport, promiseScenario } from "../../../tests/runtime/promise.ts"
import { checkReport, scenario } from "../../../tests/runtime/scenario.ts"

it.live("Node integration: undici client against the simulator on 127.0.0.1", () =>
  Effect.map(scenario(RayvisionNode.layer), checkReport)
)

it("Node integration: the Promise facade (@rayvision/node/promise) over the socket", async () => {
  checkPromiseReport(await promiseScenario(createClient))
})
