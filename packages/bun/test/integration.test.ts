// Runs on Bun (`bun test --conditions=source packages/bun/test`): core's Http1 over Bun.connect against the
// simulator's node:http server on 127.0.0.1, both inside Bun, with the Effect layer and the
// Promise facade (tests/runtime/suite.ts).
import { test } from "node:test"
import * as RayvisionBun from "../src/index.ts"
import { createClient } from "../src/promise.ts"
import { integrationTests } from "../../../tests/runtime/suite.ts"

integrationTests(test, { runtime: "Bun", sends: "Http1 (Bun.connect)", layer: RayvisionBun.layer, createClient })
