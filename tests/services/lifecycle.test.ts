/**
 * Whole task lifecycles through the public services only, against the simulator's farm, with
 * time driven by TestClock: submission to FINISHED, failed frames and their resubmission, stop
 * and start, abandon, the over-time stop, full speed, and layer children.
 */
import { assert, describe, it } from "@effect/vitest"
import { Frame, Task } from "@rayvision/core"
import type { Simulator } from "@rayvision/simulator"
import { Effect, TestClock } from "effect"
import { framesOf, inProcess, submitted as submitTask, taskRow, wait, withTasks } from "../support.ts"

/** The farm of these tests; every expectation below is computed from it. */
const farm = {
  framesPerTask: 6,
  queueSeconds: 5,
  frameSeconds: 30,
  nodes: 2,
  fullSpeedNodes: 16,
  pricePerFrameSecond: 0.01
} as const
const sim = (extra: Simulator.FarmOptions = {}) => inProcess({ seed: 7, farm: { ...farm, ...extra } })

const round2 = (x: number) => Math.round(x * 100) / 100
/** The fee of one frame run. */
const frameFee = round2(farm.pricePerFrameSecond * farm.frameSeconds)
/** Seconds from a task entering the queue until `frames` frames rendered `nodes` at a time are done. */
const secondsFor = (frames: number, nodes: number = farm.nodes) =>
  farm.queueSeconds + Math.ceil(frames / nodes) * farm.frameSeconds

const statusesOf = (taskId: number) =>
  Effect.map(framesOf(taskId), (frames) => frames.map((f) => Frame.frameStatusName(f.frameStatus)))

describe("lifecycle: submission to FINISHED", () => {
  it.effect("WAITING, then RENDERING nodes frames at a time, then FINISHED with the frames' cost", () =>
    Effect.gen(function* () {
      const taskId = yield* submitTask
      const submitted = yield* taskRow(taskId)
      assert.strictEqual(submitted.taskStatus, Task.TaskStatus.Waiting)
      assert.strictEqual(submitted.totalFrames, farm.framesPerTask)
      assert.strictEqual(submitted.doneFrames, 0)
      const submitDate = submitted.submitDate!

      yield* wait(farm.queueSeconds - 1)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Waiting)

      yield* wait(2)
      const rendering = yield* taskRow(taskId)
      assert.strictEqual(rendering.taskStatus, Task.TaskStatus.Rendering)
      assert.strictEqual(rendering.executingFrames, farm.nodes)
      assert.strictEqual(rendering.startTime, submitDate + farm.queueSeconds * 1000)
      assert.deepStrictEqual(yield* statusesOf(taskId), [
        "Running",
        "Running",
        "Waiting",
        "Waiting",
        "Waiting",
        "Waiting"
      ])

      yield* wait(farm.frameSeconds)
      const batch = yield* taskRow(taskId)
      assert.strictEqual(batch.doneFrames, farm.nodes)
      assert.strictEqual(batch.executingFrames, farm.nodes)

      // One second before the end the last batch still runs; at the end the task is FINISHED.
      const end = secondsFor(farm.framesPerTask)
      yield* TestClock.setTime(submitDate + (end - 1) * 1000)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Rendering)
      yield* wait(1)
      const finished = yield* taskRow(taskId)
      assert.strictEqual(finished.taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual(finished.doneFrames, farm.framesPerTask)
      assert.strictEqual(finished.executingFrames, 0)
      assert.strictEqual(finished.failedFrames, 0)
      assert.strictEqual(finished.completedDate, submitDate + end * 1000)
      assert.strictEqual(finished.renderDuration, farm.framesPerTask * farm.frameSeconds)
      assert.closeTo(finished.renderConsume!, farm.framesPerTask * frameFee, 1e-9)

      const frames = yield* framesOf(taskId)
      for (const frame of frames) {
        assert.strictEqual(frame.frameStatus, Frame.FrameStatus.Finished)
        assert.strictEqual(frame.frameExecuteTime, farm.frameSeconds)
        assert.closeTo(frame.feeAmount!, frameFee, 1e-9)
        assert.strictEqual(frame.endTime! - frame.startTime!, farm.frameSeconds * 1000)
        assert.strictEqual(frame.recommitFlag, 0)
      }
      // Frames run in frame order, nodes at a time.
      assert.deepStrictEqual(
        frames.map((f) => (f.startTime! - submitDate) / 1000),
        [0, 0, 1, 1, 2, 2].map((batchIndex) => farm.queueSeconds + batchIndex * farm.frameSeconds)
      )
      // It stays finished.
      yield* wait(3600)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Finished)
    }).pipe(Effect.provide(sim()))
  )
})

describe("lifecycle: failed frames", () => {
  const failing = ["2", "5"]
  const failFrame: Simulator.FarmOptions["failFrame"] = ({ attempt, frameNumber }) =>
    attempt === 1 && failing.includes(String(frameNumber))

  /** Submits a task and lets it end with frames 2 and 5 failed. */
  const failedTask = Effect.gen(function* () {
    const taskId = yield* submitTask
    yield* wait(secondsFor(farm.framesPerTask))
    const ended = yield* taskRow(taskId)
    assert.strictEqual(ended.taskStatus, Task.TaskStatus.FinishedWithFailedFrames)
    assert.strictEqual(ended.failedFrames, failing.length)
    assert.strictEqual(ended.doneFrames, farm.framesPerTask - failing.length)
    const frames = yield* framesOf(taskId)
    assert.deepStrictEqual(
      frames.filter((f) => f.frameStatus === Frame.FrameStatus.Failed).map((f) => f.frameIndex),
      failing
    )
    return taskId
  })

  /** After a resubmission: queued again, the failed frames render again and the task is FINISHED. */
  const rendersAgain = (taskId: number) =>
    Effect.gen(function* () {
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Waiting)
      yield* wait(secondsFor(failing.length))
      const finished = yield* taskRow(taskId)
      assert.strictEqual(finished.taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual(finished.doneFrames, farm.framesPerTask)
      assert.strictEqual(finished.failedFrames, 0)
      const frames = yield* framesOf(taskId)
      assert.isTrue(frames.every((f) => f.frameStatus === Frame.FrameStatus.Finished))
      assert.deepStrictEqual(
        frames.map((f) => f.recommitFlag),
        frames.map((f) => (failing.includes(f.frameIndex) ? 1 : 0))
      )
    })

  it.effect("FINISHED_WITH_FAILED_FRAMES, then restartFailedFrames, then FINISHED", () =>
    Effect.gen(function* () {
      const taskId = yield* failedTask
      yield* withTasks((t) => t.restartFailedFrames({ taskIds: [taskId] }))
      yield* rendersAgain(taskId)
    }).pipe(Effect.provide(sim({ failFrame })))
  )

  it.effect("FINISHED_WITH_FAILED_FRAMES, then restartFramesByIndex, then FINISHED", () =>
    Effect.gen(function* () {
      const taskId = yield* failedTask
      yield* withTasks((t) => t.restartFramesByIndex(taskId, failing))
      yield* rendersAgain(taskId)
    }).pipe(Effect.provide(sim({ failFrame })))
  )

  it.effect("every frame failing ends the task FAILED", () =>
    Effect.gen(function* () {
      const taskId = yield* submitTask
      yield* wait(secondsFor(farm.framesPerTask))
      const ended = yield* taskRow(taskId)
      assert.strictEqual(ended.taskStatus, Task.TaskStatus.Failed)
      assert.strictEqual(ended.failedFrames, farm.framesPerTask)
    }).pipe(Effect.provide(sim({ failFrame: ({ attempt }) => attempt === 1 })))
  )
})

describe("lifecycle: stop, start, abandon", () => {
  it.effect("a stopped task does not progress, however long; started again it reaches FINISHED", () =>
    Effect.gen(function* () {
      const taskId = yield* submitTask
      // Into the second batch: frames 1-2 done, 3-4 running.
      yield* wait(farm.queueSeconds + farm.frameSeconds + 10)
      yield* withTasks((t) => t.stop([taskId]))
      const stopped = yield* taskRow(taskId)
      assert.strictEqual(stopped.taskStatus, Task.TaskStatus.Stopped)
      assert.strictEqual(stopped.doneFrames, farm.nodes)
      assert.strictEqual(stopped.executingFrames, 0)
      const frozen = yield* framesOf(taskId)
      assert.deepStrictEqual(
        frozen.map((f) => Frame.frameStatusName(f.frameStatus)),
        ["Finished", "Finished", "Waiting", "Waiting", "Waiting", "Waiting"]
      )

      yield* wait(24 * 3600)
      const later = yield* taskRow(taskId)
      assert.strictEqual(later.taskStatus, Task.TaskStatus.Stopped)
      assert.strictEqual(later.doneFrames, stopped.doneFrames)
      assert.deepStrictEqual(yield* framesOf(taskId), frozen)

      yield* withTasks((t) => t.start([taskId]))
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Waiting)
      // The frames still to render (4 of them) take a queue wait and two batches.
      yield* wait(secondsFor(farm.framesPerTask - farm.nodes))
      const finished = yield* taskRow(taskId)
      assert.strictEqual(finished.taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual(finished.doneFrames, farm.framesPerTask)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an abandoned task keeps its finished frames, stops the rest and stays abandoned", () =>
    Effect.gen(function* () {
      const taskId = yield* submitTask
      yield* wait(farm.queueSeconds + farm.frameSeconds + 10)
      yield* withTasks((t) => t.abandon([taskId]))
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Abandoned)
      yield* wait(3600)
      const row = yield* taskRow(taskId)
      assert.strictEqual(row.taskStatus, Task.TaskStatus.Abandoned)
      assert.strictEqual(row.doneFrames, farm.nodes)
      assert.deepStrictEqual(yield* statusesOf(taskId), [
        "Finished",
        "Finished",
        "Stopped",
        "Stopped",
        "Stopped",
        "Stopped"
      ])
    }).pipe(Effect.provide(sim()))
  )
})

describe("lifecycle: over-time stop", () => {
  it.effect("a task over its time limit is StoppedByTimeout and waits; with a larger limit it finishes", () =>
    Effect.gen(function* () {
      const taskId = yield* submitTask
      const limit = farm.frameSeconds + 15
      yield* withTasks((t) => t.setOvertimeStop({ taskIds: [taskId], overTime: limit }))
      // The limit counts rendering time only: the queue wait comes first.
      yield* wait(farm.queueSeconds + limit - 1)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Rendering)
      yield* wait(1)
      const stopped = yield* taskRow(taskId)
      assert.strictEqual(stopped.taskStatus, Task.TaskStatus.StoppedByTimeout)
      assert.strictEqual(stopped.isOverTime, 1)
      assert.strictEqual(stopped.doneFrames, farm.nodes)
      yield* wait(3600)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.StoppedByTimeout)
      assert.strictEqual((yield* taskRow(taskId)).doneFrames, farm.nodes)

      yield* withTasks((t) => t.setOvertimeStop({ taskIds: [taskId], overTime: 3600 }))
      yield* withTasks((t) => t.start([taskId]))
      yield* wait(secondsFor(farm.framesPerTask - farm.nodes))
      const finished = yield* taskRow(taskId)
      assert.strictEqual(finished.taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual(finished.doneFrames, farm.framesPerTask)
    }).pipe(Effect.provide(sim()))
  )
})

describe("lifecycle: full speed", () => {
  it.effect("a task at full speed renders fullSpeedNodes frames at once and finishes sooner", () =>
    Effect.gen(function* () {
      const normal = yield* submitTask
      const fast = yield* submitTask
      yield* withTasks((t) => t.fullSpeed([fast]))
      const fastEnd = secondsFor(farm.framesPerTask, farm.fullSpeedNodes)
      const normalEnd = secondsFor(farm.framesPerTask)
      assert.isBelow(fastEnd, normalEnd)
      yield* wait(fastEnd)
      assert.strictEqual((yield* taskRow(fast)).taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual((yield* taskRow(normal)).taskStatus, Task.TaskStatus.Rendering)
      yield* wait(normalEnd - fastEnd)
      const [a, b] = [yield* taskRow(normal), yield* taskRow(fast)]
      assert.strictEqual(a.taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual(b.completedDate! - b.submitDate!, fastEnd * 1000)
      assert.strictEqual(a.completedDate! - a.submitDate!, normalEnd * 1000)
    }).pipe(Effect.provide(sim()))
  )
})

describe("lifecycle: layers", () => {
  const layers = ["beauty", "shadow", "ao"]

  it.effect("a task with layers has one child per layer; subTaskIds returns them", () =>
    Effect.gen(function* () {
      const parentId = yield* submitTask
      const children = yield* withTasks((t) => t.subTaskIds(parentId))
      assert.strictEqual(children.length, layers.length)
      const parent = yield* taskRow(parentId)
      assert.deepStrictEqual(
        (parent.respRenderingTaskList ?? []).map((child) => child.id),
        children
      )
      assert.strictEqual(parent.totalFrames, layers.length * farm.framesPerTask)
      for (const [i, childId] of children.entries()) {
        const child = yield* taskRow(childId)
        assert.strictEqual(child.layerName, layers[i])
        assert.strictEqual(Number(child.layerParentId), parentId)
        assert.deepStrictEqual(yield* withTasks((t) => t.subTaskIds(childId)), [childId])
        assert.strictEqual((yield* framesOf(childId)).length, farm.framesPerTask)
      }
      yield* wait(secondsFor(farm.framesPerTask))
      assert.strictEqual((yield* taskRow(parentId)).taskStatus, Task.TaskStatus.Finished)
      for (const childId of children) {
        assert.strictEqual((yield* taskRow(childId)).taskStatus, Task.TaskStatus.Finished)
      }
      // Frames are resubmitted by index through the child that carries them.
      const shadow = children[1]!
      yield* withTasks((t) => t.restartFramesByIndex(shadow, ["3"]))
      assert.strictEqual((yield* taskRow(shadow)).taskStatus, Task.TaskStatus.Waiting)
      assert.strictEqual((yield* taskRow(parentId)).taskStatus, Task.TaskStatus.Waiting)
      yield* wait(secondsFor(1))
      assert.strictEqual((yield* taskRow(parentId)).taskStatus, Task.TaskStatus.Finished)
      assert.deepStrictEqual(
        (yield* framesOf(shadow)).map((f) => f.recommitFlag),
        [0, 0, 1, 0, 0, 0]
      )
    }).pipe(Effect.provide(sim({ layers })))
  )
})
