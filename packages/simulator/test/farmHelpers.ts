/**
 * Helpers of the farm and frame tests: paths of the frame endpoints, row types, and shortcuts
 * over the hand-signed requests of `helpers.ts`.
 */
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import type { Service } from "../src/SimulatorService.ts"
import { call, type Created, ok, type Page, Paths, type Sign, type TaskRow } from "./helpers.ts"

export const FramePaths = {
  queryTaskFrames: "/api/render/handle/queryTaskFrames",
  queryAllFrameStats: "/api/render/handle/queryAllFrameStats",
  recommitTasks: "/api/render/handle/recommitTasks",
  recommitTaskFrames: "/api/render/handle/recommitTaskFrames",
  stopTaskFrames: "/api/render/handle/stopTaskFrames",
  loadTaskProcessImg: "/api/render/handle/loadTaskProcessImg",
  loadingFrameThumbnail: "/api/render/handle/loadingFrameThumbnail",
  showLog: "/api/render/handle/showLog",
  queryAnalyseErrorDetail: "/api/render/submit/queryAnalyseErrorDetail"
} as const

/** 2024-07-11 00:00:00 UTC = 2024-07-11 08:00:00 in the service's zone (UTC+8). */
export const T0 = 1_720_656_000_000

/** The FrameInfo fields the tests read. */
export interface FrameRow {
  readonly id: number
  readonly taskId: number
  readonly userId: number
  readonly frameIndex: string
  readonly frameBlock: string
  readonly frameStatus: number
  readonly frameStatusText: string
  readonly frameType: number
  readonly feeAmount: number
  readonly couponFee: number
  readonly startTime: number
  readonly endTime: number
  readonly frameExecuteTime: number
  readonly recommitFlag: number
  readonly [field: string]: unknown
}

/** Expects a failure code for a request, and that the message starts with the code's name. */
export const expectCode = (sim: Service, s: Sign, code: number) =>
  Effect.map(call(sim, s), (e) => {
    assert.strictEqual(e.code, code, `${s.path} ${s.bodyText ?? JSON.stringify(s.body)}: ${e.message}`)
    assert.isFalse(e.result)
    assert.isNull(e.data)
  })
export const invalid = (sim: Service, s: Sign) => expectCode(sim, s, 600)
export const missing = (sim: Service, s: Sign) => expectCode(sim, s, 601)
export const notFound = (sim: Service, s: Sign) => expectCode(sim, s, 404)

/** Reserves and submits `n` tasks now; returns their ids. */
export const submitted = (sim: Service, n: number, extra: Partial<Sign> = {}) =>
  Effect.gen(function* () {
    const created = yield* ok<Created>(sim, { ...extra, path: Paths.createTask, body: { count: n, taskUserLevel: 50 } })
    for (const taskId of created.taskIdList) yield* ok(sim, { ...extra, path: Paths.submitTask, body: { taskId } })
    return created.taskIdList
  })

/** The TaskInfo row of a task (queryTaskInfo/v2). */
export const row = (sim: Service, id: number, extra: Partial<Sign> = {}) =>
  Effect.map(ok<Page<TaskRow>>(sim, { ...extra, path: Paths.queryTaskInfo, body: { taskIds: [id] } }), (page) => {
    const r = page.items[0]
    if (r === undefined) throw new Error(`task ${id} not visible`)
    return r
  })

export const statusOf = (sim: Service, id: number) => Effect.map(row(sim, id), (r) => r.taskStatus)

/** Every frame of a task (queryTaskFrames, one large page). */
export const framesOf = (sim: Service, taskId: number, extra: Partial<Sign> = {}) =>
  Effect.map(
    ok<Page<FrameRow>>(sim, {
      ...extra,
      path: FramePaths.queryTaskFrames,
      body: { taskId, pageNum: 1, pageSize: 1000 }
    }),
    (page) => page.items
  )

/** The statuses of a task's frames, in frame order. */
export const frameStatuses = (sim: Service, taskId: number) =>
  Effect.map(framesOf(sim, taskId), (frames) => frames.map((f) => f.frameStatus))

/** `price * seconds`, 2 decimals (the simulator's fee rule, spelled out independently). */
export const fee = (price: number, seconds: number) => Number((price * seconds).toFixed(2))
