#!/usr/bin/env node
/**
 * The `rayvision-simulator` executable: the `serve` command of `Command.ts` on `process.argv`,
 * run with the platform's `runMain` (SIGINT and SIGTERM stop it).
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect } from "effect"
import process from "node:process"
import { exitCode, run } from "./Command.ts"

NodeRuntime.runMain(run(process.argv).pipe(Effect.provide(NodeContext.layer)), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exitCode(exit))
})
