/**
 * The options and arguments several commands share, with the parsers of `Input.ts` as their
 * parse step, and the JSON files they name: a value that does not parse, or a file that cannot be
 * read, is a usage error (exit 2) before anything is sent.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as FileSystem from "@effect/platform/FileSystem"
import { Effect, Either, Option } from "effect"
import { type CliFailure, usage } from "./Failure.ts"
import { parseCg, parseDuration, parseFrameStatus, parseId, parseTimeBound } from "./Input.ts"

/**
 * An `Either` of `Input.ts` as an option's parse step: a `Left` is a usage error.
 *
 * @since 0.1.0
 * @category parsing
 */
export const refineOption =
  <A, B>(parse: (a: A) => Either.Either<B, string>) =>
  (a: A) =>
    Either.match(parse(a), {
      onLeft: (message) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message))),
      onRight: (b) => Effect.succeed(b)
    })

/**
 * The same for an argument.
 *
 * @since 0.1.0
 * @category parsing
 */
export const refineArg =
  <A, B>(parse: (a: A) => Either.Either<B, string>) =>
  (a: A) =>
    Either.match(parse(a), {
      onLeft: (message) => Effect.fail(HelpDoc.p(message)),
      onRight: (b) => Effect.succeed(b)
    })

/**
 * Every value of a list through `parse`; the first failure wins.
 *
 * @since 0.1.0
 * @category parsing
 */
export const each =
  <B>(parse: (text: string) => Either.Either<B, string>) =>
  (values: ReadonlyArray<string>): Either.Either<ReadonlyArray<B>, string> =>
    Either.all(values.map(parse))

/**
 * An optional text option read with `parse` when given.
 *
 * @since 0.1.0
 * @category parsing
 */
export const optionalParsed = <B>(
  option: Options.Options<string>,
  parse: (text: string) => Either.Either<B, string>
): Options.Options<Option.Option<B>> =>
  option.pipe(
    Options.optional,
    Options.mapEffect(
      refineOption((given: Option.Option<string>) =>
        Option.isNone(given) ? Either.right(Option.none()) : Either.map(parse(given.value), Option.some)
      )
    )
  )

/**
 * An optional option that takes one of the names of `choices` (in their order) and gives the
 * value under it.
 *
 * @since 0.1.0
 * @category options
 */
export const optionalChoice = <const C extends Readonly<Record<string, unknown>>>(
  name: string,
  choices: C,
  description: string
): Options.Options<Option.Option<C[keyof C]>> =>
  Options.choiceWithValue(name, Object.entries(choices) as Array<[string, C[keyof C]]>).pipe(
    Options.withDescription(description),
    Options.optional
  )

/**
 * One or more task ids.
 *
 * @since 0.1.0
 * @category arguments
 */
export const taskIds = Args.integer({ name: "task-id" }).pipe(
  Args.withDescription("A task id (one or more)"),
  Args.atLeast(1)
)

/**
 * One task id.
 *
 * @since 0.1.0
 * @category arguments
 */
export const oneTaskId = Args.integer({ name: "task-id" }).pipe(Args.withDescription("The task id"))

/**
 * One frame id, as `task frames` lists them.
 *
 * @since 0.1.0
 * @category arguments
 */
export const oneFrameId = Args.integer({ name: "frame-id" }).pipe(
  Args.withDescription("The frame id, as `task frames` lists it")
)

const TIME_FORMS = "yyyy-MM-dd (from 00:00:00), 'yyyy-MM-dd HH:mm:ss' (service zone, UTC+8) or ISO 8601 with a zone"

/**
 * `--since` and `--until`: a time range on `what` (e.g. "tasks submitted"), read as the service's
 * `yyyy-MM-dd HH:mm:ss` (UTC+8).
 *
 * @since 0.1.0
 * @category options
 */
export const timeRange = (what: string) => ({
  since: optionalParsed(
    Options.text("since").pipe(Options.withDescription(`Only ${what} at or after: ${TIME_FORMS}`)),
    (text) => parseTimeBound("--since", text, "start")
  ),
  until: optionalParsed(
    Options.text("until").pipe(
      Options.withDescription(`Only ${what} at or before (same forms; a bare date runs to 23:59:59)`)
    ),
    (text) => parseTimeBound("--until", text, "end")
  )
})

/**
 * The range of {@link timeRange}, or a usage failure when `--since` is after `--until`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const checkRange = (range: {
  readonly since: Option.Option<string>
  readonly until: Option.Option<string>
}): Either.Either<{ readonly since?: string; readonly until?: string }, string> =>
  Option.isSome(range.since) && Option.isSome(range.until) && range.since.value > range.until.value
    ? Either.left(`--since (${range.since.value}) is after --until (${range.until.value})`)
    : Either.right({
        ...(Option.isSome(range.since) ? { since: range.since.value } : {}),
        ...(Option.isSome(range.until) ? { until: range.until.value } : {})
      })

/**
 * `--all`, `--page` and `--page-size` of a paged list of `rows` (e.g. "Tasks").
 *
 * @since 0.1.0
 * @category options
 */
export const paging = (rows: string) => ({
  all: Options.boolean("all").pipe(Options.withDescription("Stream every page (NDJSON with --json)")),
  page: Options.integer("page").pipe(
    Options.withDescription("The page, from 1 (without --all)"),
    Options.withDefault(1)
  ),
  pageSize: Options.integer("page-size").pipe(Options.withDescription(`${rows} per page`), Options.withDefault(100))
})

/**
 * A DCC argument: an id or a name.
 *
 * @since 0.1.0
 * @category arguments
 */
export const cgArg = Args.text({ name: "dcc" }).pipe(
  Args.withDescription("The DCC: an id (2000) or a name (maya, 3ds max, cinema4d, houdini, blender, ...)"),
  Args.mapEffect(refineArg(parseCg))
)

/**
 * `--os`, the farm's OS (required).
 *
 * @since 0.1.0
 * @category options
 */
export const osOption = Options.choice("os", ["linux", "windows"]).pipe(
  Options.withDescription("The OS the farm renders on (required: never guessed from this machine)")
)

/**
 * The frame selection of `task restart-frames` and `task stop-frames`: `--all`, `--frame-id`,
 * `--frame` and `--status`.
 *
 * @since 0.1.0
 * @category options
 */
export const frameSelection = {
  all: Options.boolean("all").pipe(Options.withDescription("Every frame of the task (narrowed by --status)")),
  frameIds: Options.text("frame-id").pipe(
    Options.withDescription("A frame id, as `task frames` lists them (repeat for several)"),
    Options.repeated,
    Options.mapEffect(refineOption(each(parseId("--frame-id"))))
  ),
  frameIndexes: Options.text("frame").pipe(
    Options.withDescription("A frame index, e.g. 10 or 2-4[1], every frame with it (repeat for several)"),
    Options.repeated
  ),
  status: Options.text("status").pipe(
    Options.withDescription(
      "Only frames in this status, a code or a name (failed, stopped, timed-out, ...; repeat for several)"
    ),
    Options.repeated,
    Options.mapEffect(refineOption(each(parseFrameStatus)))
  )
}

/**
 * `--timeout`, `--interval` and `--through-stops` of a wait for tasks (`task wait`,
 * `submit --wait`).
 *
 * @since 0.1.0
 * @category options
 */
export const waitOptions = {
  timeout: optionalParsed(
    Options.text("timeout").pipe(
      Options.withDescription("Give up after this long (exit 6): seconds, or with a unit, e.g. 90s, 10m, 2h")
    ),
    (text) => parseDuration("--timeout", text)
  ),
  interval: optionalParsed(
    Options.text("interval").pipe(
      Options.withDescription(
        "Poll every this long (seconds or with a unit, e.g. 0.5, 5s, 1m); default: 2 s, doubling up to 30 s"
      )
    ),
    (text) => parseDuration("--interval", text)
  ),
  throughStops: Options.boolean("through-stops").pipe(
    Options.withDescription(
      "Keep waiting while a task is stopped (it may be started again) instead of ending with exit 5"
    )
  )
}

/**
 * Reads a JSON file named on the command line (`flag` names where, e.g. `--upload-json`): its
 * text, and the value it holds. A file that cannot be read, or is not JSON, is a usage error
 * (exit 2) before anything is sent.
 *
 * @since 0.1.0
 * @category files
 */
export const readJsonFile = (
  flag: string,
  path: string
): Effect.Effect<{ readonly text: string; readonly value: unknown }, CliFailure, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const text = yield* fs
      .readFileString(path)
      .pipe(Effect.mapError((error) => usage(`${flag}: cannot read ${path} (${error.message})`)))
    const value = yield* Effect.try({
      try: (): unknown => JSON.parse(text),
      catch: (error) =>
        usage(`${flag}: ${path} is not JSON (${error instanceof Error ? error.message : String(error)})`)
    })
    return { text, value }
  })
