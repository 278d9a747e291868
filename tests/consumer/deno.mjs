// Deno (`--node-modules-dir=manual`, the consumer project's node_modules; network to 127.0.0.1
// only): the packages through `import`, with the Deno adapter (fetch).
import { ApiError, TaskService, UserService } from "@rayvision/core"
import * as RayvisionDeno from "@rayvision/deno"
import { createClient } from "@rayvision/deno/promise"
import { Simulator, SimulatorServer, SimulatorService } from "@rayvision/simulator"
import { Effect, Redacted, Stream } from "effect"
import { scenario } from "./scenario.mjs"

await scenario({
  runtime: "deno",
  Effect,
  Redacted,
  Stream,
  ApiError,
  TaskService,
  UserService,
  Simulator,
  SimulatorServer,
  SimulatorService,
  adapter: RayvisionDeno,
  createClient
})
