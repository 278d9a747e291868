/**
 * How a run of the command line ends: the failures it explains itself ({@link CliFailure}), and
 * the exit code of every outcome. Whether a refusal of the service is about the input (exit 2)
 * comes from core's table of service codes ({@link serviceCode}), which `rayvision errors` prints.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import { ApiError } from "@rayvision/core"
import { Cause, ConfigError, Data, Effect, Exit } from "effect"
import { oneLine } from "./Output.ts"

/**
 * A failure the command line already knows how to explain: its one-line message and exit code
 * (`printed` when the command already reported it, e.g. per-id outcomes of a bulk action).
 *
 * @since 0.1.0
 * @category errors
 */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly message: string
  readonly exitCode: number
  readonly printed?: boolean
}> {}

/**
 * A failure about the input, found after parsing: exit 2, nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export const usage = (message: string): CliFailure => new CliFailure({ message, exitCode: 2 })

/**
 * What the SDK knows of a service code (core's table), or `undefined` for a code it does not know.
 *
 * @since 0.1.0
 * @category errors
 */
export const serviceCode = (code: number): ApiError.ServiceCode | undefined => ApiError.serviceCodeOf(code)

/** Failures of core found in the input before anything was sent. */
const INPUT_TAGS: ReadonlySet<string> = new Set(["InvalidRequest", "TaskCheckFailed", "Cinema4dHardwareRefused"])

/**
 * The exit code of a failure: 2 for bad input (arguments the parser refused, a missing or invalid
 * setting, input core refused before sending, a service code caused by the client's input), the
 * code a {@link CliFailure} carries, 1 for everything else (the service refused, the network failed).
 *
 * @since 0.1.0
 * @category errors
 */
export const exitCodeOf = (error: unknown): number => {
  if (error instanceof CliFailure) return error.exitCode
  if (ValidationError.isValidationError(error) || ConfigError.isConfigError(error)) return 2
  const fields = error as { readonly _tag?: unknown; readonly code?: unknown }
  if (typeof fields._tag === "string" && INPUT_TAGS.has(fields._tag)) return 2
  return typeof fields.code === "number" && serviceCode(fields.code)?.clientInput === true ? 2 : 1
}

// `simulator serve` runs until it is told to stop: for it a stop by signal is the normal end.
let stopBySignalIsSuccess = false

/**
 * Marks a command whose normal end is SIGINT or SIGTERM (`simulator serve`): such a stop exits 0
 * instead of 130.
 *
 * @since 0.1.0
 * @category running
 */
export const endsAtSignal = <Name extends string, R, E, A>(command: Command.Command<Name, R, E, A>) =>
  Command.transformHandler(command, (handler) =>
    Effect.zipRight(
      Effect.sync(() => {
        stopBySignalIsSuccess = true
      }),
      handler
    )
  )

/**
 * Writes the one line that explains a failed run on stderr, `rayvision: ...` (with `--verbose`,
 * the details below it), and returns the exit code. `parserErrors` is what the parser wrote; a
 * defect (a bug) says so, with its trace only with `--verbose`.
 *
 * @since 0.1.0
 * @category running
 */
export const report = (
  exit: Exit.Exit<void, unknown>,
  options: { readonly verbose: boolean; readonly parserErrors: ReadonlyArray<string> }
): number => {
  if (Exit.isSuccess(exit)) return 0
  const fail = (message: string, details?: unknown) => {
    process.stderr.write(`rayvision: ${oneLine(message)}\n`)
    if (options.verbose && details !== undefined) {
      process.stderr.write(`${typeof details === "string" ? details : JSON.stringify(details, null, 2)}\n`)
    }
  }
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None") {
    if (Cause.isInterruptedOnly(exit.cause)) return interruptedExitCode()
    const defect = Cause.squash(exit.cause)
    fail(
      `internal error: ${defect instanceof Error ? defect.message : String(defect)}${options.verbose ? "" : " (--verbose for details)"}`,
      Cause.pretty(exit.cause)
    )
    return 1
  }
  const error = failure.value
  if (ValidationError.isValidationError(error)) {
    const text = oneLine(options.parserErrors.join(" "))
    fail(text === "" ? `invalid arguments (${error._tag})` : text)
  } else if (error instanceof CliFailure) {
    if (error.printed !== true) fail(error.message)
  } else if (ConfigError.isConfigError(error)) {
    // A bad or missing setting (a flag or an env variable): nothing was sent.
    fail(`configuration: ${String(error)}`, error)
  } else {
    const tagged = error as { readonly message?: unknown }
    fail(typeof tagged.message === "string" && tagged.message !== "" ? tagged.message : String(error), error)
  }
  return exitCodeOf(error)
}

/**
 * The exit code of a run stopped by SIGINT or SIGTERM: 130, or 0 for a command marked with
 * {@link endsAtSignal}.
 *
 * @since 0.1.0
 * @category running
 */
export const interruptedExitCode = (): number => (stopBySignalIsSuccess ? 0 : 130)
