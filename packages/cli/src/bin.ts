/**
 * The `rayvision` executable: runs the command line on `process.argv` and turns every failure
 * into one line on stderr and an exit code: 2 for bad arguments or input (nothing was sent),
 * 1 for a failure of the service, the network or the configuration's endpoint. A stack trace is
 * printed only for an unexpected defect, and only with `--verbose`.
 *
 * @since 0.1.0
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Cause, ConfigError, Console, Effect, Exit } from "effect"
import process from "node:process"
import { CliFailure, run } from "./Cli.ts"
import { fixBashCompletions, oneLine, stripAnsi, tidyHelp } from "./Output.ts"

const verbose = process.argv.includes("--verbose")

const fail = (message: string, exitCode: number, details?: unknown) => {
  process.stderr.write(`rayvision: ${oneLine(message)}\n`)
  if (verbose && details !== undefined) {
    process.stderr.write(`${typeof details === "string" ? details : JSON.stringify(details, null, 2)}\n`)
  }
  process.exitCode = exitCode
}

/** Exit code 2 for errors about the input (nothing was sent), 1 for everything else. */
const INPUT_ERRORS: ReadonlySet<string> = new Set(["InvalidRequest", "ParameterInvalid", "ParameterCantBeEmpty"])

/** What the parser writes with `Console.error` (its error text), kept to print as one line. */
const parserErrors: Array<string> = []

/**
 * Whether stdout gets plain text: not a terminal (a pipe, a file), or `NO_COLOR` set. `@effect/cli`
 * styles its help with ANSI escapes whatever the output; they are removed then. Help text is also
 * tidied ({@link tidyHelp}), and the bash completion script repaired ({@link fixBashCompletions}).
 */
const plain = process.stdout.isTTY !== true || (process.env["NO_COLOR"] ?? "") !== ""

/** The command typed (`task wait` of `rayvision task wait 1 --help`): the words before the first option or number. */
const commandPath = (() => {
  const words: Array<string> = []
  for (const arg of process.argv.slice(2)) {
    if (!/^[a-z][a-z-]*$/.test(arg)) break
    words.push(arg)
  }
  return words
})()

const program = Console.consoleWith((console) =>
  Effect.withConsole(run(process.argv), {
    ...console,
    log: (...args: ReadonlyArray<unknown>) =>
      console.log(
        ...args.map((arg) =>
          typeof arg === "string" ? fixBashCompletions(tidyHelp(plain ? stripAnsi(arg) : arg, commandPath)) : arg
        )
      ),
    error: (...args: ReadonlyArray<unknown>) => Effect.sync(() => void parserErrors.push(args.map(String).join(" ")))
  } as Console.Console)
).pipe(Effect.provide(NodeContext.layer))

Effect.runPromiseExit(program).then((exit) => {
  if (Exit.isSuccess(exit)) return
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None") {
    if (Cause.isInterruptedOnly(exit.cause)) return fail("interrupted", 130)
    const defect = Cause.squash(exit.cause)
    return fail(
      `internal error: ${defect instanceof Error ? defect.message : String(defect)}${verbose ? "" : " (--verbose for details)"}`,
      1,
      Cause.pretty(exit.cause)
    )
  }
  const error: unknown = failure.value
  if (ValidationError.isValidationError(error)) {
    const text = oneLine(parserErrors.join(" "))
    return fail(text === "" ? `invalid arguments (${error._tag})` : text, 2)
  }
  if (error instanceof CliFailure) {
    if (error.printed === true) {
      process.exitCode = error.exitCode
      return
    }
    return fail(error.message, error.exitCode)
  }
  if (ConfigError.isConfigError(error)) {
    // A bad or missing setting (a flag or an env variable): nothing was sent.
    return fail(`configuration: ${String(error)}`, 2, error)
  }
  const tagged = error as { readonly _tag?: string; readonly message?: string }
  const message = typeof tagged.message === "string" && tagged.message !== "" ? tagged.message : String(error)
  return fail(message, INPUT_ERRORS.has(tagged._tag ?? "") ? 2 : 1, error)
})
