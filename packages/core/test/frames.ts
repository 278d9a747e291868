/**
 * What the frame tests against a fake service share: the program type, a runner, and frame rows
 * and `queryTaskFrames` answers as the service writes them.
 */
import type { ApiError, TaskService } from "@rayvision/core"
import type { Effect } from "effect"
import { envelope, runFake } from "./support.ts"
import type { Recorded, Reply } from "./support.ts"

export type Program<A> = Effect.Effect<
  A,
  ApiError.ApiError | TaskService.TaskNotFound | TaskService.FramesNotFound,
  TaskService.TaskService
>

/** Runs `program` against a fake service answering with `reply`; returns the exit and the requests. */
export const run = <A>(reply: (request: Recorded, index: number) => Reply, program: Program<A>, retry = 0) =>
  runFake(reply, program, { retry: { times: retry } })

/** A frame row as the service sends it (docs/protocol.md 4.3.3 example), with overrides. */
export const frameRow = (fields: Record<string, unknown>) => ({
  id: 1546598,
  frameIndex: "0-1",
  frameStatus: 4,
  feeAmount: 0.44,
  startTime: 1535960273000,
  endTime: 1535960762000,
  frameExecuteTime: 489,
  frameStatusText: "task_frame_status_4",
  taskId: 19088,
  frameType: 5,
  couponFee: 0,
  recommitFlag: 0,
  frameBlock: "1",
  taskOverTime: 86400000,
  gopName: null,
  frameRam: null,
  ...fields
})

/** A `queryTaskFrames` answer over `rows`, `size` per page, for the requested page. */
export const framesReply = (rows: ReadonlyArray<Record<string, unknown>>, size: number) => (request: Recorded) => {
  const pageNum = request.body["pageNum"] as number
  return envelope({
    pageCount: Math.ceil(rows.length / size),
    pageNum,
    total: rows.length,
    size,
    items: rows.slice((pageNum - 1) * size, pageNum * size)
  })
}
