// Runs on Deno (`deno test --conditions=source --node-modules-dir=manual --allow-net=127.0.0.1`):
// the adapter's client (core's Http1 over node:net) against the simulator's node:http server on 127.0.0.1, both
// inside Deno, with the Effect layer and the Promise facade (tests/runtime/suite.ts).
import { test } from "node:test"
import * as RayvisionDeno from "../src/index.ts"
import { createClient } from "../src/promise.ts"
import { integrationTests } from "../../../tests/runtime/suite.ts"

integrationTests(test, { runtime: "Deno", sends: "Http1 (node:net)", layer: RayvisionDeno.layer, createClient })
