/**
 * The frame, log and analysis endpoints (docs/protocol.md 4.3.3-4.3.11) through raw signed
 * requests: answers, paging, the conventions for foreign ids and states, and every validation
 * error.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { analyseErrorCodes, demoAccount, TaskStatus } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { ok, type Page, Paths, type Sign } from "./helpers.ts"
import {
  fee,
  FramePaths,
  type FrameRow,
  frameStatuses,
  framesOf,
  invalid,
  missing,
  notFound,
  row,
  statusOf,
  submitted,
  T0
} from "./farmHelpers.ts"

const other = { accessId: "OTHER-ACCESS-ID", accessKey: "other-access-key" }
const accounts = [
  { ...demoAccount, userName: "demo" },
  { ...other, userName: "other" }
]

const farm = { framesPerTask: 12, queueSeconds: 10, frameSeconds: 60, nodes: 4, pricePerFrameSecond: 0.001 }

/** A simulator at T0 with one task of each account; the demo task has rendered `seconds`. */
const fixture = (seconds: number, extra: Partial<typeof farm> & Record<string, unknown> = {}) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(T0)
    const sim = yield* make({ accounts, farm: { ...farm, ...extra } })
    const [id] = (yield* submitted(sim, 1)) as [number]
    const [foreign] = (yield* submitted(sim, 1, other)) as [number]
    yield* TestClock.adjust(seconds * 1000)
    return { sim, id, foreign }
  })

/** Every field of FrameInfo (docs/protocol.md 4.0.3) the simulator answers, with its JSON type. */
const FRAME_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ["id", "number"],
  ["taskId", "number"],
  ["userId", "number"],
  ["frameIndex", "string"],
  ["frameBlock", "string"],
  ["frameStatus", "number"],
  ["frameStatusText", "string"],
  ["frameType", "number"],
  ["framePrice", "number"],
  ["feeAmount", "number"],
  ["couponFee", "number"],
  ["arrearsFee", "number"],
  ["feeType", "number"],
  ["platform", "number"],
  ["startTime", "number"],
  ["endTime", "number"],
  ["frameExecuteTime", "number"],
  ["recommitFlag", "number"],
  ["taskOverTime", "number"],
  ["gopName", "null"],
  ["frameRam", "null"]
]
const jsonType = (v: unknown) => (v === null ? "null" : typeof v)

/** The validation cases shared by recommitTaskFrames and stopTaskFrames. */
const selectionValidation = (sim: Service, path: string, id: number) =>
  Effect.gen(function* () {
    yield* missing(sim, { path, body: { selectAll: 1 } })
    yield* missing(sim, { path, body: { taskId: id } })
    yield* missing(sim, { path, body: { taskId: id, selectAll: 0 } })
    yield* missing(sim, { path, body: { taskId: id, selectAll: 0, ids: [] } })
    // The document's spelling (`taskIds` holding one int) is not the SDK's field.
    yield* missing(sim, { path, body: { taskIds: id, selectAll: 1 } })
    yield* invalid(sim, { path, body: { taskId: id, selectAll: 2 } })
    yield* invalid(sim, { path, body: { taskId: `${id}.0`, selectAll: 1 } })
    yield* invalid(sim, { path, body: { taskId: id, selectAll: "1" } })
    yield* invalid(sim, { path, body: { taskId: id, selectAll: 0, ids: "1" } })
    yield* invalid(sim, { path, body: { taskId: id, selectAll: 0, ids: ["1.5"] } })
    yield* invalid(sim, { path, body: { taskId: id, selectAll: 1, status: 5 } })
    yield* invalid(sim, { path, body: { taskId: id, selectAll: 1, status: ["5"] } })
    yield* invalid(sim, { path, body: { taskId: null, selectAll: 1 } })
    yield* invalid(sim, { path, bodyText: `{"taskId": ${id}, "selectAll": 1.0}` })
  })

describe("queryTaskFrames", () => {
  it.effect("answers a Page<FrameInfo> with every documented field, in frame order, paged", () =>
    Effect.gen(function* () {
      const { id, sim } = yield* fixture(10 + 90)
      const all = yield* framesOf(sim, id)
      assert.strictEqual(all.length, farm.framesPerTask)
      const profile = yield* ok<{ userId: number }>(sim, { path: Paths.queryUserProfile })
      for (const [i, f] of all.entries()) {
        for (const [field, type] of FRAME_FIELDS) assert.strictEqual(jsonType(f[field]), type, field)
        assert.strictEqual(f.taskId, id)
        assert.strictEqual(f.userId, profile.userId)
        assert.strictEqual(f.frameIndex, String(i + 1))
        assert.strictEqual(f.frameBlock, "1")
        assert.strictEqual(f.frameType, 5)
        assert.strictEqual(f.frameStatusText, `task_frame_status_${f.frameStatus}`)
        assert.strictEqual(f.couponFee, 0)
      }
      assert.strictEqual(new Set(all.map((f) => f.id)).size, all.length)
      // At 90 s of rendering: 4 finished, 4 running for 30 s, 4 waiting.
      assert.deepStrictEqual(
        all.map((f) => f.frameStatus),
        [4, 4, 4, 4, 2, 2, 2, 2, 1, 1, 1, 1]
      )
      assert.deepStrictEqual(
        all.map((f) => f.frameExecuteTime),
        [60, 60, 60, 60, 30, 30, 30, 30, 0, 0, 0, 0]
      )
      assert.strictEqual(all[0]?.feeAmount, fee(farm.pricePerFrameSecond, 60))

      const p2 = yield* ok<Page<FrameRow>>(sim, {
        path: FramePaths.queryTaskFrames,
        body: { taskId: id, pageNum: 2, pageSize: 5 }
      })
      assert.deepStrictEqual([p2.pageCount, p2.pageNum, p2.total, p2.size], [3, 2, farm.framesPerTask, 5])
      assert.deepStrictEqual(
        p2.items.map((f) => f.frameIndex),
        ["6", "7", "8", "9", "10"]
      )
      const beyond = yield* ok<Page<FrameRow>>(sim, {
        path: FramePaths.queryTaskFrames,
        body: { taskId: id, pageNum: 4, pageSize: 5 }
      })
      assert.deepStrictEqual([beyond.items.length, beyond.total], [0, farm.framesPerTask])
      const search = yield* ok<Page<FrameRow>>(sim, {
        path: FramePaths.queryTaskFrames,
        body: { taskId: id, pageNum: 1, pageSize: 100, searchKeyword: "1" }
      })
      assert.deepStrictEqual(
        search.items.map((f) => f.frameIndex),
        ["1", "10", "11", "12"]
      )
      assert.strictEqual(search.total, 4)
    })
  )

  it.effect("404 for another account's or an unknown task; a reserved task has no frames; validation", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(0)
      const p = FramePaths.queryTaskFrames
      yield* notFound(sim, { path: p, body: { taskId: foreign, pageNum: 1, pageSize: 10 } })
      yield* notFound(sim, { path: p, body: { taskId: 1, pageNum: 1, pageSize: 10 } })
      const reserved = (yield* ok<{ taskIdList: Array<number> }>(sim, {
        path: Paths.createTask,
        body: { count: 1, taskUserLevel: 50 }
      })).taskIdList[0]
      const none = yield* ok<Page<FrameRow>>(sim, { path: p, body: { taskId: reserved, pageNum: 1, pageSize: 10 } })
      assert.deepStrictEqual([none.total, none.items.length], [0, 0])
      yield* missing(sim, { path: p, body: { pageNum: 1, pageSize: 10 } })
      yield* missing(sim, { path: p, body: { taskId: id, pageSize: 10 } })
      yield* missing(sim, { path: p, body: { taskId: id, pageNum: 1 } })
      yield* invalid(sim, { path: p, body: { taskId: `${id}.0`, pageNum: 1, pageSize: 10 } })
      yield* invalid(sim, { path: p, body: { taskId: id, pageNum: 0, pageSize: 10 } })
      yield* invalid(sim, { path: p, body: { taskId: id, pageNum: 1, pageSize: 0 } })
      yield* invalid(sim, { path: p, body: { taskId: id, pageNum: 1, pageSize: 10, searchKeyword: 1 } })
      yield* invalid(sim, { path: p, body: { taskId: id, pageNum: 1, pageSize: 10, searchKeyword: null } })
      yield* invalid(sim, { path: p, bodyText: `{"taskId": ${id}.0, "pageNum": 1, "pageSize": 10}` })
    })
  )
})

describe("queryAllFrameStats", () => {
  it.effect("frame totals over the account's tasks that are not deleted", () =>
    Effect.gen(function* () {
      const { id, sim } = yield* fixture(10 + 90)
      const [b, c] = (yield* submitted(sim, 2)) as [number, number]
      const bFrames = yield* framesOf(sim, b)
      yield* ok(sim, {
        path: FramePaths.stopTaskFrames,
        body: { taskId: b, selectAll: 0, ids: bFrames.slice(0, 3).map((f) => f.id) }
      })
      yield* ok(sim, { path: Paths.deleteTask, body: { taskIds: [c] } })
      const stats = yield* ok<Record<string, number>>(sim, { path: FramePaths.queryAllFrameStats, body: {} })
      // Counted independently from the frames of the two visible tasks.
      const frames = [...(yield* framesOf(sim, id)), ...(yield* framesOf(sim, b))]
      const count = (s: number) => frames.filter((f) => f.frameStatus === s).length
      assert.deepStrictEqual(stats, {
        executingFramesTotal: count(2),
        doneFramesTotal: count(4),
        failedFramesTotal: count(5),
        waitingFramesTotal: count(1),
        totalFrames: 2 * farm.framesPerTask,
        abandonFramesTotal: 3
      })
      assert.deepStrictEqual([count(2), count(4)], [4, 4])
    })
  )
})

describe("recommitTasks", () => {
  it.effect("resubmits failed frames by default, or the frame statuses given; 404 and 600 as for tasks", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(0, {
        framesPerTask: 4,
        nodes: 4,
        queueSeconds: 0,
        failFrame: (f: { frameNumber: number; attempt: number }) => f.frameNumber === 2 && f.attempt === 1
      })
      yield* TestClock.adjust(60_000)
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [4, 5, 4, 4])
      const p = FramePaths.recommitTasks
      // All or nothing: a foreign id fails the whole request.
      yield* notFound(sim, { path: p, body: { taskIds: [id, foreign] } })
      yield* notFound(sim, { path: p, body: { taskIds: [id, 1] } })
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [4, 5, 4, 4])
      // status [4]: the finished frames only. The task is queued again (queueSeconds 0: it renders
      // them at the next request).
      assert.isNull(yield* ok(sim, { path: p, body: { taskIds: [id], status: [4] } }))
      assert.deepStrictEqual(
        (yield* framesOf(sim, id)).map((f) => [f.frameStatus, f.recommitFlag]),
        [
          [2, 1],
          [5, 0],
          [2, 1],
          [2, 1]
        ]
      )
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Rendering)
      assert.isNull(yield* ok(sim, { path: p, body: { taskIds: [id] } }))
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [2, 2, 2, 2])
      yield* TestClock.adjust(60_000)
      assert.strictEqual(yield* statusOf(sim, id), TaskStatus.Finished)
      // Validation.
      yield* missing(sim, { path: p, body: {} })
      yield* missing(sim, { path: p, body: { taskIds: [] } })
      yield* missing(sim, { path: p, body: { taskParam: [id] } })
      yield* invalid(sim, { path: p, body: { taskIds: id } })
      yield* invalid(sim, { path: p, body: { taskIds: [`${id}.0`] } })
      yield* invalid(sim, { path: p, body: { taskIds: [id], status: 5 } })
      yield* invalid(sim, { path: p, body: { taskIds: [id], status: ["5"] } })
      yield* invalid(sim, { path: p, body: { taskIds: [id], status: null } })
      // Deleted and reserved tasks take no frame action.
      yield* ok(sim, { path: Paths.deleteTask, body: { taskIds: [id] } })
      yield* invalid(sim, { path: p, body: { taskIds: [id] } })
      const reserved = (yield* ok<{ taskIdList: Array<number> }>(sim, {
        path: Paths.createTask,
        body: { count: 1, taskUserLevel: 50 }
      })).taskIdList[0]
      yield* invalid(sim, { path: p, body: { taskIds: [reserved] } })
    })
  )
})

describe("recommitTaskFrames", () => {
  it.effect("resubmits the chosen finished, failed or stopped frames; others are left alone", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 60)
      const frames = yield* framesOf(sim, id)
      const p = FramePaths.recommitTaskFrames
      // Frame 1 is finished, frame 9 waiting (left alone).
      const one = frames[0]?.id ?? 0
      const nine = frames[8]?.id ?? 0
      assert.isNull(yield* ok(sim, { path: p, body: { taskId: id, selectAll: 0, ids: [one, nine] } }))
      const after = yield* framesOf(sim, id)
      assert.deepStrictEqual(
        [after[0]?.frameStatus, after[0]?.recommitFlag, after[8]?.frameStatus, after[8]?.recommitFlag],
        [1, 1, 1, 0]
      )
      // Frames 5-8 hold the nodes; when they end, frame 1 goes first (frame order), with 9-11.
      yield* TestClock.adjust(60_000)
      const later = yield* framesOf(sim, id)
      assert.deepStrictEqual(
        later.map((f) => f.frameStatus),
        [2, 4, 4, 4, 4, 4, 4, 4, 2, 2, 2, 1]
      )
      // selectAll 1 with a status filter: every finished frame.
      assert.isNull(yield* ok(sim, { path: p, body: { taskId: id, selectAll: 1, status: [4] } }))
      assert.deepStrictEqual(
        (yield* framesOf(sim, id)).map((f) => [f.frameStatus, f.recommitFlag]),
        [
          [2, 1],
          [1, 1],
          [1, 1],
          [1, 1],
          [1, 1],
          [1, 1],
          [1, 1],
          [1, 1],
          [2, 0],
          [2, 0],
          [2, 0],
          [1, 0]
        ]
      )
      // A finished task is queued again by a resubmission.
      yield* TestClock.adjust("1 hour")
      const ended = yield* row(sim, id)
      assert.strictEqual(ended.taskStatus, TaskStatus.Finished)
      assert.isNull(yield* ok(sim, { path: p, body: { taskId: id, selectAll: 0, ids: [nine] } }))
      const requeued = yield* row(sim, id)
      assert.strictEqual(requeued.taskStatus, TaskStatus.Waiting)
      assert.isNull(requeued.completedDate)
      assert.strictEqual(requeued["doneFrames"], farm.framesPerTask - 1)

      yield* notFound(sim, { path: p, body: { taskId: foreign, selectAll: 1 } })
      yield* notFound(sim, { path: p, body: { taskId: 1, selectAll: 1 } })
      const foreignFrame = (yield* framesOf(sim, foreign, other))[0]?.id ?? 0
      yield* notFound(sim, { path: p, body: { taskId: id, selectAll: 0, ids: [one, foreignFrame] } })
      yield* selectionValidation(sim, p, id)
      yield* ok(sim, { path: Paths.abandonTask, body: { taskIds: [id] } })
      yield* invalid(sim, { path: p, body: { taskId: id, selectAll: 1 } })
    })
  )
})

describe("stopTaskFrames", () => {
  it.effect("stops the chosen waiting or running frames (3); the task ends without them", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 30, { framesPerTask: 8 })
      const frames = yield* framesOf(sim, id)
      const p = FramePaths.stopTaskFrames
      // Frame 1 runs, frames 5-8 wait.
      const ids = [frames[0], ...frames.slice(4)].map((f) => f?.id ?? 0)
      assert.isNull(yield* ok(sim, { path: p, body: { taskId: id, selectAll: 0, ids } }))
      assert.deepStrictEqual(yield* frameStatuses(sim, id), [3, 2, 2, 2, 3, 3, 3, 3])
      const r = yield* row(sim, id)
      assert.deepStrictEqual([r["abortFrames"], r["executingFrames"]], [5, 3])
      // Repeating it is harmless; stopped frames never run.
      assert.isNull(yield* ok(sim, { path: p, body: { taskId: id, selectAll: 0, ids } }))
      yield* TestClock.adjust("1 hour")
      const ended = yield* row(sim, id)
      assert.strictEqual(ended.taskStatus, TaskStatus.Finished)
      assert.deepStrictEqual([ended["doneFrames"], ended["abortFrames"]], [3, 5])
      // Stopped frames can be resubmitted.
      yield* ok(sim, { path: FramePaths.recommitTaskFrames, body: { taskId: id, selectAll: 1, status: [3] } })
      yield* TestClock.adjust("1 hour")
      assert.deepStrictEqual(yield* frameStatuses(sim, id), Array(8).fill(4))

      // Stopping every frame of a task ends it as abandoned.
      const [b] = (yield* submitted(sim, 1)) as [number]
      assert.isNull(yield* ok(sim, { path: p, body: { taskId: b, selectAll: 1 } }))
      assert.strictEqual(yield* statusOf(sim, b), TaskStatus.Abandoned)
      // selectAll 1 with a status filter: the waiting frames only.
      const [c] = (yield* submitted(sim, 1)) as [number]
      yield* TestClock.adjust(10_000)
      yield* ok(sim, { path: p, body: { taskId: c, selectAll: 1, status: [1] } })
      assert.deepStrictEqual(yield* frameStatuses(sim, c), [2, 2, 2, 2, 3, 3, 3, 3])

      yield* notFound(sim, { path: p, body: { taskId: foreign, selectAll: 1 } })
      const foreignFrame = (yield* framesOf(sim, foreign, other))[0]?.id ?? 0
      yield* notFound(sim, { path: p, body: { taskId: c, selectAll: 0, ids: [foreignFrame] } })
      yield* selectionValidation(sim, p, id)
      yield* ok(sim, { path: Paths.deleteTask, body: { taskIds: [c] } })
      yield* invalid(sim, { path: p, body: { taskId: c, selectAll: 1 } })
    })
  )
})

describe("loadTaskProcessImg", () => {
  it.effect("the progress object: resolution, times, one grabInfo row of strings per frame", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 90)
      const p = FramePaths.loadTaskProcessImg
      const img = yield* ok<Record<string, unknown>>(sim, { path: p, body: { taskId: id } })
      assert.isTrue(Number.isInteger(img["width"]) && Number.isInteger(img["height"]))
      assert.strictEqual(img["block"], 1)
      assert.strictEqual(img["isRenderPhoton"], false)
      assert.strictEqual(img["currentTaskType"], "Render")
      assert.isString(img["sceneName"])
      // Started at T0 + 10 s = 08:00:10 in the service's zone; not completed.
      assert.strictEqual(img["startTime"], "2024-07-11 08:00:10")
      assert.strictEqual(img["endTime"], "")
      const grab = img["grabInfo"] as ReadonlyArray<ReadonlyArray<Record<string, unknown>>>
      assert.strictEqual(grab.length, farm.framesPerTask)
      for (const blocks of grab) {
        assert.strictEqual(blocks.length, 1)
        for (const field of [
          "startTime",
          "endTime",
          "frameStatus",
          "isMaxPrice",
          "feeAmount",
          "couponFee",
          "frameIndex",
          "frameBlock",
          "framePercent",
          "frameUsed",
          "frameEst",
          "renderInfo",
          "grabUrl"
        ]) {
          assert.isString(blocks[0]?.[field], field)
        }
      }
      const [done, running, waiting] = [grab[0]?.[0], grab[4]?.[0], grab[8]?.[0]]
      assert.deepStrictEqual(
        [done?.["frameStatus"], done?.["framePercent"], done?.["frameUsed"], done?.["endTime"]],
        ["4", "100", "60", "2024-07-11 08:01:10"]
      )
      assert.deepStrictEqual(
        [running?.["frameStatus"], running?.["framePercent"], running?.["frameUsed"], running?.["frameEst"]],
        ["2", "50", "30", "30"]
      )
      assert.deepStrictEqual([waiting?.["frameStatus"], waiting?.["startTime"], waiting?.["grabUrl"]], ["1", "", ""])
      const photon = yield* ok<Record<string, unknown>>(sim, { path: p, body: { taskId: id, frameType: 2 } })
      assert.strictEqual(photon["currentTaskType"], "RenderPhoton")
      assert.deepStrictEqual(photon["grabInfo"], [])
      const main = yield* ok<Record<string, unknown>>(sim, { path: p, body: { taskId: id, frameType: 5 } })
      assert.deepStrictEqual(main, img)

      yield* notFound(sim, { path: p, body: { taskId: foreign } })
      yield* notFound(sim, { path: p, body: { taskId: 1 } })
      yield* missing(sim, { path: p, body: {} })
      yield* missing(sim, { path: p, body: { frameType: 5 } })
      yield* invalid(sim, { path: p, body: { taskId: `${id}.0` } })
      yield* invalid(sim, { path: p, body: { taskId: id, frameType: 3 } })
      yield* invalid(sim, { path: p, body: { taskId: id, frameType: "5" } })
      yield* invalid(sim, { path: p, body: { taskId: id, frameType: null } })
    })
  )
})

describe("loadingFrameThumbnail", () => {
  it.effect("the thumbnail paths of a finished frame (Windows separators); 600 otherwise", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 60)
      const frames = yield* framesOf(sim, id)
      const userId = frames[0]?.userId ?? 0
      const p = FramePaths.loadingFrameThumbnail
      const paths = yield* ok<ReadonlyArray<string>>(sim, {
        path: p,
        body: { id: frames[1]?.id, frameStatus: 4 }
      })
      assert.strictEqual(paths.length, 1)
      const parts = (paths[0] ?? "").split("\\")
      assert.deepStrictEqual([parts[0], parts[2], parts[3]], ["small_pic", String(userId), String(id)])
      assert.match(parts[4] ?? "", new RegExp(`^${id}_.+_0002\\[-\\]jpg\\.jpg$`))
      assert.notInclude(paths[0] ?? "", "/")
      // The running frame 5 is not finished.
      yield* invalid(sim, { path: p, body: { id: frames[4]?.id, frameStatus: 4 } })
      yield* invalid(sim, { path: p, body: { id: frames[1]?.id, frameStatus: 5 } })
      const foreignFrame = (yield* framesOf(sim, foreign, other))[0]?.id ?? 0
      yield* notFound(sim, { path: p, body: { id: foreignFrame, frameStatus: 4 } })
      yield* notFound(sim, { path: p, body: { id: 1, frameStatus: 4 } })
      yield* missing(sim, { path: p, body: { frameStatus: 4 } })
      yield* missing(sim, { path: p, body: { id: frames[1]?.id } })
      yield* invalid(sim, { path: p, body: { id: `${frames[1]?.id}.0`, frameStatus: 4 } })
      yield* invalid(sim, { path: p, body: { id: frames[1]?.id, frameStatus: "4" } })
    })
  )
})

describe("showLog", () => {
  const log = (sim: Service, body: Record<string, unknown>, extra: Partial<Sign> = {}) =>
    ok<Page<string>>(sim, { ...extra, path: FramePaths.showLog, body: { renderingType: "render", ...body } })

  it.effect("a page of the frame's log lines: start, progress, end or failure", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 90, {
        failFrame: (f: { frameNumber: number }) => f.frameNumber === 2
      })
      const frames = yield* framesOf(sim, id)
      const finished = yield* log(sim, { id: frames[0]?.id, pageNum: 1, pageSize: 100 })
      assert.isAbove(finished.total, 3)
      assert.strictEqual(finished.items.length, finished.total)
      assert.match(finished.items[0] ?? "", /^\[2024-07-11 08:00:10\] .*frame 1\b/)
      assert.match(finished.items[finished.items.length - 1] ?? "", /^\[2024-07-11 08:01:10\] .*finished/)
      assert.isTrue(finished.items.every((line) => line.startsWith("[2024-07-11 08:0")))
      const failed = yield* log(sim, { id: frames[1]?.id, pageNum: 1, pageSize: 100 })
      assert.match(failed.items[failed.items.length - 1] ?? "", /ERROR/)
      // A running frame's log goes up to now (30 s of 60: up to 50 %).
      const running = yield* log(sim, { id: frames[4]?.id, pageNum: 1, pageSize: 100 })
      assert.match(running.items[running.items.length - 1] ?? "", /50%/)
      assert.notMatch(running.items.join("\n"), /finished|ERROR/)
      const waiting = yield* log(sim, { id: frames[8]?.id, pageNum: 1, pageSize: 100 })
      assert.strictEqual(waiting.total, 0)
      // Paging over the lines; the same frame, the same lines.
      const second = yield* log(sim, { id: frames[0]?.id, pageNum: 2, pageSize: 2 })
      assert.deepStrictEqual(
        [second.pageNum, second.size, second.total, second.pageCount],
        [2, 2, finished.total, Math.ceil(finished.total / 2)]
      )
      assert.deepStrictEqual(second.items, finished.items.slice(2, 4))
      // `id` null (the SDK's default) or absent: no frame, no lines.
      assert.strictEqual((yield* log(sim, { id: null, pageNum: 1, pageSize: 1 })).total, 0)
      assert.strictEqual((yield* log(sim, { pageNum: 1, pageSize: 1 })).total, 0)

      const foreignFrame = (yield* framesOf(sim, foreign, other))[0]?.id ?? 0
      const p = FramePaths.showLog
      yield* notFound(sim, { path: p, body: { renderingType: "render", pageNum: 1, pageSize: 1, id: foreignFrame } })
      yield* notFound(sim, { path: p, body: { renderingType: "render", pageNum: 1, pageSize: 1, id: 1 } })
      yield* missing(sim, { path: p, body: { renderingType: "render", pageSize: 1, id: null } })
      yield* missing(sim, { path: p, body: { renderingType: "render", pageNum: 1, id: null } })
      yield* invalid(sim, { path: p, body: { renderingType: "render", pageNum: 0, pageSize: 1, id: null } })
      yield* invalid(sim, { path: p, body: { renderingType: 1, pageNum: 1, pageSize: 1, id: null } })
      yield* invalid(sim, { path: p, body: { renderingType: "render", pageNum: 1, pageSize: 1, id: "7.0" } })
      yield* invalid(sim, {
        path: p,
        bodyText: `{"renderingType": "render", "pageNum": 1, "pageSize": 1.5, "id": null}`
      })
    })
  )
})

describe("queryAnalyseErrorDetail", () => {
  type CodeInfo = Record<string, unknown> & { readonly code: string }
  const detail = (sim: Service, body: Record<string, unknown>) =>
    ok<ReadonlyArray<CodeInfo>>(sim, { path: FramePaths.queryAnalyseErrorDetail, body })

  it.effect("CodeInfo rows from the catalogue, Chinese (0) or English (1)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      assert.isAtLeast(analyseErrorCodes.length, 10)
      assert.isTrue(analyseErrorCodes.some((e) => e.type === 1))
      assert.isTrue(analyseErrorCodes.some((e) => e.type === 0))
      const missingTexture = analyseErrorCodes.find((e) => e.code === "15000")
      assert.strictEqual(missingTexture?.type, 1)

      const zh = (yield* detail(sim, { code: "15000", language: 0 }))[0]
      assert.isDefined(zh)
      assert.deepStrictEqual(
        [zh?.code, zh?.["type"], zh?.["languageFlag"], zh?.["desDescriptionCn"], zh?.["desSolutionCn"]],
        ["15000", 1, 0, missingTexture?.zh.description, missingTexture?.zh.solution]
      )
      for (const [field, type] of [
        ["id", "number"],
        ["isRepair", "number"],
        ["isOpen", "number"],
        ["isDelete", "number"],
        ["solutionPath", "string"],
        ["lastModifyAdmin", "string"],
        ["updateTime", "number"]
      ] as const) {
        assert.strictEqual(typeof zh?.[field], type, field)
      }
      const en = (yield* detail(sim, { code: "15000", language: 1 }))[0]
      assert.isDefined(en)
      assert.deepStrictEqual([en?.["languageFlag"], en?.["desDescriptionCn"]], [1, missingTexture?.en.description])
      assert.deepStrictEqual(yield* detail(sim, { code: "15000", language: "1" }), [en])
      assert.deepStrictEqual(yield* detail(sim, { code: "15000" }), [zh])
      const several = yield* detail(sim, { code: "10010", codes: ["15000", "99999", "10010"], language: 1 })
      assert.deepStrictEqual(
        several.map((r) => [r.code, r["type"]]),
        [
          ["10010", 0],
          ["15000", 1]
        ]
      )
      assert.deepStrictEqual(yield* detail(sim, { codes: ["99999"], language: 0 }), [])
    })
  )

  it.effect("validation: code or codes required (601), typed fields (600)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const p = FramePaths.queryAnalyseErrorDetail
      yield* missing(sim, { path: p, body: { language: 0 } })
      yield* missing(sim, { path: p, body: { code: "", codes: [], language: 0 } })
      // The document's own example sends the code as a number.
      yield* invalid(sim, { path: p, body: { code: 15000, language: 0 } })
      yield* invalid(sim, { path: p, body: { codes: "15000", language: 0 } })
      yield* invalid(sim, { path: p, body: { codes: [15000], language: 0 } })
      yield* invalid(sim, { path: p, body: { code: "15000", language: 2 } })
      yield* invalid(sim, { path: p, body: { code: "15000", language: "en" } })
      yield* invalid(sim, { path: p, body: { code: "15000", language: null } })
      yield* invalid(sim, { path: p, bodyText: `{"code": "15000", "language": 1.0}` })
    })
  )
})
