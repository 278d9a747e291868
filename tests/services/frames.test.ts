/**
 * TaskService's frame, log and analysis-error endpoints (docs/protocol.md 4.3.3-4.3.11) against the
 * simulator's farm: for each endpoint a success, typed failures (a simulator-side code, and bad
 * input refused with nothing sent) and the exact body on the wire. Time is TestClock's: the farm
 * moves only when a test adjusts it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Frame, Task } from "@rayvision/core"
import { Effect } from "effect"
import {
  failsWith,
  framesOf,
  inProcess,
  lastBody,
  onSmallFarm as sim,
  refused,
  smallFarm as farm,
  submitted,
  taskRow,
  unknownTaskId,
  wait,
  withTasks
} from "../support.ts"
import { paths } from "../paths.ts"

describe("TaskService.framesPage", () => {
  it.effect("pages the frames of a task, numbered from 1", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const page = yield* withTasks((t) => t.framesPage({ taskId }))
      assert.strictEqual(yield* lastBody(paths.queryTaskFrames), `{"taskId": ${taskId}, "pageNum": 1, "pageSize": 100}`)
      assert.strictEqual(page.total, farm.framesPerTask)
      assert.deepStrictEqual(
        page.items.map((f) => f.frameIndex),
        ["1", "2", "3", "4", "5", "6"]
      )
      assert.isTrue(page.items.every((f) => f.taskId === taskId && f.frameStatus === Frame.FrameStatus.Waiting))
      assert.strictEqual(page.items[0]!.frameStatusText, "task_frame_status_1")
      const second = yield* withTasks((t) => t.framesPage({ taskId, pageNum: 2, pageSize: 4, searchKeyword: "" }))
      assert.strictEqual(
        yield* lastBody(paths.queryTaskFrames),
        `{"taskId": ${taskId}, "pageNum": 2, "pageSize": 4, "searchKeyword": ""}`
      )
      assert.strictEqual(second.pageCount, 2)
      assert.deepStrictEqual(
        second.items.map((f) => f.frameIndex),
        ["5", "6"]
      )
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an unknown task is ResourceNotFound; page size 0 is refused", () =>
    Effect.gen(function* () {
      yield* failsWith(
        withTasks((t) => t.framesPage({ taskId: unknownTaskId })),
        "ResourceNotFound"
      )
      assert.strictEqual(
        yield* lastBody(paths.queryTaskFrames),
        `{"taskId": ${unknownTaskId}, "pageNum": 1, "pageSize": 100}`
      )
      yield* refused(
        withTasks((t) => t.framesPage({ taskId: 5, pageSize: 0 })),
        paths.queryTaskFrames,
        "pageSize"
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.allFrameStats", () => {
  it.effect("counts the frames of every task of the account as they render", () =>
    Effect.gen(function* () {
      yield* submitted
      yield* submitted
      const before = yield* withTasks((t) => t.allFrameStats())
      assert.strictEqual(yield* lastBody(paths.queryAllFrameStats), "{}")
      assert.strictEqual(before.totalFrames, 2 * farm.framesPerTask)
      assert.strictEqual(before.waitingFramesTotal, 2 * farm.framesPerTask)
      assert.strictEqual(before.doneFramesTotal, 0)
      yield* wait(farm.queueSeconds + 1)
      const rendering = yield* withTasks((t) => t.allFrameStats())
      assert.strictEqual(rendering.executingFramesTotal, 2 * farm.nodes)
      yield* wait(3600)
      const after = yield* withTasks((t) => t.allFrameStats())
      assert.strictEqual(after.doneFramesTotal, 2 * farm.framesPerTask)
      assert.strictEqual(after.failedFramesTotal, 0)
      assert.strictEqual(after.waitingFramesTotal, 0)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an unknown access id is NeedUserLogin", () =>
    Effect.gen(function* () {
      const error = yield* failsWith(
        withTasks((t) => t.allFrameStats()),
        "NeedUserLogin"
      )
      assert.strictEqual(error.code, 602)
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOT-A-KNOWN-ACCESS-ID" })))
  )
})

describe("TaskService.restartFailedFrames", () => {
  it.effect("resubmits the failed frames of a task", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* wait(3600)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.FinishedWithFailedFrames)
      yield* withTasks((t) => t.restartFailedFrames({ taskIds: [taskId] }))
      assert.strictEqual(yield* lastBody(paths.recommitTasks), `{"taskIds": [${taskId}]}`)
      const frames = yield* framesOf(taskId)
      const frame3 = frames.find((f) => f.frameIndex === "3")!
      assert.strictEqual(frame3.frameStatus, Frame.FrameStatus.Waiting)
      assert.strictEqual(frame3.recommitFlag, 1)
      assert.isTrue(frames.filter((f) => f !== frame3).every((f) => f.frameStatus === Frame.FrameStatus.Finished))
    }).pipe(Effect.provide(sim({ failFrame: ({ attempt, frameNumber }) => frameNumber === 3 && attempt === 1 })))
  )

  it.effect("with statuses, resubmits the frames in those statuses; the list is on the wire", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* wait(3600)
      yield* withTasks((t) => t.restartFailedFrames({ taskIds: [taskId], status: [Frame.FrameStatus.Finished] }))
      assert.strictEqual(yield* lastBody(paths.recommitTasks), `{"taskIds": [${taskId}], "status": [4]}`)
      const frames = yield* framesOf(taskId)
      assert.isTrue(frames.every((f) => f.frameStatus === Frame.FrameStatus.Waiting && f.recommitFlag === 1))
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an unknown task is ResourceNotFound; an empty list is refused", () =>
    Effect.gen(function* () {
      yield* failsWith(
        withTasks((t) => t.restartFailedFrames({ taskIds: [unknownTaskId] })),
        "ResourceNotFound"
      )
      yield* refused(
        withTasks((t) => t.restartFailedFrames({ taskIds: [] })),
        paths.recommitTasks,
        "taskIds"
      )
      yield* refused(
        withTasks((t) => t.restartFailedFrames({ taskIds: [5], status: [] })),
        paths.recommitTasks,
        "status"
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.restartFrames", () => {
  it.effect("resubmits the listed frames (selectAll 0), or every frame (selectAll 1)", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* wait(3600)
      const frames = yield* framesOf(taskId)
      const [first, second] = [frames[0]!, frames[1]!]
      yield* withTasks((t) => t.restartFrames({ taskId, frameIds: [first.id, second.id] }))
      assert.strictEqual(
        yield* lastBody(paths.recommitTaskFrames),
        `{"taskId": ${taskId}, "ids": [${first.id}, ${second.id}], "selectAll": 0}`
      )
      const after = yield* framesOf(taskId)
      assert.deepStrictEqual(
        after.map((f) => f.recommitFlag),
        [1, 1, 0, 0, 0, 0]
      )
      yield* wait(3600)
      yield* withTasks((t) => t.restartFrames({ taskId }))
      assert.strictEqual(yield* lastBody(paths.recommitTaskFrames), `{"taskId": ${taskId}, "selectAll": 1}`)
      assert.deepStrictEqual(
        (yield* framesOf(taskId)).map((f) => f.recommitFlag),
        [2, 2, 1, 1, 1, 1]
      )
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an abandoned task is ParameterInvalid; an unknown one ResourceNotFound; no frame ids refused", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* withTasks((t) => t.abandon([taskId]))
      yield* failsWith(
        withTasks((t) => t.restartFrames({ taskId })),
        "ParameterInvalid"
      )
      yield* failsWith(
        withTasks((t) => t.restartFrames({ taskId: unknownTaskId })),
        "ResourceNotFound"
      )
      assert.strictEqual(yield* lastBody(paths.recommitTaskFrames), `{"taskId": ${unknownTaskId}, "selectAll": 1}`)
      yield* refused(
        withTasks((t) => t.restartFrames({ taskId: 5, frameIds: [] })),
        paths.recommitTaskFrames,
        "frameIds"
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.stopFrames", () => {
  it.effect("stops the listed frames; they never render", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const frames = yield* framesOf(taskId)
      const last = frames[frames.length - 1]!
      yield* withTasks((t) => t.stopFrames({ taskId, frameIds: [last.id] }))
      assert.strictEqual(
        yield* lastBody(paths.stopTaskFrames),
        `{"taskId": ${taskId}, "ids": [${last.id}], "selectAll": 0}`
      )
      yield* wait(3600)
      const after = yield* framesOf(taskId)
      assert.strictEqual(after.find((f) => f.id === last.id)!.frameStatus, Frame.FrameStatus.Stopped)
      assert.strictEqual(
        after.filter((f) => f.frameStatus === Frame.FrameStatus.Finished).length,
        farm.framesPerTask - 1
      )
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Finished)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("stopping every waiting frame (selectAll 1, with a status) abandons the task", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* withTasks((t) => t.stopFrames({ taskId, status: [Frame.FrameStatus.Waiting] }))
      assert.strictEqual(yield* lastBody(paths.stopTaskFrames), `{"taskId": ${taskId}, "selectAll": 1, "status": [1]}`)
      const frames = yield* framesOf(taskId)
      assert.isTrue(frames.every((f) => f.frameStatus === Frame.FrameStatus.Stopped))
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Abandoned)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("another task's frame or an unknown task is ResourceNotFound; a fractional id is refused", () =>
    Effect.gen(function* () {
      const mine = yield* submitted
      const other = yield* submitted
      const otherFrame = (yield* framesOf(other))[0]!
      yield* failsWith(
        withTasks((t) => t.stopFrames({ taskId: mine, frameIds: [otherFrame.id] })),
        "ResourceNotFound"
      )
      assert.strictEqual(
        yield* lastBody(paths.stopTaskFrames),
        `{"taskId": ${mine}, "ids": [${otherFrame.id}], "selectAll": 0}`
      )
      yield* failsWith(
        withTasks((t) => t.stopFrames({ taskId: unknownTaskId, frameIds: [7] })),
        "ResourceNotFound"
      )
      assert.strictEqual(
        yield* lastBody(paths.stopTaskFrames),
        `{"taskId": ${unknownTaskId}, "ids": [7], "selectAll": 0}`
      )
      yield* refused(
        withTasks((t) => t.stopFrames({ taskId: 5, frameIds: [1.5] })),
        paths.stopTaskFrames,
        "frameIds.0"
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.progressImage", () => {
  it.effect("describes a rendering task's progress, one grab per frame", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      // Half-way through the first batch.
      yield* wait(farm.queueSeconds + farm.frameSeconds / 2)
      const image = yield* withTasks((t) => t.progressImage({ taskId }))
      assert.strictEqual(yield* lastBody(paths.loadTaskProcessImg), `{"taskId": ${taskId}}`)
      assert.instanceOf(image, Frame.ProgressImage)
      assert.strictEqual(image.currentTaskType, "Render")
      const grabs = (image.grabInfo ?? []).map((frame) => frame[0]!)
      assert.strictEqual(grabs.length, farm.framesPerTask)
      assert.deepStrictEqual(
        grabs.map((g) => [g.frameIndex, g.framePercent]),
        [
          ["1", "50"],
          ["2", "50"],
          ["3", "0"],
          ["4", "0"],
          ["5", "0"],
          ["6", "0"]
        ]
      )
      const main = yield* withTasks((t) => t.progressImage({ taskId, frameType: Frame.FrameType.Main }))
      assert.strictEqual(yield* lastBody(paths.loadTaskProcessImg), `{"taskId": ${taskId}, "frameType": 5}`)
      assert.strictEqual(main.grabInfo?.length, farm.framesPerTask)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an unknown task is ResourceNotFound; frame type 3 is refused", () =>
    Effect.gen(function* () {
      yield* failsWith(
        withTasks((t) => t.progressImage({ taskId: unknownTaskId })),
        "ResourceNotFound"
      )
      yield* refused(
        withTasks((t) => t.progressImage({ taskId: 5, frameType: 3 as 5 })),
        paths.loadTaskProcessImg,
        "frameType"
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.frameThumbnails", () => {
  it.effect("lists the thumbnails of a finished frame", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* wait(3600)
      const frame = (yield* framesOf(taskId))[0]!
      const thumbnails = yield* withTasks((t) => t.frameThumbnails({ frameId: frame.id }))
      assert.strictEqual(yield* lastBody(paths.loadingFrameThumbnail), `{"id": ${frame.id}, "frameStatus": 4}`)
      assert.isAbove(thumbnails.length, 0)
      assert.isTrue(thumbnails.every((p) => typeof p === "string" && p.length > 0))
    }).pipe(Effect.provide(sim()))
  )

  it.effect("a frame not finished is ParameterInvalid; an unknown one ResourceNotFound; no id is refused", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const waiting = (yield* framesOf(taskId))[0]!
      yield* failsWith(
        withTasks((t) => t.frameThumbnails({ frameId: waiting.id })),
        "ParameterInvalid"
      )
      yield* failsWith(
        withTasks((t) => t.frameThumbnails({ frameId: unknownTaskId, frameStatus: Frame.FrameStatus.Finished })),
        "ResourceNotFound"
      )
      assert.strictEqual(yield* lastBody(paths.loadingFrameThumbnail), `{"id": ${unknownTaskId}, "frameStatus": 4}`)
      yield* refused(
        withTasks((t) => t.frameThumbnails({} as never)),
        paths.loadingFrameThumbnail,
        "frameId"
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.renderLog", () => {
  it.effect("pages the render log of a frame", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* wait(3600)
      const frame = (yield* framesOf(taskId))[0]!
      const log = yield* withTasks((t) => t.renderLog({ frameId: frame.id }))
      assert.strictEqual(
        yield* lastBody(paths.showLog),
        `{"renderingType": "render", "pageNum": 1, "pageSize": 1, "id": ${frame.id}}`
      )
      assert.instanceOf(log, Frame.RenderLogPage)
      assert.isAbove(log.total, 0)
      assert.strictEqual(log.items.length, 1)
      const all = yield* withTasks((t) => t.renderLog({ frameId: frame.id, pageSize: log.total }))
      assert.strictEqual(all.items.length, log.total)
      assert.strictEqual(all.items[0], log.items[0])
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an unknown frame is ResourceNotFound; no frame id is refused (the SDK sent id: null)", () =>
    Effect.gen(function* () {
      yield* failsWith(
        withTasks((t) => t.renderLog({ frameId: unknownTaskId, pageSize: 10, renderingType: "render" })),
        "ResourceNotFound"
      )
      assert.strictEqual(
        yield* lastBody(paths.showLog),
        `{"renderingType": "render", "pageNum": 1, "pageSize": 10, "id": ${unknownTaskId}}`
      )
      yield* refused(
        withTasks((t) => t.renderLog({ pageNum: 1 } as never)),
        paths.showLog,
        "frameId"
      )
    }).pipe(Effect.provide(sim()))
  )
})

describe("TaskService.analysisErrorDetail", () => {
  it.effect("describes analysis error codes, in Chinese by default and in English on request", () =>
    Effect.gen(function* () {
      const chinese = yield* withTasks((t) => t.analysisErrorDetail({ code: "15000" }))
      assert.strictEqual(yield* lastBody(paths.queryAnalyseErrorDetail), '{"code": "15000", "language": 0}')
      assert.deepStrictEqual(
        chinese.map((row) => row.code),
        ["15000"]
      )
      assert.strictEqual(chinese[0]!.languageFlag, Frame.Language.Chinese)
      assert.strictEqual(chinese[0]!.type, 1)
      const english = yield* withTasks((t) =>
        t.analysisErrorDetail({ codes: ["15000", "10010"], language: Frame.Language.English })
      )
      assert.strictEqual(yield* lastBody(paths.queryAnalyseErrorDetail), '{"codes": ["15000", "10010"], "language": 1}')
      assert.sameMembers(
        english.map((row) => row.code),
        ["15000", "10010"]
      )
      assert.isTrue(english.every((row) => row.languageFlag === Frame.Language.English))
    }).pipe(Effect.provide(sim()))
  )

  it.effect("without code or codes nothing is sent (the SDK raised AssertionError)", () =>
    Effect.gen(function* () {
      yield* refused(
        withTasks((t) => t.analysisErrorDetail({})),
        paths.queryAnalyseErrorDetail,
        ""
      )
      yield* refused(
        withTasks((t) => t.analysisErrorDetail({ codes: [] })),
        paths.queryAnalyseErrorDetail,
        "codes"
      )
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an unknown access id is NeedUserLogin", () =>
    Effect.gen(function* () {
      yield* failsWith(
        withTasks((t) => t.analysisErrorDetail({ code: "15000" })),
        "NeedUserLogin"
      )
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOT-A-KNOWN-ACCESS-ID" })))
  )
})
