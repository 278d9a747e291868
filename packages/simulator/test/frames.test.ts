/**
 * The frame endpoints (docs/protocol.md 4.3.3-4.3.7) through raw signed requests: frames and
 * their totals, resubmitting and stopping frames, the conventions for foreign ids and states, and
 * every validation error.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { TaskStatus } from "../src/Simulator.ts"
import { type Service } from "../src/SimulatorService.ts"
import { invalid, missing, notFound, ok, other, type Page } from "./helpers.ts"
import {
  fee,
  frameFarm as farm,
  frameFixture as fixture,
  type FrameRow,
  frameStatuses,
  framesOf,
  row,
  statusOf,
  submitted
} from "./farmHelpers.ts"
import { paths } from "../../../tests/paths.ts"

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
      const profile = yield* ok<{ userId: number }>(sim, { path: paths.queryUserProfile })
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
        path: paths.queryTaskFrames,
        body: { taskId: id, pageNum: 2, pageSize: 5 }
      })
      assert.deepStrictEqual([p2.pageCount, p2.pageNum, p2.total, p2.size], [3, 2, farm.framesPerTask, 5])
      assert.deepStrictEqual(
        p2.items.map((f) => f.frameIndex),
        ["6", "7", "8", "9", "10"]
      )
      const beyond = yield* ok<Page<FrameRow>>(sim, {
        path: paths.queryTaskFrames,
        body: { taskId: id, pageNum: 4, pageSize: 5 }
      })
      assert.deepStrictEqual([beyond.items.length, beyond.total], [0, farm.framesPerTask])
      const search = yield* ok<Page<FrameRow>>(sim, {
        path: paths.queryTaskFrames,
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
      const p = paths.queryTaskFrames
      yield* notFound(sim, { path: p, body: { taskId: foreign, pageNum: 1, pageSize: 10 } })
      yield* notFound(sim, { path: p, body: { taskId: 1, pageNum: 1, pageSize: 10 } })
      const reserved = (yield* ok<{ taskIdList: Array<number> }>(sim, {
        path: paths.createTask,
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
        path: paths.stopTaskFrames,
        body: { taskId: b, selectAll: 0, ids: bFrames.slice(0, 3).map((f) => f.id) }
      })
      yield* ok(sim, { path: paths.deleteTask, body: { taskIds: [c] } })
      const stats = yield* ok<Record<string, number>>(sim, { path: paths.queryAllFrameStats, body: {} })
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
      const p = paths.recommitTasks
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
      yield* ok(sim, { path: paths.deleteTask, body: { taskIds: [id] } })
      yield* invalid(sim, { path: p, body: { taskIds: [id] } })
      const reserved = (yield* ok<{ taskIdList: Array<number> }>(sim, {
        path: paths.createTask,
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
      const p = paths.recommitTaskFrames
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
      yield* ok(sim, { path: paths.abandonTask, body: { taskIds: [id] } })
      yield* invalid(sim, { path: p, body: { taskId: id, selectAll: 1 } })
    })
  )
})

describe("stopTaskFrames", () => {
  it.effect("stops the chosen waiting or running frames (3); the task ends without them", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 30, { framesPerTask: 8 })
      const frames = yield* framesOf(sim, id)
      const p = paths.stopTaskFrames
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
      yield* ok(sim, { path: paths.recommitTaskFrames, body: { taskId: id, selectAll: 1, status: [3] } })
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
      yield* ok(sim, { path: paths.deleteTask, body: { taskIds: [c] } })
      yield* invalid(sim, { path: p, body: { taskId: c, selectAll: 1 } })
    })
  )
})
