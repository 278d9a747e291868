// Runs on Deno (`deno test --conditions=source --node-modules-dir=manual --allow-net=127.0.0.1`): the
// bytes Deno's adapter (core's Http1 over node:net) puts on the wire, read by a raw TCP server on 127.0.0.1: the
// official client's header names, exact values and bodies; and the answer size limit
// (tests/runtime/suite.ts).
import { test } from "node:test"
import * as RayvisionDeno from "../src/index.ts"
import { wireTests } from "../../../tests/runtime/suite.ts"

wireTests(test, { runtime: "Deno", layer: RayvisionDeno.layer })
