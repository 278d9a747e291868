/**
 * UserService's record queries of the official client 3.0.3.23 (docs/protocol.md 4.1.5, 4.1.6):
 * against the simulator (the wire body, the records of task operations and of logins, filters and
 * paging streams), and against answers of other shapes (the service's answer is undocumented, so
 * it is read leniently: unknown fields kept, paging fields optional, `null` read as empty).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import { Rayvision, User, UserService } from "@rayvision/core"
import { Chunk, Effect, Layer, Stream, TestClock } from "effect"
import {
  callsTo,
  demoOptions,
  failureOf,
  inProcess,
  lastBody,
  overSocket,
  raw,
  refused,
  withTasks,
  withUser
} from "../support.ts"
import { paths } from "../paths.ts"

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) => Effect.map(Stream.runCollect(stream), Chunk.toArray)

/** 2024-07-11 08:00:00 in the service's zone (UTC+8). */
const T0 = 1_720_656_000_000

/** Reserves and submits `count` tasks; their ids. */
const submitted = (count: number) =>
  withTasks((t) =>
    Effect.tap(
      Effect.map(t.createTaskIds({ count }), (c) => c.taskIdList),
      (ids) => Effect.forEach(ids, (taskId) => t.submit({ taskId }))
    )
  )

describe("UserService.taskRecordsPage", () => {
  it.effect('sends every field as the Python SDK does (platform from the configuration, dates "")', () =>
    Effect.gen(function* () {
      const page = yield* withUser((u) => u.taskRecordsPage())
      assert.strictEqual(
        yield* lastBody(paths.taskRecord),
        '{"platform": 2, "pageNum": 1, "pageSize": 10, "startDate": "", "endDate": ""}'
      )
      assert.deepStrictEqual(page.items, [])
      assert.strictEqual(page.total, 0)
      yield* withUser((u) =>
        u.taskRecordsPage({
          platform: 3,
          pageNum: 2,
          pageSize: 5,
          startDate: "2024-07-11 08:00:00",
          endDate: "2024-07-12 08:00:00"
        })
      )
      assert.strictEqual(
        yield* lastBody(paths.taskRecord),
        '{"platform": 3, "pageNum": 2, "pageSize": 5, "startDate": "2024-07-11 08:00:00", "endDate": "2024-07-12 08:00:00"}'
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("lists the operations on tasks, newest first, with the simulator's fields", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const [a, b] = (yield* submitted(2)) as [number, number]
      yield* withTasks((t) => t.updateTaskLimit({ taskId: a, taskLimit: 2 }))
      yield* withTasks((t) => t.stop([a, b]))
      const page = yield* withUser((u) => u.taskRecordsPage({ pageSize: 100 }))
      assert.deepStrictEqual(
        page.items.map((r) => [r.taskId, r.operateType, r.operateContent]),
        [
          [b, "stop", ""],
          [a, "stop", ""],
          [a, "limit", "taskLimit 2"],
          [b, "submit", ""],
          [a, "submit", ""]
        ]
      )
      const last = page.items[0]!
      assert.strictEqual(last.operateTime, T0)
      assert.strictEqual(last.userName, "rayvision_demo")
      assert.strictEqual(last.platform, 2)
      assert.strictEqual(last.taskAlias, `2W${b}`)
      assert.deepStrictEqual([page.pageNum, page.pageCount, page.total, page.size], [1, 1, 5, 100])
      const none = yield* withUser((u) => u.taskRecordsPage({ startDate: "2024-07-11 08:00:01" }))
      assert.deepStrictEqual(none.items, [])
      const elsewhere = yield* withUser((u) => u.taskRecordsPage({ platform: 3 }))
      assert.deepStrictEqual(elsewhere.items, [])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("bad input is an InvalidRequest naming the field, nothing sent; sent anyway, the service refuses it", () =>
    Effect.gen(function* () {
      const bad = [
        [{ platform: 0 }, "platform"],
        [{ platform: 2.5 }, "platform"],
        [{ pageNum: 0 }, "pageNum"],
        [{ pageSize: 0 }, "pageSize"],
        [{ pageSize: 1.5 }, "pageSize"],
        [{ startDate: "2024-07-11" }, "startDate"],
        [{ endDate: " " }, "endDate"],
        [{ endDate: "2024-07-11T08:00:00Z" }, "endDate"]
      ] as const
      for (const [input, field] of bad) {
        yield* refused(
          withUser((u) => u.taskRecordsPage(input)),
          paths.taskRecord,
          field
        )
      }
      assert.lengthOf(yield* callsTo(paths.taskRecord), 0)
      const missing = yield* failureOf(raw(paths.taskRecord, { pageNum: 1, pageSize: 10 }))
      assert.strictEqual(missing._tag, "ParameterCantBeEmpty")
      const date = yield* failureOf(raw(paths.taskRecord, { platform: 2, pageNum: 1, pageSize: 10, startDate: "x" }))
      assert.strictEqual(date._tag, "ParameterInvalid")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a platform that is not a number in the configuration is refused before sending", () =>
    Effect.gen(function* () {
      yield* refused(
        withUser((u) => u.taskRecordsPage()),
        paths.taskRecord,
        "platform"
      )
    }).pipe(Effect.provide(inProcess({}, { platform: "0" })))
  )
})

describe("UserService.taskRecords (stream)", () => {
  it.effect("reads every page up to the last one announced, never an extra request", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(7)
      const records = yield* collect(
        Effect.flatMap(UserService.UserService, (u) => Effect.succeed(u.taskRecords({ pageSize: 3 }))).pipe(
          Stream.unwrap
        )
      )
      assert.deepStrictEqual(
        records.map((r) => r.taskId),
        [...ids].reverse()
      )
      const sent = yield* callsTo(paths.taskRecord)
      assert.deepStrictEqual(
        sent.map((c) => JSON.parse(c.bodyText).pageNum),
        [1, 2, 3]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a bad look-ahead or filter fails the stream with InvalidRequest before anything is sent", () =>
    Effect.gen(function* () {
      const service = yield* UserService.UserService
      const lookAhead = yield* failureOf(collect(service.taskRecords({ lookAhead: -1 })))
      assert.strictEqual(lookAhead._tag, "InvalidRequest")
      const date = yield* failureOf(collect(service.loginRecords({ startDate: "today" })))
      assert.strictEqual(date._tag, "InvalidRequest")
      assert.lengthOf(yield* callsTo(paths.taskRecord), 0)
      assert.lengthOf(yield* callsTo(paths.loginRecord), 0)
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("UserService.loginRecordsPage", () => {
  it.effect("each profile read (the official client's login, and userInfo) is a login record", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      assert.deepStrictEqual((yield* withUser((u) => u.loginRecordsPage())).items, [])
      assert.strictEqual(
        yield* lastBody(paths.loginRecord),
        '{"pageNum": 1, "pageSize": 10, "startDate": "", "endDate": ""}'
      )
      yield* withUser((u) => u.profile())
      yield* TestClock.adjust("1 minute")
      yield* withUser((u) => u.userInfo())
      yield* withUser((u) => u.settings())
      const page = yield* withUser((u) => u.loginRecordsPage())
      assert.deepStrictEqual(
        page.items.map((r) => [r.id, r.loginTime, r.userName, r.platform, r.channel]),
        [
          [2, T0 + 60_000, "rayvision_demo", 2, 4],
          [1, T0, "rayvision_demo", 2, 4]
        ]
      )
      const first = yield* withUser((u) => u.loginRecordsPage({ endDate: "2024-07-11 08:00:59" }))
      assert.deepStrictEqual(
        first.items.map((r) => r.id),
        [1]
      )
      const all = yield* collect(
        Stream.unwrap(Effect.map(UserService.UserService, (u) => u.loginRecords({ pageSize: 1, lookAhead: 1 })))
      )
      assert.deepStrictEqual(
        all.map((r) => r.id),
        [2, 1]
      )
      yield* refused(
        withUser((u) => u.loginRecordsPage({ pageSize: -1 })),
        paths.loginRecord,
        "pageSize"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

// ---------------------------------------------------------------------------------------------
// Answers of other shapes: a client whose HttpClient answers with a chosen `data`
// ---------------------------------------------------------------------------------------------

/** A client whose HttpClient answers each request with `answer(pageNum)` as `data` (or an error code). */
const answering = (answer: (pageNum: number) => { readonly data?: unknown; readonly code?: number }) => {
  const sent: Array<number> = []
  const client = HttpClient.make((request) =>
    Effect.sync(() => {
      const body = request.body
      const text = body._tag === "Uint8Array" ? new TextDecoder().decode(body.body) : "{}"
      const pageNum = (JSON.parse(text) as { pageNum: number }).pageNum
      sent.push(pageNum)
      const { code = 200, data = null } = answer(pageNum)
      const envelope = { code, message: code === 200 ? "success" : "no more", result: code === 200, data }
      return HttpClientResponse.fromWeb(request, new Response(JSON.stringify(envelope), { status: 200 }))
    })
  )
  const layer = Rayvision.layer(demoOptions("task.renderbus.com")).pipe(
    Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
  )
  return { sent, layer }
}

describe("records of an undocumented shape are read leniently", () => {
  it.effect("unknown fields are kept, null fields are absent, numbers may come as strings", () => {
    const { layer } = answering(() => ({
      data: {
        pageNum: 1,
        total: 1,
        items: [
          { taskId: "2433370", operateType: 3, operateTime: "2025-07-01 10:00:00", remark: null, ip: "10.0.0.1" }
        ],
        current: 1
      }
    }))
    return Effect.gen(function* () {
      const page = yield* withUser((u) => u.taskRecordsPage())
      const record: User.TaskRecord = page.items[0]!
      assert.strictEqual(record.taskId, "2433370")
      assert.strictEqual(record.operateType, 3)
      assert.strictEqual(record.operateTime, "2025-07-01 10:00:00")
      assert.strictEqual(record["ip"], "10.0.0.1")
      assert.strictEqual(record["remark"], null, "an unknown field is kept as it came")
      assert.strictEqual(page["current"], 1)
      assert.isUndefined(page.pageCount)
    }).pipe(Effect.provide(layer))
  })

  it.effect(
    "a null answer or null items are an empty page; a known field of the wrong type is a ResponseDecodeError",
    () => {
      let data: unknown = null
      const { layer } = answering(() => ({ data }))
      return Effect.gen(function* () {
        assert.deepStrictEqual((yield* withUser((u) => u.loginRecordsPage())).items, [])
        data = { items: null, records: [{ id: 1 }] }
        const page = yield* withUser((u) => u.loginRecordsPage())
        assert.deepStrictEqual(page.items, [])
        assert.deepStrictEqual(page["records"], [{ id: 1 }])
        data = { items: [{ userName: 7 }] }
        const error = yield* failureOf(withUser((u) => u.loginRecordsPage()))
        assert.strictEqual(error._tag, "ResponseDecodeError")
      }).pipe(Effect.provide(layer))
    }
  )

  it.effect("without a page count or total, the stream stops at a short page", () => {
    const { layer, sent } = answering((pageNum) => ({
      data: { items: pageNum < 3 ? [{ id: pageNum * 10 }, { id: pageNum * 10 + 1 }] : [{ id: 30 }] }
    }))
    return Effect.gen(function* () {
      const service = yield* UserService.UserService
      const records = yield* collect(service.loginRecords({ pageSize: 2, lookAhead: 5 }))
      assert.deepStrictEqual(
        records.map((r) => r.id),
        [10, 11, 20, 21, 30]
      )
      assert.deepStrictEqual(sent, [1, 2, 3], "no look-ahead without an announced count, no extra request")
    }).pipe(Effect.provide(layer))
  })

  it.effect("a 700 (no more records) ends the stream; on a single page it is an error", () => {
    const { layer, sent } = answering((pageNum) =>
      pageNum === 1 ? { data: { items: [{ id: 1 }, { id: 2 }] } } : { code: 700 }
    )
    return Effect.gen(function* () {
      const service = yield* UserService.UserService
      const records = yield* collect(service.taskRecords({ pageSize: 2 }))
      assert.deepStrictEqual(
        records.map((r) => r.id),
        [1, 2]
      )
      assert.deepStrictEqual(sent, [1, 2])
      const error = yield* failureOf(service.taskRecordsPage({ pageNum: 2, pageSize: 2 }))
      assert.strictEqual(error._tag, "NoMoreRecords")
    }).pipe(Effect.provide(layer))
  })
})

describe("UserService records over a socket", () => {
  it.live("a login and a task operation, read back over HTTP on 127.0.0.1", () =>
    Effect.gen(function* () {
      yield* withUser((u) => u.profile())
      const [id] = (yield* submitted(1)) as [number]
      const logins = yield* withUser((u) => u.loginRecordsPage())
      assert.strictEqual(logins.items.length, 1)
      const records = yield* withUser((u) => u.taskRecordsPage())
      assert.deepStrictEqual(
        records.items.map((r) => [r.taskId, r.operateType]),
        [[id, "submit"]]
      )
    }).pipe(Effect.provide(overSocket()))
  )
})
