// Bun: the packages through `import`, with the Bun adapter (fetch).
import { ApiError, TaskService, UserService } from "@rayvision/core"
import * as RayvisionBun from "@rayvision/bun"
import { createClient } from "@rayvision/bun/promise"
import { Simulator, SimulatorServer, SimulatorService } from "@rayvision/simulator"
import { Effect, Redacted, Stream } from "effect"
import { scenario } from "./scenario.mjs"

await scenario({
  runtime: "bun",
  Effect,
  Redacted,
  Stream,
  ApiError,
  TaskService,
  UserService,
  Simulator,
  SimulatorServer,
  SimulatorService,
  adapter: RayvisionBun,
  createClient
})
