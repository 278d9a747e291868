/**
 * Helpers of the task, farm and frame tests: a second account, row
 * types, and shortcuts over the hand-signed requests of `helpers.ts`.
 */
import { assert } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import type { Options } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { accounts, type Created, ok, other, type Page, type Sign, type TaskRow } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

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

/** Reserves and submits `n` tasks now (each submit answers data null); returns their ids. */
export const submitted = (sim: Service, n: number, extra: Partial<Sign> = {}) =>
  Effect.gen(function* () {
    const created = yield* ok<Created>(sim, { ...extra, path: paths.createTask, body: { count: n, taskUserLevel: 50 } })
    for (const taskId of created.taskIdList) {
      assert.isNull(yield* ok(sim, { ...extra, path: paths.submitTask, body: { taskId } }))
    }
    return created.taskIdList
  })

/** A simulator at T0 with `count` tasks submitted at once: the simulator, the first id, every id. */
export const startedAtT0 = (count: number, options?: Options) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(T0)
    const sim = yield* make(options)
    const ids = yield* submitted(sim, count)
    return { sim, id: ids[0] ?? 0, ids }
  })

/** The TaskInfo rows of tasks (queryTaskInfo/v2), in request order. */
export const info = (sim: Service, ids: ReadonlyArray<number>, extra: Partial<Sign> = {}) =>
  ok<Page<TaskRow>>(sim, { ...extra, path: paths.queryTaskInfo, body: { taskIds: ids } })

/** A page of the task list (getTaskList/v2): page 1 of 100 unless `body` says otherwise. */
export const taskList = (sim: Service, body: Record<string, unknown> = {}) =>
  ok<Page<TaskRow>>(sim, { path: paths.getTaskList, body: { pageNum: 1, pageSize: 100, ...body } })

/** The TaskInfo row of a task (queryTaskInfo/v2). */
export const row = (sim: Service, id: number, extra: Partial<Sign> = {}) =>
  Effect.map(info(sim, [id], extra), (page) => {
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
      path: paths.queryTaskFrames,
      body: { taskId, pageNum: 1, pageSize: 1000 }
    }),
    (page) => page.items
  )

/** The statuses of a task's frames, in frame order. */
export const frameStatuses = (sim: Service, taskId: number) =>
  Effect.map(framesOf(sim, taskId), (frames) => frames.map((f) => f.frameStatus))

/** `price * seconds`, 2 decimals (the simulator's fee rule, spelled out independently). */
export const fee = (price: number, seconds: number) => Number((price * seconds).toFixed(2))

/** The farm of the frame tests: 12 frames, 4 at a time, 60 s each, 0.001 a second. */
export const frameFarm = { framesPerTask: 12, queueSeconds: 10, frameSeconds: 60, nodes: 4, pricePerFrameSecond: 0.001 }

/** A simulator at T0 with one task of each account; the demo task has rendered `seconds`. */
export const frameFixture = (seconds: number, extra: Partial<typeof frameFarm> & Record<string, unknown> = {}) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(T0)
    const sim = yield* make({ accounts, farm: { ...frameFarm, ...extra } })
    const [id] = (yield* submitted(sim, 1)) as [number]
    const [foreign] = (yield* submitted(sim, 1, other)) as [number]
    yield* TestClock.adjust(seconds * 1000)
    return { sim, id, foreign }
  })
