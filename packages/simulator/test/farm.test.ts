/**
 * The simulated farm's task lifecycle, through raw signed requests on TestClock: queue, rendering,
 * ending states, stop/start, over-time stop, full speed, abandon and priority.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { type FrameAttempt, resolveOptions, TaskStatus } from "../src/Simulator.ts"
import { make } from "../src/SimulatorService.ts"
import { invalid, ok } from "./helpers.ts"
import { fee, frameStatuses, framesOf, row, statusOf, startedAtT0, submitted, T0 } from "./farmHelpers.ts"
import { paths } from "../../../tests/paths.ts"

const ms = (seconds: number) => seconds * 1000

describe("farm lifecycle", () => {
  it.effect("submit -> WAITING for queueSeconds -> RENDERING nodes at a time -> FINISHED, times from the options", () =>
    Effect.gen(function* () {
      const farm = { framesPerTask: 6, queueSeconds: 5, frameSeconds: 30, nodes: 4, pricePerFrameSecond: 0.002 }
      const { id, sim } = yield* startedAtT0(1, { farm })

      const waiting = yield* row(sim, id)
      assert.strictEqual(waiting.taskStatus, TaskStatus.Waiting)
      assert.strictEqual(waiting.submitDate, T0)
      assert.isNull(waiting["startTime"])
      assert.isNull(waiting.completedDate)
      assert.strictEqual(waiting["totalFrames"], farm.framesPerTask)
      assert.strictEqual(waiting["framesRange"], `1-${farm.framesPerTask}[1]`)
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [1, 1, 1, 1, 1, 1])

      yield* TestClock.adjust(ms(farm.queueSeconds) - 1)
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Waiting)
      yield* TestClock.adjust(1)
      const started = T0 + ms(farm.queueSeconds)
      const rendering = yield* row(sim, id)
      assert.strictEqual(rendering.taskStatus, TaskStatus.Rendering)
      assert.strictEqual(rendering.statusText, "render_task_status_5")
      assert.strictEqual(rendering["startTime"], started)
      assert.strictEqual(rendering["executingFrames"], farm.nodes)
      const first = yield* framesOf(sim, id)
      assert.deepStrictEqual(
        first.map((f) => [f.frameIndex, f.frameStatus, f.startTime, f.endTime]),
        [
          ["1", 2, started, 0],
          ["2", 2, started, 0],
          ["3", 2, started, 0],
          ["4", 2, started, 0],
          ["5", 1, 0, 0],
          ["6", 1, 0, 0]
        ]
      )

      // Half a frame in: running frames report their time and fee so far.
      yield* TestClock.adjust(ms(farm.frameSeconds / 2))
      const half = yield* framesOf(sim, id)
      assert.strictEqual(half[0]?.frameExecuteTime, farm.frameSeconds / 2)
      assert.strictEqual(half[0]?.feeAmount, fee(farm.pricePerFrameSecond, farm.frameSeconds / 2))
      assert.strictEqual(
        (yield* row(sim, id))["renderConsume"],
        4 * fee(farm.pricePerFrameSecond, farm.frameSeconds / 2)
      )

      yield* TestClock.adjust(ms(farm.frameSeconds / 2))
      const firstEnd = started + ms(farm.frameSeconds)
      const second = yield* framesOf(sim, id)
      assert.deepStrictEqual(
        second.map((f) => [f.frameStatus, f.startTime, f.endTime, f.frameExecuteTime]),
        [
          [4, started, firstEnd, farm.frameSeconds],
          [4, started, firstEnd, farm.frameSeconds],
          [4, started, firstEnd, farm.frameSeconds],
          [4, started, firstEnd, farm.frameSeconds],
          [2, firstEnd, 0, 0],
          [2, firstEnd, 0, 0]
        ]
      )
      const mid = yield* row(sim, id)
      assert.deepStrictEqual([mid["doneFrames"], mid["executingFrames"], mid["failedFrames"]], [4, 2, 0])

      yield* TestClock.adjust(ms(farm.frameSeconds) - 1)
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Rendering)
      yield* TestClock.adjust(1)
      const done = yield* row(sim, id)
      const frameFee = fee(farm.pricePerFrameSecond, farm.frameSeconds)
      assert.strictEqual(done.taskStatus, TaskStatus.Finished)
      assert.strictEqual(done.statusText, "render_task_status_25")
      assert.strictEqual(done.completedDate, firstEnd + ms(farm.frameSeconds))
      assert.strictEqual(done["startTime"], started)
      assert.deepStrictEqual(
        [done["doneFrames"], done["executingFrames"], done["failedFrames"], done["abortFrames"]],
        [farm.framesPerTask, 0, 0, 0]
      )
      assert.strictEqual(done["renderDuration"], farm.framesPerTask * farm.frameSeconds)
      assert.strictEqual(done["renderConsume"], Number((farm.framesPerTask * frameFee).toFixed(2)))
      assert.deepStrictEqual(
        (yield* framesOf(sim, id)).map((f) => f.feeAmount),
        Array(farm.framesPerTask).fill(frameFee)
      )
      // A finished task stays finished.
      yield* TestClock.adjust("3 hours")
      assert.deepStrictEqual(yield* row(sim, id), done)
    })
  )

  it.effect("the defaults: 10 frames, 10 s queue, 60 s frames, 4 nodes", () =>
    Effect.gen(function* () {
      const defaults = resolveOptions().farm
      assert.deepStrictEqual(
        [defaults.framesPerTask, defaults.queueSeconds, defaults.frameSeconds, defaults.nodes, defaults.fullSpeedNodes],
        [10, 10, 60, 4, 16]
      )
      assert.deepStrictEqual([defaults.failureRate, defaults.layers, defaults.pricePerFrameSecond], [0, [], 0.0002])
      const { id, sim } = yield* startedAtT0(1)
      // 10 frames on 4 nodes: 3 rounds of 60 s after the 10 s queue.
      yield* TestClock.adjust(ms(10 + 3 * 60) - 1)
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Rendering)
      yield* TestClock.adjust(1)
      const r = yield* row(sim, id)
      assert.strictEqual(r.taskStatus, TaskStatus.Finished)
      assert.strictEqual(r["totalFrames"], 10)
      assert.strictEqual(r["renderConsume"], Number((10 * fee(0.0002, 60)).toFixed(2)))
    })
  )

  it.effect("failFrame -> FINISHED_HAS_FAILED; recommitTasks queues the task again and the frames finish", () =>
    Effect.gen(function* () {
      const attempts: Array<FrameAttempt> = []
      const farm = {
        framesPerTask: 6,
        queueSeconds: 5,
        frameSeconds: 10,
        nodes: 6,
        failFrame: (f: FrameAttempt) => {
          attempts.push(f)
          return f.frameNumber % 3 === 0 && f.attempt === 1
        }
      }
      const { id, sim } = yield* startedAtT0(1, { farm })
      yield* TestClock.adjust(ms(farm.queueSeconds + farm.frameSeconds))
      const ended = yield* row(sim, id)
      assert.strictEqual(ended.taskStatus, TaskStatus.FinishedWithFailedFrames)
      assert.deepStrictEqual([ended["doneFrames"], ended["failedFrames"]], [4, 2])
      assert.strictEqual(ended.completedDate, T0 + ms(farm.queueSeconds + farm.frameSeconds))
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [4, 4, 5, 4, 4, 5])
      assert.deepStrictEqual(
        attempts.map((a) => [a.taskId, a.frameNumber, a.attempt]),
        [1, 2, 3, 4, 5, 6].map((n) => [id, n, 1])
      )

      yield* TestClock.adjust("1 minute")
      assert.isNull(yield* ok(sim, { path: paths.recommitTasks, body: { taskIds: [id] } }))
      const requeued = yield* row(sim, id)
      assert.strictEqual(requeued.taskStatus, TaskStatus.Waiting)
      assert.isNull(requeued.completedDate)
      const frames = yield* framesOf(sim, id)
      assert.deepStrictEqual(
        frames.map((f) => [f.frameStatus, f.recommitFlag]),
        [
          [4, 0],
          [4, 0],
          [1, 1],
          [4, 0],
          [4, 0],
          [1, 1]
        ]
      )
      // Repeating it changes nothing (no failed frame left).
      assert.isNull(yield* ok(sim, { path: paths.recommitTasks, body: { taskIds: [id] } }))
      assert.deepStrictEqual(yield* framesOf(sim, id), frames)

      const restarted = T0 + ms(farm.queueSeconds + farm.frameSeconds + 60 + farm.queueSeconds)
      yield* TestClock.adjust(ms(farm.queueSeconds))
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Rendering)
      yield* TestClock.adjust(ms(farm.frameSeconds))
      const finished = yield* row(sim, id)
      assert.strictEqual(finished.taskStatus, TaskStatus.Finished)
      assert.strictEqual(finished.completedDate, restarted + ms(farm.frameSeconds))
      assert.deepStrictEqual([finished["doneFrames"], finished["failedFrames"]], [6, 0])
      // The first start time stays; the resubmitted frames ran a second attempt.
      assert.strictEqual(finished["startTime"], T0 + ms(farm.queueSeconds))
      assert.deepStrictEqual(
        attempts.slice(6).map((a) => [a.frameNumber, a.attempt]),
        [
          [3, 2],
          [6, 2]
        ]
      )
    })
  )

  it.effect("every frame failing -> FAILED (45)", () =>
    Effect.gen(function* () {
      const { id, sim } = yield* startedAtT0(1, { farm: { framesPerTask: 5, queueSeconds: 0, failFrame: () => true } })
      yield* TestClock.adjust("1 hour")
      const r = yield* row(sim, id)
      assert.strictEqual(r.taskStatus, TaskStatus.Failed)
      assert.deepStrictEqual([r["doneFrames"], r["failedFrames"], r["executingFrames"]], [0, 5, 0])
      assert.isNumber(r.completedDate)
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [5, 5, 5, 5, 5])
    })
  )

  it.effect("failureRate draws failures from the seed: the same seed fails the same frames", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const farm = { framesPerTask: 40, nodes: 40, queueSeconds: 0, frameSeconds: 5, failureRate: 0.5 }
      const run = (seed: number) =>
        Effect.gen(function* () {
          const sim = yield* make({ seed, farm })
          const [id] = (yield* submitted(sim, 1)) as [number]
          return { sim, id }
        })
      const a = yield* run(3)
      const b = yield* run(3)
      const c = yield* run(4)
      yield* TestClock.adjust("1 minute")
      const sa = yield* frameStatuses(a.sim, a.id)
      assert.deepStrictEqual(yield* frameStatuses(b.sim, b.id), sa)
      const failed = sa.filter((s) => s === 5).length
      const done = sa.filter((s) => s === 4).length
      assert.strictEqual(failed + done, 40)
      // About half fail (a 0.5 rate over 40 frames).
      assert.isAbove(failed, 5)
      assert.isAbove(done, 5)
      assert.strictEqual(yield* statusOf(a.sim, a.id), TaskStatus.FinishedWithFailedFrames)
      assert.notDeepEqual(yield* frameStatuses(c.sim, c.id), sa)
      const none = yield* make({ farm: { ...farm, failureRate: 0 } })
      const [n] = (yield* submitted(none, 1)) as [number]
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(yield* statusOf(none, n), TaskStatus.Finished)
    })
  )

  it.effect("stop freezes progress (running frames lose their run); start queues the task again", () =>
    Effect.gen(function* () {
      const farm = { framesPerTask: 8, queueSeconds: 10, frameSeconds: 60, nodes: 4 }
      const { id, sim } = yield* startedAtT0(1, { farm })
      yield* TestClock.adjust(ms(10 + 30))
      assert.isNull(yield* ok(sim, { path: paths.stopTask, body: { taskIds: [id] } }))
      const stopped = yield* row(sim, id)
      assert.strictEqual(stopped.taskStatus, TaskStatus.Stopped)
      assert.strictEqual(stopped["stopType"], 1)
      assert.strictEqual(stopped["executingFrames"], 0)
      const frozen = yield* framesOf(sim, id)
      assert.isTrue(frozen.every((f) => f.frameStatus === 1 && f.startTime === 0 && f.frameExecuteTime === 0))
      // Nothing moves while stopped, however long.
      yield* TestClock.adjust("5 hours")
      assert.deepStrictEqual(yield* row(sim, id), stopped)
      assert.deepStrictEqual(yield* framesOf(sim, id), frozen)

      assert.isNull(yield* ok(sim, { path: paths.startTask, body: { taskIds: [id] } }))
      const restartedAt = T0 + ms(40) + ms(5 * 3600)
      const requeued = yield* row(sim, id)
      assert.strictEqual(requeued.taskStatus, TaskStatus.Waiting)
      assert.strictEqual(requeued["stopType"], 0)
      yield* TestClock.adjust(ms(farm.queueSeconds) - 1)
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Waiting)
      yield* TestClock.adjust(1)
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Rendering)
      assert.isTrue((yield* framesOf(sim, id)).slice(0, 4).every((f) => f.startTime === restartedAt + ms(10)))
      yield* TestClock.adjust(ms(2 * farm.frameSeconds))
      const done = yield* row(sim, id)
      assert.strictEqual(done.taskStatus, TaskStatus.Finished)
      assert.strictEqual(done.completedDate, restartedAt + ms(10 + 120))
      assert.strictEqual(done["startTime"], T0 + ms(10))
      // The interrupted runs are not billed: 8 frames of 60 s.
      assert.strictEqual(done["renderDuration"], 8 * 60)
    })
  )

  it.effect("setTaskOverTimeStop: RENDERING longer than overTime in total -> TIME_OUT_STOP; start resumes", () =>
    Effect.gen(function* () {
      const farm = { framesPerTask: 8, queueSeconds: 0, frameSeconds: 60, nodes: 4 }
      const { id, sim } = yield* startedAtT0(1, { farm })
      assert.strictEqual(
        yield* ok(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [id], overTime: 90 } }),
        "SUCCESS"
      )
      yield* TestClock.adjust(ms(90) - 1)
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Rendering)
      yield* TestClock.adjust(1)
      const timedOut = yield* row(sim, id)
      assert.strictEqual(timedOut.taskStatus, TaskStatus.StoppedByTimeout)
      assert.strictEqual(timedOut["isOverTime"], 1)
      assert.deepStrictEqual([timedOut["doneFrames"], timedOut["executingFrames"]], [4, 0])
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [4, 4, 4, 4, 1, 1, 1, 1])
      yield* TestClock.adjust("1 hour")
      assert.deepStrictEqual(yield* row(sim, id), timedOut)

      // A start gives a fresh allowance: the last 4 frames need 60 s < 90 s.
      assert.isNull(yield* ok(sim, { path: paths.startTask, body: { taskIds: [id] } }))
      yield* TestClock.adjust(ms(60))
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Finished)
    })
  )

  it.effect("the over-time clock counts RENDERING time only, across stops; 0 means no limit", () =>
    Effect.gen(function* () {
      const farm = { framesPerTask: 8, queueSeconds: 0, frameSeconds: 60, nodes: 4 }
      yield* TestClock.setTime(T0)
      const sim = yield* make({ farm })
      const [a, b] = (yield* submitted(sim, 2)) as [number, number]
      yield* ok(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [a], overTime: 90 } })
      yield* ok(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [b], overTime: 0 } })
      yield* TestClock.adjust(ms(50))
      yield* ok(sim, { path: paths.stopTask, body: { taskIds: [a] } })
      yield* TestClock.adjust(ms(50))
      yield* ok(sim, { path: paths.startTask, body: { taskIds: [a] } })
      // 50 s rendered before the stop: 40 s more reach 90 s.
      yield* TestClock.adjust(ms(40) - 1)
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.Rendering)
      yield* TestClock.adjust(1)
      assert.strictEqual(yield* statusOf(sim, a), TaskStatus.StoppedByTimeout)
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* statusOf(sim, b), TaskStatus.Finished)
      // Lowering the limit below the time already rendered stops a rendering task at once.
      const [c] = (yield* submitted(sim, 1)) as [number]
      yield* TestClock.adjust(ms(30))
      yield* ok(sim, { path: paths.setTaskOverTimeStop, body: { taskIds: [c], overTime: 10 } })
      assert.strictEqual(yield* statusOf(sim, c), TaskStatus.StoppedByTimeout)
    })
  )

  it.effect("fullSpeedRendering: fullSpeedNodes frames at once from the call on", () =>
    Effect.gen(function* () {
      const farm = { framesPerTask: 32, queueSeconds: 0, frameSeconds: 60, nodes: 4, fullSpeedNodes: 16 }
      yield* TestClock.setTime(T0)
      const sim = yield* make({ farm })
      const [slow, fast] = (yield* submitted(sim, 2)) as [number, number]
      assert.strictEqual((yield* row(sim, fast))["executingFrames"], 4)
      assert.strictEqual(yield* ok(sim, { path: paths.fullSpeedRendering, body: { taskIds: [fast] } }), "success")
      const now = yield* row(sim, fast)
      assert.strictEqual(now["executingFrames"], 16)
      assert.strictEqual(now["taskLevel"], 81)
      yield* TestClock.adjust(ms(120))
      assert.strictEqual(yield* statusOf(sim, fast), TaskStatus.Finished)
      const behind = yield* row(sim, slow)
      assert.strictEqual(behind.taskStatus, TaskStatus.Rendering)
      assert.strictEqual(behind["doneFrames"], 8)
      yield* TestClock.adjust(ms(6 * 60))
      assert.strictEqual(yield* statusOf(sim, slow), TaskStatus.Finished)
    })
  )

  it.effect("abandon: unfinished frames become stopped (3) and never run; the task takes no restart", () =>
    Effect.gen(function* () {
      const farm = { framesPerTask: 8, queueSeconds: 10, frameSeconds: 60, nodes: 4 }
      const { id, sim } = yield* startedAtT0(1, { farm })
      yield* TestClock.adjust(ms(10 + 60 + 1))
      assert.isNull(yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [id] } }))
      const abandoned = yield* row(sim, id)
      assert.strictEqual(abandoned.taskStatus, TaskStatus.Abandoned)
      assert.strictEqual(abandoned.completedDate, T0 + ms(71))
      assert.deepStrictEqual(
        [abandoned["doneFrames"], abandoned["abortFrames"], abandoned["executingFrames"]],
        [4, 4, 0]
      )
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [4, 4, 4, 4, 3, 3, 3, 3])
      yield* TestClock.adjust("2 hours")
      assert.deepStrictEqual(yield* row(sim, id), abandoned)
      yield* invalid(sim, { path: paths.startTask, body: { taskIds: [id] } })
      yield* invalid(sim, { path: paths.recommitTasks, body: { taskIds: [id], status: [3] } })
      assert.isNull(yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [id] } }))
      // A finished task cannot be abandoned.
      const [other] = (yield* submitted(sim, 1)) as [number]
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* statusOf(sim, other), TaskStatus.Finished)
      yield* invalid(sim, { path: paths.abandonTask, body: { taskIds: [other] } })
      // A stopped task can; it took its frames with it.
      const [third] = (yield* submitted(sim, 1)) as [number]
      yield* ok(sim, { path: paths.stopTask, body: { taskIds: [third] } })
      yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [third] } })
      assert.deepStrictEqual(yield* frameStatuses(sim, third), Array(8).fill(3))
    })
  )

  it.effect("updateTaskUserLevel keeps the value and does not change the schedule", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ farm: { queueSeconds: 10 } })
      const [a, b] = (yield* submitted(sim, 2)) as [number, number]
      yield* ok(sim, { path: paths.updateTaskUserLevel, body: { taskId: b, taskUserLevel: 99 } })
      yield* TestClock.adjust(ms(10))
      const [ra, rb] = [yield* row(sim, a), yield* row(sim, b)]
      assert.strictEqual(rb.taskUserLevel, 99)
      assert.deepStrictEqual([ra.taskStatus, rb.taskStatus], [TaskStatus.Rendering, TaskStatus.Rendering])
      assert.strictEqual(ra["startTime"], rb["startTime"])
    })
  )
})
