// Node, ESM: the packages through `import` (their "import" conditions), with the Node adapter.
import { ApiError, TaskService, UserService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { createClient } from "@rayvision/node/promise"
import { Simulator, SimulatorServer, SimulatorService } from "@rayvision/simulator"
import { Effect, Redacted, Stream } from "effect"
import { scenario } from "./scenario.mjs"

await scenario({
  runtime: "node-esm",
  Effect,
  Redacted,
  Stream,
  ApiError,
  TaskService,
  UserService,
  Simulator,
  SimulatorServer,
  SimulatorService,
  adapter: RayvisionNode,
  createClient
})
