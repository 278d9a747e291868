import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { demoAccount, TaskStatus } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { call, type Created, ok, type Page, Paths, type Sign, type TaskRow } from "./helpers.ts"

const other = { accessId: "OTHER-ACCESS-ID", accessKey: "other-access-key" }
const accounts = [
  { ...demoAccount, userName: "demo" },
  { ...other, userName: "other" }
]

/** Expects a failure code for a request, and that the message starts with the code's name. */
const expectCode = (sim: Service, s: Sign, code: number, name: string) =>
  Effect.map(call(sim, s), (e) => {
    assert.strictEqual(e.code, code, `${s.path} ${s.bodyText ?? JSON.stringify(s.body)}: ${e.message}`)
    assert.isFalse(e.result)
    assert.isTrue(e.message === name || e.message.startsWith(`${name}: `), e.message)
    assert.isNull(e.data)
  })
const invalid = (sim: Service, s: Sign) => expectCode(sim, s, 600, "parameter_invalid")
const missing = (sim: Service, s: Sign) => expectCode(sim, s, 601, "parameter_cant_be_empty")
const notFound = (sim: Service, s: Sign) => expectCode(sim, s, 404, "resource_not_found")

/** Reserves and submits `n` tasks; returns their ids. */
const submitted = (sim: Service, n: number, extra: Partial<Sign> = {}) =>
  Effect.gen(function* () {
    const created = yield* ok<Created>(sim, { ...extra, path: Paths.createTask, body: { count: n, taskUserLevel: 50 } })
    for (const taskId of created.taskIdList) {
      assert.isNull(yield* ok(sim, { ...extra, path: Paths.submitTask, body: { taskId } }))
    }
    return created.taskIdList
  })

const info = (sim: Service, ids: ReadonlyArray<number>, extra: Partial<Sign> = {}) =>
  ok<Page<TaskRow>>(sim, { ...extra, path: Paths.queryTaskInfo, body: { taskIds: ids } })

const statusOf = (sim: Service, id: number) => Effect.map(info(sim, [id]), (page) => page.items[0]?.taskStatus)

describe("account endpoints", () => {
  it.effect("queryPlatforms lists {platform, name} per zone; zone is a required int 1|2", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const china = yield* ok<ReadonlyArray<{ platform: number; name: string }>>(sim, {
        path: Paths.queryPlatforms,
        body: { zone: 1 }
      })
      assert.isAbove(china.length, 0)
      for (const p of china) {
        assert.isTrue(Number.isInteger(p.platform))
        assert.match(p.name, /^query_platform_/)
      }
      const abroad = yield* ok<ReadonlyArray<{ platform: number }>>(sim, {
        path: Paths.queryPlatforms,
        body: { zone: 2 }
      })
      assert.notDeepEqual(abroad, china)
      yield* missing(sim, { path: Paths.queryPlatforms, body: {} })
      yield* invalid(sim, { path: Paths.queryPlatforms, body: { zone: 3 } })
      yield* invalid(sim, { path: Paths.queryPlatforms, body: { zone: "1" } })
      yield* invalid(sim, { path: Paths.queryPlatforms, body: { zone: null } })
      yield* invalid(sim, { path: Paths.queryPlatforms, body: { zone: true } })
      yield* invalid(sim, { path: Paths.queryPlatforms, bodyText: `{"zone": 1.0}` })
      yield* invalid(sim, { path: Paths.queryPlatforms, bodyText: `{"zone": 1e0}` })
    })
  )

  it.effect("queryUserProfile answers the profile fields, with the seed's overrides", () =>
    Effect.gen(function* () {
      const sim = yield* make({
        accounts: [{ ...demoAccount, userId: 10001136, userName: "rayvision", profile: { rmbbalance: 12.5, zone: 2 } }]
      })
      const profile = yield* ok<Record<string, unknown>>(sim, {
        path: Paths.queryUserProfile,
        body: { unknownField: 1 }
      })
      assert.strictEqual(profile["userId"], 10001136)
      assert.strictEqual(profile["userName"], "rayvision")
      assert.strictEqual(profile["rmbbalance"], 12.5)
      assert.strictEqual(profile["zone"], 2)
      assert.strictEqual(profile["platform"], 2)
      assert.strictEqual(profile["mainUserId"], 0)
      assert.strictEqual(profile["cpuPrice"], 0.67)
      assert.isNull(profile["studentEndTime"])
      for (const field of ["email", "usdbalance", "credit", "gpuPrice", "c4dFlag", "taskNodeLimitPermission"]) {
        assert.property(profile, field)
      }
    })
  )

  it.effect("queryUserSetting and updateUserSetting (taskOverTimeSec, required int; hours follow)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const before = yield* ok<Record<string, unknown>>(sim, { path: Paths.queryUserSetting })
      assert.strictEqual(before["taskOverTime"], 12)
      assert.strictEqual(before["taskOverTimeSec"], 43_200)
      assert.isNull(yield* ok(sim, { path: Paths.updateUserSetting, body: { taskOverTimeSec: 7_200 } }))
      const after = yield* ok<Record<string, unknown>>(sim, { path: Paths.queryUserSetting })
      assert.strictEqual(after["taskOverTimeSec"], 7_200)
      assert.strictEqual(after["taskOverTime"], 2)
      yield* missing(sim, { path: Paths.updateUserSetting, body: {} })
      yield* missing(sim, { path: Paths.updateUserSetting, body: { taskOverTime: 2 } })
      yield* invalid(sim, { path: Paths.updateUserSetting, body: { taskOverTimeSec: "7200" } })
      yield* invalid(sim, { path: Paths.updateUserSetting, body: { taskOverTimeSec: 7_200.5 } })
      yield* invalid(sim, { path: Paths.updateUserSetting, body: { taskOverTimeSec: -1 } })
      yield* invalid(sim, { path: Paths.updateUserSetting, bodyText: `{"taskOverTimeSec": 7200.0}` })
      // Failed updates changed nothing.
      const last = yield* ok<Record<string, unknown>>(sim, { path: Paths.queryUserSetting })
      assert.strictEqual(last["taskOverTimeSec"], 7_200)
    })
  )

  it.effect("getBid answers snake_case bucket ids", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts: [{ ...demoAccount, bids: { input_bid: "10202" } }] })
      const bids = yield* ok<Record<string, unknown>>(sim, { path: Paths.getBid })
      assert.strictEqual(bids["config_bid"], "30201")
      assert.strictEqual(bids["output_bid"], "20201")
      assert.strictEqual(bids["input_bid"], "10202")
    })
  )

  it.effect("a body that is not a JSON object answers 600 on every endpoint", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      for (const path of Object.values(Paths)) {
        yield* invalid(sim, { path, bodyText: "[]" })
        yield* invalid(sim, { path, bodyText: '"text"' })
      }
    })
  )
})

describe("createTask and submit", () => {
  it.effect("createTask reserves ascending ids with platform aliases; they are hidden until submitted", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_656_000_000)
      const sim = yield* make()
      const profile = yield* ok<{ userId: number }>(sim, { path: Paths.queryUserProfile })
      const created = yield* ok<Created>(sim, {
        path: Paths.createTask,
        platform: "9",
        body: { count: 3, taskUserLevel: 60, labels: ["a", "b"], artist: "me", outUserId: 7 }
      })
      assert.strictEqual(created.userId, profile.userId)
      assert.strictEqual(created.taskIdList.length, 3)
      const [a, b, c] = created.taskIdList as [number, number, number]
      assert.deepStrictEqual([b - a, c - b], [1, 1])
      assert.deepStrictEqual(
        created.aliasTaskIdList,
        created.taskIdList.map((id) => `9W${id}`)
      )
      const next = yield* ok<Created>(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50 } })
      assert.deepStrictEqual(next.taskIdList, [c + 1])
      assert.deepStrictEqual(next.aliasTaskIdList, [`2W${c + 1}`])

      const tasks = yield* sim.tasks(demoAccount.accessId)
      assert.deepStrictEqual(
        tasks.map((t) => t.id),
        [a, b, c, c + 1]
      )
      assert.isTrue(tasks.every((t) => !t.submitted))
      assert.strictEqual(tasks[0]?.taskUserLevel, 60)
      assert.deepStrictEqual(tasks[0]?.labels, ["a", "b"])
      const list = yield* ok<Page<TaskRow>>(sim, { path: Paths.getTaskList, body: { pageNum: 1, pageSize: 10 } })
      assert.strictEqual(list.total, 0)
      assert.strictEqual((yield* info(sim, [a])).total, 0)
    })
  )

  it.effect("createTask validation", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* missing(sim, { path: Paths.createTask, body: { count: 1 } })
      yield* missing(sim, { path: Paths.createTask, body: { taskUserLevel: 50 } })
      yield* invalid(sim, { path: Paths.createTask, body: { count: 0, taskUserLevel: 50 } })
      yield* invalid(sim, { path: Paths.createTask, body: { count: "1", taskUserLevel: 50 } })
      yield* invalid(sim, { path: Paths.createTask, bodyText: `{"count": 1.0, "taskUserLevel": 50}` })
      yield* invalid(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: null } })
      yield* invalid(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50, labels: "a" } })
      yield* invalid(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50, labels: ["a", 1] } })
      yield* invalid(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50, artist: 5 } })
      yield* invalid(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50, outUserId: "7.0" } })
      yield* notFound(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50, cloneOriginalId: 1 } })
      assert.strictEqual((yield* sim.tasks(demoAccount.accessId)).length, 0)
    })
  )

  it.effect("submit: WAITING, submitDate now; a second submit, an unknown or foreign id fail", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_656_000_000)
      const sim = yield* make({ accounts })
      const created = yield* ok<Created>(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50 } })
      const id = created.taskIdList[0] ?? 0
      yield* TestClock.adjust("5 seconds")
      assert.isNull(yield* ok(sim, { path: Paths.submitTask, body: { taskId: id, producer: "studio" } }))
      const row = (yield* info(sim, [id])).items[0]
      assert.isDefined(row)
      assert.strictEqual(row?.taskStatus, TaskStatus.Waiting)
      assert.strictEqual(row?.statusText, "render_task_status_0")
      assert.strictEqual(row?.submitDate, 1_720_656_005_000)
      assert.strictEqual(row?.producer, "studio")
      assert.strictEqual(row?.taskAlias, `2W${id}`)
      assert.strictEqual(row?.isDelete, 1)
      assert.isNull(row?.completedDate)
      assert.isNull(row?.respRenderingTaskList)
      assert.strictEqual(row?.["taskOverTime"], 43_200)
      for (const field of [
        "sceneName",
        "totalFrames",
        "framesRange",
        "cgId",
        "taskKeyValueVo",
        "renderConsume",
        "outputFileName"
      ]) {
        assert.property(row, field)
      }

      yield* invalid(sim, { path: Paths.submitTask, body: { taskId: id } })
      yield* notFound(sim, { path: Paths.submitTask, body: { taskId: id + 1000 } })
      const foreign = yield* ok<Created>(sim, {
        ...other,
        path: Paths.createTask,
        body: { count: 1, taskUserLevel: 50 }
      })
      yield* notFound(sim, { path: Paths.submitTask, body: { taskId: foreign.taskIdList[0] } })
      yield* missing(sim, { path: Paths.submitTask, body: { producer: "x" } })
      yield* invalid(sim, { path: Paths.submitTask, body: { taskId: `${id}.0` } })
      yield* invalid(sim, { path: Paths.submitTask, body: { taskId: id, producer: 1 } })
      // The foreign task was not submitted by the attempt.
      assert.isFalse((yield* sim.tasks(other.accessId))[0]?.submitted ?? true)
    })
  )
})

describe("task actions", () => {
  it.effect("stop -> STOP, start -> WAITING, abandon -> ABANDON, delete -> recycle bin", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a, b] = (yield* submitted(sim, 2)) as [number, number]

      assert.isNull(yield* ok(sim, { path: Paths.stopTask, body: { taskIds: [a, b] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Stopped)
      assert.strictEqual(yield* statusOf(sim, b), TaskStatus.Stopped)
      // Stopping a stopped task changes nothing (the SDK retries).
      assert.isNull(yield* ok(sim, { path: Paths.stopTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Stopped)

      assert.isNull(yield* ok(sim, { path: Paths.startTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Waiting)
      assert.isNull(yield* ok(sim, { path: Paths.startTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Waiting)

      assert.isNull(yield* ok(sim, { path: Paths.abandonTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Abandoned)
      assert.isNull(yield* ok(sim, { path: Paths.abandonTask, body: { taskIds: [a] } }))
      yield* invalid(sim, { path: Paths.startTask, body: { taskIds: [a] } })
      yield* invalid(sim, { path: Paths.stopTask, body: { taskIds: [a] } })
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Abandoned)

      assert.isNull(yield* ok(sim, { path: Paths.deleteTask, body: { taskIds: [b] } }))
      const deleted = (yield* info(sim, [b])).items[0]
      assert.strictEqual(deleted?.isDelete, 0)
      assert.strictEqual(deleted?.taskStatus, TaskStatus.Stopped)
      const normal = yield* ok<Page<TaskRow>>(sim, { path: Paths.getTaskList, body: { pageNum: 1, pageSize: 10 } })
      assert.deepStrictEqual(
        normal.items.map((t) => t.id),
        [a]
      )
      const bin = yield* ok<Page<TaskRow>>(sim, {
        path: Paths.getTaskList,
        body: { pageNum: 1, pageSize: 10, recycleFlag: 1 }
      })
      assert.deepStrictEqual(
        bin.items.map((t) => t.id),
        [b]
      )
      // A deleted task takes no lifecycle action; deleting it again changes nothing.
      yield* invalid(sim, { path: Paths.startTask, body: { taskIds: [b] } })
      assert.isNull(yield* ok(sim, { path: Paths.deleteTask, body: { taskIds: [b] } }))
      const tasks = yield* sim.tasks(demoAccount.accessId)
      assert.deepStrictEqual(
        tasks.map((t) => [t.taskStatus, t.isDelete]),
        [
          [35, 1],
          [10, 0]
        ]
      )
    })
  )

  it.effect("actions are all or nothing, 404 for ids the account does not own, 600 before submission", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const [a] = (yield* submitted(sim, 1)) as [number]
      const [foreign] = (yield* submitted(sim, 1, other)) as [number]
      const reserved = (yield* ok<Created>(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50 } }))
        .taskIdList[0]
      for (const path of [
        Paths.stopTask,
        Paths.startTask,
        Paths.abandonTask,
        Paths.deleteTask,
        Paths.fullSpeedRendering
      ]) {
        yield* notFound(sim, { path, body: { taskIds: [a, foreign] } })
        yield* notFound(sim, { path, body: { taskIds: [a, 1] } })
        yield* invalid(sim, { path, body: { taskIds: [a, reserved] } })
      }
      yield* notFound(sim, { path: Paths.setTaskOverTimeStop, body: { taskIds: [a, foreign], overTime: 60 } })
      yield* notFound(sim, { path: Paths.updateTaskUserLevel, body: { taskId: foreign, taskUserLevel: 1 } })
      const mine = (yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === a)
      assert.strictEqual(mine?.taskStatus, TaskStatus.Waiting)
      assert.strictEqual(mine?.isDelete, 1)
      assert.isFalse(mine?.fullSpeed ?? true)
      assert.isNull(mine?.overTimeStop)
      assert.strictEqual((yield* sim.tasks(other.accessId))[0]?.taskStatus, TaskStatus.Waiting)
      // Queries never show another account's task.
      assert.deepStrictEqual(
        (yield* info(sim, [a, foreign])).items.map((t) => t.id),
        [a]
      )
    })
  )

  it.effect("taskIds validation on every list endpoint", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a] = (yield* submitted(sim, 1)) as [number]
      for (const path of [
        Paths.stopTask,
        Paths.startTask,
        Paths.abandonTask,
        Paths.deleteTask,
        Paths.fullSpeedRendering,
        Paths.queryTaskInfo
      ]) {
        yield* missing(sim, { path, body: {} })
        yield* missing(sim, { path, body: { taskIds: [] } })
        yield* missing(sim, { path, body: { taskParam: [a] } })
        yield* invalid(sim, { path, body: { taskIds: a } })
        yield* invalid(sim, { path, body: { taskIds: String(a) } })
        yield* invalid(sim, { path, body: { taskIds: [`${a}.0`] } })
        yield* invalid(sim, { path, body: { taskIds: null } })
        yield* invalid(sim, { path, body: { taskIds: [a, null] } })
        yield* invalid(sim, { path, bodyText: `{"taskIds": [${a}.0]}` })
      }
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Waiting)
    })
  )

  it.effect("updateTaskUserLevel sets the priority (also of a reserved task)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a] = (yield* submitted(sim, 1)) as [number]
      assert.isNull(yield* ok(sim, { path: Paths.updateTaskUserLevel, body: { taskId: a, taskUserLevel: 60 } }))
      assert.strictEqual((yield* info(sim, [a])).items[0]?.taskUserLevel, 60)
      const reserved = (yield* ok<Created>(sim, { path: Paths.createTask, body: { count: 1, taskUserLevel: 50 } }))
        .taskIdList[0]
      assert.isNull(yield* ok(sim, { path: Paths.updateTaskUserLevel, body: { taskId: reserved, taskUserLevel: -20 } }))
      assert.strictEqual((yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === reserved)?.taskUserLevel, -20)
      yield* missing(sim, { path: Paths.updateTaskUserLevel, body: { taskId: a } })
      yield* missing(sim, { path: Paths.updateTaskUserLevel, body: { taskUserLevel: 1 } })
      yield* invalid(sim, { path: Paths.updateTaskUserLevel, body: { taskId: a, taskUserLevel: "60" } })
    })
  )

  it.effect('setTaskOverTimeStop sets overTimeStop in seconds and answers "SUCCESS"', () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a, b] = (yield* submitted(sim, 2)) as [number, number]
      assert.strictEqual(
        yield* ok(sim, { path: Paths.setTaskOverTimeStop, body: { taskIds: [a, b], overTime: 1800 } }),
        "SUCCESS"
      )
      assert.deepStrictEqual(
        (yield* info(sim, [a, b])).items.map((t) => t.overTimeStop),
        [1800, 1800]
      )
      yield* missing(sim, { path: Paths.setTaskOverTimeStop, body: { taskIds: [a] } })
      yield* missing(sim, { path: Paths.setTaskOverTimeStop, body: { overTime: 60 } })
      yield* invalid(sim, { path: Paths.setTaskOverTimeStop, body: { taskIds: [a], overTime: 1.5 } })
      yield* invalid(sim, { path: Paths.setTaskOverTimeStop, bodyText: `{"taskIds": [${a}], "overTime": 1800.0}` })
      assert.strictEqual((yield* info(sim, [a])).items[0]?.overTimeStop, 1800)
    })
  )

  it.effect('fullSpeedRendering answers "success"', () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a] = (yield* submitted(sim, 1)) as [number]
      assert.strictEqual(yield* ok(sim, { path: Paths.fullSpeedRendering, body: { taskIds: [a] } }), "success")
      assert.isTrue((yield* sim.tasks(demoAccount.accessId))[0]?.fullSpeed)
      yield* missing(sim, { path: Paths.fullSpeedRendering, body: { taskIds: [] } })
    })
  )
})

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
    const created = yield* ok<Created>(sim, { path: Paths.createTask, body: { count: 5, taskUserLevel: 50 } })
    for (const taskId of created.taskIdList) {
      yield* ok(sim, { path: Paths.submitTask, body: { taskId } })
      yield* TestClock.adjust("1 hour")
    }
    yield* submitted(sim, 2, other)
    return { sim, ids: created.taskIdList }
  })

  const list = (sim: Service, body: Record<string, unknown>) =>
    ok<Page<TaskRow>>(sim, { path: Paths.getTaskList, body: { pageNum: 1, pageSize: 100, ...body } })

  it.effect("pages newest first with pageCount, pageNum, total, size", () =>
    Effect.gen(function* () {
      const { ids, sim } = yield* fixture
      const newestFirst = [...ids].reverse()
      const p1 = yield* list(sim, { pageNum: 1, pageSize: 2 })
      assert.deepStrictEqual(
        { pageCount: p1.pageCount, pageNum: p1.pageNum, total: p1.total, size: p1.size },
        { pageCount: 3, pageNum: 1, total: 5, size: 2 }
      )
      assert.deepStrictEqual(
        p1.items.map((t) => t.id),
        newestFirst.slice(0, 2)
      )
      const p3 = yield* list(sim, { pageNum: 3, pageSize: 2 })
      assert.strictEqual(p3.pageNum, 3)
      assert.deepStrictEqual(
        p3.items.map((t) => t.id),
        newestFirst.slice(4)
      )
      const p4 = yield* list(sim, { pageNum: 4, pageSize: 2 })
      assert.strictEqual(p4.total, 5)
      assert.deepStrictEqual(p4.items, [])
      const all = yield* list(sim, {})
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
      yield* ok(sim, { path: Paths.stopTask, body: { taskIds: [a, c] } })
      yield* ok(sim, { path: Paths.abandonTask, body: { taskIds: [e] } })

      const stopped = yield* list(sim, { statusList: [TaskStatus.Stopped] })
      assert.deepStrictEqual(
        stopped.items.map((t) => t.id),
        [c, a]
      )
      const some = yield* list(sim, { statusList: [TaskStatus.Stopped, TaskStatus.Abandoned] })
      assert.deepStrictEqual(
        some.items.map((t) => t.id),
        [e, c, a]
      )
      assert.strictEqual((yield* list(sim, { statusList: [] })).total, 5)

      assert.deepStrictEqual(
        (yield* list(sim, { searchKeyword: String(d) })).items.map((t) => t.id),
        [d]
      )
      assert.deepStrictEqual(
        (yield* list(sim, { searchKeyword: `2W${b}` })).items.map((t) => t.id),
        [b]
      )
      const scene = (yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === c)?.sceneName ?? ""
      const byScene = yield* list(sim, { searchKeyword: scene.toUpperCase() })
      assert.include(
        byScene.items.map((t) => t.id),
        c
      )
      assert.isTrue(byScene.items.every((t) => t.sceneName === scene))
      assert.strictEqual((yield* list(sim, { searchKeyword: "no-such-scene" })).total, 0)

      // Submitted at 08:00, 09:00, 10:00, 11:00, 12:00 (UTC+8); both bounds inclusive.
      const from = yield* list(sim, { startTime: "2024-07-11 10:00:00" })
      assert.deepStrictEqual(
        from.items.map((t) => t.id),
        [e, d, c]
      )
      const to = yield* list(sim, { endTime: "2024-07-11 09:00:00" })
      assert.deepStrictEqual(
        to.items.map((t) => t.id),
        [b, a]
      )
      const between = yield* list(sim, { startTime: "2024-07-11 08:30:00", endTime: "2024-07-11 10:00:00" })
      assert.deepStrictEqual(
        between.items.map((t) => t.id),
        [c, b]
      )
      const combined = yield* list(sim, {
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
        path: Paths.getTaskList,
        body: { pageNum: 1, pageSize: 10, startTime: "2024-07-11 00:00:00", endTime: "2024-07-11 00:00:00" }
      })
      assert.strictEqual(page.total, 1)
    })
  )

  it.effect("validation: pageNum/pageSize required ints >= 1, typed filters, date format", () =>
    Effect.gen(function* () {
      const { sim } = yield* fixture
      const p = Paths.getTaskList
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
