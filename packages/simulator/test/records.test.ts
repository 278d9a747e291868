/**
 * The endpoints of the official client 3.0.3.23 (docs/protocol.md 4.1.5, 4.1.6, 4.2.10): a task's
 * node limit (`updateTaskLimit`) and how the farm honours it, and the operation and login records
 * (`taskRecord`, `loginRecord`), against the protocol itself: requests signed by hand, on TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { demoAccount } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { MAX_RECORDS, type SimLoginRecord, type SimTaskRecord } from "../src/internal/records.ts"
import { row, submitted, T0 } from "./farmHelpers.ts"
import { accounts, type Created, invalid, missing, notFound, ok, other, type Page, type Sign } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

const ms = (seconds: number) => seconds * 1000

const taskRecords = (sim: Service, body: Record<string, unknown> = {}, extra: Partial<Sign> = {}) =>
  ok<Page<SimTaskRecord>>(sim, {
    ...extra,
    path: paths.taskRecord,
    body: { platform: 2, pageNum: 1, pageSize: 100, startDate: "", endDate: "", ...body }
  })

const loginRecords = (sim: Service, body: Record<string, unknown> = {}, extra: Partial<Sign> = {}) =>
  ok<Page<SimLoginRecord>>(sim, {
    ...extra,
    path: paths.loginRecord,
    body: { pageNum: 1, pageSize: 100, startDate: "", endDate: "", ...body }
  })

describe("updateTaskLimit", () => {
  it.effect("renders at most taskLimit frames at once, shown as taskLimit; full speed does not override it", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ farm: { framesPerTask: 8, queueSeconds: 5, frameSeconds: 60, nodes: 4 } })
      const [id] = (yield* submitted(sim, 1)) as [number]
      assert.strictEqual((yield* row(sim, id))["taskLimit"], 4)
      assert.isNull(yield* ok(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: 2 } }))
      assert.strictEqual((yield* row(sim, id))["taskLimit"], 2)
      yield* TestClock.adjust(ms(5))
      assert.strictEqual((yield* row(sim, id))["executingFrames"], 2)
      // Raised while rendering: the freed nodes start waiting frames at once.
      yield* ok(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: 6 } })
      assert.strictEqual((yield* row(sim, id))["executingFrames"], 6)
      // Lowered: the running frames finish their run, then 1 at a time.
      yield* ok(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: 1 } })
      assert.strictEqual((yield* row(sim, id))["executingFrames"], 6)
      yield* ok(sim, { path: paths.fullSpeedRendering, body: { taskIds: [id] } })
      yield* TestClock.adjust(ms(60))
      const after = yield* row(sim, id)
      assert.strictEqual(after["executingFrames"], 1)
      assert.strictEqual(after["taskLimit"], 1)
      // Setting the same limit again changes nothing.
      yield* ok(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: 1 } })
      assert.deepStrictEqual(yield* row(sim, id), after)
    })
  )

  it.effect("applies to a parent's layer children; reserved tasks take it too", () =>
    Effect.gen(function* () {
      const sim = yield* make({ farm: { layers: ["a", "b"], nodes: 4 } })
      const [parent] = (yield* submitted(sim, 1)) as [number]
      yield* ok(sim, { path: paths.updateTaskLimit, body: { taskId: parent, taskLimit: 3 } })
      const tasks = yield* sim.tasks(demoAccount.accessId)
      const family = tasks.filter((t) => t.id === parent || t.layerParentId === parent)
      assert.strictEqual(family.length, 3)
      for (const t of family) assert.strictEqual(t.taskLimit, 3)
      const created = yield* ok<Created>(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50 } })
      const reserved = created.taskIdList[0]!
      yield* ok(sim, { path: paths.updateTaskLimit, body: { taskId: reserved, taskLimit: 7 } })
      assert.strictEqual((yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === reserved)?.taskLimit, 7)
    })
  )

  it.effect("validation: both ints required, taskLimit 1 or more; unknown or foreign ids 404", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const [id] = (yield* submitted(sim, 1)) as [number]
      const [theirs] = (yield* submitted(sim, 1, other)) as [number]
      yield* missing(sim, { path: paths.updateTaskLimit, body: { taskId: id } })
      yield* missing(sim, { path: paths.updateTaskLimit, body: { taskLimit: 2 } })
      yield* invalid(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: 0 } })
      yield* invalid(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: -1 } })
      yield* invalid(sim, { path: paths.updateTaskLimit, bodyText: `{"taskId": ${id}, "taskLimit": 2.0}` })
      yield* invalid(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: "2" } })
      yield* invalid(sim, { path: paths.updateTaskLimit, body: { taskId: id, taskLimit: null } })
      yield* notFound(sim, { path: paths.updateTaskLimit, body: { taskId: theirs, taskLimit: 2 } })
      yield* notFound(sim, { path: paths.updateTaskLimit, body: { taskId: 1, taskLimit: 2 } })
      assert.isUndefined((yield* sim.tasks(other.accessId)).find((t) => t.id === theirs)?.taskLimit)
      assert.isUndefined((yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === id)?.taskLimit)
    })
  )
})

describe("taskRecord", () => {
  it.effect("one record per task and successful operation, newest first, with what was done", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ accounts, farm: { queueSeconds: 3600 } })
      const [a, b] = (yield* submitted(sim, 2)) as [number, number]
      yield* TestClock.adjust(ms(1))
      yield* ok(sim, { path: paths.stopTask, body: { taskIds: [a, b, a] } })
      yield* ok(sim, { path: paths.startTask, body: { taskIds: [a] } })
      yield* ok(sim, { path: paths.updateTaskUserLevel, body: { taskId: b, taskUserLevel: 60 } })
      yield* ok(sim, { path: paths.updateTaskLimit, body: { taskId: b, taskLimit: 2 } })
      yield* ok(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [a], overTime: 3600 } })
      yield* ok(sim, { path: paths.fullSpeedRendering, body: { taskIds: [a] } })
      yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [b] } })
      yield* ok(sim, { path: paths.deleteTask, body: { taskIds: [b] } })
      // Failures make no record.
      yield* notFound(sim, { path: paths.stopTask, body: { taskIds: [a, 1] } })
      yield* invalid(sim, { path: paths.submitTask, body: { taskId: a } })
      // Another account's operations are its own.
      yield* submitted(sim, 1, other)
      const page = yield* taskRecords(sim)
      const made = page.items.map((r) => [r.taskId, r.operateType, r.operateContent])
      assert.deepStrictEqual(made, [
        [b, "delete", ""],
        [b, "abandon", ""],
        [a, "fullSpeed", ""],
        [a, "overtime", "overTime 3600"],
        [b, "limit", "taskLimit 2"],
        [b, "priority", "taskUserLevel 60"],
        [a, "start", ""],
        [b, "stop", ""],
        [a, "stop", ""],
        [b, "submit", ""],
        [a, "submit", ""]
      ])
      assert.deepStrictEqual(
        page.items.map((r) => r.id),
        [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
      )
      assert.deepStrictEqual(
        { pageCount: page.pageCount, pageNum: page.pageNum, total: page.total, size: page.size },
        { pageCount: 1, pageNum: 1, total: 11, size: 100 }
      )
      const first = page.items[10]!
      const task = (yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === a)!
      assert.deepStrictEqual(first, {
        id: 1,
        taskId: a,
        taskAlias: task.taskAlias,
        operateType: "submit",
        operateContent: "",
        operateTime: T0,
        userId: task.userId,
        userName: "demo",
        platform: 2
      })
      assert.strictEqual(page.items[0]!.operateTime, T0 + ms(1))
      const theirs = yield* taskRecords(sim, {}, other)
      assert.deepStrictEqual(
        theirs.items.map((r) => [r.operateType, r.userName]),
        [["submit", "other"]]
      )
    })
  )

  it.effect('pages, the date range (inclusive, service zone, "" = open) and the platform filter', () =>
    Effect.gen(function* () {
      // T0 is 2024-07-11 08:00:00 in the service's zone (UTC+8).
      yield* TestClock.setTime(T0)
      const sim = yield* make({ farm: { queueSeconds: 3600 } })
      const created = yield* ok<Created>(sim, { path: paths.createTask, body: { count: 5, taskUserLevel: 50 } })
      for (const taskId of created.taskIdList) {
        yield* ok(sim, { path: paths.updateTaskUserLevel, body: { taskId, taskUserLevel: 1 } })
        yield* TestClock.adjust(ms(60))
      }
      // On platform 3: a record of its own.
      yield* ok(sim, {
        path: paths.updateTaskUserLevel,
        platform: "3",
        body: { taskId: created.taskIdList[0], taskUserLevel: 2 }
      })
      const ids = created.taskIdList
      const page2 = yield* taskRecords(sim, { pageNum: 2, pageSize: 2 })
      assert.deepStrictEqual(
        page2.items.map((r) => r.taskId),
        [ids[2], ids[1]]
      )
      assert.deepStrictEqual([page2.pageCount, page2.total, page2.size], [3, 5, 2])
      assert.deepStrictEqual((yield* taskRecords(sim, { pageNum: 4, pageSize: 2 })).items, [])
      const window = yield* taskRecords(sim, { startDate: "2024-07-11 08:01:00", endDate: "2024-07-11 08:03:00" })
      assert.deepStrictEqual(
        window.items.map((r) => r.taskId),
        [ids[3], ids[2], ids[1]]
      )
      const from = yield* taskRecords(sim, { startDate: "2024-07-11 08:03:00" })
      assert.deepStrictEqual(
        from.items.map((r) => r.taskId),
        [ids[4], ids[3]]
      )
      const until = yield* taskRecords(sim, { endDate: "2024-07-11 08:00:00" })
      assert.deepStrictEqual(
        until.items.map((r) => r.taskId),
        [ids[0]]
      )
      const platform3 = yield* taskRecords(sim, { platform: 3 })
      assert.deepStrictEqual(
        platform3.items.map((r) => [r.taskId, r.operateContent, r.platform]),
        [[ids[0]!, "taskUserLevel 2", 3]]
      )
      // The dates are optional.
      const bare = yield* ok<Page<SimTaskRecord>>(sim, {
        path: paths.taskRecord,
        body: { platform: 2, pageNum: 1, pageSize: 10 }
      })
      assert.strictEqual(bare.total, 5)
    })
  )

  it.effect(
    "validation: platform, pageNum, pageSize required ints 1 or more; dates strings in the service's form",
    () =>
      Effect.gen(function* () {
        const sim = yield* make()
        const body = { platform: 2, pageNum: 1, pageSize: 10, startDate: "", endDate: "" }
        yield* missing(sim, { path: paths.taskRecord, body: { pageNum: 1, pageSize: 10 } })
        yield* missing(sim, { path: paths.taskRecord, body: { platform: 2, pageSize: 10 } })
        yield* missing(sim, { path: paths.taskRecord, body: { platform: 2, pageNum: 1 } })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, platform: "2" } })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, platform: 0 } })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, pageNum: 0 } })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, pageSize: 0 } })
        yield* invalid(sim, {
          path: paths.taskRecord,
          bodyText: '{"platform": 2, "pageNum": 1, "pageSize": 10.0, "startDate": "", "endDate": ""}'
        })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, startDate: "2024-07-11" } })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, endDate: "2024-02-30 00:00:00" } })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, startDate: 20240711 } })
        yield* invalid(sim, { path: paths.taskRecord, body: { ...body, endDate: null } })
      })
  )

  it.effect(`keeps the newest ${MAX_RECORDS} records of an account`, () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const ids: Array<number> = []
      for (let i = 0; i < 11; i++) {
        ids.push(
          ...(yield* ok<Created>(sim, { path: paths.createTask, body: { count: 1000, taskUserLevel: 50 } })).taskIdList
        )
      }
      for (let i = 0; i < 11; i++) {
        yield* ok(sim, {
          path: paths.setTaskOverTimeStop,
          body: { taskIds: ids.slice(i * 1000, (i + 1) * 1000), overTime: 60 }
        })
      }
      const newest = yield* taskRecords(sim, { pageSize: 1 })
      assert.strictEqual(newest.total, MAX_RECORDS)
      assert.strictEqual(newest.items[0]!.id, 11_000)
      assert.strictEqual(newest.items[0]!.taskId, ids[10_999])
      const oldest = yield* taskRecords(sim, { pageSize: 1, pageNum: MAX_RECORDS })
      assert.strictEqual(oldest.items[0]!.id, 1001)
    })
  )
})

describe("loginRecord", () => {
  it.effect("queryUserProfile is a login: one record each, with the platform and channel headers, newest first", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ accounts })
      assert.deepStrictEqual((yield* loginRecords(sim)).items, [])
      yield* ok(sim, { path: paths.queryUserProfile })
      yield* TestClock.adjust(ms(60))
      yield* ok(sim, { path: paths.queryUserProfile, platform: "21", channel: "7" })
      // Other requests are not logins.
      yield* ok(sim, { path: paths.queryUserSetting })
      yield* ok(sim, { path: paths.getBid })
      yield* ok(sim, { ...other, path: paths.queryUserProfile })
      const page = yield* loginRecords(sim)
      assert.deepStrictEqual(
        page.items.map((r) => [r.id, r.userName, r.loginTime, r.platform, r.channel]),
        [
          [2, "demo", T0 + ms(60), 21, 7],
          [1, "demo", T0, 2, 4]
        ]
      )
      assert.strictEqual(page.total, 2)
      const theirs = yield* loginRecords(sim, {}, other)
      assert.deepStrictEqual(
        theirs.items.map((r) => r.userName),
        ["other"]
      )
      const later = yield* loginRecords(sim, { startDate: "2024-07-11 08:00:01" })
      assert.deepStrictEqual(
        later.items.map((r) => r.id),
        [2]
      )
      const paged = yield* loginRecords(sim, { pageNum: 2, pageSize: 1 })
      assert.deepStrictEqual(
        paged.items.map((r) => r.id),
        [1]
      )
      assert.deepStrictEqual([paged.pageCount, paged.total, paged.size, paged.pageNum], [2, 2, 1, 2])
    })
  )

  it.effect("validation: pageNum and pageSize required ints 1 or more; dates strings in the service's form", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* missing(sim, { path: paths.loginRecord, body: {} })
      yield* missing(sim, { path: paths.loginRecord, body: { pageNum: 1 } })
      yield* invalid(sim, { path: paths.loginRecord, body: { pageNum: 1, pageSize: -1 } })
      yield* invalid(sim, { path: paths.loginRecord, body: { pageNum: "1", pageSize: 10 } })
      yield* invalid(sim, { path: paths.loginRecord, body: { pageNum: 1, pageSize: 10, startDate: "yesterday" } })
      yield* invalid(sim, { path: paths.loginRecord, body: { pageNum: 1, pageSize: 10, endDate: 0 } })
      const bare = yield* ok<Page<SimLoginRecord>>(sim, { path: paths.loginRecord, body: { pageNum: 1, pageSize: 10 } })
      assert.strictEqual(bare.total, 0)
    })
  )
})
