/**
 * `rayvision errors [CODE]`: what a service code means, offline, from core's table of service
 * codes (`ApiError.ServiceCodes`): its error class, meaning, whether it is retried, and the exit
 * code the command line gives it.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import { ApiError } from "@rayvision/core"
import { Option } from "effect"
import { exitCodeOf, serviceCode } from "../Failure.ts"
import { localCommand } from "../Global.ts"
import { printRecord, printTable } from "../Output.ts"

/** How the client repeats a call refused with a code. */
const retryOf = (known: ApiError.ServiceCode | undefined) =>
  known?.resent === true
    ? "refused before the service acted: the client signs the request again and sends it once more"
    : known?.transient === true
      ? "transient: calls that are safe to repeat (queries, stop, start, ...) are retried with backoff; creating and submitting are not"
      : "not retried: repeating the same request gives the same answer"

/**
 * What a service code means, as `errors` prints it.
 *
 * @since 0.1.0
 * @category errors
 */
export const explainCode = (code: number) => {
  if (code === 200) {
    return { code, name: "Success", meaning: "the request succeeded (not an error)", transient: false, retry: "" }
  }
  const known = serviceCode(code)
  return {
    code,
    name: known?.tag ?? "UnknownApiError",
    constant: known?.constant,
    documented: known !== undefined,
    meaning: known?.meaning ?? "a code the SDK does not know: the service's words are in the error's message",
    transient: known?.transient ?? false,
    resent: known?.resent ?? false,
    aboutClient: known?.aboutClient ?? false,
    retry: retryOf(known),
    cliExitCode: exitCodeOf({ code })
  }
}

/**
 * `rayvision errors`.
 *
 * @since 0.1.0
 * @category commands
 */
export const errors = localCommand(
  "errors",
  "Explain a service error code: its name in this SDK, its meaning, whether it is transient and retried, the exit code it gives (offline, no credentials)",
  {
    code: Args.integer({ name: "code" }).pipe(
      Args.withDescription("A service code, the envelope's `code` (e.g. 602); leave it out to list every code"),
      Args.optional
    )
  },
  (global, { code }) => {
    if (Option.isSome(code)) return printRecord(global, explainCode(code.value))
    const all = [200, ...ApiError.ServiceCodes.map((known) => known.code)].map(explainCode)
    return printTable(
      global,
      [
        { header: "CODE", cell: (e: (typeof all)[number]) => e.code },
        { header: "NAME", cell: (e) => e.name },
        { header: "TRANSIENT", cell: (e) => (e.transient ? "yes" : "no") },
        { header: "MEANING", cell: (e) => e.meaning }
      ],
      all
    )
  }
)
