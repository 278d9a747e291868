// Node, CommonJS: the packages through `require` (their "require" conditions), with the Node
// adapter. Only the program itself (scenario.mjs, which imports nothing) is loaded with import().
const { ApiError, TaskService, UserService } = require("@rayvision/core")
const RayvisionNode = require("@rayvision/node")
const { createClient } = require("@rayvision/node/promise")
const { Simulator, SimulatorServer, SimulatorService } = require("@rayvision/simulator")
const { Effect, Redacted, Stream } = require("effect")

import("./scenario.mjs").then(({ scenario }) =>
  scenario({
    runtime: "node-cjs",
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
)
