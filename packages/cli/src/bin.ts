/**
 * The `rayvision` executable: the command line on `process.argv`, run with the platform's
 * `runMain`. Every failure becomes one line on stderr and an exit code (`Failure.ts`): 2 for bad
 * arguments or input (nothing was sent), 1 for a failure of the service, the network or the
 * configuration's endpoint, 3 to 6 for the outcomes of a wait, 130 when interrupted.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Effect, Exit } from "effect"
import process from "node:process"
import { run } from "./Cli.ts"
import { interruptedExitCode, report } from "./Failure.ts"
import { fixBashCompletions, stripAnsi } from "./Output.ts"

const verbose = process.argv.includes("--verbose")

/** What the parser writes with `Console.error` (its error text), kept to print as one line. */
const parserErrors: Array<string> = []

/**
 * Whether stdout gets plain text: not a terminal (a pipe, a file), or `NO_COLOR` set. `@effect/cli`
 * styles its help with ANSI escapes whatever the output; they are removed then. The bash
 * completion script is repaired ({@link fixBashCompletions}).
 */
const plain = process.stdout.isTTY !== true || (process.env["NO_COLOR"] ?? "") !== ""

const program = Console.consoleWith((console) =>
  Effect.withConsole(run(process.argv), {
    ...console,
    log: (...args: ReadonlyArray<unknown>) =>
      console.log(
        ...args.map((arg) => (typeof arg === "string" ? fixBashCompletions(plain ? stripAnsi(arg) : arg) : arg))
      ),
    error: (...args: ReadonlyArray<unknown>) => Effect.sync(() => void parserErrors.push(args.map(String).join(" ")))
  } as Console.Console)
).pipe(
  Effect.provide(NodeContext.layer),
  Effect.exit,
  Effect.map((exit) => report(exit, { verbose, parserErrors }))
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : interruptedExitCode())
})
