import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ApiError, ClientConfig, HttpTransport, Rayvision, TaskService, UserService } from "@rayvision/core"
import { ConfigProvider, Effect, Either, Exit, Fiber, Layer, Option, Redacted, TestClock } from "effect"
import { accessId, accessKey, clientLayer, envelope, failure, makeFake, runFake, success } from "./support.ts"
import type { Recorded, Reply } from "./support.ts"
import * as nonces from "../src/internal/nonce.ts"

const profileData = {
  userId: 10001136,
  userName: "rayvision",
  platform: 2,
  zone: 1,
  cpuPrice: 0.67,
  studentEndTime: null
}

/** Runs `program` against a fake service answering with `reply`; returns the exit and the requests. */
const run = <A>(
  reply: (request: Recorded, index: number) => Reply,
  program: Effect.Effect<
    A,
    ApiError.ApiError,
    UserService.UserService | TaskService.TaskService | HttpTransport.HttpTransport
  >,
  options: Parameters<typeof clientLayer>[1] = {}
) => runFake(reply, program, options)

const profile = Effect.flatMap(UserService.UserService, (u) => u.profile())
const tasks = TaskService.TaskService

describe("HttpTransport: requests as the spec builds them", () => {
  it.effect("sends the spec's headers, signs them with the body, and decodes the answer", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_656_005_123)
      const { exit, requests } = yield* run(() => envelope(profileData), profile)
      assert.isTrue(Exit.isSuccess(exit))
      const user = Exit.isSuccess(exit) ? exit.value : undefined
      assert.strictEqual(user?.userId, 10001136)
      assert.strictEqual(user?.userName, "rayvision")
      assert.strictEqual(user?.studentEndTime, undefined, "null decodes to an absent field")
      assert.strictEqual(requests.length, 1)
      const r = requests[0]!
      assert.strictEqual(r.url.toString(), "https://task.renderbus.com/api/render/setUp/queryUserProfile")
      assert.strictEqual(r.headers["accessid"], accessId)
      assert.strictEqual(r.headers["channel"], "4")
      assert.strictEqual(r.headers["platform"], "2")
      assert.strictEqual(r.headers["utctimestamp"], "1720656005")
      assert.match(r.headers["nonce"]!, /^[1-9]\d{5}$/)
      assert.strictEqual(r.headers["version"], "2.0.0")
      assert.strictEqual(r.headers["content-type"], "application/json")
      assert.strictEqual(r.headers["languageflag"], "0")
      assert.match(r.headers["signature"]!, /^[A-Za-z0-9+/]{43}=$/)
      assert.strictEqual(r.bodyText, "{}")
      assert.isTrue(r.signatureOk)
      // The names as an adapter writes them: the official client's spelling.
      assert.deepStrictEqual(Object.keys(r.wireHeaders).sort(), [
        "Content-Type",
        "UTCTimestamp",
        "accessId",
        "channel",
        "content-length",
        "languageFlag",
        "nonce",
        "platform",
        "signature",
        "version"
      ])
    })
  )

  it.effect("sets languageFlag 1 for a domain without 'renderbus' and signs the configured domain with its port", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(() => envelope(profileData), profile, {
        domain: "127.0.0.1:8123",
        protocol: "http"
      })
      assert.strictEqual(requests[0]!.url.toString(), "http://127.0.0.1:8123/api/render/setUp/queryUserProfile")
      assert.strictEqual(requests[0]!.headers["languageflag"], "1")
      assert.isTrue(requests[0]!.signatureOk)
    })
  )

  it.effect("a capitalised domain is used lowercased: signed as the Host header names it, Renderbus in any case", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* runFake(
        () => envelope(profileData),
        Effect.zip(profile, ClientConfig.ClientConfig),
        { domain: "Task.RenderBus.COM:443" }
      )
      const [, config] = success(exit)
      assert.strictEqual(config.domain, "task.renderbus.com", "lowercase, the default port dropped")
      assert.strictEqual(config.baseUrl, "https://task.renderbus.com")
      assert.deepStrictEqual([config.zone, config.language, config.languageFlag], [1, 0, "0"])
      assert.strictEqual(requests[0]!.url.host, "task.renderbus.com")
      assert.strictEqual(requests[0]!.wireHeaders["languageFlag"], "0")
      assert.isTrue(requests[0]!.signatureOk)
    })
  )

  it.effect("sends extra headers with the spelling they are signed with", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(() => envelope(profileData), profile, {
        headers: { "X-Studio": "north", "x-shot": "sh010" }
      })
      const r = requests[0]!
      assert.strictEqual(r.headers["x-studio"], "north")
      assert.strictEqual(r.wireHeaders["X-Studio"], "north")
      assert.strictEqual(r.wireHeaders["x-shot"], "sh010")
      assert.strictEqual(r.wireHeaders["UTCTimestamp"], r.headers["utctimestamp"])
      // The fake builds its string to sign from the names it received, "X-Studio" included.
      assert.isTrue(r.signatureOk)
    })
  )

  it.effect("writes each endpoint's body with the spec's field names and types", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(
        (r) =>
          envelope(
            r.path.endsWith("createTask")
              ? { taskIdList: [19097], aliasTaskIdList: ["2W19097"], userId: 1 }
              : r.path.includes("getTaskList") || r.path.includes("queryTaskInfo")
                ? { pageCount: 0, pageNum: 1, total: 0, size: 10, items: [] }
                : null
          ),
        Effect.gen(function* () {
          const t = yield* tasks
          const u = yield* UserService.UserService
          yield* t.createTaskIds({ count: 2, labels: ["测试"], outUserId: 0, artist: "ann" })
          yield* t.createTaskIds()
          yield* t.submit({ taskId: 19097, producer: "bob" })
          yield* t.stop([1, 2])
          yield* t.start([1])
          yield* t.abandon([3])
          yield* t.delete([4])
          yield* t.fullSpeed([5])
          yield* t.updatePriority({ taskId: 6, taskUserLevel: 60 })
          yield* t.setOvertimeStop({ taskIds: [485], overTime: 1800 })
          yield* t.listPage({
            pageSize: 10,
            statusList: [0, 5],
            searchKeyword: "shot",
            recycleFlag: 0,
            startTime: "2024-01-01 00:00:00"
          })
          yield* t.info([7])
          yield* u.updateSettings({ taskOverTimeSec: 3600 })
        })
      )
      const bodies = requests.map((r) => [r.path, r.bodyText] as const)
      assert.deepStrictEqual(bodies, [
        [
          "/api/render/submit/createTask",
          '{"count": 2, "taskUserLevel": 50, "outUserId": 0, "labels": ["\\u6d4b\\u8bd5"], "artist": "ann"}'
        ],
        ["/api/render/submit/createTask", '{"count": 1, "taskUserLevel": 50}'],
        ["/api/render/submit/task", '{"taskId": 19097, "producer": "bob"}'],
        ["/api/rendering/task/renderingTask/stopTask", '{"taskIds": [1, 2]}'],
        ["/api/rendering/task/renderingTask/startTask", '{"taskIds": [1]}'],
        ["/api/render/handle/abandonTask", '{"taskIds": [3]}'],
        ["/api/render/handle/deleteTask", '{"taskIds": [4]}'],
        ["/api/render/handle/fullSpeedRendering", '{"taskIds": [5]}'],
        ["/api/rendering/task/renderingTask/updateTaskUserLevel", '{"taskId": 6, "taskUserLevel": 60}'],
        ["/api/render/handle/setTaskOverTimeStop", '{"taskIds": [485], "overTime": 1800}'],
        [
          "/api/render/handle/getTaskList/v2",
          '{"pageNum": 1, "pageSize": 10, "statusList": [0, 5], "searchKeyword": "shot", "startTime": "2024-01-01 00:00:00", "recycleFlag": 0}'
        ],
        ["/api/render/handle/queryTaskInfo/v2", '{"taskIds": [7]}'],
        ["/api/render/setUp/updateUserSetting", '{"taskOverTimeSec": 3600}']
      ])
      assert.isTrue(requests.every((r) => r.signatureOk))
    })
  )
})

describe("HttpTransport: bad input is refused before anything is sent", () => {
  const cases: ReadonlyArray<
    readonly [
      string,
      Effect.Effect<unknown, ApiError.ApiError, TaskService.TaskService | UserService.UserService>,
      string,
      RegExp
    ]
  > = [
    ["an empty id list", Effect.flatMap(tasks, (t) => t.stop([])), "taskIds", /at least one task id/],
    ["a fractional id", Effect.flatMap(tasks, (t) => t.abandon([1, 2.5])), "taskIds.1", /integer/],
    ["a negative id", Effect.flatMap(tasks, (t) => t.delete([-3])), "taskIds.0", /positive integer id/],
    ["page size 0", Effect.flatMap(tasks, (t) => t.listPage({ pageSize: 0 })), "pageSize", /1 or more/],
    [
      "a malformed time filter",
      Effect.flatMap(tasks, (t) => t.listPage({ startTime: "yesterday" })),
      "startTime",
      /yyyy-MM-dd HH:mm:ss/
    ],
    [
      "recycleFlag 2",
      Effect.flatMap(tasks, (t) => t.listPage({ recycleFlag: 2 as 1 })),
      "recycleFlag",
      /must be 0 \(the normal list\) or 1/
    ],
    ["count 0", Effect.flatMap(tasks, (t) => t.createTaskIds({ count: 0 })), "count", /from 1 to 1000/],
    [
      "a misspelt field",
      Effect.flatMap(tasks, (t) => t.submit({ taskId: 1, produce: "x" } as never)),
      "produce",
      /unexpected/i
    ],
    [
      "NaN seconds",
      Effect.flatMap(UserService.UserService, (u) => u.updateSettings({ taskOverTimeSec: NaN })),
      "taskOverTimeSec",
      /NaN|integer|number/i
    ],
    ["a string id", Effect.flatMap(tasks, (t) => t.info(["12"] as never)), "taskIds.0", /number/]
  ]
  for (const [name, program, field, issue] of cases) {
    it.effect(name, () =>
      Effect.gen(function* () {
        const { exit, requests } = yield* run(() => envelope(null), program)
        const error = failure(exit)
        assert.strictEqual(error._tag, "InvalidRequest")
        if (error._tag !== "InvalidRequest") return
        assert.strictEqual(error.field, field)
        assert.match(error.issue, issue)
        assert.match(error.message, /nothing was sent/)
        assert.strictEqual(requests.length, 0)
      })
    )
  }
})

describe("HttpTransport: answers become typed errors", () => {
  for (const [code, Class] of Object.entries(ApiError.ServiceErrorByCode)) {
    it.effect(`code ${code} -> ${Class.name}`, () =>
      Effect.gen(function* () {
        const { exit, requests } = yield* run(
          () => envelope(null, Number(code), { message: "msg", requestId: "RID-9" }),
          profile,
          { retry: { times: 0 } }
        )
        const error = failure(exit)
        assert.strictEqual(error.constructor, Class)
        if (!("code" in error)) return assert.fail("not a service error")
        assert.strictEqual(error.code, Number(code))
        assert.strictEqual(error.path, "/api/render/setUp/queryUserProfile")
        assert.strictEqual(error.requestId, "RID-9")
        assert.strictEqual(error.serverMessage, "msg")
        assert.include(error.message, "RID-9")
        // 610 (clock corrected) and 603 (nonce refused) are re-sent once; all others are answered once here.
        assert.strictEqual(requests.length, Number(code) === 610 || Number(code) === 603 ? 2 : 1)
      })
    )
  }

  it.effect("an unknown code -> UnknownApiError with the code", () =>
    Effect.gen(function* () {
      const error = failure((yield* run(() => envelope(null, 999), profile)).exit)
      assert.strictEqual(error._tag, "UnknownApiError")
      if (error._tag === "UnknownApiError") assert.strictEqual(error.code, 999)
    })
  )

  it.effect("HTTP 502 with an HTML page -> HttpStatusError with a bounded excerpt", () =>
    Effect.gen(function* () {
      const html = `<html><body>${"Bad gateway ".repeat(200)}</body></html>`
      const { exit, requests } = yield* run(() => ({ _tag: "text", status: 502, body: html }), profile, {
        retry: { times: 0 }
      })
      const error = failure(exit)
      assert.strictEqual(error._tag, "HttpStatusError")
      if (error._tag !== "HttpStatusError") return
      assert.strictEqual(error.status, 502)
      assert.isAtMost(error.bodyExcerpt.length, 513)
      assert.isTrue(error.bodyExcerpt.startsWith("<html>"))
      assert.strictEqual(requests.length, 1)
    })
  )

  it.effect("a body that is not JSON, or not an envelope -> MalformedResponse", () =>
    Effect.gen(function* () {
      for (const [body, reason] of [
        ["<html>oops</html>", "the body is not JSON"],
        ["", "the body is not JSON"],
        ['{"data": 1}', "the envelope has no integer code"],
        ['{"code": "2OO", "data": {}}', "the envelope has no integer code"],
        ['{"code": null, "data": {}}', "the envelope has no integer code"],
        ["[1,2]", "the body is not a JSON object"],
        ["null", "the body is not a JSON object"],
        ['{"code": 200.5}', "the envelope has no integer code"]
      ] as const) {
        const error = failure((yield* run(() => ({ _tag: "text", status: 200, body }), profile)).exit)
        assert.strictEqual(error._tag, "MalformedResponse", body)
        if (error._tag === "MalformedResponse") assert.strictEqual(error.reason, reason, body)
      }
    })
  )

  it.effect("only code decides: an integer string code, a null message, a string serverTime, a number requestId", () =>
    Effect.gen(function* () {
      const answer = (fields: Record<string, unknown>): Reply => ({
        _tag: "json",
        body: { code: 200, message: "success", data: profileData, serverTime: 1, requestId: "r", ...fields }
      })
      for (const fields of [
        { code: "200" },
        { message: null },
        { serverTime: "1700000000000" },
        { requestId: 12345 },
        { message: 5, serverTime: null, requestId: null },
        { message: undefined, serverTime: undefined, requestId: undefined, result: "yes", version: 2 }
      ]) {
        const { exit } = yield* run(() => answer(fields), profile)
        assert.strictEqual(success(exit).userId, 10001136, JSON.stringify(fields))
      }
      // A non-idempotent call too: no OutcomeUnknown for any of these.
      const created = yield* run(
        () => answer({ code: "200", message: null, requestId: 7, data: { taskIdList: [3] } }),
        Effect.flatMap(tasks, (t) => t.createTaskIds())
      )
      assert.deepStrictEqual(success(created.exit).taskIdList, [3])
      // An error code as text, with the tolerated fields kept when usable.
      const error = failure(
        (yield* run(() => answer({ code: "604", message: null, requestId: 42, serverTime: "99" }), profile)).exit
      )
      assert.strictEqual(error._tag, "ValidateCodeError")
      if (error._tag !== "ValidateCodeError") return
      assert.deepStrictEqual([error.code, error.serverMessage, error.requestId, error.serverTime], [604, "", "42", 99])
    })
  )

  it.effect("data of the wrong shape -> ResponseDecodeError naming the first mismatch", () =>
    Effect.gen(function* () {
      const error = failure(
        (yield* run(() => envelope({ userId: "not a number" }, 200, { requestId: "R2" }), profile)).exit
      )
      assert.strictEqual(error._tag, "ResponseDecodeError")
      if (error._tag !== "ResponseDecodeError") return
      assert.strictEqual(error.field, "userId")
      assert.strictEqual(error.requestId, "R2")
      const nested = failure(
        (yield* run(
          () =>
            envelope({
              pageCount: 1,
              pageNum: 1,
              total: 1,
              size: 1,
              items: [{ id: 1, respRenderingTaskList: [{ id: "x" }] }]
            }),
          Effect.flatMap(tasks, (t) => t.info([1]))
        )).exit
      )
      assert.strictEqual(
        nested._tag === "ResponseDecodeError" ? nested.field : "",
        "items.0.respRenderingTaskList.0.id"
      )
    })
  )

  it.effect("tolerates extra fields and nulls in data", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () =>
          envelope({
            pageCount: 1,
            pageNum: 1,
            total: 1,
            size: 1,
            items: [
              {
                id: 9,
                taskStatus: 5,
                brandNewField: [1],
                sceneName: null,
                respRenderingTaskList: [{ id: 10, layerName: "beauty" }]
              }
            ]
          }),
        Effect.flatMap(tasks, (t) => t.info([9]))
      )
      assert.isTrue(Exit.isSuccess(exit))
      if (!Exit.isSuccess(exit)) return
      const task = exit.value.items[0]!
      assert.strictEqual(task.taskStatus, 5)
      assert.strictEqual(task.sceneName, undefined)
      assert.strictEqual(task.respRenderingTaskList?.[0]?.layerName, "beauty")
    })
  )

  it.effect("a failed connection -> TransportError", () =>
    Effect.gen(function* () {
      const error = failure((yield* run(() => ({ _tag: "transportError" }), profile, { retry: { times: 0 } })).exit)
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag === "TransportError") assert.match(error.reason, /ECONNREFUSED/)
    })
  )

  it.effect("a connection the runtime did not permit -> TransportError, even for createTask (nothing was sent)", () =>
    Effect.gen(function* () {
      const error = failure(
        (yield* run(
          () => ({ _tag: "notPermitted" }),
          Effect.flatMap(tasks, (t) => t.createTaskIds())
        )).exit
      )
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag === "TransportError") assert.match(error.reason, /--allow-sys/)
    })
  )

  it.effect("no answer within the timeout -> RequestTimeout", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(
        run(() => ({ _tag: "hang" }), profile, { timeout: "2 seconds", retry: { times: 0 } })
      )
      // The request may start (and its timeout begin) only after a first adjustment: move the
      // clock in small steps until the call ends, and check it ended at the 2 s timeout.
      let done = yield* Fiber.poll(fiber)
      for (let step = 0; step < 600 && Option.isNone(done); step++) {
        yield* TestClock.adjust("100 millis")
        done = yield* Fiber.poll(fiber)
      }
      const { exit } = yield* Fiber.join(fiber)
      const error = failure(exit)
      assert.strictEqual(error._tag, "RequestTimeout")
      if (error._tag === "RequestTimeout") assert.strictEqual(error.timeoutMillis, 2000)
    })
  )
})

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
      const fiber = yield* Effect.fork(
        run(
          () => ({ _tag: "hang" }),
          Effect.flatMap(tasks, (t) => t.submit({ taskId: 5 })),
          { timeout: "1 second" }
        )
      )
      let done = yield* Fiber.poll(fiber)
      for (let step = 0; step < 300 && Option.isNone(done); step++) {
        yield* TestClock.adjust("100 millis")
        done = yield* Fiber.poll(fiber)
      }
      const { exit, requests } = yield* Fiber.join(fiber)
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

describe("HttpTransport: retries on TestClock", () => {
  it.effect("jittered backoff lands on whole milliseconds, so a retried call completes as the test clock moves", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(
        run((_, i) => (i < 2 ? envelope(null, 500) : envelope(profileData)), profile, {
          retry: { times: 3, base: "1 second" }
        })
      )
      let done = yield* Fiber.poll(fiber)
      for (let step = 0; step < 600 && Option.isNone(done); step++) {
        yield* TestClock.adjust("100 millis")
        done = yield* Fiber.poll(fiber)
      }
      const { exit, requests } = yield* Fiber.join(fiber)
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

describe("configuration", () => {
  const build = (options: Partial<Parameters<typeof Rayvision.layer>[0]>) =>
    Effect.gen(function* () {
      const fake = yield* makeFake(() => envelope(profileData))
      return yield* Effect.exit(Effect.provide(profile, clientLayer(fake, options)))
    })

  it.effect("refuses plain http to a host that is not loopback, unless opted in", () =>
    Effect.gen(function* () {
      const refused = yield* build({ domain: "task.renderbus.com", protocol: "http" })
      assert.isTrue(Exit.isFailure(refused))
      assert.match(String(Exit.isFailure(refused) ? refused.cause : ""), /plain http/)
      for (const domain of ["127.0.0.1:9000", "localhost", "[::1]:80", "127.8.9.10"]) {
        assert.isTrue(Exit.isSuccess(yield* build({ domain, protocol: "http" })), domain)
      }
      assert.isTrue(Exit.isSuccess(yield* build({ domain: "farm.example", protocol: "http", allowInsecureHttp: true })))
    })
  )

  it.effect("refuses a domain with a protocol or path, a bad platform, and reserved extra headers", () =>
    Effect.gen(function* () {
      for (const options of [
        { domain: "https://task.renderbus.com" },
        { domain: "task.renderbus.com/api" },
        { platform: "two" },
        { headers: { signature: "x" } },
        { headers: { nonce: "1" } },
        { headers: { UTCTIMESTAMP: "1" } },
        { headers: { Host: "elsewhere" } },
        { headers: { "Content-Length": "5" } },
        { accessId: " " },
        { timeout: 0 }
      ]) {
        const exit = yield* build(options)
        assert.isTrue(Exit.isFailure(exit), JSON.stringify(options))
      }
    })
  )

  it.effect(
    "refuses extra headers that could not be sent as signed: names twice, values a server reads otherwise",
    () =>
      Effect.gen(function* () {
        for (const [options, text] of [
          [{ headers: { "X-Studio": "a", "x-studio": "b" } }, /"x-studio" is given twice/],
          [{ headers: { "X-Studio": "north " } }, /printable ASCII without leading or trailing spaces/],
          [{ headers: { "X-Studio": " north" } }, /printable ASCII/],
          [{ headers: { "X-Studio": "a\r\nInjected: 1" } }, /printable ASCII/],
          [{ headers: { "X-Studio": "北" } }, /printable ASCII/],
          [{ accessId: "AK\u00e9" }, /access id must be printable ASCII/]
        ] as const) {
          const exit = yield* build(options)
          assert.isTrue(Exit.isFailure(exit), JSON.stringify(options))
          assert.match(String(Exit.isFailure(exit) ? exit.cause : ""), text)
        }
        assert.isTrue(Exit.isSuccess(yield* build({ headers: { "X-Studio": "", "X-Shot": "sh 010" } })))
      })
  )

  it("resolves the domain to the Host header's form and decides the region from it in any case", () => {
    const resolved = (domain: string, protocol: "https" | "http" = "https") => {
      const result = ClientConfig.resolve({ accessId: "AK", domain, protocol })
      if (Either.isLeft(result)) throw new Error(String(result.left))
      return result.right
    }
    assert.strictEqual(resolved("TASK.FoxRenderfarm.com").domain, "task.foxrenderfarm.com")
    assert.strictEqual(resolved("task.renderbus.com:8443").domain, "task.renderbus.com:8443")
    assert.strictEqual(resolved("LOCALHOST:80", "http").domain, "localhost")
    assert.strictEqual(resolved("[0:0:0:0:0:0:0:1]:9000", "http").domain, "[::1]:9000")
    for (const [domain, region] of [
      ["task.renderbus.com", { renderbus: true, zone: 1, language: 0, languageFlag: "0" }],
      ["TASK.RENDERBUS.COM", { renderbus: true, zone: 1, language: 0, languageFlag: "0" }],
      ["task.foxrenderfarm.com", { renderbus: false, zone: 2, language: 1, languageFlag: "1" }],
      ["127.0.0.1:8080", { renderbus: false, zone: 2, language: 1, languageFlag: "1" }]
    ] as const) {
      assert.deepStrictEqual(ClientConfig.regionOf(domain), region, domain)
      const { renderbus, zone, language, languageFlag } = resolved(domain)
      assert.deepStrictEqual({ renderbus, zone, language, languageFlag }, region, domain)
    }
  })

  it.effect("layerConfig reads the Python SDK's variables and names a missing one", () =>
    Effect.gen(function* () {
      const fake = yield* makeFake(() => envelope(profileData))
      const withEnv = (env: Record<string, string>) =>
        Effect.exit(
          Effect.provide(
            profile,
            Rayvision.layerConfig().pipe(
              Layer.provide(Layer.succeed(HttpClient.HttpClient, fake.client)),
              Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
            )
          )
        )
      const missingKey = yield* withEnv({ RAYVISION_API_ACCESS_ID: accessId })
      assert.match(String(Exit.isFailure(missingKey) ? missingKey.cause : ""), /RAYVISION_API_KEY/)
      const missingId = yield* withEnv({ RAYVISION_API_KEY: accessKey })
      assert.match(String(Exit.isFailure(missingId) ? missingId.cause : ""), /RAYVISION_API_ACCESS_ID/)
      const ok = yield* withEnv({
        RAYVISION_API_ACCESS_ID: accessId,
        RAYVISION_API_KEY: accessKey,
        RAYVISION_DOMAIN: "farm.example:8443",
        RAYVISION_PLATFORM: "21"
      })
      assert.isTrue(Exit.isSuccess(ok))
      const sent = yield* fake.requests
      assert.strictEqual(sent[0]!.url.host, "farm.example:8443")
      assert.strictEqual(sent[0]!.headers["platform"], "21")
      assert.isTrue(sent[0]!.signatureOk)
    })
  )

  it("keeps the access key redacted in options", () => {
    const key = Redacted.make(accessKey)
    assert.notInclude(String(key), accessKey)
    assert.notInclude(JSON.stringify({ key }), accessKey)
  })
})

describe("HttpTransport: nonces", () => {
  it.effect("never repeats a nonce within its window, even over many calls at one instant", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(() => envelope(profileData), Effect.repeatN(profile, 2999))
      const nonces = requests.map((r) => r.headers["nonce"]!)
      assert.strictEqual(nonces.length, 3000)
      assert.strictEqual(new Set(nonces).size, 3000)
      assert.isTrue(nonces.every((n) => Number(n) >= 100000 && Number(n) <= 999998))
    })
  )

  it.effect("a client busier than the nonce space allows keeps drawing: the last 300,000 are distinct", () =>
    Effect.gen(function* () {
      // 400,000 calls within the 20-minute retention would need more than the 900,000 values
      // with a linear probe; the generator forgets the oldest past 300,000 and never stalls.
      const next = nonces.make()
      const drawn: Array<string> = []
      for (let i = 0; i < 400_000; i++) drawn.push(yield* next(1_000_000 + i))
      assert.strictEqual(new Set(drawn.slice(-300_000)).size, 300_000)
    })
  )
})
