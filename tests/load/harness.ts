/**
 * The load and soak run: one client (the Node adapter, undici) against the simulator's HTTP server
 * on 127.0.0.1, forked into a process of its own (`server.ts`), with a seeded mix of reads and
 * writes at a fixed concurrency and transient faults injected by the simulator. It records how
 * every call ended (success, or a typed error by `_tag`; anything else is a defect), the latency
 * of each call, the peak heap, the open sockets on both sides and the unhandled rejections, then
 * closes the client and the server and measures the sockets and the heap again. Used by
 * `soak.test.ts` and by `run.ts` (the same run from the command line). The mix of calls and the
 * faults are in `mix.ts`, the forked server in `serverProcess.ts`, sockets and heap in `measure.ts`.
 */
import { ApiError } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator } from "@rayvision/simulator"
import { Cause, Duration, Effect, Exit, Option, Redacted, Schema } from "effect"
import { gc, quantile, settledHeap, socketsSettled, tcpSockets } from "./measure.ts"
import { choose, faultsOf, random, type Shared, tasks } from "./mix.ts"
import { forkServer } from "./serverProcess.ts"

/** Settings of {@link runLoad}. */
export interface LoadOptions {
  /** Calls of the measured phase (service method calls; `userInfo` sends three requests). */
  readonly calls: number
  /** Calls in flight at once. */
  readonly concurrency: number
  /** Seed of the operation mix and of the injected faults. */
  readonly seed: number
  /** Chance that one request meets a fault (500 envelope, HTTP 503 page or reset connection); 0 = none. */
  readonly faultRate: number
  /** Tasks reserved and submitted before the measured phase, acted on by stop, start, info... */
  readonly poolTasks: number
  /** The whole measured phase must end within this, or the run fails naming the calls still in flight. */
  readonly deadline: Duration.DurationInput
}

/** The defaults: 20 000 calls, 200 at once, 1% faults. */
export const defaults: LoadOptions = {
  calls: 20_000,
  concurrency: 200,
  seed: 20_261_129,
  faultRate: 0.01,
  poolTasks: 50,
  deadline: "170 seconds"
}

/** How one operation of the mix ended, by operation name. */
export interface OperationFigures {
  readonly calls: number
  readonly failures: number
  readonly idempotent: boolean
}

/** What {@link runLoad} measured. */
export interface LoadReport {
  readonly options: LoadOptions
  /** Calls of the measured phase that ended (must equal `options.calls`). */
  readonly calls: number
  readonly successes: number
  /** Typed failures (`ApiError`), by `_tag`. */
  readonly errorsByTag: Readonly<Record<string, number>>
  /** The first few messages of each tag, with the operation. */
  readonly errorSamples: Readonly<Record<string, ReadonlyArray<string>>>
  /** Typed failures of idempotent calls (retried by the transport) and of the others. */
  readonly idempotentFailures: number
  readonly nonIdempotentFailures: number
  readonly byOperation: Readonly<Record<string, OperationFigures>>
  /** Calls that ended in anything but success or an `ApiError`: a die, an interruption, another error. */
  readonly defects: number
  /** The first few defects, pretty-printed. */
  readonly defectSamples: ReadonlyArray<string>
  /** `unhandledRejection` events during the run, in this process (the client) and in the server's. */
  readonly unhandledRejections: number
  readonly serverUnhandledRejections: number
  /** Requests the simulator received in the measured phase (retries included), and how many met an injected fault. */
  readonly requests: number
  readonly faultedRequests: number
  /** Latency of one call, milliseconds (retries included). */
  readonly p50Millis: number
  readonly p99Millis: number
  readonly maxMillis: number
  readonly wallMillis: number
  readonly callsPerSecond: number
  /** CPU time of this process (the client: user and system, GC threads included) per call, milliseconds. */
  readonly cpuMillisPerCall: number
  /** Heap used, bytes: before (after a gc), highest sampled during the run, after everything closed (after a gc). */
  readonly heapBefore: number
  readonly heapPeak: number
  readonly heapAfter: number | undefined
  /** Whether `global.gc` was there (`--expose-gc`): without it `heapAfter` is undefined. */
  readonly gcAvailable: boolean
  /**
   * Open TCP sockets of this process (the client's connections while in use; undici unrefs idle
   * ones, so the server's count below is the one that sees an idle connection left open): before,
   * highest sampled, after the client closed, after the server closed.
   */
  readonly socketsBefore: number
  readonly socketsPeak: number
  readonly socketsAfterClient: number
  readonly socketsAfterServer: number
  /** Open connections of the server process: highest seen, after the client closed, after the server closed. */
  readonly serverConnectionsPeak: number
  readonly serverConnectionsAfterClient: number
  readonly serverConnectionsAfterClose: number
}

const isApiError = Schema.is(ApiError.ApiError)
/**
 * Runs the load: forks the simulator's server, builds the client, sets up the pool (no faults
 * yet), injects the faults, runs `calls` calls at `concurrency`, closes the client, then the
 * server, and measures.
 */
export const runLoad = (overrides: Partial<LoadOptions> = {}): Effect.Effect<LoadReport> =>
  Effect.gen(function* () {
    const options: LoadOptions = { ...defaults, ...overrides }
    const socketsBefore = tcpSockets()
    const heapBefore = yield* settledHeap

    let unhandledRejections = 0
    const onUnhandled = () => {
      unhandledRejections++
    }
    yield* Effect.acquireRelease(
      Effect.sync(() => process.on("unhandledRejection", onUnhandled)),
      () => Effect.sync(() => process.off("unhandledRejection", onUnhandled))
    )

    const latencies = new Float64Array(options.calls)
    const errorsByTag: Record<string, number> = {}
    const byOperation: Record<string, { calls: number; failures: number; idempotent: boolean }> = {}
    const defectSamples: Array<string> = []
    const errorSamples: Record<string, Array<string>> = {}
    let ended = 0
    let successes = 0
    let defects = 0
    let idempotentFailures = 0
    let nonIdempotentFailures = 0
    let heapPeak = heapBefore
    let socketsPeak = socketsBefore
    const sample = () => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
      socketsPeak = Math.max(socketsPeak, tcpSockets())
    }

    const measured = yield* Effect.scoped(
      Effect.gen(function* () {
        const server = yield* forkServer({
          seed: options.seed,
          // Room for every request of the run, so the faulted ones can be counted.
          maxRecordedCalls: options.calls * 4 + options.poolTasks * 2 + 100,
          // Slow enough that no task finishes during a run: stop and start always apply.
          farm: { framesPerTask: 20, queueSeconds: 1, frameSeconds: 3600, nodes: 4 }
        })
        const client = RayvisionNode.layer({
          accessId: Simulator.demoAccount.accessId,
          accessKey: Redacted.make(Simulator.demoAccount.accessKey),
          domain: `${server.host}:${server.port}`,
          protocol: "http",
          platform: 2
        })

        const workload = Effect.gen(function* () {
          // The pool, before any fault.
          const created = yield* tasks((t) => t.createTaskIds({ count: options.poolTasks }))
          yield* Effect.forEach(created.taskIdList, (taskId) => tasks((t) => t.submit({ taskId })), {
            concurrency: 10,
            discard: true
          })
          const shared: Shared = { pool: created.taskIdList, reserved: [], rand: random(options.seed), projects: 0 }
          const requestsBefore = (yield* server.ask({ type: "stats", from: 0, settleMillis: 0 }, "stats")).requests
          yield* server.ask({ type: "inject", faults: faultsOf(options.faultRate, options.seed) }, "injected")

          const one = (index: number) => {
            const op = choose(shared.rand)
            const figures = (byOperation[op.name] ??= { calls: 0, failures: 0, idempotent: op.idempotent })
            return Effect.suspend(() => {
              const start = performance.now()
              return Effect.map(Effect.exit(op.run(shared)), (exit) => {
                latencies[index] = performance.now() - start
                figures.calls++
                ended++
                if (ended % 100 === 0) sample()
                if (Exit.isSuccess(exit)) {
                  successes++
                  return
                }
                const failure = Cause.failureOption(exit.cause)
                if (
                  Option.isSome(failure) &&
                  isApiError(failure.value) &&
                  !Cause.isDie(exit.cause) &&
                  !Cause.isInterrupted(exit.cause)
                ) {
                  const tag = failure.value._tag
                  errorsByTag[tag] = (errorsByTag[tag] ?? 0) + 1
                  const samples = (errorSamples[tag] ??= [])
                  if (samples.length < 3)
                    samples.push(`${op.name}: ${failure.value.message.split("\n")[0]!.slice(0, 160)}`)
                  figures.failures++
                  if (op.idempotent) idempotentFailures++
                  else nonIdempotentFailures++
                  return
                }
                defects++
                if (defectSamples.length < 5) defectSamples.push(`${op.name}: ${Cause.pretty(exit.cause)}`)
              })
            })
          }

          const started = performance.now()
          const cpuStarted = process.cpuUsage()
          yield* Effect.forEach(
            Array.from({ length: options.calls }, (_, i) => i),
            one,
            {
              concurrency: options.concurrency,
              discard: true
            }
          ).pipe(
            Effect.timeoutFail({
              duration: options.deadline,
              onTimeout: () =>
                new Error(
                  `the run did not end within ${Duration.format(Duration.decode(options.deadline))}: ` +
                    `${ended} of ${options.calls} calls ended`
                )
            }),
            Effect.orDie
          )
          const wallMillis = performance.now() - started
          const cpu = process.cpuUsage(cpuStarted)
          sample()
          return { wallMillis, cpuMillis: (cpu.user + cpu.system) / 1000, requestsBefore }
        })

        // The client's scope (its undici pool) closes when the workload ends.
        const result = yield* Effect.provide(workload, client).pipe(Effect.orDie)
        const socketsAfterClient = yield* socketsSettled(socketsBefore, "5 seconds")
        // The server still runs: its ends of the client's connections close once the client's did.
        const stats = yield* server.ask({ type: "stats", from: result.requestsBefore, settleMillis: 5000 }, "stats")
        const closed = yield* server.ask({ type: "close" }, "closed")
        return { ...result, socketsAfterClient, stats, serverSocketsAfterClose: closed.sockets }
      })
    )
    const socketsAfterServer = yield* socketsSettled(socketsBefore, "5 seconds")
    const heapAfter = gc === undefined ? undefined : yield* settledHeap

    const sorted = latencies.slice(0, ended).sort()
    return {
      options,
      calls: ended,
      successes,
      errorsByTag,
      errorSamples,
      idempotentFailures,
      nonIdempotentFailures,
      byOperation,
      defects,
      defectSamples,
      unhandledRejections,
      serverUnhandledRejections: measured.stats.unhandledRejections,
      requests: measured.stats.requests - measured.stats.redelivered,
      faultedRequests: measured.stats.faulted,
      p50Millis: quantile(sorted, 0.5),
      p99Millis: quantile(sorted, 0.99),
      maxMillis: sorted.length === 0 ? 0 : sorted[sorted.length - 1]!,
      wallMillis: measured.wallMillis,
      callsPerSecond: (ended / measured.wallMillis) * 1000,
      cpuMillisPerCall: measured.cpuMillis / Math.max(1, ended),
      heapBefore,
      heapPeak,
      heapAfter,
      gcAvailable: gc !== undefined,
      socketsBefore,
      socketsPeak,
      socketsAfterClient: measured.socketsAfterClient,
      socketsAfterServer,
      serverConnectionsPeak: measured.stats.socketsPeak,
      serverConnectionsAfterClient: measured.stats.sockets,
      serverConnectionsAfterClose: measured.serverSocketsAfterClose
    }
  }).pipe(Effect.scoped)

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** The figures of a run, as lines for stdout. */
export const formatReport = (r: LoadReport): string => {
  const tags = Object.entries(r.errorsByTag)
    .sort(([, a], [, b]) => b - a)
    .map(([tag, n]) => `${tag} ${n}`)
    .join(", ")
  const ops = Object.entries(r.byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, f]) =>
        `  ${name.padEnd(24)} ${String(f.calls).padStart(6)} calls ${String(f.failures).padStart(4)} failed`
    )
  return [
    `load: ${r.calls} calls at concurrency ${r.options.concurrency}, fault rate ${r.options.faultRate * 100}% per request, seed ${r.options.seed}`,
    `  successes ${r.successes}, typed errors ${r.calls - r.successes - r.defects} (${tags === "" ? "none" : tags}), defects ${r.defects}, unhandled rejections ${r.unhandledRejections} (server ${r.serverUnhandledRejections})`,
    `  failures: idempotent ${r.idempotentFailures}, non-idempotent ${r.nonIdempotentFailures}`,
    `  requests ${r.requests} (retries included), of which met an injected fault ${r.faultedRequests}`,
    `  latency p50 ${r.p50Millis.toFixed(1)} ms, p99 ${r.p99Millis.toFixed(1)} ms, max ${r.maxMillis.toFixed(1)} ms`,
    `  wall ${(r.wallMillis / 1000).toFixed(2)} s, ${r.callsPerSecond.toFixed(0)} calls/s, client CPU ${r.cpuMillisPerCall.toFixed(2)} ms per call`,
    `  heap before ${mb(r.heapBefore)}, peak ${mb(r.heapPeak)}, after ${r.heapAfter === undefined ? "n/a (no --expose-gc)" : mb(r.heapAfter)}`,
    `  client TCP sockets before ${r.socketsBefore}, peak ${r.socketsPeak}, after the client closed ${r.socketsAfterClient}, after the server closed ${r.socketsAfterServer}`,
    `  server connections peak ${r.serverConnectionsPeak}, after the client closed ${r.serverConnectionsAfterClient}, after the server closed ${r.serverConnectionsAfterClose}`,
    ...ops,
    ...Object.entries(r.errorSamples).flatMap(([tag, samples]) => samples.map((sample) => `  e.g. ${tag}: ${sample}`))
  ].join("\n")
}
