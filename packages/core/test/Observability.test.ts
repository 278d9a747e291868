import { assert, describe, it } from "@effect/vitest"
import { ApiError, HttpTransport, Metrics, TaskService, UserService } from "@rayvision/core"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Chunk, Clock, Duration, Effect, Exit, Fiber, FiberRef, Metric, MetricState, Option, TestClock } from "effect"
import { inspect } from "node:util"
import { accessId, accessKey, clientLayer, envelope, recordingTracer, runFake } from "./support.ts"
import type { Recorded, RecordedSpan, Reply } from "./support.ts"

const PROFILE = UserService.endpoints.profile.path
const SETTINGS = UserService.endpoints.settings.path
const TASK_INFO = TaskService.endpoints.info.path
const STOP = TaskService.endpoints.stop.path

const profileData = { userId: 10001136, userName: "rayvision", platform: 2 }
const settingsData = { taskOverTime: 12 }
const taskPage = { pageCount: 1, pageNum: 1, total: 0, size: 0, items: [] }

const profile = Effect.flatMap(UserService.UserService, (u) => u.profile())
const settings = Effect.flatMap(UserService.UserService, (u) => u.settings())
const tasks = TaskService.TaskService

type Services = UserService.UserService | TaskService.TaskService

/** Runs `program` against a fake service answering with `reply`, with a recording tracer. */
const observed = <A>(
  reply: (request: Recorded, index: number) => Reply,
  program: Effect.Effect<A, ApiError.ApiError, Services>,
  options: Parameters<typeof clientLayer>[1] = {}
) => runFake(reply, program, options)

const only = (spans: ReadonlyArray<RecordedSpan>, name: string): RecordedSpan => {
  const found = spans.filter((s) => s.name === name)
  assert.strictEqual(found.length, 1, `one span named ${name}`)
  return found[0]!
}

/**
 * Runs `effect` on the test clock, moving the clock only to the earliest pending sleep within a
 * minute, exactly; otherwise real time passes (signing is asynchronous: WebCrypto) and the
 * clock stands still, so durations come out exact. The test clock keeps the sleeps of finished
 * timeouts: the tests give the client a timeout beyond that minute, so those are never chosen.
 */
const onTestClock = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    while (Option.isNone(yield* Fiber.poll(fiber))) {
      const now = yield* Clock.currentTimeMillis
      const due = Chunk.filter(yield* TestClock.sleeps(), (at) => at <= now + 60_000)
      if (Chunk.isNonEmpty(due)) yield* TestClock.setTime(Math.min(...due))
      else yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
    }
    return yield* Fiber.join(fiber)
  })

const NO_TIMEOUT = { timeout: "1 day" } as const

const eventNames = (span: RecordedSpan) => span.events.map((e) => e.name)

/** The events of a call that made three attempts: each attempt, a retry between two. */
const THREE_ATTEMPTS = [
  "rayvision.attempt",
  "rayvision.retry",
  "rayvision.attempt",
  "rayvision.retry",
  "rayvision.attempt"
]

const attributes = (span: RecordedSpan) => Object.fromEntries(span.attributes)

/** Answers with `replies` in turn (the last one from then on). */
const sequence =
  (...replies: ReadonlyArray<Reply>) =>
  (_: Recorded, index: number): Reply =>
    replies[Math.min(index, replies.length - 1)]!

// The metrics live in Effect's global registry: tests read differences, before and after.
const counter = (metric: Metric.Metric.Counter<number>, tags: Record<string, string>) =>
  Metric.value(Object.entries(tags).reduce((m, [key, value]) => Metric.tagged(m, key, value), metric)).pipe(
    Effect.map((state) => state.count)
  )
const histogram = (operation: string) =>
  Metric.value(Metric.tagged(Metrics.callDuration, Metrics.OperationTag, operation))
const bucket = (state: MetricState.MetricState.Histogram, boundary: number) =>
  state.buckets.find(([b]) => b === boundary)![1]

describe("spans of API calls", () => {
  it.effect("a successful call: one client span named after the method, its path, platform, code and attempt", () =>
    Effect.gen(function* () {
      const { exit, spans } = yield* observed(() => envelope(profileData), profile)
      assert.isTrue(Exit.isSuccess(exit))
      const span = only(spans, "UserService.profile")
      assert.deepStrictEqual(attributes(span), {
        "rayvision.path": PROFILE,
        "rayvision.platform": "2",
        "rayvision.code": 200,
        "rayvision.attempts": 1
      })
      assert.deepStrictEqual(span.events, [
        {
          name: "rayvision.attempt",
          attributes: { "rayvision.attempt": 1, "rayvision.code": 200, "rayvision.duration_ms": 0 }
        }
      ])
      // The span ends with the outcome, not the answer's data (an exporter keeping it keeps no data).
      assert.isTrue(span.exit !== undefined && Exit.isSuccess(span.exit))
      assert.isTrue(Exit.isSuccess(exit) && exit.value !== undefined)
      assert.strictEqual(Exit.isSuccess(span.exit!) ? span.exit.value : "failed", undefined)
      assert.strictEqual(span.parent, undefined)
    })
  )

  it.effect("the task ids a call is about are an attribute", () =>
    Effect.gen(function* () {
      const { spans } = yield* observed(
        () => envelope(taskPage),
        Effect.flatMap(tasks, (t) => t.info([7, 8, 9]))
      )
      const span = only(spans, "TaskService.info")
      assert.strictEqual(span.attributes.get("rayvision.task_ids"), "7,8,9")
      assert.strictEqual(span.attributes.get("rayvision.path"), TASK_INFO)
    })
  )

  it.live("a retried call: attempts counted, each failed attempt and each retry (error, delay) an event", () =>
    Effect.gen(function* () {
      const { exit, requests, spans } = yield* observed(
        sequence({ _tag: "transportError" }, envelope(null, 500), envelope(profileData)),
        profile
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 3)
      const span = only(spans, "UserService.profile")
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 3)
      assert.strictEqual(span.attributes.get("rayvision.code"), 200)
      assert.deepStrictEqual(eventNames(span), THREE_ATTEMPTS)
      const [first, retry1, second, retry2, third] = span.events.map((e) => e.attributes!)
      assert.include(first, {
        "rayvision.attempt": 1,
        "rayvision.code": "TransportError",
        "rayvision.error": "TransportError"
      })
      assert.include(retry1, {
        "rayvision.attempt": 1,
        "rayvision.code": "TransportError",
        "rayvision.error": "TransportError"
      })
      assert.include(second, { "rayvision.attempt": 2, "rayvision.code": 500, "rayvision.error": "InternalError" })
      assert.include(retry2, { "rayvision.attempt": 2, "rayvision.code": 500, "rayvision.error": "InternalError" })
      assert.include(third, { "rayvision.attempt": 3, "rayvision.code": 200 })
      assert.notProperty(third, "rayvision.error")
      // The client's retry settings in clientLayer: base 1 ms, each delay capped at 4 ms.
      for (const retry of [retry1!, retry2!]) {
        const delay = retry["rayvision.retry_delay_ms"]
        assert.isNumber(delay)
        assert.isAtLeast(delay as number, 0)
        assert.isAtMost(delay as number, 4)
      }
    })
  )

  it.live("a call that runs out of retries: the last error's code, every attempt an event", () =>
    Effect.gen(function* () {
      const { exit, spans } = yield* observed(() => envelope(null, 500), profile, {
        retry: { times: 2, base: "1 millis", cap: "4 millis" }
      })
      assert.isTrue(Exit.isFailure(exit))
      const span = only(spans, "UserService.profile")
      assert.strictEqual(span.attributes.get("rayvision.code"), 500)
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 3)
      assert.deepStrictEqual(eventNames(span), THREE_ATTEMPTS)
      assert.isTrue(span.exit !== undefined && Exit.isFailure(span.exit))
      // A failed call's span keeps the typed failure.
      assert.deepStrictEqual(span.exit, exit)
    })
  )

  it.effect("a failed call: the service code, one attempt, no retry (deterministic error, or not idempotent)", () =>
    Effect.gen(function* () {
      const notFound = yield* observed(() => envelope(null, 404), settings)
      const span = only(notFound.spans, "UserService.settings")
      assert.strictEqual(span.attributes.get("rayvision.code"), 404)
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 1)
      assert.deepStrictEqual(span.events, [
        {
          name: "rayvision.attempt",
          attributes: {
            "rayvision.attempt": 1,
            "rayvision.code": 404,
            "rayvision.duration_ms": 0,
            "rayvision.error": "ResourceNotFound"
          }
        }
      ])

      const create = yield* observed(
        () => envelope(null, 500),
        Effect.flatMap(tasks, (t) => t.createTaskIds())
      )
      const createSpan = only(create.spans, "TaskService.createTaskIds")
      assert.strictEqual(create.requests.length, 1)
      assert.strictEqual(createSpan.attributes.get("rayvision.code"), 500)
      assert.strictEqual(createSpan.attributes.get("rayvision.attempts"), 1)
      assert.deepStrictEqual(eventNames(createSpan), ["rayvision.attempt"])
    })
  )

  it.effect("client-side failures carry their error tag as the code: timeout, transport, HTTP status", () =>
    Effect.gen(function* () {
      const hung = yield* onTestClock(
        observed(() => ({ _tag: "hang" }), profile, { timeout: "3 seconds", retry: { times: 0 } })
      )
      const timedOut = only(hung.spans, "UserService.profile")
      assert.strictEqual(timedOut.attributes.get("rayvision.code"), "RequestTimeout")
      assert.deepStrictEqual(timedOut.events[0]?.attributes, {
        "rayvision.attempt": 1,
        "rayvision.code": "RequestTimeout",
        "rayvision.duration_ms": 3000,
        "rayvision.error": "RequestTimeout"
      })

      const refused = yield* observed(() => ({ _tag: "transportError" }), profile, { retry: { times: 0 } })
      assert.strictEqual(only(refused.spans, "UserService.profile").attributes.get("rayvision.code"), "TransportError")

      const badGateway = yield* observed(() => ({ _tag: "text", status: 502, body: "<html/>" }), profile, {
        retry: { times: 0 }
      })
      assert.strictEqual(
        only(badGateway.spans, "UserService.profile").attributes.get("rayvision.code"),
        "HttpStatusError"
      )
    })
  )

  it.effect("InvalidRequest: the span has code 'InvalidRequest', no attempt, no event; nothing is sent", () =>
    Effect.gen(function* () {
      const { exit, requests, spans } = yield* observed(
        () => envelope(null),
        Effect.flatMap(tasks, (t) => t.stop([]))
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(requests.length, 0)
      const span = only(spans, "TaskService.stop")
      assert.strictEqual(span.attributes.get("rayvision.code"), "InvalidRequest")
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 0)
      assert.strictEqual(span.attributes.get("rayvision.path"), STOP)
      assert.deepStrictEqual(span.events, [])
    })
  )

  it.effect("a clock correction (610) is an event, and the re-signed request a re-send, then a second attempt", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_000_000_000)
      const { exit, spans } = yield* observed(
        sequence(envelope(null, 610, { serverTime: 1_720_003_600_000 }), envelope(profileData)),
        profile
      )
      assert.isTrue(Exit.isSuccess(exit))
      const span = only(spans, "UserService.profile")
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 2)
      assert.deepStrictEqual(eventNames(span), [
        "rayvision.attempt",
        "rayvision.clock_corrected",
        "rayvision.resend",
        "rayvision.attempt"
      ])
      assert.deepStrictEqual(span.events[1]!.attributes, {
        "rayvision.attempt": 1,
        "rayvision.clock_offset_ms": 3_600_000
      })
      assert.deepStrictEqual(span.events[2]!.attributes, { "rayvision.attempt": 1, "rayvision.code": 610 })
      assert.strictEqual(span.events[0]!.attributes!["rayvision.error"], "SignatureExpired")
    })
  )

  it.effect("a refused nonce (603) is a re-send event, and the re-signed request a second attempt", () =>
    Effect.gen(function* () {
      const resent = counter(Metrics.resends, { operation: "TaskService.createTaskIds", code: "603" })
      const before = yield* resent
      const { exit, requests, spans } = yield* observed(
        sequence(envelope(null, 603), envelope({ taskIdList: [7], aliasTaskIdList: ["2W7"], userId: 1 })),
        Effect.flatMap(tasks, (t) => t.createTaskIds())
      )
      assert.isTrue(Exit.isSuccess(exit), String(exit))
      assert.strictEqual(requests.length, 2)
      const span = only(spans, "TaskService.createTaskIds")
      assert.strictEqual(span.attributes.get("rayvision.attempts"), 2)
      assert.strictEqual(span.attributes.get("rayvision.code"), 200)
      assert.deepStrictEqual(eventNames(span), ["rayvision.attempt", "rayvision.resend", "rayvision.attempt"])
      assert.deepStrictEqual(span.events[1]!.attributes, { "rayvision.attempt": 1, "rayvision.code": 603 })
      assert.strictEqual(span.events[0]!.attributes!["rayvision.error"], "IllegalProtocol")
      assert.strictEqual((yield* resent) - before, 1)
    })
  )

  it.effect("the calls of a workflow are children of its span", () =>
    Effect.gen(function* () {
      const { spans } = yield* observed(
        (r) => envelope(r.path === PROFILE ? profileData : settingsData),
        Effect.flatMap(UserService.UserService, (u) => u.userInfo())
      )
      const workflow = only(spans, "UserService.userInfo")
      assert.strictEqual(workflow.parent, undefined)
      for (const name of ["UserService.profile", "UserService.settings"])
        assert.strictEqual(only(spans, name).parent, "UserService.userInfo")
    })
  )
})

describe("a caller's HttpClient, while a call sends through it", () => {
  // What the fake client sees on its fiber as it sends, and what the caller's fiber has after.
  const settingsOf = (fiber: { getFiberRef: <A>(ref: FiberRef.FiberRef<A>) => A }) => ({
    propagation: fiber.getFiberRef(HttpClient.currentTracerPropagation),
    disabledWhen: fiber.getFiberRef(HttpClient.currentTracerDisabledWhen),
    redacted: fiber.getFiberRef(Headers.currentRedactedNames),
    names: fiber.getFiberRef(HttpTransport.currentHeaderNames),
    limit: fiber.getFiberRef(HttpTransport.currentMaxResponseBytes)
  })
  const currentSettings: Effect.Effect<ReturnType<typeof settingsOf>> = Effect.withFiberRuntime((fiber) =>
    Effect.succeed(settingsOf(fiber))
  )

  const sendsAsTheTransportSays = (timeout: Duration.DurationInput) =>
    Effect.gen(function* () {
      const { spans, tracer } = recordingTracer()
      const seen: Array<ReturnType<typeof settingsOf> & { readonly headers: ReadonlyArray<string> }> = []
      const answers = [envelope(profileData), envelope(null, 500)]
      const client = HttpClient.make((request, _url, _signal, fiber) =>
        Effect.sync(() => {
          seen.push({ ...settingsOf(fiber), headers: Object.keys(request.headers) })
          const reply = answers[seen.length - 1] as { readonly body: unknown }
          return HttpClientResponse.fromWeb(request, new Response(JSON.stringify(reply.body)))
        })
      )
      const fake = { client, requests: Effect.succeed([]) }
      const options = { headers: { "X-Studio": "s1" }, maxResponseBytes: 4096, retry: { times: 0 }, timeout }
      const program = Effect.gen(function* () {
        const before = yield* currentSettings
        const succeeded = yield* Effect.exit(profile)
        const afterSuccess = yield* currentSettings
        const failed = yield* Effect.exit(profile)
        return { before, succeeded, afterSuccess, failed, afterFailure: yield* currentSettings }
      })
      const run = yield* program.pipe(Effect.provide(clientLayer(fake, options)), Effect.withTracer(tracer))
      assert.isTrue(Exit.isSuccess(run.succeeded))
      assert.isTrue(Exit.isFailure(run.failed))
      assert.strictEqual(seen.length, 2)
      for (const sending of seen) {
        assert.isFalse(sending.propagation)
        assert.isTrue(sending.disabledWhen(HttpClientRequest.get("http://127.0.0.1/")))
        assert.include(sending.redacted, "signature")
        assert.strictEqual(sending.names.get("x-studio"), "X-Studio")
        assert.strictEqual(sending.limit, 4096)
        assert.notInclude(sending.headers, "traceparent")
        assert.notInclude(sending.headers, "b3")
      }
      assert.deepStrictEqual(
        spans.map((s) => s.name),
        ["UserService.profile", "UserService.profile"]
      )
      // The caller's fiber has its own settings back, after a success and after a failure.
      assert.deepStrictEqual(run.afterSuccess, run.before)
      assert.deepStrictEqual(run.afterFailure, run.before)
      assert.isTrue(run.before.propagation)
      assert.notInclude(run.before.redacted, "signature")
    })

  // The attempt runs in a fiber of its own on the live clock (its settings set there), within
  // `Effect.timeoutFail` on the test clock, and in the caller's fiber with no timeout.
  it.live("no platform span, no trace header, the signature redacted; the caller's settings kept", () =>
    sendsAsTheTransportSays("1 minute")
  )
  it.effect("the same on the test clock", () => sendsAsTheTransportSays("1 minute"))
  it.live("the same with no timeout", () => sendsAsTheTransportSays(Duration.infinity))
})

describe("metrics of API calls", () => {
  it.effect("calls, errors by code, retries and durations after a sequence of calls", () =>
    Effect.gen(function* () {
      const read = Effect.all({
        profileCalls: counter(Metrics.calls, { operation: "UserService.profile", path: PROFILE }),
        settingsCalls: counter(Metrics.calls, { operation: "UserService.settings", path: SETTINGS }),
        stopCalls: counter(Metrics.calls, { operation: "TaskService.stop", path: STOP }),
        infoCalls: counter(Metrics.calls, { operation: "TaskService.info", path: TASK_INFO }),
        settings611: counter(Metrics.callErrors, { operation: "UserService.settings", code: "611" }),
        stopInvalid: counter(Metrics.callErrors, { operation: "TaskService.stop", code: "InvalidRequest" }),
        infoTimeout: counter(Metrics.callErrors, { operation: "TaskService.info", code: "RequestTimeout" }),
        profileErrors500: counter(Metrics.callErrors, { operation: "UserService.profile", code: "500" }),
        profileErrorsTransport: counter(Metrics.callErrors, {
          operation: "UserService.profile",
          code: "TransportError"
        }),
        profileRetries: counter(Metrics.retries, { operation: "UserService.profile" }),
        infoRetries: counter(Metrics.retries, { operation: "TaskService.info" }),
        profileCorrections: counter(Metrics.clockCorrections, { operation: "UserService.profile" }),
        profileDuration: histogram("UserService.profile"),
        stopDuration: histogram("TaskService.stop"),
        infoDuration: histogram("TaskService.info")
      })
      const before = yield* read

      yield* TestClock.setTime(1_720_000_000_000)
      const reply = (r: Recorded, index: number): Reply => {
        switch (r.path) {
          case PROFILE:
            // 1st request: a transport error (retried); 3rd: a 610 (clock corrected); else ok.
            return index === 0
              ? { _tag: "transportError" }
              : index === 2
                ? envelope(null, 610, { serverTime: 1_720_000_000_000 })
                : envelope(profileData)
          case SETTINGS:
            return envelope(null, 611)
          default:
            return { _tag: "hang" }
        }
      }
      const program = Effect.gen(function* () {
        const t = yield* tasks
        yield* profile // 2 requests: a transport error, then the answer
        yield* profile // 2 requests: a 610, then the answer
        yield* profile // 1 request
        yield* Effect.exit(settings) // 611, not retried
        yield* Effect.exit(t.stop([])) // refused, nothing sent
        // No answer: times out after 3 s (retries off for this call).
        yield* Effect.exit(
          t.info([1]).pipe(HttpTransport.withCallOptions({ retry: { times: 0 }, timeout: "3 seconds" }))
        )
      })
      const { requests } = yield* onTestClock(observed(reply, program, NO_TIMEOUT))
      const after = yield* read

      const delta = (key: Exclude<keyof typeof before, `${string}Duration`>) => after[key] - before[key]
      assert.strictEqual(delta("profileCalls"), 3)
      assert.strictEqual(delta("settingsCalls"), 1)
      assert.strictEqual(delta("stopCalls"), 1, "a refused call is still a call")
      assert.strictEqual(delta("infoCalls"), 1)
      assert.strictEqual(delta("settings611"), 1)
      assert.strictEqual(delta("stopInvalid"), 1)
      assert.strictEqual(delta("infoTimeout"), 1)
      assert.strictEqual(delta("profileErrors500"), 0)
      assert.strictEqual(delta("profileErrorsTransport"), 0, "a failure retried into a success is no error")
      assert.strictEqual(delta("profileRetries"), 2, "one retry, one re-send after the clock correction")
      assert.strictEqual(delta("infoRetries"), 0)
      assert.strictEqual(delta("profileCorrections"), 1)
      assert.strictEqual(requests.length, 7)

      // Durations: the profile calls took no (test clock) time, the info call its 3 s timeout.
      assert.strictEqual(after.profileDuration.count - before.profileDuration.count, 3)
      assert.strictEqual(bucket(after.profileDuration, 5) - bucket(before.profileDuration, 5), 3)
      assert.strictEqual(after.stopDuration.count - before.stopDuration.count, 0, "nothing sent, nothing timed")
      assert.strictEqual(after.infoDuration.count - before.infoDuration.count, 1)
      assert.strictEqual(after.infoDuration.sum - before.infoDuration.sum, 3000)
      assert.strictEqual(bucket(after.infoDuration, 2_500) - bucket(before.infoDuration, 2_500), 0)
      assert.strictEqual(bucket(after.infoDuration, 5_000) - bucket(before.infoDuration, 5_000), 1)
      assert.deepStrictEqual(
        after.infoDuration.buckets.map(([b]) => b),
        [...Metrics.durationBoundariesMillis, Number.POSITIVE_INFINITY]
      )
    })
  )

  it.effect("the metrics are in the registry's snapshot under their names, with only the documented tags", () =>
    Effect.gen(function* () {
      yield* onTestClock(observed(() => envelope(null, 500), profile, { ...NO_TIMEOUT, retry: { times: 1 } }))
      const pairs = (yield* Metric.snapshot).filter((p) => p.metricKey.name.startsWith("rayvision_"))
      const tagKeys = new Map<string, Set<string>>()
      for (const p of pairs) {
        const keys = tagKeys.get(p.metricKey.name) ?? new Set()
        for (const tag of p.metricKey.tags) keys.add(tag.key)
        tagKeys.set(p.metricKey.name, keys)
      }
      assert.deepStrictEqual(Object.fromEntries([...tagKeys].map(([name, keys]) => [name, [...keys].sort()])), {
        rayvision_calls_total: ["operation", "path"],
        rayvision_call_errors_total: ["code", "operation"],
        rayvision_retries_total: ["operation"],
        rayvision_call_duration_ms: ["operation"],
        ...(tagKeys.has("rayvision_clock_corrections_total")
          ? { rayvision_clock_corrections_total: ["operation"] }
          : {}),
        ...(tagKeys.has("rayvision_resends_total") ? { rayvision_resends_total: ["code", "operation"] } : {})
      })
    })
  )
})

describe("no secret in spans, events or metrics", () => {
  it.live("neither the key nor a signature (nor the access id, in metrics) appears anywhere", () =>
    Effect.gen(function* () {
      const reply = (r: Recorded, index: number): Reply => {
        switch (r.path) {
          case PROFILE:
            return index === 0 ? { _tag: "transportError" } : envelope(profileData)
          case SETTINGS:
            return envelope(null, 611, { message: "signature_invalid" })
          case TASK_INFO:
            return index < 4 ? envelope(null, 610, { serverTime: 1 }) : envelope({ wrong: true })
          default:
            return envelope(null, 500)
        }
      }
      const { requests, spans } = yield* observed(
        reply,
        Effect.gen(function* () {
          const t = yield* tasks
          yield* profile
          for (const call of [settings, t.info([1]), t.stop([]), t.stop([5]), t.createTaskIds()])
            yield* Effect.exit(call)
        }),
        { retry: { times: 2, base: "1 millis", cap: "4 millis" } }
      )
      const signatures = requests.map((r) => r.headers["signature"]!)
      assert.isAtLeast(signatures.length, 8)
      assert.isTrue(spans.some((s) => s.events.some((e) => e.name === "rayvision.retry")))
      assert.isTrue(spans.some((s) => s.events.some((e) => e.name === "rayvision.clock_corrected")))

      const spanTexts = spans.flatMap((s) => [
        s.name,
        ...[...s.attributes].map(([k, v]) => `${k}=${String(v)}`),
        ...s.events.map((e) => `${e.name} ${JSON.stringify(e.attributes)}`),
        s.exit === undefined ? "" : inspect(s.exit, { depth: 10 })
      ])
      const metricTexts = (yield* Metric.snapshot)
        .filter((p) => p.metricKey.name.startsWith("rayvision_"))
        .map((p) =>
          [
            p.metricKey.name,
            p.metricKey.description ?? "",
            ...p.metricKey.tags.map((t) => `${t.key}=${t.value}`),
            inspect(p.metricState, { depth: 5 })
          ].join(" ")
        )
      assert.isAtLeast(metricTexts.length, 10)
      const texts = [...spanTexts, ...metricTexts]
      assert.notInclude(texts.join("\n"), accessKey)
      for (const signature of signatures)
        assert.deepStrictEqual(
          texts.filter((t) => t.includes(signature)),
          []
        )
      // The access id is not secret, but it identifies the account: it stays out of metric tags.
      assert.notInclude(metricTexts.join("\n"), accessId)
      // No nonce is a span attribute.
      const attributeValues = new Set(spans.flatMap((s) => [...s.attributes.values()].map(String)))
      for (const r of requests) assert.isFalse(attributeValues.has(r.headers["nonce"]!))
    })
  )
})
