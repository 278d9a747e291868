/**
 * The task endpoints (docs/protocol.md 4.2) through raw signed requests: reserving and submitting
 * tasks, and the actions on them (stop, start, abandon, delete, priority, timeout, full speed),
 * with the conventions for foreign ids and every validation error.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { demoAccount, TaskStatus } from "../src/Simulator.ts"
import { make } from "../src/SimulatorService.ts"
import { accounts, type Created, invalid, missing, notFound, ok, other } from "./helpers.ts"
import { taskList, info, statusOf, submitted } from "./farmHelpers.ts"
import { paths } from "../../../tests/paths.ts"

describe("createTask and submit", () => {
  it.effect("createTask reserves ascending ids with platform aliases; they are hidden until submitted", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_656_000_000)
      const sim = yield* make()
      const profile = yield* ok<{ userId: number }>(sim, { path: paths.queryUserProfile })
      const created = yield* ok<Created>(sim, {
        path: paths.createTask,
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
      const next = yield* ok<Created>(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50 } })
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
      const list = yield* taskList(sim)
      assert.strictEqual(list.total, 0)
      assert.strictEqual((yield* info(sim, [a])).total, 0)
    })
  )

  it.effect("createTask validation", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* missing(sim, { path: paths.createTask, body: { count: 1 } })
      yield* missing(sim, { path: paths.createTask, body: { taskUserLevel: 50 } })
      yield* invalid(sim, { path: paths.createTask, body: { count: 0, taskUserLevel: 50 } })
      yield* invalid(sim, { path: paths.createTask, body: { count: "1", taskUserLevel: 50 } })
      yield* invalid(sim, { path: paths.createTask, bodyText: `{"count": 1.0, "taskUserLevel": 50}` })
      yield* invalid(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: null } })
      yield* invalid(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50, labels: "a" } })
      yield* invalid(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50, labels: ["a", 1] } })
      yield* invalid(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50, artist: 5 } })
      yield* invalid(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50, outUserId: "7.0" } })
      yield* notFound(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50, cloneOriginalId: 1 } })
      assert.strictEqual((yield* sim.tasks(demoAccount.accessId)).length, 0)
    })
  )

  it.effect("submit: WAITING, submitDate now; a second submit, an unknown or foreign id fail", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_656_000_000)
      const sim = yield* make({ accounts })
      const created = yield* ok<Created>(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50 } })
      const id = created.taskIdList[0] ?? 0
      yield* TestClock.adjust("5 seconds")
      assert.isNull(yield* ok(sim, { path: paths.submitTask, body: { taskId: id, producer: "studio" } }))
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

      yield* invalid(sim, { path: paths.submitTask, body: { taskId: id } })
      yield* notFound(sim, { path: paths.submitTask, body: { taskId: id + 1000 } })
      const foreign = yield* ok<Created>(sim, {
        ...other,
        path: paths.createTask,
        body: { count: 1, taskUserLevel: 50 }
      })
      yield* notFound(sim, { path: paths.submitTask, body: { taskId: foreign.taskIdList[0] } })
      yield* missing(sim, { path: paths.submitTask, body: { producer: "x" } })
      yield* invalid(sim, { path: paths.submitTask, body: { taskId: `${id}.0` } })
      yield* invalid(sim, { path: paths.submitTask, body: { taskId: id, producer: 1 } })
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

      assert.isNull(yield* ok(sim, { path: paths.stopTask, body: { taskIds: [a, b] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Stopped)
      assert.strictEqual(yield* statusOf(sim, b), TaskStatus.Stopped)
      // Stopping a stopped task changes nothing (the SDK retries).
      assert.isNull(yield* ok(sim, { path: paths.stopTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Stopped)

      assert.isNull(yield* ok(sim, { path: paths.startTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Waiting)
      assert.isNull(yield* ok(sim, { path: paths.startTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Waiting)

      assert.isNull(yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [a] } }))
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Abandoned)
      assert.isNull(yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [a] } }))
      yield* invalid(sim, { path: paths.startTask, body: { taskIds: [a] } })
      yield* invalid(sim, { path: paths.stopTask, body: { taskIds: [a] } })
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Abandoned)

      assert.isNull(yield* ok(sim, { path: paths.deleteTask, body: { taskIds: [b] } }))
      const deleted = (yield* info(sim, [b])).items[0]
      assert.strictEqual(deleted?.isDelete, 0)
      assert.strictEqual(deleted?.taskStatus, TaskStatus.Stopped)
      const normal = yield* taskList(sim)
      assert.deepStrictEqual(
        normal.items.map((t) => t.id),
        [a]
      )
      const bin = yield* taskList(sim, { recycleFlag: 1 })
      assert.deepStrictEqual(
        bin.items.map((t) => t.id),
        [b]
      )
      // A deleted task takes no lifecycle action; deleting it again changes nothing.
      yield* invalid(sim, { path: paths.startTask, body: { taskIds: [b] } })
      assert.isNull(yield* ok(sim, { path: paths.deleteTask, body: { taskIds: [b] } }))
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
      const reserved = (yield* ok<Created>(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50 } }))
        .taskIdList[0]
      for (const path of [
        paths.stopTask,
        paths.startTask,
        paths.abandonTask,
        paths.deleteTask,
        paths.fullSpeedRendering
      ]) {
        yield* notFound(sim, { path, body: { taskIds: [a, foreign] } })
        yield* notFound(sim, { path, body: { taskIds: [a, 1] } })
        yield* invalid(sim, { path, body: { taskIds: [a, reserved] } })
      }
      yield* notFound(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [a, foreign], overTime: 60 } })
      yield* notFound(sim, { path: paths.updateTaskUserLevel, body: { taskId: foreign, taskUserLevel: 1 } })
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
        paths.stopTask,
        paths.startTask,
        paths.abandonTask,
        paths.deleteTask,
        paths.fullSpeedRendering,
        paths.queryTaskInfo
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
      assert.isNull(yield* ok(sim, { path: paths.updateTaskUserLevel, body: { taskId: a, taskUserLevel: 60 } }))
      assert.strictEqual((yield* info(sim, [a])).items[0]?.taskUserLevel, 60)
      const reserved = (yield* ok<Created>(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50 } }))
        .taskIdList[0]
      assert.isNull(yield* ok(sim, { path: paths.updateTaskUserLevel, body: { taskId: reserved, taskUserLevel: -20 } }))
      assert.strictEqual((yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === reserved)?.taskUserLevel, -20)
      yield* missing(sim, { path: paths.updateTaskUserLevel, body: { taskId: a } })
      yield* missing(sim, { path: paths.updateTaskUserLevel, body: { taskUserLevel: 1 } })
      yield* invalid(sim, { path: paths.updateTaskUserLevel, body: { taskId: a, taskUserLevel: "60" } })
    })
  )

  it.effect('setTaskOverTimeStop sets overTimeStop in seconds and answers "SUCCESS"', () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a, b] = (yield* submitted(sim, 2)) as [number, number]
      assert.strictEqual(
        yield* ok(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [a, b], overTime: 1800 } }),
        "SUCCESS"
      )
      assert.deepStrictEqual(
        (yield* info(sim, [a, b])).items.map((t) => t.overTimeStop),
        [1800, 1800]
      )
      yield* missing(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [a] } })
      yield* missing(sim, { path: paths.setTaskOverTimeStop, body: { overTime: 60 } })
      yield* invalid(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [a], overTime: 1.5 } })
      yield* invalid(sim, { path: paths.setTaskOverTimeStop, bodyText: `{"taskIds": [${a}], "overTime": 1800.0}` })
      assert.strictEqual((yield* info(sim, [a])).items[0]?.overTimeStop, 1800)
    })
  )

  it.effect('fullSpeedRendering answers "success"', () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a] = (yield* submitted(sim, 1)) as [number]
      assert.strictEqual(yield* ok(sim, { path: paths.fullSpeedRendering, body: { taskIds: [a] } }), "success")
      assert.isTrue((yield* sim.tasks(demoAccount.accessId))[0]?.fullSpeed)
      yield* missing(sim, { path: paths.fullSpeedRendering, body: { taskIds: [] } })
    })
  )
})
