/**
 * The task queries (docs/protocol.md 4.3.1, 4.3.2) through raw signed requests: paging, filters,
 * the service's time zone, validation, and `queryTaskInfo/v2` in request order.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { demoAccount, TaskStatus } from "../src/Simulator.ts"
import { make } from "../src/SimulatorService.ts"
import { accounts, type Created, invalid, missing, ok, other, type Page, type TaskRow } from "./helpers.ts"
import { taskList, info, submitted } from "./farmHelpers.ts"
import { paths } from "../../../tests/paths.ts"

describe("getTaskList/v2 and queryTaskInfo/v2", () => {
  // 2024-07-11 00:00:00 UTC = 2024-07-11 08:00:00 in the service's zone (UTC+8).
  const T0 = 1_720_656_000_000

  /**
   * Five tasks submitted an hour apart: ids[i] at T0 + i hours. They stay in the farm's queue
   * (WAITING) for a day, so the hours that pass do not finish them.
   */
  const fixture = Effect.gen(function* () {
    yield* TestClock.setTime(T0)
    const sim = yield* make({ accounts, farm: { queueSeconds: 86_400 } })
    const created = yield* ok<Created>(sim, { path: paths.createTask, body: { count: 5, taskUserLevel: 50 } })
    for (const taskId of created.taskIdList) {
      yield* ok(sim, { path: paths.submitTask, body: { taskId } })
      yield* TestClock.adjust("1 hour")
    }
    yield* submitted(sim, 2, other)
    return { sim, ids: created.taskIdList }
  })

  it.effect("pages newest first with pageCount, pageNum, total, size", () =>
    Effect.gen(function* () {
      const { ids, sim } = yield* fixture
      const newestFirst = [...ids].reverse()
      const p1 = yield* taskList(sim, { pageNum: 1, pageSize: 2 })
      assert.deepStrictEqual(
        { pageCount: p1.pageCount, pageNum: p1.pageNum, total: p1.total, size: p1.size },
        { pageCount: 3, pageNum: 1, total: 5, size: 2 }
      )
      assert.deepStrictEqual(
        p1.items.map((t) => t.id),
        newestFirst.slice(0, 2)
      )
      const p3 = yield* taskList(sim, { pageNum: 3, pageSize: 2 })
      assert.strictEqual(p3.pageNum, 3)
      assert.deepStrictEqual(
        p3.items.map((t) => t.id),
        newestFirst.slice(4)
      )
      const p4 = yield* taskList(sim, { pageNum: 4, pageSize: 2 })
      assert.strictEqual(p4.total, 5)
      assert.deepStrictEqual(p4.items, [])
      const all = yield* taskList(sim, {})
      assert.deepStrictEqual(
        all.items.map((t) => t.id),
        newestFirst
      )
    })
  )

  it.effect("filters by statusList, searchKeyword and the submit-time range", () =>
    Effect.gen(function* () {
      const { ids, sim } = yield* fixture
      const [a, b, c, d, e] = ids as [number, number, number, number, number]
      yield* ok(sim, { path: paths.stopTask, body: { taskIds: [a, c] } })
      yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [e] } })

      const stopped = yield* taskList(sim, { statusList: [TaskStatus.Stopped] })
      assert.deepStrictEqual(
        stopped.items.map((t) => t.id),
        [c, a]
      )
      const some = yield* taskList(sim, { statusList: [TaskStatus.Stopped, TaskStatus.Abandoned] })
      assert.deepStrictEqual(
        some.items.map((t) => t.id),
        [e, c, a]
      )
      assert.strictEqual((yield* taskList(sim, { statusList: [] })).total, 5)

      assert.deepStrictEqual(
        (yield* taskList(sim, { searchKeyword: String(d) })).items.map((t) => t.id),
        [d]
      )
      assert.deepStrictEqual(
        (yield* taskList(sim, { searchKeyword: `2W${b}` })).items.map((t) => t.id),
        [b]
      )
      const scene = (yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === c)?.sceneName ?? ""
      const byScene = yield* taskList(sim, { searchKeyword: scene.toUpperCase() })
      assert.include(
        byScene.items.map((t) => t.id),
        c
      )
      assert.isTrue(byScene.items.every((t) => t.sceneName === scene))
      assert.strictEqual((yield* taskList(sim, { searchKeyword: "no-such-scene" })).total, 0)

      // Submitted at 08:00, 09:00, 10:00, 11:00, 12:00 (UTC+8); both bounds inclusive.
      const from = yield* taskList(sim, { startTime: "2024-07-11 10:00:00" })
      assert.deepStrictEqual(
        from.items.map((t) => t.id),
        [e, d, c]
      )
      const to = yield* taskList(sim, { endTime: "2024-07-11 09:00:00" })
      assert.deepStrictEqual(
        to.items.map((t) => t.id),
        [b, a]
      )
      const between = yield* taskList(sim, { startTime: "2024-07-11 08:30:00", endTime: "2024-07-11 10:00:00" })
      assert.deepStrictEqual(
        between.items.map((t) => t.id),
        [c, b]
      )
      const combined = yield* taskList(sim, {
        startTime: "2024-07-11 08:00:00",
        statusList: [TaskStatus.Stopped],
        pageSize: 1
      })
      assert.deepStrictEqual([combined.total, combined.pageCount, combined.items.map((t) => t.id)], [2, 2, [c]])
    })
  )

  it.effect("a UTC simulator reads the time fields in UTC", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ utcOffsetMinutes: 0 })
      yield* submitted(sim, 1)
      const page = yield* ok<Page<TaskRow>>(sim, {
        path: paths.getTaskList,
        body: { pageNum: 1, pageSize: 10, startTime: "2024-07-11 00:00:00", endTime: "2024-07-11 00:00:00" }
      })
      assert.strictEqual(page.total, 1)
    })
  )

  it.effect("validation: pageNum/pageSize required ints >= 1, typed filters, date format", () =>
    Effect.gen(function* () {
      const { sim } = yield* fixture
      const p = paths.getTaskList
      yield* missing(sim, { path: p, body: { pageSize: 10 } })
      yield* missing(sim, { path: p, body: { pageNum: 1 } })
      yield* invalid(sim, { path: p, body: { pageNum: 0, pageSize: 10 } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 0 } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: -5 } })
      yield* invalid(sim, { path: p, body: { pageNum: "1", pageSize: 10 } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, statusList: 0 } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, statusList: ["0"] } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, searchKeyword: 5 } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, startTime: "2024-07-11" } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, endTime: "2024-02-30 00:00:00" } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, startTime: 1720656000 } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, recycleFlag: 2 } })
      yield* invalid(sim, { path: p, body: { pageNum: 1, pageSize: 10, recycleFlag: null } })
    })
  )

  it.effect("queryTaskInfo/v2 answers a Page of the requested tasks in request order", () =>
    Effect.gen(function* () {
      const { ids, sim } = yield* fixture
      const [a, , c] = ids as [number, number, number]
      const page = yield* info(sim, [c, a, c])
      assert.deepStrictEqual(
        page.items.map((t) => t.id),
        [c, a]
      )
      assert.deepStrictEqual([page.pageCount, page.pageNum, page.total, page.size], [1, 1, 2, 2])
      const none = yield* info(sim, [1])
      assert.deepStrictEqual([none.total, none.items.length], [0, 0])
    })
  )
})
