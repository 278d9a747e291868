// Runs on Bun (`bun test --conditions=source packages/bun/test`): the bytes Bun's adapter (core's Http1)
// puts on the wire, read by a raw TCP server on 127.0.0.1: the official client's header names,
// exact values and bodies; and the answer size limit (tests/runtime/suite.ts).
import { test } from "node:test"
import * as RayvisionBun from "../src/index.ts"
import { wireTests } from "../../../tests/runtime/suite.ts"

wireTests(test, { runtime: "Bun", layer: RayvisionBun.layer })
