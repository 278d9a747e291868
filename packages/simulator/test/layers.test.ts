/**
 * The simulated farm beyond single tasks, through raw signed requests on TestClock: layers (a
 * parent with one child task per layer), the exactness of large clock jumps and determinism under
 * the seed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { demoAccount, type FrameAttempt, TaskStatus } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { type Created, invalid, ok, type Page, type TaskRow } from "./helpers.ts"
import { taskList, framesOf, row, statusOf, startedAtT0, submitted, T0 } from "./farmHelpers.ts"
import { paths } from "../../../tests/paths.ts"

const ms = (seconds: number) => seconds * 1000

describe("layers", () => {
  const layers = ["beauty", "shadow"]

  it.effect("a parent with one child per layer: children carry the frames, the parent aggregates them", () =>
    Effect.gen(function* () {
      const farm = { layers, framesPerTask: 3, queueSeconds: 5, frameSeconds: 20, nodes: 3 }
      const { id: parent, sim } = yield* startedAtT0(1, { farm })
      const top = yield* row(sim, parent)
      const children = top.respRenderingTaskList as ReadonlyArray<TaskRow>
      assert.strictEqual(children.length, 2)
      const [c1, c2] = children.map((c) => c.id) as [number, number]
      assert.deepStrictEqual([c1, c2], [parent + 1, parent + 2])
      assert.deepStrictEqual(
        children.map((c) => [c["layerName"], c["layerParentId"], c["totalFrames"], c.taskAlias, c.taskStatus]),
        [
          ["beauty", parent, 3, `2W${c1}`, TaskStatus.Waiting],
          ["shadow", parent, 3, `2W${c2}`, TaskStatus.Waiting]
        ]
      )
      assert.deepStrictEqual(
        [top.taskStatus, top["totalFrames"], top["layerParentId"], top["isOpen"], top["taskType"]],
        [TaskStatus.Waiting, 6, 0, 1, ""]
      )
      // The list shows the parent only; the children's frames are queried by child id.
      const list = yield* taskList(sim)
      assert.deepStrictEqual(
        list.items.map((t) => t.id),
        [parent]
      )
      const parentFrames = yield* ok<Page<unknown>>(sim, {
        path: paths.queryTaskFrames,
        body: { taskId: parent, pageNum: 1, pageSize: 10 }
      })
      assert.deepStrictEqual([parentFrames.total, parentFrames.items.length], [0, 0])
      const childFrames = yield* framesOf(sim, c2)
      assert.deepStrictEqual(
        childFrames.map((f) => [f.taskId, f.frameIndex]),
        [
          [c2, "1"],
          [c2, "2"],
          [c2, "3"]
        ]
      )
      assert.strictEqual((yield* row(sim, c1)).id, c1)
      // Ids go on after the children.
      const next = yield* ok<Created>(sim, { path: paths.createTask, body: { count: 1, taskUserLevel: 50 } })
      assert.deepStrictEqual(next.taskIdList, [parent + 3])

      yield* TestClock.adjust(ms(5))
      const rendering = yield* row(sim, parent)
      assert.strictEqual(rendering.taskStatus, TaskStatus.Rendering)
      assert.strictEqual(rendering["startTime"], T0 + ms(5))
      assert.strictEqual(rendering["executingFrames"], 6)
      yield* TestClock.adjust(ms(20))
      const done = yield* row(sim, parent)
      assert.strictEqual(done.taskStatus, TaskStatus.Finished)
      assert.strictEqual(done.completedDate, T0 + ms(25))
      assert.strictEqual(done["doneFrames"], 6)
      assert.isTrue((done.respRenderingTaskList as ReadonlyArray<TaskRow>).every((c) => c.taskStatus === 25))
      const stats = yield* ok<Record<string, number>>(sim, { path: paths.queryAllFrameStats })
      assert.strictEqual(stats["doneFramesTotal"], 6)
      assert.strictEqual(stats["totalFrames"], 6)
    })
  )

  it.effect("actions on the parent apply to its children; one failing layer -> FINISHED_HAS_FAILED", () =>
    Effect.gen(function* () {
      let failing = 0
      const farm = {
        layers,
        framesPerTask: 2,
        queueSeconds: 0,
        frameSeconds: 10,
        nodes: 2,
        failFrame: (f: FrameAttempt) => f.taskId === failing
      }
      const { id: parent, sim } = yield* startedAtT0(1, { farm })
      failing = parent + 2
      assert.isNull(yield* ok(sim, { path: paths.stopTask, body: { taskIds: [parent] } }))
      const stopped = yield* row(sim, parent)
      assert.strictEqual(stopped.taskStatus, TaskStatus.Stopped)
      assert.isTrue((stopped.respRenderingTaskList as ReadonlyArray<TaskRow>).every((c) => c.taskStatus === 10))
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* statusOf(sim, parent), TaskStatus.Stopped)
      yield* ok(sim, { path: paths.startTask, body: { taskIds: [parent] } })
      yield* TestClock.adjust(ms(10))
      const ended = yield* row(sim, parent)
      assert.strictEqual(ended.taskStatus, TaskStatus.FinishedWithFailedFrames)
      assert.deepStrictEqual(
        (ended.respRenderingTaskList as ReadonlyArray<TaskRow>).map((c) => c.taskStatus),
        [TaskStatus.Finished, TaskStatus.Failed]
      )
      assert.deepStrictEqual([ended["doneFrames"], ended["failedFrames"]], [2, 2])
      // recommitTasks on the parent resubmits the children's failed frames.
      failing = 0
      yield* ok(sim, { path: paths.recommitTasks, body: { taskIds: [parent] } })
      // Queued again (queueSeconds 0: rendering at once) while the other layer stays finished.
      const again = yield* row(sim, parent)
      assert.strictEqual(again.taskStatus, TaskStatus.Rendering)
      assert.deepStrictEqual(
        (again.respRenderingTaskList as ReadonlyArray<TaskRow>).map((c) => c.taskStatus),
        [TaskStatus.Finished, TaskStatus.Rendering]
      )
      yield* TestClock.adjust(ms(10))
      assert.strictEqual(yield* statusOf(sim, parent), TaskStatus.Finished)
      // Deleting the parent deletes the children; a child alone cannot be deleted.
      yield* invalid(sim, { path: paths.deleteTask, body: { taskIds: [parent + 1] } })
      yield* ok(sim, { path: paths.deleteTask, body: { taskIds: [parent] } })
      const tasks = yield* sim.tasks(demoAccount.accessId)
      assert.deepStrictEqual(
        tasks.map((t) => [t.id, t.isDelete]),
        [
          [parent, 0],
          [parent + 1, 0],
          [parent + 2, 0]
        ]
      )
      const stats = yield* ok<Record<string, number>>(sim, { path: paths.queryAllFrameStats })
      assert.strictEqual(stats["totalFrames"], 0)
    })
  )
})

describe("exactness and determinism", () => {
  const farm = {
    framesPerTask: 12,
    queueSeconds: 7,
    frameSeconds: 41,
    nodes: 3,
    fullSpeedNodes: 5,
    failureRate: 0.3
  }

  /** The same requests at the same times on a fresh simulator; returns it with the task ids. */
  const scenario = (seed: number) =>
    Effect.gen(function* () {
      const sim = yield* make({ seed, farm })
      const ids = (yield* submitted(sim, 3)) as [number, number, number]
      yield* ok(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [ids[0]], overTime: 100 } })
      yield* ok(sim, { path: paths.fullSpeedRendering, body: { taskIds: [ids[1]] } })
      return { sim, ids }
    })

  /** Everything a client can see of the tasks, plus the simulator's own view. */
  const snapshot = (sim: Service, ids: ReadonlyArray<number>) =>
    Effect.gen(function* () {
      const info = yield* ok<Page<TaskRow>>(sim, { path: paths.queryTaskInfo, body: { taskIds: ids } })
      const frames: Array<unknown> = []
      for (const id of ids) frames.push(yield* framesOf(sim, id))
      const stats = yield* ok(sim, { path: paths.queryAllFrameStats })
      return { info, frames, stats, tasks: yield* sim.tasks(demoAccount.accessId) }
    })

  it.effect("one 2-hour TestClock jump gives exactly the state of many small steps", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const jump = yield* scenario(5)
      const steps = yield* scenario(5)
      // Irregular small steps (0.5 to 45 s, some inside a frame, some across several events), each
      // bringing the state up to date: a request every fourth step, the simulator's inspector
      // (which advances the farm the same way) otherwise.
      const end = T0 + 2 * 3600 * 1000
      let t = T0
      let i = 0
      while (t < end) {
        const step = Math.min(end - t, 500 + ((i * 7_919) % 44_500))
        yield* TestClock.adjust(step)
        t += step
        i++
        if (i % 4 === 0) yield* ok(steps.sim, { path: paths.queryAllFrameStats })
        else yield* steps.sim.tasks(demoAccount.accessId)
      }
      const a = yield* snapshot(jump.sim, jump.ids)
      const b = yield* snapshot(steps.sim, steps.ids)
      assert.deepStrictEqual(a, b)
      // The scenario went through its states: a timed-out task and ended ones.
      const statuses = a.info.items.map((r) => r.taskStatus)
      assert.strictEqual(statuses[0], TaskStatus.StoppedByTimeout)
      assert.include([TaskStatus.Finished, TaskStatus.FinishedWithFailedFrames, TaskStatus.Failed], statuses[1])
      assert.include([TaskStatus.Finished, TaskStatus.FinishedWithFailedFrames, TaskStatus.Failed], statuses[2])
    })
  )

  it.effect("the same seed and the same request times give the same answers; another seed others", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const a = yield* scenario(9)
      const b = yield* scenario(9)
      const c = yield* scenario(10)
      for (const minutes of [1, 3, 10, 60]) {
        yield* TestClock.adjust(`${minutes} minutes`)
        const sa = yield* snapshot(a.sim, a.ids)
        assert.deepStrictEqual(yield* snapshot(b.sim, b.ids), sa)
      }
      assert.notDeepEqual(c.ids, a.ids)
      const fa = yield* framesOf(a.sim, a.ids[2])
      const fc = yield* framesOf(c.sim, c.ids[2])
      assert.notDeepEqual(
        fa.map((f) => f.id),
        fc.map((f) => f.id)
      )
    })
  )
})
