/**
 * The `rayvision` command line: its commands, built with `@effect/cli`.
 *
 * Every leaf command takes the global options (`--json`, `--verbose`, `--simulate`, and the
 * credentials and endpoint: `--access-id`, `--access-key`, `--domain`, `--platform`,
 * `--protocol`, which win over `RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`,
 * `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL`).
 *
 * With `--simulate` a command starts its own fresh simulator on 127.0.0.1 (seed 1, any free
 * port), seeds it with {@link DEMO_TASKS} submitted demo tasks (so `tasks list` shows something
 * and `task stop` has tasks to act on; their ids are the same on every run), runs against it
 * over a real socket with the demo account, and stops it when the command ends.
 *
 * @since 0.1.0
 */
import { Args, Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import {
  ApiError,
  Bulk,
  BulkService,
  type ClientConfig,
  Frame,
  Project,
  ProjectService,
  type Rayvision,
  RenderEnv,
  RenderEnvService,
  Task,
  TaskService,
  TaskWaiter,
  type Transfer,
  TransferService,
  type User,
  UserService,
  Waiter
} from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorService, SimulatorServer } from "@rayvision/simulator"
import {
  type ConfigError,
  Console,
  Data,
  Duration,
  Effect,
  Either,
  Layer,
  Option,
  Redacted,
  Schedule,
  Stream
} from "effect"
import {
  parseCg,
  parseDuration,
  parseFrameStatus,
  parseId,
  parsePriority,
  parseTaskStatus,
  parseTimeBound,
  serviceDateTime
} from "./Input.ts"
import { type Column, printJson, printJsonLine, record, showCell, table, toJson } from "./Output.ts"
import {
  barLine,
  Board,
  changed,
  exitCodeOf,
  outcomeOf,
  percentOf,
  plainLine,
  statusName,
  type TaskState,
  WaitExit
} from "./Progress.ts"

/**
 * The number of demo tasks a `--simulate` run creates and submits before the command runs.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEMO_TASKS = 3

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

// ---------------------------------------------------------------------------------------------
// Global options
// ---------------------------------------------------------------------------------------------

const globalOptions = {
  json: Options.boolean("json").pipe(
    Options.withDescription("Print JSON for scripts: one document, or one line per item (NDJSON) for streams")
  ),
  verbose: Options.boolean("verbose").pipe(
    Options.withDescription("Print details: the endpoint used, and the full error on failure")
  ),
  simulate: Options.boolean("simulate").pipe(
    Options.withDescription(
      `Run against a fresh embedded simulator on 127.0.0.1 (demo account, ${DEMO_TASKS} demo tasks seeded first)`
    )
  ),
  accessId: Options.text("access-id").pipe(
    Options.withDescription("The API access id (default: env RAYVISION_API_ACCESS_ID)"),
    Options.optional
  ),
  accessKey: Options.redacted("access-key").pipe(
    Options.withDescription("The API access key (default: env RAYVISION_API_KEY)"),
    Options.optional
  ),
  domain: Options.text("domain").pipe(
    Options.withDescription("The API host[:port] (default: env RAYVISION_DOMAIN, else task.renderbus.com)"),
    Options.optional
  ),
  platform: Options.text("platform").pipe(
    Options.withDescription("The platform number (default: env RAYVISION_PLATFORM, else 4)"),
    Options.optional
  ),
  protocol: Options.choice("protocol", ["https", "http"]).pipe(
    Options.withDescription("https, or http for a loopback host (default: env RAYVISION_PROTOCOL, else https)"),
    Options.optional
  )
}

/**
 * The global options, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Global {
  readonly json: boolean
  readonly verbose: boolean
  readonly simulate: boolean
  readonly accessId: Option.Option<string>
  readonly accessKey: Option.Option<Redacted.Redacted<string>>
  readonly domain: Option.Option<string>
  readonly platform: Option.Option<string>
  readonly protocol: Option.Option<"https" | "http">
}

/** A detail for `--verbose`, on stderr (straight to the stream: `Console.error` is the parser's). */
const note = (global: Global, text: string) =>
  global.verbose ? Effect.sync(() => void process.stderr.write(`${text}\n`)) : Effect.void

/** Creates and submits `count` demo tasks. */
const seedTasks = (count: number) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const created = yield* tasks.createTaskIds({ count, artist: "demo" })
    for (const taskId of created.taskIdList) yield* tasks.submit({ taskId, producer: "demo" })
    return created.taskIdList
  })

/** Creates and submits the demo tasks of a `--simulate` run. */
const seedDemoTasks = seedTasks(DEMO_TASKS)

/** A client of a simulator served on 127.0.0.1, as the demo account. */
const demoClient = (server: { readonly host: string; readonly port: number }) =>
  RayvisionNode.layer({
    accessId: Simulator.demoAccount.accessId,
    accessKey: Redacted.make(Simulator.demoAccount.accessKey),
    domain: `${server.host}:${server.port}`,
    protocol: "http",
    platform: 2
  })

/**
 * The client layer for the global options: a fresh seeded simulator with `--simulate`, else the
 * flags over the environment.
 *
 * @since 0.1.0
 * @category layers
 */
export const clientLayer = (
  global: Global
): Layer.Layer<Rayvision.Services, ConfigError.ConfigError | SimulatorServer.ServeError | ApiError.ApiError> => {
  if (global.simulate) {
    return Layer.unwrapScoped(
      Effect.gen(function* () {
        const sim = yield* SimulatorService.make()
        const server = yield* SimulatorServer.serve(sim, { port: 0, host: "127.0.0.1" })
        yield* note(global, `simulator: ${server.url} (demo account ${Simulator.demoAccount.accessId})`)
        const client = demoClient(server)
        return Layer.tap(client, (context) =>
          seedDemoTasks.pipe(
            Effect.tap((ids) => note(global, `simulator: seeded demo tasks ${ids.join(", ")}`)),
            Effect.provide(context)
          )
        )
      })
    )
  }
  const overrides: { -readonly [K in keyof ClientConfig.Options]?: ClientConfig.Options[K] } = {}
  if (Option.isSome(global.accessId)) overrides.accessId = global.accessId.value
  if (Option.isSome(global.accessKey)) overrides.accessKey = global.accessKey.value
  if (Option.isSome(global.domain)) overrides.domain = global.domain.value
  if (Option.isSome(global.platform)) overrides.platform = global.platform.value
  if (Option.isSome(global.protocol)) overrides.protocol = global.protocol.value
  return RayvisionNode.layerConfig(overrides)
}

/** A leaf command: global options plus its own, run with the client in scope. */
const clientCommand = <Name extends string, const Config extends Command.Command.Config>(
  name: Name,
  description: string,
  config: Config,
  handler: (
    global: Global,
    input: Command.Command.ParseConfig<Config>
  ) => Effect.Effect<void, ApiError.ApiError | CliFailure, Rayvision.Services>
) =>
  Command.make(name, { global: globalOptions, input: config }, ({ global, input }) =>
    handler(global, input as Command.Command.ParseConfig<Config>).pipe(Effect.provide(clientLayer(global)))
  ).pipe(Command.withDescription(description))

// ---------------------------------------------------------------------------------------------
// user, platforms
// ---------------------------------------------------------------------------------------------

const printRecord = (global: Global, value: object) =>
  global.json ? printJson(value) : Console.log(record(value as Record<string, unknown>))

const userProfile = clientCommand("profile", "Show the account's profile", {}, (global) =>
  Effect.flatMap(UserService.UserService, (user) => user.profile()).pipe(
    Effect.flatMap((profile) => printRecord(global, profile))
  )
)

const userSettings = clientCommand("settings", "Show the account's settings", {}, (global) =>
  Effect.flatMap(UserService.UserService, (user) => user.settings()).pipe(
    Effect.flatMap((settings) => printRecord(global, settings))
  )
)

const user = Command.make("user").pipe(
  Command.withDescription("The account: profile and settings"),
  Command.withSubcommands([userProfile, userSettings])
)

const platforms = clientCommand("platforms", "List the platforms (clusters) the account can use", {}, (global) =>
  Effect.flatMap(UserService.UserService, (user) => user.platforms()).pipe(
    Effect.flatMap((list) =>
      global.json
        ? printJson(list)
        : Console.log(
            table(
              [
                { header: "PLATFORM", cell: (p) => p.platform },
                { header: "NAME", cell: (p) => p.name }
              ],
              list
            )
          )
    )
  )
)

// ---------------------------------------------------------------------------------------------
// Argument helpers
// ---------------------------------------------------------------------------------------------

/** An `Either` from `Input.ts` as an option's parse step: a `Left` is a usage error (exit 2, nothing sent). */
const refineOption =
  <A, B>(parse: (a: A) => Either.Either<B, string>) =>
  (a: A) =>
    Either.match(parse(a), {
      onLeft: (message) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message))),
      onRight: (b) => Effect.succeed(b)
    })

/** The same for an argument. */
const refineArg =
  <A, B>(parse: (a: A) => Either.Either<B, string>) =>
  (a: A) =>
    Either.match(parse(a), {
      onLeft: (message) => Effect.fail(HelpDoc.p(message)),
      onRight: (b) => Effect.succeed(b)
    })

/** Every value of a list through `parse`, the first failure wins. */
const each =
  <B>(parse: (text: string) => Either.Either<B, string>) =>
  (values: ReadonlyArray<string>): Either.Either<ReadonlyArray<B>, string> =>
    Either.all(values.map(parse))

/** A failure about the input, found after parsing (exit 2: nothing was sent). */
const usage = (message: string) => new CliFailure({ message, exitCode: 2 })

/** One row of a streamed table: fixed widths, as the rows are not all known in advance. */
const fixedRow = (widths: ReadonlyArray<number>, values: ReadonlyArray<string>) =>
  values
    .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i] ?? 0)))
    .join("  ")
    .trimEnd()

/** Prints a stream: NDJSON with `--json`, else a header and one fixed-width row per item. */
const printStream = <A, E, R>(
  global: Global,
  columns: ReadonlyArray<Column<A> & { readonly width: number }>,
  stream: Stream.Stream<A, E, R>
) =>
  Effect.gen(function* () {
    const widths = columns.map((c) => c.width)
    if (!global.json)
      yield* Console.log(
        fixedRow(
          widths,
          columns.map((c) => c.header)
        )
      )
    yield* Stream.runForEach(stream, (item) =>
      global.json
        ? printJsonLine(item)
        : Console.log(
            fixedRow(
              widths,
              columns.map((c) => showCell(c.cell(item)))
            )
          )
    )
  })

/** An epoch-milliseconds date as `yyyy-MM-dd HH:mm:ss` in the service's zone (UTC+8). */
const showDate = (value: unknown) => (typeof value === "number" && value > 0 ? serviceDateTime(value) : "")

// ---------------------------------------------------------------------------------------------
// tasks list
// ---------------------------------------------------------------------------------------------

const taskColumns: ReadonlyArray<Column<Task.TaskInfo> & { readonly width: number }> = [
  { header: "ID", width: 10, cell: (t) => t.id },
  { header: "ALIAS", width: 11, cell: (t) => t.taskAlias },
  { header: "STATUS", width: 6, cell: (t) => t.taskStatus },
  { header: "STATUS NAME", width: 24, cell: (t) => statusName(t.taskStatus) },
  {
    header: "FRAMES DONE",
    width: 11,
    cell: (t) => (t.totalFrames === undefined ? "" : `${t.doneFrames ?? 0}/${t.totalFrames}`)
  },
  { header: "SCENE", width: 24, cell: (t) => t.sceneName },
  { header: "SUBMITTED (UTC+8)", width: 19, cell: (t) => showDate(t.submitDate) }
]

const taskTable = (rows: ReadonlyArray<Task.TaskInfo>) => table(taskColumns, rows)

const tasksList = clientCommand(
  "list",
  "List tasks, newest first: one page, or every page with --all (streamed). Filters: --status, --keyword, --since/--until (submit time), --deleted",
  {
    status: Options.text("status").pipe(
      Options.withDescription(
        "Only tasks in this status, a code or a name (repeat for several): waiting, rendering, stopped, finished, failed, abandoned, ..."
      ),
      Options.repeated,
      Options.mapEffect(refineOption(each(parseTaskStatus)))
    ),
    keyword: Options.text("keyword").pipe(
      Options.withDescription("Only tasks whose scene name or job id matches"),
      Options.optional
    ),
    since: Options.text("since").pipe(
      Options.withDescription(
        "Only tasks submitted at or after: yyyy-MM-dd (from 00:00:00), 'yyyy-MM-dd HH:mm:ss' (service zone, UTC+8) or ISO 8601 with a zone"
      ),
      Options.optional,
      Options.mapEffect(
        refineOption((o: Option.Option<string>) => optionEither(o, (t) => parseTimeBound("--since", t, "start")))
      )
    ),
    until: Options.text("until").pipe(
      Options.withDescription("Only tasks submitted at or before (same forms; a bare date runs to 23:59:59)"),
      Options.optional,
      Options.mapEffect(
        refineOption((o: Option.Option<string>) => optionEither(o, (t) => parseTimeBound("--until", t, "end")))
      )
    ),
    deleted: Options.boolean("deleted").pipe(Options.withDescription("List deleted tasks (the recycle bin) instead")),
    all: Options.boolean("all").pipe(Options.withDescription("Stream every page (NDJSON with --json)")),
    page: Options.integer("page").pipe(
      Options.withDescription("The page, from 1 (without --all)"),
      Options.withDefault(1)
    ),
    pageSize: Options.integer("page-size").pipe(Options.withDescription("Rows per page"), Options.withDefault(100))
  },
  (global, { all, deleted, keyword, page, pageSize, since, status, until }) =>
    Effect.gen(function* () {
      if (Option.isSome(since) && Option.isSome(until) && since.value > until.value) {
        return yield* usage(`--since (${since.value}) is after --until (${until.value})`)
      }
      const tasks = yield* TaskService.TaskService
      const filters = {
        pageSize,
        ...(status.length > 0 ? { statusList: status } : {}),
        ...(Option.isSome(keyword) ? { searchKeyword: keyword.value } : {}),
        ...(Option.isSome(since) ? { startTime: since.value } : {}),
        ...(Option.isSome(until) ? { endTime: until.value } : {}),
        ...(deleted ? { recycleFlag: Task.RecycleFlag.Deleted } : {})
      }
      yield* note(global, `filters: ${toJson(filters)}`)
      if (all) return yield* printStream(global, taskColumns, tasks.list(filters))
      const result = yield* tasks.listPage({ ...filters, pageNum: page })
      if (global.json) return yield* printJson(result)
      yield* Console.log(taskTable(result.items))
      yield* Console.log(`page ${result.pageNum} of ${result.pageCount}, ${result.total} task(s)`)
    })
)

/** `None` as `Right(None)`, `Some(text)` through `parse`. */
const optionEither = <B>(
  option: Option.Option<string>,
  parse: (text: string) => Either.Either<B, string>
): Either.Either<Option.Option<B>, string> =>
  Option.isNone(option) ? Either.right(Option.none()) : Either.map(parse(option.value), Option.some)

const tasks = Command.make("tasks").pipe(
  Command.withDescription("Lists of tasks (filters by status, keyword, submit time)"),
  Command.withSubcommands([tasksList])
)

// ---------------------------------------------------------------------------------------------
// task info, frames, bulk actions, overtime, restart-frames
// ---------------------------------------------------------------------------------------------

const taskIds = Args.integer({ name: "task-id" }).pipe(Args.withDescription("A task id (one or more)"), Args.atLeast(1))
const oneTaskId = Args.integer({ name: "task-id" }).pipe(Args.withDescription("The task id"))

const taskInfo = clientCommand("info", "Show tasks by id", { ids: taskIds }, (global, { ids }) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const page = yield* tasks.info(ids)
    if (global.json) return yield* printJson(page)
    yield* Console.log(taskTable(page.items))
  })
)

const frameColumns: ReadonlyArray<Column<Frame.FrameInfo> & { readonly width: number }> = [
  { header: "FRAME ID", width: 10, cell: (f) => f.id },
  { header: "INDEX", width: 8, cell: (f) => f.frameIndex },
  { header: "STATUS", width: 6, cell: (f) => f.frameStatus },
  { header: "STATUS NAME", width: 20, cell: (f) => Frame.frameStatusName(f.frameStatus) ?? "" },
  { header: "FEE", width: 6, cell: (f) => f.feeAmount },
  { header: "SECONDS", width: 7, cell: (f) => f.frameExecuteTime },
  { header: "STARTED (UTC+8)", width: 19, cell: (f) => showDate(f.startTime) },
  { header: "ENDED (UTC+8)", width: 19, cell: (f) => showDate(f.endTime) }
]

const taskFrames = clientCommand(
  "frames",
  "List a task's frames: one page, or every page with --all (streamed; NDJSON with --json)",
  {
    id: oneTaskId,
    all: Options.boolean("all").pipe(Options.withDescription("Stream every page (NDJSON with --json)")),
    page: Options.integer("page").pipe(
      Options.withDescription("The page, from 1 (without --all)"),
      Options.withDefault(1)
    ),
    pageSize: Options.integer("page-size").pipe(Options.withDescription("Frames per page"), Options.withDefault(100)),
    group: Options.text("group").pipe(
      Options.withDescription("Only the frames of this multi-frame-per-node group (searchKeyword)"),
      Options.optional
    )
  },
  (global, { all, group, id, page, pageSize }) =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      const options = { pageSize, ...(Option.isSome(group) ? { searchKeyword: group.value } : {}) }
      if (all) return yield* printStream(global, frameColumns, tasks.frames(id, options))
      const result = yield* tasks.framesPage({ taskId: id, pageNum: page, ...options })
      if (global.json) return yield* printJson(result)
      yield* Console.log(table(frameColumns, result.items))
      yield* Console.log(`page ${result.pageNum} of ${result.pageCount}, ${result.total} frame(s)`)
    })
)

/** Runs a bulk action and prints one outcome per id; fails (exit 1, or 2 for bad ids only) when any id failed. */
const runBulk = (global: Global, label: string, action: Bulk.BulkAction, ids: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const bulk = yield* BulkService.BulkService
    const result = yield* bulk.run(action, ids).pipe(Effect.mapError((error) => usage(error.message)))
    const outcomes = [...result.byId.values()].map((outcome: Bulk.BulkOutcome) =>
      outcome._tag === "Succeeded"
        ? { taskId: outcome.taskId, outcome: "succeeded" as const }
        : {
            taskId: outcome.taskId,
            outcome: "failed" as const,
            error: { _tag: outcome.error._tag, message: outcome.error.message }
          }
    )
    if (global.json) {
      yield* printJson({
        action: label,
        succeeded: result.succeeded.length,
        failed: result.failed.length,
        outcomes
      })
    } else {
      yield* Console.log(
        table(
          [
            { header: "TASK", cell: (o: (typeof outcomes)[number]) => o.taskId },
            { header: "OUTCOME", cell: (o) => o.outcome },
            { header: "ERROR", cell: (o) => ("error" in o ? o.error.message : "") }
          ],
          outcomes
        )
      )
    }
    if (result.failed.length > 0) {
      return yield* new CliFailure({
        message: `${label}: ${result.failed.length} of ${outcomes.length} task(s) failed`,
        // 2 when every failure is bad input (never sent), else 1
        exitCode: result.failed.every((failure) => failure.error._tag === "InvalidRequest") ? 2 : 1,
        printed: global.json
      })
    }
  })

const BULK_NOTE = "(per-id outcomes; exit 1 when any failed, 2 when only bad ids)"

const bulkCommand = (action: "stop" | "start" | "abandon" | "delete", description: string) =>
  clientCommand(action, `${description} ${BULK_NOTE}`, { ids: taskIds }, (global, { ids }) =>
    runBulk(global, action, { action }, ids)
  )

const taskFullSpeed = clientCommand(
  "full-speed",
  `Render tasks at full speed: more nodes at once (fullSpeedRendering) ${BULK_NOTE}`,
  { ids: taskIds },
  (global, { ids }) => runBulk(global, "full-speed", { action: "fullSpeed" }, ids)
)

const taskPriority = clientCommand(
  "priority",
  `Set the user-side priority of tasks: an integer, or normal (50) / high (60) ${BULK_NOTE}`,
  {
    level: Args.text({ name: "level" }).pipe(
      Args.withDescription("The priority: an integer, normal (50) or high (60)"),
      Args.mapEffect(refineArg(parsePriority))
    ),
    ids: taskIds
  },
  (global, { ids, level }) => runBulk(global, "priority", { action: "setPriority", taskUserLevel: level }, ids)
)

const taskOvertime = clientCommand(
  "overtime",
  "Stop tasks once they have rendered this many seconds (setTaskOverTimeStop)",
  {
    seconds: Args.integer({ name: "seconds" }).pipe(
      Args.withDescription("Render time after which the tasks stop, whole seconds, 1 or more")
    ),
    ids: taskIds
  },
  (global, { ids, seconds }) =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      yield* tasks.setOvertimeStop({ taskIds: ids, overTime: seconds })
      if (global.json) return yield* printJson({ action: "overtime", overTime: seconds, taskIds: ids })
      yield* Console.log(`task(s) ${ids.join(", ")} will stop after ${seconds} s of rendering`)
    })
)

const taskRestartFrames = clientCommand(
  "restart-frames",
  "Resubmit frames of a task: its failed frames (default, or --failed), every frame (--all), frames by id (--frame-id) or by index (--frame); --status narrows --failed and --all",
  {
    id: oneTaskId,
    failed: Options.boolean("failed").pipe(
      Options.withDescription("The failed frames (recommitTasks); the default when no other choice is given")
    ),
    all: Options.boolean("all").pipe(
      Options.withDescription("Every frame of the task (recommitTaskFrames, selectAll)")
    ),
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
        "With --failed or --all: only frames in this status, a code or a name (failed, stopped, timed-out, ...; repeat for several)"
      ),
      Options.repeated,
      Options.mapEffect(refineOption(each(parseFrameStatus)))
    )
  },
  (global, { all, failed, frameIds, frameIndexes, id, status }) =>
    Effect.gen(function* () {
      const chosen = [failed, all, frameIds.length > 0, frameIndexes.length > 0].filter(Boolean).length
      if (chosen > 1) return yield* usage("restart-frames: give only one of --failed, --all, --frame-id, --frame")
      if (status.length > 0 && (frameIds.length > 0 || frameIndexes.length > 0)) {
        return yield* usage("restart-frames: --status goes with --failed or --all, not with --frame-id or --frame")
      }
      const tasks = yield* TaskService.TaskService
      const statusField = status.length > 0 ? { status } : {}
      let what: string
      let report: Record<string, unknown>
      if (frameIndexes.length > 0) {
        yield* tasks.restartFramesByIndex(id, frameIndexes)
        what = `frame(s) ${frameIndexes.join(", ")}`
        report = { mode: "frame-indexes", frameIndexes }
      } else if (frameIds.length > 0) {
        yield* tasks.restartFrames({ taskId: id, frameIds })
        what = `frame id(s) ${frameIds.join(", ")}`
        report = { mode: "frame-ids", frameIds }
      } else if (all) {
        yield* tasks.restartFrames({ taskId: id, ...statusField })
        what = status.length > 0 ? `every frame in status ${status.join(", ")}` : "every frame"
        report = { mode: "all", ...statusField }
      } else {
        yield* tasks.restartFailedFrames({ taskIds: [id], ...statusField })
        what = status.length > 0 ? `its frames in status ${status.join(", ")}` : "its failed frames"
        report = { mode: "failed", ...statusField }
      }
      if (global.json) return yield* printJson({ action: "restart-frames", taskId: id, ...report })
      yield* Console.log(`task ${id}: resubmitted ${what}`)
    })
)

const taskLimit = clientCommand(
  "limit",
  "Set the most nodes (machines) a task renders on at once (updateTaskLimit)",
  {
    id: oneTaskId,
    limit: Args.integer({ name: "nodes" }).pipe(Args.withDescription("The node limit, a whole number, 1 or more"))
  },
  (global, { id, limit }) =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      yield* tasks.updateTaskLimit({ taskId: id, taskLimit: limit })
      if (global.json) return yield* printJson({ action: "limit", taskId: id, taskLimit: limit })
      yield* Console.log(`task ${id} renders on at most ${limit} node(s) at once`)
    })
)

const tagLabel = Args.text({ name: "tag" }).pipe(Args.withDescription("The tag's text (exact, case-sensitive)"))

const taskTag = clientCommand(
  "tag",
  "Tag tasks with a label (addTaskLabel; never retried after a lost answer)",
  { label: tagLabel, ids: taskIds },
  (global, { ids, label }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.tagTasks({ label, taskIds: ids })
      if (global.json) return yield* printJson({ action: "tag", label, taskIds: ids })
      yield* Console.log(`task(s) ${ids.join(", ")} tagged ${JSON.stringify(label)}`)
    })
)

const taskUntag = clientCommand(
  "untag",
  "Remove a tag, by its text, from tasks (deleteTaskLabel; never retried after a lost answer)",
  { label: tagLabel, ids: taskIds },
  (global, { ids, label }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.untagTasks({ taskIds: ids, labelNames: [label] })
      if (global.json) return yield* printJson({ action: "untag", label, taskIds: ids })
      yield* Console.log(`tag ${JSON.stringify(label)} removed from task(s) ${ids.join(", ")}`)
    })
)

// ---------------------------------------------------------------------------------------------
// task wait
// ---------------------------------------------------------------------------------------------

const taskWait = clientCommand(
  "wait",
  "Wait for tasks to end: a progress bar per task on a terminal, one line per change otherwise, NDJSON events with --json. Exit 0 when all finished, 3 failed (or finished with failed frames), 4 abandoned, 5 stopped, 6 timeout",
  {
    ids: taskIds,
    timeout: Options.text("timeout").pipe(
      Options.withDescription("Give up after this long (exit 6): seconds, or with a unit, e.g. 90s, 10m, 2h"),
      Options.optional,
      Options.mapEffect(
        refineOption((o: Option.Option<string>) => optionEither(o, (t) => parseDuration("--timeout", t)))
      )
    ),
    interval: Options.text("interval").pipe(
      Options.withDescription(
        "Poll every this long (seconds or with a unit, e.g. 0.5, 5s, 1m); default: 2 s, doubling up to 30 s"
      ),
      Options.optional,
      Options.mapEffect(
        refineOption((o: Option.Option<string>) => optionEither(o, (t) => parseDuration("--interval", t)))
      )
    ),
    throughStops: Options.boolean("through-stops").pipe(
      Options.withDescription(
        "Keep waiting while a task is stopped (it may be started again) instead of ending with exit 5"
      )
    )
  },
  (global, { ids, interval, throughStops, timeout }) =>
    Effect.gen(function* () {
      const waiter = yield* TaskWaiter.TaskWaiter
      const order = [...new Set(ids)]
      const tty = !global.json && process.stdout.isTTY === true
      // A terminal without a known size (0 columns, e.g. under `script`) counts as 80 wide.
      const width = Math.max(20, (process.stdout.columns || 80) - 1)
      const states = new Map<number, TaskState>()
      const board = new Board()
      const write = (text: string) => Effect.sync(() => void process.stdout.write(text))
      const blank = (taskId: number): TaskState => ({
        taskId,
        status: undefined,
        totalFrames: 0,
        doneFrames: 0,
        failedFrames: 0
      })
      const draw = Effect.suspend(() =>
        write(board.frame(order.map((taskId) => barLine(states.get(taskId) ?? blank(taskId), width))))
      )
      const stream = waiter.watchTasks(order, {
        until: throughStops ? Waiter.EndedStatuses : [...Waiter.EndedStatuses, ...Waiter.StoppedStatuses],
        ...(Option.isSome(interval) ? { schedule: Schedule.spaced(Duration.millis(interval.value)) } : {}),
        ...(Option.isSome(timeout) ? { timeout: Duration.millis(timeout.value) } : {})
      })
      // One chunk per poll: every task's state is updated, then the board is drawn once.
      const waited = yield* Stream.runForEachChunk(stream, (chunk) => {
        const updates: Array<{ readonly state: TaskState; readonly done: boolean }> = []
        for (const progress of chunk) {
          const state: TaskState = {
            taskId: progress.taskId,
            status: progress.status,
            totalFrames: progress.totalFrames,
            doneFrames: progress.doneFrames,
            failedFrames: progress.failedFrames
          }
          if (!changed(states.get(progress.taskId), state)) continue
          states.set(progress.taskId, state)
          updates.push({ state, done: progress.done })
        }
        if (updates.length === 0) return Effect.void
        if (global.json) {
          return Effect.forEach(updates, ({ done, state }) =>
            printJsonLine({
              event: "progress",
              ...state,
              statusName: statusName(state.status),
              percent: percentOf(state),
              done
            })
          )
        }
        return tty ? draw : Effect.forEach(updates, ({ state }) => Console.log(plainLine(state)))
      }).pipe(
        Effect.catchTags({
          WaitTimedOut: (error) => Effect.succeed(error),
          TaskEndedBadly: (error) => Effect.succeed(error)
        })
      )
      const timedOut = waited !== undefined && waited._tag === "WaitTimedOut"
      const results = order.map((taskId) => {
        const state = states.get(taskId) ?? blank(taskId)
        return { ...state, statusName: statusName(state.status), outcome: outcomeOf(state.status) }
      })
      // At a timeout a task whose last status was a stop (with --through-stops) is still pending.
      const outcomes = results.map((r) => (timedOut && r.outcome === "stopped" ? "pending" : r.outcome))
      const exitCode = timedOut ? WaitExit.timeout : exitCodeOf(outcomes)
      const bad = results.filter((_, i) => outcomes[i] !== "finished")
      const summary = timedOut
        ? `timed out after ${Math.round((waited as Waiter.WaitTimedOut).waitedMillis / 1000)} s; still pending: ${bad
            .filter((r) => r.outcome === "pending" || r.outcome === "stopped")
            .map((r) => r.taskId)
            .join(", ")}`
        : bad.length === 0
          ? `${results.length} task(s) finished`
          : bad.map((r) => `task ${r.taskId} ${r.outcome} (${r.statusName})`).join("; ")
      if (global.json) {
        yield* printJsonLine({
          event: "end",
          exitCode,
          timedOut,
          tasks: results.map((r, i) => ({ ...r, outcome: outcomes[i] }))
        })
      } else if (exitCode === 0) {
        yield* Console.log(summary)
      }
      if (exitCode !== 0) return yield* new CliFailure({ message: summary, exitCode, printed: global.json })
    })
)

const task = Command.make("task").pipe(
  Command.withDescription(
    "Tasks by id: info, frames, wait, stop, start, abandon, delete, priority, limit, overtime, full-speed, restart-frames, tag, untag"
  ),
  Command.withSubcommands([
    taskInfo,
    taskFrames,
    taskWait,
    bulkCommand("stop", "Stop tasks"),
    bulkCommand("start", "Start stopped tasks again"),
    bulkCommand("abandon", "Abandon tasks"),
    bulkCommand("delete", "Delete tasks (they stay listable with `tasks list --deleted`)"),
    taskPriority,
    taskLimit,
    taskOvertime,
    taskFullSpeed,
    taskRestartFrames,
    taskTag,
    taskUntag
  ])
)

// ---------------------------------------------------------------------------------------------
// records
// ---------------------------------------------------------------------------------------------

/** A record's time: epoch milliseconds in the service's zone, or the text the service sent. */
const showTime = (value: unknown) => (typeof value === "number" ? showDate(value) : value)

const taskRecordColumns: ReadonlyArray<Column<User.TaskRecord> & { readonly width: number }> = [
  { header: "TIME (UTC+8)", width: 19, cell: (r) => showTime(r.operateTime) },
  { header: "TASK", width: 10, cell: (r) => r.taskId },
  { header: "ALIAS", width: 11, cell: (r) => r.taskAlias },
  { header: "OPERATION", width: 10, cell: (r) => r.operateType },
  { header: "DETAILS", width: 20, cell: (r) => r.operateContent },
  { header: "USER", width: 0, cell: (r) => r.userName }
]

const loginRecordColumns: ReadonlyArray<Column<User.LoginRecord> & { readonly width: number }> = [
  { header: "TIME (UTC+8)", width: 19, cell: (r) => showTime(r.loginTime) },
  { header: "USER", width: 20, cell: (r) => r.userName },
  { header: "PLATFORM", width: 8, cell: (r) => r.platform },
  { header: "CHANNEL", width: 0, cell: (r) => r.channel }
]

/** The options of both record commands. */
const recordOptions = {
  since: Options.text("since").pipe(
    Options.withDescription(
      "Only records at or after: yyyy-MM-dd (from 00:00:00), 'yyyy-MM-dd HH:mm:ss' (service zone, UTC+8) or ISO 8601 with a zone"
    ),
    Options.optional,
    Options.mapEffect(
      refineOption((o: Option.Option<string>) => optionEither(o, (t) => parseTimeBound("--since", t, "start")))
    )
  ),
  until: Options.text("until").pipe(
    Options.withDescription("Only records at or before (same forms; a bare date runs to 23:59:59)"),
    Options.optional,
    Options.mapEffect(
      refineOption((o: Option.Option<string>) => optionEither(o, (t) => parseTimeBound("--until", t, "end")))
    )
  ),
  all: Options.boolean("all").pipe(Options.withDescription("Stream every page (NDJSON with --json)")),
  page: Options.integer("page").pipe(
    Options.withDescription("The page, from 1 (without --all)"),
    Options.withDefault(1)
  ),
  pageSize: Options.integer("page-size").pipe(Options.withDescription("Records per page"), Options.withDefault(100))
}

/** The date filters of the record commands, or a usage failure when they are inverted. */
const recordFilters = (input: { readonly since: Option.Option<string>; readonly until: Option.Option<string> }) =>
  Option.isSome(input.since) && Option.isSome(input.until) && input.since.value > input.until.value
    ? Effect.fail(usage(`--since (${input.since.value}) is after --until (${input.until.value})`))
    : Effect.succeed({
        ...(Option.isSome(input.since) ? { startDate: input.since.value } : {}),
        ...(Option.isSome(input.until) ? { endDate: input.until.value } : {})
      })

/** The summary line under a page of records (its paging fields are optional: the answer is undocumented). */
const recordPageLine = (page: { readonly pageNum?: number; readonly pageCount?: number; readonly total?: number }) =>
  `page ${page.pageNum ?? "?"} of ${page.pageCount ?? "?"}, ${page.total ?? "?"} record(s)`

const recordsTasks = clientCommand(
  "tasks",
  "List the operation records of tasks on the configured platform (taskRecord), newest first: one page, or every page with --all",
  recordOptions,
  (global, input) =>
    Effect.gen(function* () {
      const dates = yield* recordFilters(input)
      const user = yield* UserService.UserService
      const filters = { pageSize: input.pageSize, ...dates }
      yield* note(global, `filters: ${toJson(filters)}`)
      if (input.all) return yield* printStream(global, taskRecordColumns, user.taskRecords(filters))
      const page = yield* user.taskRecordsPage({ ...filters, pageNum: input.page })
      if (global.json) return yield* printJson(page)
      yield* Console.log(table(taskRecordColumns, page.items))
      yield* Console.log(recordPageLine(page))
    })
)

const recordsLogins = clientCommand(
  "logins",
  "List the account's login records (loginRecord), newest first: one page, or every page with --all",
  recordOptions,
  (global, input) =>
    Effect.gen(function* () {
      const dates = yield* recordFilters(input)
      const user = yield* UserService.UserService
      const filters = { pageSize: input.pageSize, ...dates }
      yield* note(global, `filters: ${toJson(filters)}`)
      if (input.all) return yield* printStream(global, loginRecordColumns, user.loginRecords(filters))
      const page = yield* user.loginRecordsPage({ ...filters, pageNum: input.page })
      if (global.json) return yield* printJson(page)
      yield* Console.log(table(loginRecordColumns, page.items))
      yield* Console.log(recordPageLine(page))
    })
)

const records = Command.make("records").pipe(
  Command.withDescription("The account's records: operations on tasks, logins (filters by time)"),
  Command.withSubcommands([recordsTasks, recordsLogins])
)

// ---------------------------------------------------------------------------------------------
// projects
// ---------------------------------------------------------------------------------------------

const projectName = Args.text({ name: "name" }).pipe(Args.withDescription("The project name (exact, case-sensitive)"))

const projectsList = clientCommand(
  "list",
  "List the project labels: this account's (default), or a scope with --scope",
  {
    scope: Options.choiceWithValue("scope", [
      ["own", Project.ProjectScope.Own],
      ["own-and-main", Project.ProjectScope.OwnAndMain],
      ["all", Project.ProjectScope.AllUnderMain]
    ] as const).pipe(
      Options.withDescription(
        "own: this account's; own-and-main: and its main account's; all: every project under the main account"
      ),
      Options.optional
    )
  },
  (global, { scope }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      const list = Option.isSome(scope) ? yield* projects.listByScope(scope.value) : yield* projects.list()
      if (global.json) return yield* printJson(list.projectNameList)
      yield* Console.log(
        table(
          [
            { header: "PROJECT ID", cell: (p: Project.ProjectLabel) => p.projectId },
            { header: "NAME", cell: (p) => p.projectName }
          ],
          list.projectNameList
        )
      )
    })
)

const projectsAdd = clientCommand(
  "add",
  "Create a project label (names are unique: an existing name fails)",
  {
    name: projectName,
    status: Options.choiceWithValue("status", [
      ["on", Project.ProjectStatus.On],
      ["off", Project.ProjectStatus.Off]
    ] as const).pipe(Options.withDescription("The project's status (default off, as the Python SDK)"), Options.optional)
  },
  (global, { name, status }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.add({ name, ...(Option.isSome(status) ? { status: status.value } : {}) })
      if (global.json) return yield* printJson({ action: "add", name })
      yield* Console.log(`project ${JSON.stringify(name)} added`)
    })
)

const projectsDelete = clientCommand(
  "delete",
  "Delete the project label with exactly this name",
  { name: projectName },
  (global, { name }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.delete(name)
      if (global.json) return yield* printJson({ action: "delete", name })
      yield* Console.log(`project ${JSON.stringify(name)} deleted`)
    })
)

const projects = Command.make("projects").pipe(
  Command.withDescription("Project labels: list, add, delete"),
  Command.withSubcommands([projectsList, projectsAdd, projectsDelete])
)

// ---------------------------------------------------------------------------------------------
// software, envs
// ---------------------------------------------------------------------------------------------

const cgArg = Args.text({ name: "dcc" }).pipe(
  Args.withDescription("The DCC: an id (2000) or a name (maya, 3ds max, cinema4d, houdini, blender, ...)"),
  Args.mapEffect(refineArg(parseCg))
)

const osOption = Options.choice("os", ["linux", "windows"]).pipe(
  Options.withDescription("The OS the farm renders on (required: never guessed from this machine)")
)

const softwareList = clientCommand("list", "List the DCCs the farm supports", {}, (global) =>
  Effect.gen(function* () {
    const envs = yield* RenderEnvService.RenderEnvService
    const list = yield* envs.softwareList()
    if (global.json) return yield* printJson(list)
    yield* Console.log(
      table(
        [
          { header: "CG ID", cell: (s: RenderEnv.Software) => s.cgId },
          { header: "NAME", cell: (s) => s.cgName },
          { header: "SCENE FILES", cell: (s) => s.cgType },
          { header: "LINUX", cell: (s) => (s.isSupportLinux === 1 ? "yes" : "no") }
        ],
        list.renderInfoList
      )
    )
  })
)

const softwareVersions = clientCommand(
  "versions",
  "List the versions of a DCC on an OS",
  { cg: cgArg, os: osOption },
  (global, { cg, os }) =>
    Effect.gen(function* () {
      const envs = yield* RenderEnvService.RenderEnvService
      const detail = yield* envs.softwareDetail({ cgId: cg, osName: os })
      if (global.json) return yield* printJson(detail.cgVersion)
      yield* Console.log(
        table(
          [
            { header: "VERSION ID", cell: (v: RenderEnv.SoftwareVersion) => v.id },
            { header: "NAME", cell: (v) => v.cgName },
            { header: "VERSION", cell: (v) => v.cgVersion }
          ],
          detail.cgVersion
        )
      )
    })
)

const softwarePlugins = clientCommand(
  "plugins",
  "List the plugins of a DCC on an OS (of one version with --cg-version); PLUGIN ID is what `envs add --plugin-id` takes",
  {
    cg: cgArg,
    os: osOption,
    version: Options.text("cg-version").pipe(
      Options.withDescription("Only the plugins of this DCC version, e.g. 2024"),
      Options.optional
    )
  },
  (global, { cg, os, version }) =>
    Effect.gen(function* () {
      const envs = yield* RenderEnvService.RenderEnvService
      const detail = yield* envs.softwareDetail({ cgId: cg, osName: os })
      const versionById = new Map(detail.cgVersion.map((v) => [v.id, v.cgVersion]))
      if (Option.isSome(version) && !detail.cgVersion.some((v) => v.cgVersion === version.value)) {
        return yield* usage(
          `no version ${JSON.stringify(version.value)} on ${os}; versions: ${detail.cgVersion.map((v) => v.cgVersion).join(", ")}`
        )
      }
      const rows = detail.cgPlugin
        .filter((group) => Option.isNone(version) || versionById.get(group.cvId) === version.value)
        .flatMap((group) =>
          group.pluginVersions.map((plugin) => ({
            cgVersion: versionById.get(group.cvId) ?? "",
            pluginName: plugin.pluginName,
            pluginId: plugin.pluginId,
            pluginVersion: plugin.pluginVersion
          }))
        )
      if (global.json) return yield* printJson(rows)
      yield* Console.log(
        table(
          [
            { header: "DCC VERSION", cell: (r: (typeof rows)[number]) => r.cgVersion },
            { header: "PLUGIN", cell: (r) => r.pluginName },
            { header: "PLUGIN ID", cell: (r) => r.pluginId },
            { header: "PLUGIN VERSION", cell: (r) => r.pluginVersion }
          ],
          rows
        )
      )
    })
)

const software = Command.make("software").pipe(
  Command.withDescription("The DCCs the farm supports, their versions and plugins"),
  Command.withSubcommands([softwareList, softwareVersions, softwarePlugins])
)

const envColumns: ReadonlyArray<Column<RenderEnv.RenderEnv>> = [
  { header: "NAME", cell: (e) => e.editName },
  { header: "CG ID", cell: (e) => e.cgId },
  { header: "DCC", cell: (e) => `${e.cgName} ${e.cgVersion}` },
  { header: "OS", cell: (e) => RenderEnv.osNameOf(e.osName === 0 ? 0 : 1) },
  { header: "DEFAULT", cell: (e) => (e.isDefault === 1 ? "yes" : "") },
  { header: "PLUGINS", cell: (e) => e.respUserPluginInfoVos.map((p) => p.pluginVersion).join(", ") }
]

const envsList = clientCommand(
  "list",
  "List the account's render environments (optionally of one DCC, on one OS)",
  {
    cg: Options.text("cg").pipe(
      Options.withDescription("Only environments of this DCC (an id or a name)"),
      Options.optional,
      Options.mapEffect(refineOption((o: Option.Option<string>) => optionEither(o, parseCg)))
    ),
    os: Options.choice("os", ["linux", "windows"]).pipe(
      Options.withDescription("Only environments on this OS"),
      Options.optional
    )
  },
  (global, { cg, os }) =>
    Effect.gen(function* () {
      const envs = yield* RenderEnvService.RenderEnvService
      const list = yield* envs.listEnvs({
        ...(Option.isSome(cg) ? { cgId: cg.value } : {}),
        ...(Option.isSome(os) ? { osName: RenderEnv.renderSystemOf(os.value) } : {})
      })
      if (global.json) return yield* printJson(list)
      yield* Console.log(table(envColumns, list))
    })
)

const envOptions = {
  name: Options.text("name").pipe(
    Options.withDescription("The environment's name (its key for edit, delete, default)")
  ),
  cg: Options.text("cg").pipe(
    Options.withDescription("The DCC: an id (2000) or a name (maya, 3ds max, ...)"),
    Options.mapEffect(refineOption(parseCg))
  ),
  version: Options.text("cg-version").pipe(
    Options.withDescription("The DCC version, as `software versions` lists it, e.g. 2024")
  ),
  os: osOption,
  pluginIds: Options.text("plugin-id").pipe(
    Options.withDescription("A plugin id, as `software plugins` lists it (repeat for several)"),
    Options.repeated,
    Options.mapEffect(refineOption(each(parseId("--plugin-id"))))
  ),
  projectPath: Options.text("project-path").pipe(Options.withDescription("The project path"), Options.optional)
}

/** Adds or edits an environment: the DCC version is looked up first (its name as the service writes it). */
const saveEnv = (global: Global, action: "add" | "edit", input: Command.Command.ParseConfig<typeof envOptions>) =>
  Effect.gen(function* () {
    const envs = yield* RenderEnvService.RenderEnvService
    const detail = yield* envs.softwareDetail({ cgId: input.cg, osName: input.os })
    const version = detail.cgVersion.find((v) => v.cgVersion === input.version)
    if (version === undefined) {
      return yield* usage(
        `no version ${JSON.stringify(input.version)} of DCC ${input.cg} on ${input.os}; versions: ${detail.cgVersion
          .map((v) => v.cgVersion)
          .join(", ")}`
      )
    }
    const envInput = {
      cgId: input.cg,
      cgName: version.cgName,
      cgVersion: version.cgVersion,
      editName: input.name,
      renderSystem: RenderEnv.renderSystemOf(input.os),
      pluginIds: input.pluginIds,
      ...(Option.isSome(input.projectPath) ? { projectPath: input.projectPath.value } : {})
    }
    const name = action === "add" ? yield* envs.addEnv(envInput) : (yield* envs.editEnv(envInput), input.name)
    if (global.json) return yield* printJson({ action, name })
    yield* Console.log(`render environment ${JSON.stringify(name)} ${action === "add" ? "added" : "saved"}`)
  })

const envsAdd = clientCommand(
  "add",
  "Create a render environment: a DCC version on an OS, with plugins",
  envOptions,
  (global, input) => saveEnv(global, "add", input)
)

const envsEdit = clientCommand(
  "edit",
  "Replace the settings of the render environment named --name",
  envOptions,
  (global, input) => saveEnv(global, "edit", input)
)

const envName = Args.text({ name: "name" }).pipe(Args.withDescription("The environment's name"))

const envsDelete = clientCommand("delete", "Delete a render environment", { name: envName }, (global, { name }) =>
  Effect.gen(function* () {
    const envs = yield* RenderEnvService.RenderEnvService
    yield* envs.deleteEnv(name)
    if (global.json) return yield* printJson({ action: "delete", name })
    yield* Console.log(`render environment ${JSON.stringify(name)} deleted`)
  })
)

const envsDefault = clientCommand(
  "default",
  "Make a render environment the default of its DCC",
  { name: envName },
  (global, { name }) =>
    Effect.gen(function* () {
      const envs = yield* RenderEnvService.RenderEnvService
      yield* envs.setDefaultEnv(name)
      if (global.json) return yield* printJson({ action: "default", name })
      yield* Console.log(`render environment ${JSON.stringify(name)} is the default of its DCC`)
    })
)

const envs = Command.make("envs").pipe(
  Command.withDescription("The account's render environments: list, add, edit, delete, default"),
  Command.withSubcommands([envsList, envsAdd, envsEdit, envsDelete, envsDefault])
)

// ---------------------------------------------------------------------------------------------
// outputs
// ---------------------------------------------------------------------------------------------

const outputColumns: ReadonlyArray<Column<Transfer.OutputFile> & { readonly width: number }> = [
  { header: "TYPE", width: 6, cell: (f) => (f.directory ? "dir" : "file") },
  { header: "SIZE", width: 12, cell: (f) => f.fileSize },
  { header: "MODIFIED (UTC+8)", width: 19, cell: (f) => f.lastModify },
  { header: "PATH", width: 0, cell: (f) => f.filePath }
]

const outputs = clientCommand(
  "outputs",
  "List a task's rendered output files (getOutputUserDirFile): one folder, or every file below it with --recursive (NDJSON with --json)",
  {
    id: oneTaskId,
    path: Options.text("path").pipe(
      Options.withDescription("The folder inside the task's output, e.g. /preview"),
      Options.withDefault("/")
    ),
    recursive: Options.boolean("recursive").pipe(Options.withDescription("Walk every folder below --path"))
  },
  (global, { id, path, recursive }) =>
    Effect.gen(function* () {
      const transfer = yield* TransferService.TransferService
      if (!recursive) {
        const files = yield* transfer.outputFiles({ taskId: id, treePath: path })
        if (global.json) return yield* printJson(files)
        return yield* Console.log(table(outputColumns, files))
      }
      // The folder paths the service gives start at the output root (`/<task folder>/...`), while
      // `treePath` with `taskId` is read inside the task's folder: walk by relative paths.
      const walk = (
        folder: string
      ): Stream.Stream<Transfer.OutputFile, ApiError.ApiError, TransferService.TransferService> =>
        Stream.flatMap(Stream.fromIterableEffect(transfer.outputFiles({ taskId: id, treePath: folder })), (file) =>
          file.directory
            ? Stream.concat(Stream.make(file), walk(`${folder.replace(/\/$/, "")}/${file.fileName}`))
            : Stream.make(file)
        )
      yield* printStream(global, outputColumns, walk(path))
    })
)

// ---------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------

/** What a service code means, from core's error classes. */
const explainCode = (code: number) => {
  if (code === 200) {
    return { code, name: "Success", meaning: "the request succeeded (not an error)", transient: false, retry: "" }
  }
  const known = (ApiError.ServiceErrorByCode as Record<number, new (fields: never) => ApiError.ServiceError>)[code]
  const fields = { path: "", code, serverMessage: "" }
  const error = known === undefined ? new ApiError.UnknownApiError(fields) : new known(fields as never)
  const meaning = /^: (.*) \(code \d+\)$/.exec(error.message)?.[1] ?? error.message
  const transient = ApiError.isTransient(error)
  const retry =
    code === 610
      ? "the client corrects its clock from the server's time and repeats the call once"
      : transient
        ? "transient: calls that are safe to repeat (queries, stop, start, ...) are retried with backoff; creating and submitting are not"
        : "not retried: repeating the same request gives the same answer"
  const exitCode = code === 600 || code === 601 ? 2 : 1
  return {
    code,
    name: error._tag,
    documented: known !== undefined,
    meaning,
    transient,
    retry,
    cliExitCode: exitCode
  }
}

const errors = Command.make(
  "errors",
  {
    json: globalOptions.json,
    code: Args.integer({ name: "code" }).pipe(
      Args.withDescription("A service code, the envelope's `code` (e.g. 602); leave it out to list every code"),
      Args.optional
    )
  },
  ({ code, json }) =>
    Effect.gen(function* () {
      if (Option.isSome(code)) {
        const explained = explainCode(code.value)
        return yield* json ? printJson(explained) : Console.log(record(explained))
      }
      const all = [200, ...Object.keys(ApiError.ServiceErrorByCode).map(Number)].map(explainCode)
      if (json) return yield* printJson(all)
      yield* Console.log(
        table(
          [
            { header: "CODE", cell: (e: (typeof all)[number]) => e.code },
            { header: "NAME", cell: (e) => e.name },
            { header: "TRANSIENT", cell: (e) => (e.transient ? "yes" : "no") },
            { header: "MEANING", cell: (e) => e.meaning }
          ],
          all
        )
      )
    })
).pipe(
  Command.withDescription(
    "Explain a service error code: its name in this SDK, its meaning, whether it is transient and retried (offline, no credentials)"
  )
)

// ---------------------------------------------------------------------------------------------
// simulator serve
// ---------------------------------------------------------------------------------------------

/** Waits for SIGINT or SIGTERM. */
const waitForSignal = Effect.async<NodeJS.Signals>((resume) => {
  const onSignal = (signal: NodeJS.Signals) => resume(Effect.succeed(signal))
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)
  return Effect.sync(() => {
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
  })
})

/**
 * The farm of `simulator serve --speed`: the default farm's queueing and frame times divided by
 * `speed`, its price per second multiplied by it (so a frame costs what it costs at speed 1).
 *
 * @since 0.1.0
 * @category simulator
 */
export const farmAtSpeed = (speed: number, failureRate: number = 0) => {
  const base = Simulator.resolveFarmOptions()
  return {
    framesPerTask: base.framesPerTask,
    nodes: base.nodes,
    fullSpeedNodes: base.fullSpeedNodes,
    queueSeconds: base.queueSeconds / speed,
    frameSeconds: base.frameSeconds / speed,
    pricePerFrameSecond: base.pricePerFrameSecond * speed,
    failureRate
  }
}

/** At most 3 decimals, for people. */
const round3 = (n: number) => Math.round(n * 1000) / 1000

const simulatorServe = Command.make(
  "serve",
  {
    json: globalOptions.json,
    verbose: globalOptions.verbose,
    port: Options.integer("port").pipe(
      Options.withDescription("The port on 127.0.0.1 (0 = any free port)"),
      Options.withDefault(8080)
    ),
    seed: Options.integer("seed").pipe(
      Options.withDescription("The seed every id and name derive from"),
      Options.withDefault(1)
    ),
    speed: Options.float("speed").pipe(
      Options.withDescription(
        "Farm time runs this many times faster than the wall clock: queueing and frame render times are divided by it (costs stay the same); e.g. 60 renders a 60 s frame in 1 s"
      ),
      Options.withDefault(1)
    ),
    failureRate: Options.float("failure-rate").pipe(
      Options.withDescription("The chance (0 to 1) that a frame run fails, drawn from the seed"),
      Options.withDefault(0)
    ),
    demoTasks: Options.integer("demo-tasks").pipe(
      Options.withDescription(
        "Create and submit this many demo tasks first (their ids are printed), so they render at once"
      ),
      Options.withDefault(0)
    )
  },
  ({ demoTasks, failureRate, json, port, seed, speed }) =>
    Effect.scoped(
      Effect.gen(function* () {
        if (port < 0 || port > 65535) {
          return yield* new CliFailure({ message: `invalid port ${port} (0 to 65535)`, exitCode: 2 })
        }
        if (!(speed > 0) || !Number.isFinite(speed)) {
          return yield* new CliFailure({ message: `invalid --speed ${speed} (a number above 0)`, exitCode: 2 })
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
          return yield* new CliFailure({ message: `invalid --failure-rate ${failureRate} (0 to 1)`, exitCode: 2 })
        }
        if (!Number.isInteger(demoTasks) || demoTasks < 0 || demoTasks > 100) {
          return yield* new CliFailure({ message: `invalid --demo-tasks ${demoTasks} (0 to 100)`, exitCode: 2 })
        }
        const farm = farmAtSpeed(speed, failureRate)
        const sim = yield* SimulatorService.make({ seed, farm })
        const address = yield* SimulatorServer.serve(sim, { port, host: "127.0.0.1" })
        const domain = `${address.host}:${address.port}`
        const { accessId, accessKey } = Simulator.demoAccount
        const demoTaskIds =
          demoTasks === 0
            ? []
            : yield* seedTasks(demoTasks).pipe(
                Effect.provide(demoClient(address)),
                Effect.mapError(
                  (error) => new CliFailure({ message: `seeding demo tasks: ${error.message}`, exitCode: 1 })
                )
              )
        if (json) {
          yield* printJsonLine({
            url: address.url,
            domain,
            protocol: "http",
            accessId,
            accessKey,
            seed,
            speed,
            farm,
            demoTaskIds
          })
        } else {
          yield* Console.log(`Renderbus simulator listening on ${address.url}`)
          yield* Console.log(`  domain to configure: ${domain}  (protocol http)`)
          yield* Console.log(`  demo access id:      ${accessId}`)
          yield* Console.log(`  demo access key:     ${accessKey}`)
          yield* Console.log(`  seed:                ${seed}`)
          yield* Console.log(
            `  farm:                ${speed}x speed: ${farm.framesPerTask} frames per task, ${farm.nodes} at once, ${round3(farm.frameSeconds)} s each after ${round3(farm.queueSeconds)} s in the queue${failureRate > 0 ? `, ${failureRate * 100}% of frame runs fail` : ""}`
          )
          if (demoTaskIds.length > 0) yield* Console.log(`  demo tasks:          ${demoTaskIds.join(" ")}`)
          yield* Console.log("Press Ctrl+C to stop.")
        }
        const signal = yield* waitForSignal
        if (!json) yield* Console.log(`Simulator stopped (${signal}).`)
      })
    )
).pipe(
  Command.withDescription(
    "Serve the simulator on 127.0.0.1 until SIGINT or SIGTERM; prints its URL, the domain to configure and the demo access id/key"
  )
)

const simulator = Command.make("simulator").pipe(
  Command.withDescription("The local Renderbus simulator"),
  Command.withSubcommands([simulatorServe])
)

// ---------------------------------------------------------------------------------------------
// The program
// ---------------------------------------------------------------------------------------------

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const rayvision = Command.make("rayvision").pipe(
  Command.withDescription(
    "The Renderbus / Fox Renderfarm API from a shell. [global options], on every command that calls the service: --json, --verbose, --simulate, --access-id, --access-key, --domain, --platform, --protocol (see the command's --help). Exit codes: 0 success, 1 service or network failure, 2 bad arguments or input (nothing sent); task wait adds 3 to 6"
  ),
  Command.withSubcommands([user, platforms, tasks, task, records, projects, software, envs, outputs, errors, simulator])
)

/**
 * Runs the command line on `process.argv`-style arguments.
 *
 * @since 0.1.0
 * @category running
 */
export const run = Command.run(rayvision, { name: "rayvision", version: "0.1.0" })
