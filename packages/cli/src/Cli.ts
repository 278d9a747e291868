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
import { Args, Command, Options } from "@effect/cli"
import {
  type ApiError,
  Bulk,
  BulkService,
  type ClientConfig,
  type Rayvision,
  type Task,
  TaskService,
  UserService
} from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorServer } from "@rayvision/simulator"
import { type ConfigError, Console, Data, Effect, Layer, Option, Redacted, Stream } from "effect"
import { type Column, printJson, printJsonLine, record, showCell, table } from "./Output.ts"

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

/** Creates and submits the demo tasks of a `--simulate` run. */
const seedDemoTasks = Effect.gen(function* () {
  const tasks = yield* TaskService.TaskService
  const created = yield* tasks.createTaskIds({ count: DEMO_TASKS, artist: "demo" })
  for (const taskId of created.taskIdList) yield* tasks.submit({ taskId, producer: "demo" })
  return created.taskIdList
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
        const sim = yield* Simulator.make()
        const server = yield* SimulatorServer.serve(sim, { port: 0, host: "127.0.0.1" })
        yield* note(global, `simulator: ${server.url} (demo account ${Simulator.demoAccount.accessId})`)
        const client = RayvisionNode.layer({
          accessId: Simulator.demoAccount.accessId,
          accessKey: Redacted.make(Simulator.demoAccount.accessKey),
          domain: `${server.host}:${server.port}`,
          protocol: "http",
          platform: 2
        })
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
// tasks list, task info
// ---------------------------------------------------------------------------------------------

const taskColumns: ReadonlyArray<Column<Task.TaskInfo> & { readonly width: number }> = [
  { header: "ID", width: 10, cell: (t) => t.id },
  { header: "ALIAS", width: 11, cell: (t) => t.taskAlias },
  { header: "STATUS", width: 6, cell: (t) => t.taskStatus },
  { header: "STATUS TEXT", width: 24, cell: (t) => t.statusText },
  {
    header: "FRAMES DONE",
    width: 11,
    cell: (t) => (t.totalFrames === undefined ? "" : `${t.doneFrames ?? 0}/${t.totalFrames}`)
  },
  { header: "SCENE", width: 24, cell: (t) => t.sceneName },
  { header: "SUBMITTED", width: 19, cell: (t) => showDate(t.submitDate) }
]

/** An epoch-milliseconds date as `yyyy-MM-dd HH:mm:ss` (UTC), as the service's text dates. */
const showDate = (value: unknown) =>
  typeof value === "number" && value > 0 ? new Date(value).toISOString().slice(0, 19).replace("T", " ") : value

const taskTable = (rows: ReadonlyArray<Task.TaskInfo>) => table(taskColumns, rows)

/** One row of a streamed table: fixed widths, as the rows are not all known in advance. */
const streamedRow = (values: ReadonlyArray<string>) =>
  values
    .map((value, i) => (i === values.length - 1 ? value : value.padEnd(taskColumns[i]!.width)))
    .join("  ")
    .trimEnd()

const tasksList = clientCommand(
  "list",
  "List tasks, newest first: one page, or every page with --all (streamed)",
  {
    status: Options.integer("status").pipe(
      Options.withDescription("Only tasks in this status (repeat for several), e.g. 10 = stopped"),
      Options.repeated
    ),
    keyword: Options.text("keyword").pipe(
      Options.withDescription("Only tasks whose scene name or job id matches"),
      Options.optional
    ),
    all: Options.boolean("all").pipe(Options.withDescription("Stream every page (NDJSON with --json)")),
    page: Options.integer("page").pipe(
      Options.withDescription("The page, from 1 (without --all)"),
      Options.withDefault(1)
    ),
    pageSize: Options.integer("page-size").pipe(Options.withDescription("Rows per page"), Options.withDefault(100))
  },
  (global, { all, keyword, page, pageSize, status }) =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      const filters = {
        pageSize,
        ...(status.length > 0 ? { statusList: status } : {}),
        ...(Option.isSome(keyword) ? { searchKeyword: keyword.value } : {})
      }
      if (all) {
        if (!global.json) yield* Console.log(streamedRow(taskColumns.map((c) => c.header)))
        yield* tasks
          .list(filters)
          .pipe(
            Stream.runForEach((task) =>
              global.json
                ? printJsonLine(task)
                : Console.log(streamedRow(taskColumns.map((c) => showCell(c.cell(task)))))
            )
          )
        return
      }
      const result = yield* tasks.listPage({ ...filters, pageNum: page })
      if (global.json) return yield* printJson(result)
      yield* Console.log(taskTable(result.items))
      yield* Console.log(`page ${result.pageNum} of ${result.pageCount}, ${result.total} task(s)`)
    })
)

const tasks = Command.make("tasks").pipe(
  Command.withDescription("Lists of tasks"),
  Command.withSubcommands([tasksList])
)

const taskIds = Args.integer({ name: "task-id" }).pipe(Args.withDescription("A task id (one or more)"), Args.atLeast(1))

const taskInfo = clientCommand("info", "Show tasks by id", { ids: taskIds }, (global, { ids }) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const page = yield* tasks.info(ids)
    if (global.json) return yield* printJson(page)
    yield* Console.log(taskTable(page.items))
  })
)

const bulkCommand = (action: "stop" | "start" | "abandon" | "delete", description: string) =>
  clientCommand(action, description, { ids: taskIds }, (global, { ids }) =>
    Effect.gen(function* () {
      const bulk = yield* BulkService.BulkService
      const result = yield* bulk
        .run({ action }, ids)
        .pipe(Effect.mapError((error) => new CliFailure({ message: error.message, exitCode: 2 })))
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
        yield* printJson({ action, succeeded: result.succeeded.length, failed: result.failed.length, outcomes })
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
          message: `${action}: ${result.failed.length} of ${outcomes.length} task(s) failed`,
          // 2 when every failure is bad input (never sent), else 1
          exitCode: result.failed.every((failure) => failure.error._tag === "InvalidRequest") ? 2 : 1,
          printed: global.json
        })
      }
    })
  )

const task = Command.make("task").pipe(
  Command.withDescription("Tasks by id: info, stop, start, abandon, delete"),
  Command.withSubcommands([
    taskInfo,
    bulkCommand("stop", "Stop tasks (per-id outcomes; exit 1 when any failed, 2 when only bad ids)"),
    bulkCommand("start", "Start stopped tasks again (per-id outcomes; exit 1 when any failed, 2 when only bad ids)"),
    bulkCommand("abandon", "Abandon tasks (per-id outcomes; exit 1 when any failed, 2 when only bad ids)"),
    bulkCommand("delete", "Delete tasks (per-id outcomes; exit 1 when any failed, 2 when only bad ids)")
  ])
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
    )
  },
  ({ json, port, seed }) =>
    Effect.scoped(
      Effect.gen(function* () {
        if (port < 0 || port > 65535) {
          return yield* new CliFailure({ message: `invalid port ${port} (0 to 65535)`, exitCode: 2 })
        }
        const sim = yield* Simulator.make({ seed })
        const address = yield* SimulatorServer.serve(sim, { port, host: "127.0.0.1" })
        const domain = `${address.host}:${address.port}`
        const { accessId, accessKey } = Simulator.demoAccount
        if (json) {
          yield* printJsonLine({ url: address.url, domain, protocol: "http", accessId, accessKey, seed })
        } else {
          yield* Console.log(`Renderbus simulator listening on ${address.url}`)
          yield* Console.log(`  domain to configure: ${domain}  (protocol http)`)
          yield* Console.log(`  demo access id:      ${accessId}`)
          yield* Console.log(`  demo access key:     ${accessKey}`)
          yield* Console.log(`  seed:                ${seed}`)
          yield* Console.log("Press Ctrl+C to stop.")
        }
        const signal = yield* waitForSignal
        if (!json) yield* Console.log(`Simulator stopped (${signal}).`)
      })
    )
).pipe(Command.withDescription("Serve the simulator on 127.0.0.1 until SIGINT or SIGTERM"))

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
  Command.withDescription("The Renderbus / Fox Renderfarm API from a shell"),
  Command.withSubcommands([user, platforms, tasks, task, simulator])
)

/**
 * Runs the command line on `process.argv`-style arguments.
 *
 * @since 0.1.0
 * @category running
 */
export const run = Command.run(rayvision, { name: "rayvision", version: "0.1.0" })
