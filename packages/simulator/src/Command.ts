/**
 * The simulator as a command line: {@link serve}, an `@effect/cli` command that serves a
 * simulator until SIGINT or SIGTERM and prints what a client needs to use it. The
 * `rayvision-simulator` executable runs it ({@link run}), and the `rayvision` command of
 * `@rayvision/cli` mounts the same command as `rayvision simulator serve`.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as HttpClient from "@effect/platform/HttpClient"
import { Rayvision, TaskService } from "@rayvision/core"
import { Cause, Console, Effect, Exit, Layer, Redacted, type Scope } from "effect"
import { demoAccount, type FarmOptions, resolveFarmOptions } from "./Simulator.ts"
import { type Address, ServeError, serve as listen } from "./SimulatorServer.ts"
import { httpClient, make, type Service } from "./SimulatorService.ts"

/**
 * The farm of `--speed`: the default farm's queueing and frame times divided by `speed`, its price
 * per second multiplied by it (so a frame costs what it costs at speed 1), and `failureRate` the
 * chance that a frame run fails.
 *
 * @since 0.1.0
 * @category constructors
 */
export const farmAtSpeed = (speed: number, failureRate: number = 0): FarmOptions => {
  const base = resolveFarmOptions()
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

/**
 * Settings of {@link start}.
 *
 * @since 0.1.0
 * @category models
 */
export interface StartOptions {
  /** 0 picks a free port. */
  readonly port: number
  /** Default `127.0.0.1`. */
  readonly host?: string
  /** The seed every id and name derive from. Default 1. */
  readonly seed?: number
  /** The farm (see {@link farmAtSpeed}). Default: the simulator's. */
  readonly farm?: FarmOptions
  /** Demo tasks to create and submit as the demo account once the server listens. Default 0. */
  readonly demoTasks?: number
  /** Called with each request answered, after the answer (e.g. to print it). */
  readonly onRequest?: (method: string, path: string, status: number) => Effect.Effect<void>
}

/**
 * A simulator served by {@link start}: where it listens, the domain a client configures (the
 * `Host` header's form) and the ids of its demo tasks.
 *
 * @since 0.1.0
 * @category models
 */
export interface Started {
  readonly sim: Service
  readonly address: Address
  readonly domain: string
  readonly demoTaskIds: ReadonlyArray<number>
}

/** The domain a client configures for an address: `host:port`, an IPv6 host in brackets. */
const domainOf = (address: Address) =>
  `${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`

/** Creates `count` tasks as the demo account and submits each, through an in-process client. */
const seedDemoTasks = (sim: Service, domain: string, count: number) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const created = yield* tasks.createTaskIds({ count, artist: "demo" })
    for (const taskId of created.taskIdList) yield* tasks.submit({ taskId, producer: "demo" })
    return created.taskIdList
  }).pipe(
    Effect.provide(
      Rayvision.layer({
        accessId: demoAccount.accessId,
        accessKey: Redacted.make(demoAccount.accessKey),
        domain,
        protocol: "http",
        platform: 2
      }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, httpClient(sim))))
    ),
    Effect.mapError((error) => new ServeError({ message: `seeding demo tasks: ${error.message}`, cause: error }))
  )

/**
 * Creates a simulator, serves it until the scope closes, and seeds its demo tasks: what
 * {@link serve} runs, and the `--simulate` option of the `rayvision` command.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (options: StartOptions): Effect.Effect<Started, ServeError, Scope.Scope> =>
  Effect.gen(function* () {
    const made = yield* make({
      seed: options.seed ?? 1,
      ...(options.farm === undefined ? {} : { farm: options.farm })
    })
    const onRequest = options.onRequest
    const sim: Service =
      onRequest === undefined
        ? made
        : {
            ...made,
            handle: (request) =>
              Effect.tap(made.handle(request), (response) => onRequest(request.method, request.path, response.status))
          }
    const address = yield* listen(sim, { port: options.port, host: options.host ?? "127.0.0.1" })
    const domain = domainOf(address)
    const demoTaskIds = (options.demoTasks ?? 0) > 0 ? yield* seedDemoTasks(sim, domain, options.demoTasks!) : []
    return { sim, address, domain, demoTaskIds }
  })

/** An option's value when `valid`, else a usage error naming the flag (exit 2, nothing served). */
const checked =
  <A extends number>(flag: string, valid: (value: A) => boolean, expected: string) =>
  (value: A) =>
    valid(value)
      ? Effect.succeed(value)
      : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`invalid ${flag} ${value} (${expected})`)))

/** At most 3 decimals, for people. */
const round3 = (n: number) => Math.round(n * 1000) / 1000

/**
 * The `serve` command: `--port` (default 8080, 0 = any free port), `--host` (default
 * `127.0.0.1`), `--seed` (default 1), `--speed` (the farm's time runs this many times faster),
 * `--failure-rate`, `--demo-tasks` (tasks created and submitted at start), `--json` (one JSON line
 * instead of the text) and `--verbose` (one line per request on stderr). A value out of range is a
 * usage error. It serves until SIGINT or SIGTERM, then stops the server.
 *
 * @since 0.1.0
 * @category commands
 */
export const serve = Command.make(
  "serve",
  {
    port: Options.integer("port").pipe(
      Options.withDescription("The port (0 = any free port)"),
      Options.withDefault(8080),
      Options.mapEffect(checked("--port", (port) => port >= 0 && port <= 65535, "0 to 65535"))
    ),
    host: Options.text("host").pipe(
      Options.withDescription("The interface to listen on (a test tool: keep it on loopback)"),
      Options.withDefault("127.0.0.1")
    ),
    seed: Options.integer("seed").pipe(
      Options.withDescription("The seed every id and name derive from"),
      Options.withDefault(1)
    ),
    speed: Options.float("speed").pipe(
      Options.withDescription(
        "Farm time runs this many times faster than the wall clock: queueing and frame render times are divided by it (costs stay the same); e.g. 60 renders a 60 s frame in 1 s"
      ),
      Options.withDefault(1),
      Options.mapEffect(checked("--speed", (speed) => speed > 0 && Number.isFinite(speed), "a number above 0"))
    ),
    failureRate: Options.float("failure-rate").pipe(
      Options.withDescription("The chance (0 to 1) that a frame run fails, drawn from the seed"),
      Options.withDefault(0),
      Options.mapEffect(checked("--failure-rate", (rate) => rate >= 0 && rate <= 1, "0 to 1"))
    ),
    demoTasks: Options.integer("demo-tasks").pipe(
      Options.withDescription(
        "Create and submit this many demo tasks first (their ids are printed), so they render at once"
      ),
      Options.withDefault(0),
      Options.mapEffect(checked("--demo-tasks", (count) => count >= 0 && count <= 100, "0 to 100"))
    ),
    json: Options.boolean("json").pipe(
      Options.withDescription("Print one JSON line (url, domain, protocol, access id and key, farm, demo task ids)")
    ),
    verbose: Options.boolean("verbose").pipe(
      Options.withDescription("Print one line per request answered on stderr (method, path, HTTP status)")
    )
  },
  ({ demoTasks, failureRate, host, json, port, seed, speed, verbose }) =>
    Effect.scoped(
      Effect.gen(function* () {
        const farm = farmAtSpeed(speed, failureRate)
        const started = yield* start({
          port,
          host,
          seed,
          farm,
          demoTasks,
          ...(verbose
            ? {
                onRequest: (method: string, path: string, status: number) =>
                  Effect.sync(() => void process.stderr.write(`${method} ${path} -> ${status}\n`))
              }
            : {})
        })
        const { address, demoTaskIds, domain } = started
        const { accessId, accessKey } = demoAccount
        if (json) {
          const line = {
            url: address.url,
            domain,
            protocol: "http",
            accessId,
            accessKey,
            seed,
            speed,
            farm,
            demoTaskIds
          }
          yield* Console.log(JSON.stringify(line))
        } else {
          const resolved = resolveFarmOptions(farm)
          yield* Console.log(
            [
              `Renderbus simulator listening on ${address.url}`,
              `  domain to configure: ${domain}  (protocol http)`,
              `  demo accessId:       ${accessId}`,
              `  demo accessKey:      ${accessKey}`,
              `  seed:                ${seed}`,
              `  farm:                ${speed}x speed: ${resolved.framesPerTask} frames per task, ${resolved.nodes} at once, ${round3(resolved.frameSeconds)} s each after ${round3(resolved.queueSeconds)} s in the queue${failureRate > 0 ? `, ${failureRate * 100}% of frame runs fail` : ""}`,
              ...(demoTaskIds.length > 0 ? [`  demo tasks:          ${demoTaskIds.join(" ")}`] : []),
              "Press Ctrl+C to stop."
            ].join("\n")
          )
        }
        // Served until the process is told to stop: SIGINT or SIGTERM interrupts the command.
        return yield* Effect.never
      })
    ).pipe(Effect.onInterrupt(() => (json ? Effect.void : Console.log("Simulator stopped."))))
).pipe(
  Command.withDescription(
    "Serve the simulator until SIGINT or SIGTERM; prints its URL, the domain to configure and the demo access id/key"
  )
)

/**
 * Runs {@link serve} as the `rayvision-simulator` executable on `process.argv`-style arguments.
 *
 * @since 0.1.0
 * @category running
 */
export const run = Command.run(serve, { name: "rayvision-simulator", version: "0.1.0" })

/**
 * The exit code of a run of {@link run}: 0 when it served and was stopped by a signal (or printed
 * help), 2 for bad arguments (the parser printed why), 1 when the server could not start (the
 * reason is printed here).
 *
 * @since 0.1.0
 * @category running
 */
export const exitCode = <E, A>(exit: Exit.Exit<A, E>): number => {
  if (Exit.isSuccess(exit) || Cause.isInterruptedOnly(exit.cause)) return 0
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some" && ValidationError.isValidationError(failure.value)) return 2
  const error = failure._tag === "Some" ? failure.value : Cause.squash(exit.cause)
  process.stderr.write(`rayvision-simulator: ${error instanceof Error ? error.message : String(error)}\n`)
  return 1
}
