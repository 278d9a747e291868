/**
 * The direct path (packages/core/src/internal/direct.ts): with a runtime adapter's own HttpClient,
 * on the live clock, the transport sends each attempt through the adapter's exchange itself, and
 * the attempt's timeout is a timer beside the request. The same faults as the rest of this suite,
 * over a real socket to the simulator, through the Node adapter's exchange (recorded on the way,
 * so the tests know the path was taken and which signatures went out): the same typed errors,
 * retries, re-sends, span, metrics and logs as through the `HttpClient`, and no secret in them.
 */
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { HttpTransport, Rayvision, TaskService, UserService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorServer, SimulatorService } from "@rayvision/simulator"
import { Cause, Duration, Effect, Exit, Fiber, Layer, Logger, LogLevel } from "effect"
import { inspect } from "node:util"
import { exchangeOf } from "../../packages/core/src/HttpClientKit.ts"
import { recordingLogger, recordingTracer } from "../../packages/core/test/support.ts"
import { paths } from "../paths.ts"
import { demoOptions, failedWith } from "../support.ts"

/** What the exchange was given, per request. */
interface Sent {
  readonly headers: Readonly<Record<string, string>>
  /** Whether it came through the `HttpClient` (a request with headers) rather than directly. */
  readonly throughClient: boolean
}

const sent: Array<Sent> = []
/** How many times the transport cancelled a request through the exchange. */
let cancels = 0
const traces = recordingTracer()
const logs = recordingLogger()
const errors: Array<unknown> = []
const lastSpan = (name: string) => traces.spans.filter((s) => s.name === name).at(-1)!
const kept = <E>(error: E): E => {
  errors.push(error)
  return error
}

/** The Node adapter's client, its exchange recording each request; the simulator on a socket. */
const direct = (client: Partial<Parameters<typeof demoOptions>[1]> = {}, signer: "native" | "webcrypto" = "native") =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const sim = yield* SimulatorService.make({})
      const server = yield* SimulatorServer.serve(sim, { port: 0 })
      const http = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, (adapter) => {
          const exchange = exchangeOf(adapter)!
          return HttpTransport.makeExchangeClient((request, url, headers, ...rest) => {
            sent.push({ headers: { ...headers }, throughClient: Object.keys(request.headers).length > 0 })
            const cancel = exchange(request, url, headers, ...rest)
            return () => {
              cancels++
              cancel()
            }
          })
        })
      ).pipe(Layer.provide(RayvisionNode.layerHttpClient))
      const options = demoOptions(`${server.host}:${server.port}`, { protocol: "http", ...client })
      return (
        signer === "native"
          ? Rayvision.adapter(http, RayvisionNode.hmac).layer(options)
          : Rayvision.layer(options).pipe(Layer.provide(http))
      ).pipe(Layer.merge(Layer.succeed(SimulatorService.SimulatorService, sim)))
    })
  )

const observed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.withTracer(traces.tracer),
    Effect.provide(
      Layer.mergeAll(Logger.replace(Logger.defaultLogger, logs.logger), Logger.minimumLogLevel(LogLevel.All))
    )
  )

const codes = (path: string) =>
  Effect.map(
    Effect.flatMap(SimulatorService.SimulatorService, (sim) => sim.calls),
    (calls) => calls.filter((c) => c.path === path).map((c) => [c.code, c.fault] as const)
  )

const submittedTask = Effect.gen(function* () {
  const tasks = yield* TaskService.TaskService
  const { taskIdList } = yield* tasks.createTaskIds()
  yield* tasks.submit({ taskId: taskIdList[0]! })
  return taskIdList[0]!
})

describe("the direct path: an adapter's own client on the live clock", () => {
  it.live("sends through the exchange itself, the header names as signed; the span and logs as ever", () =>
    Effect.gen(function* () {
      const before = sent.length
      const user = yield* UserService.UserService
      const profile = yield* user.profile().pipe(Effect.withSpan("caller"))
      assert.isAbove(profile.userId, 0)
      const mine = sent.slice(before)
      assert.strictEqual(mine.length, 1)
      assert.isFalse(mine[0]!.throughClient, "sent without the HttpClient")
      for (const name of ["accessId", "channel", "platform", "UTCTimestamp", "nonce", "version", "signature"])
        assert.property(mine[0]!.headers, name)
      assert.strictEqual(mine[0]!.headers["Content-Type"], "application/json")
      const span = lastSpan("UserService.profile")
      assert.strictEqual(span.parent, "caller")
      assert.strictEqual(span.attributes.get("rayvision.code"), 200)
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 1)
      assert.deepStrictEqual(
        span.events.map((e) => e.name),
        ["rayvision.attempt", "rayvision call"]
      )
      assert.isTrue(Exit.isExit(span.exit) && Exit.isSuccess(span.exit))
    }).pipe(Effect.provide(direct()), observed)
  )

  it.live(
    "with core's WebCrypto signer (asynchronous), still through the exchange itself, signed as the service checks",
    () =>
      Effect.gen(function* () {
        const before = sent.length
        const user = yield* UserService.UserService
        const profile = yield* user.profile()
        assert.isAbove(profile.userId, 0)
        const mine = sent.slice(before)
        assert.strictEqual(mine.length, 1)
        assert.isFalse(mine[0]!.throughClient, "sent without the HttpClient")
        assert.strictEqual(lastSpan("UserService.profile").attributes.get("rayvision.code"), 200)
      }).pipe(Effect.provide(direct({}, "webcrypto")), observed)
  )

  it.live("503 page, reset, truncated answer, hang past the timeout: each retried, the call succeeds", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      const tasks = yield* TaskService.TaskService
      yield* sim.injectFault({ path: paths.queryTaskInfo, httpStatus: 503 })
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "reset" })
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "truncate" })
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "hang" })
      const page = yield* tasks.info([taskId])
      assert.deepStrictEqual(
        page.items.map((t) => t.id),
        [taskId]
      )
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [
        [503, "error"],
        [0, "reset"],
        [200, "truncate"],
        [0, "hang"],
        [200, undefined]
      ])
      const span = lastSpan("TaskService.info")
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 5)
      assert.deepStrictEqual(
        span.events.filter((e) => e.name === "rayvision.retry").map((e) => e.attributes?.["rayvision.error"]),
        ["HttpStatusError", "TransportError", "TransportError", "RequestTimeout"]
      )
    }).pipe(
      Effect.provide(direct({ timeout: "300 millis", retry: { times: 4, base: "5 millis", cap: "20 millis" } })),
      observed
    )
  )

  it.live("a call that is not safe to repeat, hanging after the service acted: OutcomeUnknown, one request", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const tasks = yield* TaskService.TaskService
      yield* sim.injectFault({ path: paths.createTask, kind: "hang", acted: true })
      const error = kept(failedWith(yield* Effect.exit(tasks.createTaskIds()), "OutcomeUnknown"))
      assert.strictEqual(error.after, "RequestTimeout")
      assert.deepStrictEqual(yield* codes(paths.createTask), [[200, "hang"]])
    }).pipe(Effect.provide(direct({ timeout: "300 millis", retry: { times: 3 } })), observed)
  )

  it.live("an answer past the size limit: ResponseTooLarge", () =>
    Effect.gen(function* () {
      const user = yield* UserService.UserService
      const error = kept(failedWith(yield* Effect.exit(user.profile()), "ResponseTooLarge"))
      assert.strictEqual(error.limitBytes, 64)
    }).pipe(Effect.provide(direct({ maxResponseBytes: 64 })), observed)
  )

  it.live("a server clock 10 minutes ahead: one 610, the clock corrected, the request sent once more", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      const transport = yield* HttpTransport.HttpTransport
      yield* sim.setClockOffset(10 * 60_000)
      assert.isAbove((yield* user.profile()).userId, 0)
      assert.deepStrictEqual(yield* codes(paths.queryUserProfile), [
        [610, undefined],
        [200, undefined]
      ])
      const offset = yield* transport.clockOffsetMillis
      assert.isTrue(Math.abs(offset - 600_000) < 2_000, `offset ${offset}`)
    }).pipe(Effect.provide(direct()), observed)
  )

  it.live("interrupted while the request hangs: the request is cancelled at once, nothing is sent again", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      yield* sim.injectFault({ path: paths.queryUserProfile, kind: "hang", times: Infinity })
      const fiber = yield* Effect.fork(user.profile())
      while ((yield* codes(paths.queryUserProfile)).length < 1) yield* Effect.sleep(Duration.millis(5))
      const before = cancels
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause))
      // Cancelled by the time the interruption returns, and only once.
      assert.strictEqual(cancels - before, 1)
      // Longer than the timeout and a retry's backoff would take.
      yield* Effect.sleep(Duration.millis(700))
      assert.deepStrictEqual(yield* codes(paths.queryUserProfile), [[0, "hang"]])
    }).pipe(Effect.provide(direct({ timeout: "300 millis", retry: { times: 3, base: "5 millis" } })), observed)
  )

  it("no access key or signature in the spans, logs or errors of these calls", () => {
    const signatures = sent.map((s) => s.headers["signature"]!)
    assert.isAbove(signatures.length, 5)
    assert.isAbove(errors.length, 0)
    const texts = [
      ...logs.lines,
      ...traces.spans.flatMap((s) => [
        s.name,
        ...[...s.attributes].map(([k, v]) => `${k}=${String(v)}`),
        ...s.events.map((e) => `${e.name} ${inspect(e.attributes, { depth: 5 })}`),
        inspect(s.exit, { depth: 10 })
      ]),
      ...errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 10 })}`)
    ].join("\n")
    assert.notInclude(texts, Simulator.demoAccount.accessKey)
    for (const signature of signatures) assert.notInclude(texts, signature)
  })
})
