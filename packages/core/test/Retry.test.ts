import { assert, describe, it } from "@effect/vitest"
import { ApiError, HttpTransport, UserService } from "@rayvision/core"
import { Effect, Exit, Schedule, TestClock } from "effect"
import { paths } from "../../../tests/paths.ts"
import { envelope, failure, success } from "./support.ts"
import type { Recorded, Reply } from "./support.ts"
import { createTaskIds, onTestClock, profile, profileData, run, tasks } from "./transport.ts"

describe("HttpTransport: retries", () => {
  it.live("retries transient failures of an idempotent call, re-signing every attempt", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, i) =>
          i === 0
            ? { _tag: "transportError" }
            : i === 1
              ? envelope(null, 500)
              : i === 2
                ? { _tag: "text", status: 503, body: "busy" }
                : envelope(profileData),
        profile
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 4)
      assert.isTrue(requests.every((r) => r.signatureOk))
      assert.strictEqual(new Set(requests.map((r) => r.headers["nonce"])).size, 4, "a fresh nonce each attempt")
      assert.strictEqual(new Set(requests.map((r) => r.headers["signature"])).size, 4, "a fresh signature each attempt")
    })
  )

  it.live("gives up after the configured number of retries with the last error", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(() => envelope(null, 500), profile, {
        retry: { times: 2, base: "1 millis" }
      })
      assert.strictEqual(failure(exit)._tag, "InternalError")
      assert.strictEqual(requests.length, 3)
    })
  )

  it.live("never repeats a non-idempotent call (createTask, submit)", () =>
    Effect.gen(function* () {
      const create = yield* run(
        () => ({ _tag: "transportError" }),
        Effect.flatMap(tasks, (t) => t.createTaskIds())
      )
      assert.strictEqual(failure(create.exit)._tag, "TransportError")
      assert.strictEqual(create.requests.length, 1)
      const submit = yield* run(
        () => envelope(null, 500),
        Effect.flatMap(tasks, (t) => t.submit({ taskId: 5 }))
      )
      assert.strictEqual(failure(submit.exit)._tag, "InternalError")
      assert.strictEqual(submit.requests.length, 1)
    })
  )

  it.live("a non-idempotent call whose answer is lost fails with OutcomeUnknown, sent once", () =>
    Effect.gen(function* () {
      const create = Effect.flatMap(tasks, (t) => t.createTaskIds())
      const lost: ReadonlyArray<readonly [Reply, string]> = [
        [{ _tag: "reset" }, "TransportError"],
        [{ _tag: "text", status: 502, body: "<html>bad gateway</html>" }, "HttpStatusError"],
        [{ _tag: "text", status: 200, body: '{"code":200,"data":' }, "MalformedResponse"],
        [{ _tag: "json", body: { no: "envelope" } }, "MalformedResponse"]
      ]
      for (const [reply, after] of lost) {
        const { exit, requests } = yield* run(() => reply, create, { retry: { times: 3, base: "1 millis" } })
        const error = failure(exit)
        assert.strictEqual(error._tag, "OutcomeUnknown", after)
        if (error._tag === "OutcomeUnknown") {
          assert.strictEqual(error.after, after)
          assert.strictEqual(error.operation, "TaskService.createTaskIds")
          assert.match(error.message, /outcome unknown .*not repeated/)
        }
        assert.strictEqual(requests.length, 1, after)
      }
      // A refused connection proves nothing was sent: a TransportError, as for any call.
      const refused = yield* run(() => ({ _tag: "transportError" }), create)
      assert.strictEqual(failure(refused.exit)._tag, "TransportError")
      // A 4xx page is a refusal too, and an envelope is an answer: neither is unknown.
      const notFound = yield* run(() => ({ _tag: "text", status: 404, body: "no" }), create)
      assert.strictEqual(failure(notFound.exit)._tag, "HttpStatusError")
      // The same lost answers on an idempotent call keep their own error, and are retried.
      const { exit, requests } = yield* run(() => ({ _tag: "reset" }), profile, {
        retry: { times: 2, base: "1 millis" }
      })
      assert.strictEqual(failure(exit)._tag, "TransportError")
      assert.strictEqual(requests.length, 3)
    })
  )

  it.effect("a non-idempotent call with no answer within the timeout fails with OutcomeUnknown", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* onTestClock(
        run(
          () => ({ _tag: "hang" }),
          Effect.flatMap(tasks, (t) => t.submit({ taskId: 5 })),
          { timeout: "1 second" }
        )
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "OutcomeUnknown")
      if (error._tag === "OutcomeUnknown") assert.strictEqual(error.after, "RequestTimeout")
      assert.strictEqual(requests.length, 1)
    })
  )

  it.live("does not retry deterministic failures", () =>
    Effect.gen(function* () {
      for (const code of [600, 601, 611, 404]) {
        const { requests } = yield* run(() => envelope(null, code), profile)
        assert.strictEqual(requests.length, 1, String(code))
      }
      const { requests } = yield* run(() => ({ _tag: "text", status: 404, body: "no" }), profile)
      assert.strictEqual(requests.length, 1)
    })
  )

  it.live("per-call options override the client's", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(
        () => envelope(null, 500),
        profile.pipe(HttpTransport.withCallOptions({ retry: { times: 0 } }))
      )
      assert.strictEqual(requests.length, 1)
      const more = yield* run(
        () => envelope(null, 500),
        profile.pipe(HttpTransport.withCallOptions({ retry: { times: 5, base: "1 millis" } })),
        { retry: { times: 1 } }
      )
      assert.strictEqual(more.requests.length, 6)
    })
  )
})

describe("HttpTransport: per-call retry as a whole Schedule", () => {
  const busy: Reply = { _tag: "text", status: 503, body: "busy" }
  const withRetry = (retry: NonNullable<HttpTransport.CallOptions["retry"]>) => HttpTransport.withCallOptions({ retry })

  it.live("decides the retries of an idempotent call, in place of the client's settings", () =>
    Effect.gen(function* () {
      // recurs(1): one retry, whatever the client's settings say (5 here, or none).
      for (const times of [5, 0]) {
        const { exit, requests } = yield* run(() => busy, profile.pipe(withRetry(Schedule.recurs(1))), {
          retry: { times }
        })
        const error = failure(exit)
        assert.strictEqual(error._tag === "HttpStatusError" ? error.status : undefined, 503)
        assert.strictEqual(requests.length, 2, `client retry times ${times}`)
      }
      const recovered = yield* run(
        (_, i) => (i < 3 ? busy : envelope(profileData)),
        profile.pipe(withRetry(Schedule.recurs(3))),
        { retry: { times: 0 } }
      )
      assert.strictEqual(success(recovered.exit).userId, profileData.userId)
      assert.strictEqual(recovered.requests.length, 4)
      assert.isTrue(recovered.requests.every((r) => r.signatureOk))
    })
  )

  it.live("retries only transient failures", () =>
    Effect.gen(function* () {
      for (const reply of [
        envelope(null, 404),
        envelope(null, 611),
        { _tag: "text", status: 404, body: "no" } as const
      ]) {
        const { requests } = yield* run(() => reply, profile.pipe(withRetry(Schedule.recurs(3))))
        assert.strictEqual(requests.length, 1, JSON.stringify(reply))
      }
    })
  )

  it.live("never repeats a call that is not safe to repeat", () =>
    Effect.gen(function* () {
      const lost = yield* run(() => busy, createTaskIds.pipe(withRetry(Schedule.recurs(5))))
      const error = failure(lost.exit)
      assert.strictEqual(error._tag === "OutcomeUnknown" ? error.after : error._tag, "HttpStatusError")
      assert.strictEqual(lost.requests.length, 1)
      const refused = yield* run(() => envelope(null, 500), createTaskIds.pipe(withRetry(Schedule.forever)))
      assert.strictEqual(failure(refused.exit)._tag, "InternalError")
      assert.strictEqual(refused.requests.length, 1)
    })
  )

  it.live("nested withCallOptions: settings add to settings, a schedule replaces what was there", () =>
    Effect.gen(function* () {
      const requestsWith = (inner: HttpTransport.CallOptions, outer: HttpTransport.CallOptions) =>
        Effect.map(
          run(() => busy, profile.pipe(HttpTransport.withCallOptions(inner), HttpTransport.withCallOptions(outer)), {
            retry: { times: 1 }
          }),
          ({ requests }) => requests.length
        )
      // The outer times (4) stay when the inner settings name only the delays.
      assert.strictEqual(
        yield* requestsWith({ retry: { cap: "2 millis" } }, { retry: { times: 4, base: "1 millis" } }),
        5
      )
      assert.strictEqual(yield* requestsWith({ retry: { times: 2 } }, { retry: { times: 4 } }), 3)
      // A schedule inside replaces the settings outside, and settings inside replace a schedule.
      assert.strictEqual(yield* requestsWith({ retry: Schedule.recurs(1) }, { retry: { times: 4 } }), 2)
      assert.strictEqual(yield* requestsWith({ retry: { times: 2 } }, { retry: Schedule.recurs(4) }), 3)
      assert.strictEqual(yield* requestsWith({ retry: { base: "1 millis" } }, { retry: Schedule.recurs(4) }), 2)
      // Options without retry keep the schedule in effect.
      assert.strictEqual(yield* requestsWith({ timeout: "30 seconds" }, { retry: Schedule.recurs(2) }), 3)
    })
  )
})

describe("HttpTransport: HTTP 408 and 429 are transient", () => {
  it.live("retried on an idempotent call until the answer; a 404 is not retried", () =>
    Effect.gen(function* () {
      for (const status of [408, 429]) {
        const { exit, requests } = yield* run(
          (_, i) => (i === 0 ? { _tag: "text", status, body: "slow down" } : envelope(profileData)),
          profile
        )
        assert.strictEqual(success(exit).userId, profileData.userId, String(status))
        assert.strictEqual(requests.length, 2, String(status))
      }
      const notFound = yield* run(
        (_, i) => (i === 0 ? { _tag: "text", status: 404, body: "no" } : envelope(profileData)),
        profile
      )
      assert.strictEqual(failure(notFound.exit)._tag, "HttpStatusError")
      assert.strictEqual(notFound.requests.length, 1)
    })
  )

  it.live("a call that is not safe to repeat is refused once: 408 and 429 say the service did not act", () =>
    Effect.gen(function* () {
      for (const status of [408, 429]) {
        const { exit, requests } = yield* run(() => ({ _tag: "text", status, body: "" }), createTaskIds)
        const error = failure(exit)
        assert.strictEqual(error._tag === "HttpStatusError" ? error.status : error._tag, status)
        assert.strictEqual(requests.length, 1)
      }
    })
  )

  it("ApiError.isTransient: exchange failures, 5xx, 408, 429 and the service codes marked transient", () => {
    const path = paths.queryUserProfile
    const status = (code: number) => new ApiError.HttpStatusError({ path, status: code, bodyExcerpt: "" })
    for (const error of [
      new ApiError.TransportError({ path, reason: "reset" }),
      new ApiError.RequestTimeout({ path, timeoutMillis: 1 }),
      new ApiError.ResponseTooLarge({ path, limitBytes: 1 }),
      ...[408, 429, 500, 502, 503, 599].map(status)
    ])
      assert.isTrue(ApiError.isTransient(error), error.message)
    for (const error of [400, 401, 404, 409, 499].map(status))
      assert.isFalse(ApiError.isTransient(error), error.message)
    for (const entry of ApiError.ServiceCodes) {
      const error = ApiError.fromEnvelope({ path, code: entry.code, serverMessage: "" })
      assert.strictEqual(ApiError.isTransient(error), entry.transient, String(entry.code))
    }
    assert.deepStrictEqual(
      ApiError.ServiceCodes.filter((entry) => entry.transient).map((entry) => entry.code),
      [500]
    )
  })
})

describe("HttpTransport: retries on TestClock", () => {
  it.effect("jittered backoff lands on whole milliseconds, so a retried call completes as the test clock moves", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* onTestClock(
        run((_, i) => (i < 2 ? envelope(null, 500) : envelope(profileData)), profile, {
          retry: { times: 3, base: "1 second" }
        })
      )
      assert.isTrue(Exit.isSuccess(exit), String(exit))
      assert.strictEqual(requests.length, 3)
    })
  )
})

describe("HttpTransport: clock skew (610)", () => {
  // The fake server's clock runs one hour ahead and refuses timestamps more than 5 minutes off.
  const skewed = (r: Recorded): Reply => {
    const serverTime = 1_720_000_000_000 + 3_600_000
    return Math.abs(Number(r.headers["utctimestamp"]) * 1000 - serverTime) > 300_000
      ? envelope(null, 610, { serverTime })
      : envelope(r.path.endsWith("createTask") ? { taskIdList: [1] } : profileData, 200, { serverTime })
  }

  it.effect("takes the server's time, re-signs and retries once, even for createTask; later calls use the offset", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_000_000_000)
      const { exit, requests } = yield* run(
        skewed,
        Effect.gen(function* () {
          const t = yield* tasks
          yield* t.createTaskIds()
          yield* Effect.flatMap(UserService.UserService, (u) => u.profile())
          return yield* Effect.flatMap(HttpTransport.HttpTransport, (h) => h.clockOffsetMillis)
        })
      )
      assert.deepStrictEqual(Exit.isSuccess(exit) ? exit.value : undefined, 3_600_000)
      assert.deepStrictEqual(
        requests.map((r) => r.headers["utctimestamp"]),
        ["1720000000", "1720003600", "1720003600"]
      )
      assert.notStrictEqual(requests[0]!.headers["nonce"], requests[1]!.headers["nonce"])
    })
  )

  it.effect("a second 610 is reported, not retried again", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(() => envelope(null, 610, { serverTime: 5 }), profile)
      assert.strictEqual(failure(exit)._tag, "SignatureExpired")
      assert.strictEqual(requests.length, 2)
    })
  )

  it.effect("a 610 without the service's time is reported as it is: nothing to correct the clock with", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(() => envelope(null, 610, { serverTime: null }), profile)
      assert.strictEqual(failure(exit)._tag, "SignatureExpired")
      assert.strictEqual(requests.length, 1)
    })
  )
})

describe("HttpTransport: a refused nonce (603)", () => {
  const created = envelope({ taskIdList: [41], aliasTaskIdList: ["2W41"], userId: 1 })

  it.effect("re-sends once with a fresh nonce and timestamp, re-signed, even for createTask", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_000_000_000)
      const { exit, requests } = yield* run(
        (_, i) => (i === 0 ? envelope(null, 603) : created),
        Effect.flatMap(tasks, (t) => t.createTaskIds()),
        { retry: { times: 0 } }
      )
      assert.deepStrictEqual(success(exit).taskIdList, [41])
      assert.strictEqual(requests.length, 2)
      assert.notStrictEqual(requests[0]!.headers["nonce"], requests[1]!.headers["nonce"])
      assert.notStrictEqual(requests[0]!.headers["signature"], requests[1]!.headers["signature"])
      assert.strictEqual(requests[1]!.bodyText, requests[0]!.bodyText)
      assert.isTrue(requests.every((r) => r.signatureOk))
    })
  )

  it.effect("a second 603 is reported, not re-sent again; nor is a 603 after a 610's re-send", () =>
    Effect.gen(function* () {
      const twice = yield* run(() => envelope(null, 603, { requestId: "R603" }), profile)
      const error = failure(twice.exit)
      assert.strictEqual(error._tag, "IllegalProtocol")
      assert.strictEqual(twice.requests.length, 2)
      const mixed = yield* run(
        (_, i) => (i === 0 ? envelope(null, 610, { serverTime: 5 }) : envelope(null, 603)),
        profile
      )
      assert.strictEqual(failure(mixed.exit)._tag, "IllegalProtocol")
      assert.strictEqual(mixed.requests.length, 2)
    })
  )

  it.live("an idempotent call: a transient failure is retried, and a 603 on the retry re-sent once more", () =>
    Effect.gen(function* () {
      // 500 (retried after the backoff), then 603 (re-sent at once), then the answer.
      const { exit, requests } = yield* run(
        (_, i) => (i === 0 ? envelope(null, 500) : i === 1 ? envelope(null, 603) : envelope(profileData)),
        profile,
        { retry: { times: 1 } }
      )
      assert.strictEqual(success(exit).userId, 10001136)
      assert.strictEqual(requests.length, 3)
      assert.strictEqual(new Set(requests.map((r) => r.headers["nonce"])).size, 3)
    })
  )
})
