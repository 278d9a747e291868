// Node's undici client against the simulator on 127.0.0.1, with the Effect layer and the Promise
// facade (tests/runtime/suite.ts, which Bun and Deno run too).
import { it } from "@effect/vitest"
import * as RayvisionNode from "@rayvision/node"
import { createClient } from "@rayvision/node/promise"
import { integrationTests } from "../../../tests/runtime/suite.ts"

integrationTests(it, { runtime: "Node", sends: "undici", layer: RayvisionNode.layer, createClient })
