/**
 * TaskService's frame workflows (docs/protocol.md 6.6) against the simulator's farm: allFrames,
 * restarting and stopping frames by index, subTaskIds, and frames over a socket. Time is
 * TestClock's: the farm moves only when a test adjusts it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Frame } from "@rayvision/core"
import { Effect } from "effect"
import {
  callsTo,
  failsWith,
  framesOf,
  lastBody,
  onSmallFarm as sim,
  overSocket,
  smallFarm as farm,
  submitted,
  unknownTaskId,
  wait,
  withTasks
} from "../support.ts"
import { paths } from "../paths.ts"

describe("TaskService.allFrames", () => {
  it.effect("reads every frame across pages, stopping at the last page (spec 7.13)", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const before = (yield* callsTo(paths.queryTaskFrames)).length
      const frames = yield* withTasks((t) => t.allFrames(taskId, { pageSize: 4 }))
      const calls = (yield* callsTo(paths.queryTaskFrames)).slice(before)
      assert.deepStrictEqual(
        frames.map((f) => f.frameIndex),
        ["1", "2", "3", "4", "5", "6"]
      )
      assert.strictEqual(new Set(frames.map((f) => f.id)).size, frames.length)
      assert.deepStrictEqual(
        calls.map((c) => c.bodyText),
        [1, 2].map((n) => `{"taskId": ${taskId}, "pageNum": ${n}, "pageSize": 4}`)
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.restartFramesByIndex / stopFramesByIndex", () => {
  it.effect("resubmits the frames with those indexes", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* wait(3600)
      const frames = yield* framesOf(taskId)
      yield* withTasks((t) => t.restartFramesByIndex(taskId, ["2", "5"]))
      const ids = ["2", "5"].map((index) => frames.find((f) => f.frameIndex === index)!.id)
      assert.strictEqual(
        yield* lastBody(paths.recommitTaskFrames),
        `{"taskId": ${taskId}, "ids": [${ids.join(", ")}], "selectAll": 0}`
      )
      const after = yield* framesOf(taskId)
      assert.deepStrictEqual(
        after.filter((f) => f.recommitFlag === 1).map((f) => f.frameIndex),
        ["2", "5"]
      )
    }).pipe(Effect.provide(sim()))
  )

  it.effect("stops the frames with those indexes", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* withTasks((t) => t.stopFramesByIndex(taskId, ["6"]))
      const frames = yield* framesOf(taskId)
      assert.deepStrictEqual(
        frames.filter((f) => f.frameStatus === Frame.FrameStatus.Stopped).map((f) => f.frameIndex),
        ["6"]
      )
    }).pipe(Effect.provide(sim()))
  )

  it.effect("indexes the task does not have are a FramesNotFound, and nothing is resubmitted", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const error = yield* failsWith(
        withTasks((t) => t.restartFramesByIndex(taskId, ["1", "7", "1-6[1]"])),
        "FramesNotFound"
      )
      assert.strictEqual(error.taskId, taskId)
      assert.deepStrictEqual(error.frameIndexes, ["7", "1-6[1]"])
      assert.strictEqual((yield* callsTo(paths.recommitTaskFrames)).length, 0)
      yield* failsWith(
        withTasks((t) => t.stopFramesByIndex(taskId, ["99"])),
        "FramesNotFound"
      )
      assert.strictEqual((yield* callsTo(paths.stopTaskFrames)).length, 0)
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.subTaskIds", () => {
  it.effect("a plain task is its own only sub-task; an unknown one is TaskNotFound", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      assert.deepStrictEqual(yield* withTasks((t) => t.subTaskIds(taskId)), [taskId])
      const error = yield* failsWith(
        withTasks((t) => t.subTaskIds(unknownTaskId)),
        "TaskNotFound"
      )
      assert.strictEqual(error.taskId, unknownTaskId)
    }).pipe(Effect.provide(sim()))
  )
})

describe("Frames over a socket", () => {
  it.live("reads, stops and restarts frames through the Node adapter", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const frames = yield* framesOf(taskId)
      assert.strictEqual(frames.length, farm.framesPerTask)
      yield* withTasks((t) => t.stopFramesByIndex(taskId, ["1"]))
      assert.strictEqual(
        yield* lastBody(paths.stopTaskFrames),
        `{"taskId": ${taskId}, "ids": [${frames[0]!.id}], "selectAll": 0}`
      )
      yield* withTasks((t) => t.restartFrames({ taskId, frameIds: [frames[0]!.id] }))
      const after = yield* framesOf(taskId)
      assert.strictEqual(after[0]!.recommitFlag, 1)
      const details = yield* withTasks((t) =>
        t.analysisErrorDetail({ code: "15000", language: Frame.Language.English })
      )
      assert.strictEqual(details[0]!.code, "15000")
      yield* failsWith(
        withTasks((t) => t.framesPage({ taskId: unknownTaskId })),
        "ResourceNotFound"
      )
    }).pipe(Effect.provide(overSocket({ farm })))
  )
})
