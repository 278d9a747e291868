/**
 * The paging streams and the task waiter against a fake service that answers what a test needs:
 * answers the simulator never gives (a page count that disagrees with the rows, an empty page
 * before the announced last one, a failure in the middle, a page that never comes), the spans,
 * and the default poll schedule.
 */
import { assert, describe, it } from "@effect/vitest"
import { TaskService, WaitService, Wait } from "@rayvision/core"
import { Chunk, Duration, Effect, Either, Exit, Schedule, Stream } from "effect"
import { accessKey, envelope, onePage, parentsOf, runFake, success } from "./support.ts"
import type { Recorded, Reply } from "./support.ts"
import { paths } from "../../../tests/paths.ts"

type Services = TaskService.TaskService | WaitService.WaitService

/** Runs `program` against a fake answering with `reply`; returns the exit, the requests and the spans. */
const run = <A, E>(reply: (request: Recorded, index: number) => Reply, program: Effect.Effect<A, E, Services>) =>
  runFake(reply, program, { retry: { times: 0 } })

const frames = (taskId: number, options?: TaskService.FramesOptions) =>
  Stream.unwrap(Effect.map(TaskService.TaskService, (t) => t.frames(taskId, options)))

const frameRow = (n: number) => ({ id: 1000 + n, taskId: 7, frameIndex: String(n), frameStatus: 4 })

/** A page of `rows` frames numbered from `first`, with the paging fields given. */
const framePage = (
  fields: { pageNum: number; pageCount: number; total: number; size: number },
  rows: number,
  first = 1
) => envelope({ ...fields, items: Array.from({ length: rows }, (_, i) => frameRow(first + i)) })

const pageNumOf = (request: Recorded) => request.body["pageNum"] as number

/**
 * Answers each page with the paging fields given and `rowsOn(pageNum)` frames, numbered on from
 * the full pages before it.
 */
const pagesOf =
  (fields: { pageCount: number; total: number; size: number }, rowsOn: (pageNum: number) => number) =>
  (request: Recorded) =>
    framePage(
      { ...fields, pageNum: pageNumOf(request) },
      rowsOn(pageNumOf(request)),
      (pageNumOf(request) - 1) * fields.size + 1
    )

/** A turn of the real event loop: lets forked fetches reach the fake. */
const settle = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 10))).pipe(Effect.repeatN(2))

describe("paging streams: where they stop", () => {
  it.effect("an empty page before the announced last one ends the stream (no further request)", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        pagesOf({ pageCount: 5, total: 50, size: 10 }, (pageNum) => (pageNum === 1 ? 10 : 0)),
        Stream.runCollect(frames(7, { pageSize: 10 }))
      )
      assert.strictEqual(success(exit).length, 10)
      assert.deepStrictEqual(requests.map(pageNumOf), [1, 2])
    })
  )

  it.effect("`total` rows in ends the stream even when `pageCount` announces more", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        pagesOf({ pageCount: 9, total: 15, size: 10 }, (pageNum) => (pageNum === 1 ? 10 : 5)),
        Stream.runCollect(frames(7, { pageSize: 10 }))
      )
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(success(exit)).map((f) => f.id),
        Array.from({ length: 15 }, (_, i) => 1001 + i)
      )
      assert.deepStrictEqual(requests.map(pageNumOf), [1, 2])
    })
  )

  it.effect("a failure on page 2 fails the stream after page 1's frames, with the typed error", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (request) =>
          pageNumOf(request) === 1
            ? framePage({ pageNum: 1, pageCount: 3, total: 30, size: 10 }, 10)
            : envelope(null, 404, { message: "resource_not_found" }),
        Stream.runCollect(Stream.either(frames(7, { pageSize: 10 })))
      )
      const items = Chunk.toReadonlyArray(success(exit))
      assert.strictEqual(items.length, 11)
      assert.isTrue(items.slice(0, 10).every(Either.isRight))
      const last = items[10]!
      assert.isTrue(Either.isLeft(last) && last.left._tag === "ResourceNotFound")
      assert.deepStrictEqual(requests.map(pageNumOf), [1, 2])
    })
  )

  it.effect("look-ahead pages in flight are interrupted when the consumer stops", () =>
    Effect.gen(function* () {
      let asked = 0
      const { exit, requests } = yield* run(
        (request) => {
          asked++
          return pageNumOf(request) === 1
            ? framePage({ pageNum: 1, pageCount: 10, total: 100, size: 10 }, 10)
            : { _tag: "hang" }
        },
        Effect.scoped(
          Effect.gen(function* () {
            const pull = yield* Stream.toPull(frames(7, { pageSize: 10, lookAhead: 2 }))
            const first = yield* pull
            // Pages 2 and 3 are asked for while the consumer reads page 1; they never come.
            yield* Effect.repeat(settle, { until: () => asked >= 3 })
            yield* settle
            return first
          })
        )
      )
      // Leaving the scope interrupted the two requests hanging ahead (or this would never end).
      assert.strictEqual(success(exit).length, 10)
      assert.deepStrictEqual(requests.map(pageNumOf), [1, 2, 3])
    })
  )
})

const taskRow = (id: number, fields: Record<string, unknown> = {}) => ({
  id,
  taskStatus: 5,
  totalFrames: 10,
  doneFrames: 0,
  failedFrames: 0,
  executingFrames: 2,
  renderConsume: 0,
  ...fields
})

/** Answers `queryTaskInfo` with the rows `rowsAt(poll index)` gives for the ids asked. */
const infoReply =
  (rowFor: (id: number, call: number) => Record<string, unknown> | undefined) => (request: Recorded, call: number) => {
    const ids = request.body["taskIds"] as Array<number>
    const items = ids.flatMap((id) => {
      const row = rowFor(id, call)
      return row === undefined ? [] : [row]
    })
    return onePage(items)
  }

const waiter = <A, E>(f: (w: WaitService.Service) => Effect.Effect<A, E>) => Effect.flatMap(WaitService.WaitService, f)
const fast = Schedule.spaced("1 millis")

describe("WaitService against a fake service", () => {
  it.live("progress reads the row: frames, cost, status changes; absent fields are 0 or undefined", () =>
    Effect.gen(function* () {
      const rows = [
        taskRow(42, { taskStatus: null, totalFrames: null, executingFrames: null, renderConsume: null }),
        taskRow(42, { taskStatus: 5, doneFrames: 4, renderConsume: 1.5 }),
        taskRow(42, { taskStatus: 5, doneFrames: 8, renderConsume: 3 }),
        taskRow(42, { taskStatus: 30, doneFrames: 9, failedFrames: 1, executingFrames: 0, renderConsume: 3.4 })
      ]
      const { exit, requests } = yield* run(
        infoReply((_, call) => rows[call]),
        Stream.runCollect(
          Stream.unwrap(Effect.map(WaitService.WaitService, (w) => w.watchTask(42, { schedule: fast })))
        )
      )
      const progress = Chunk.toReadonlyArray(success(exit))
      assert.strictEqual(requests.length, 4)
      assert.deepStrictEqual(
        progress.map((p) => [p.poll, p.status, p.previousStatus, p.statusChanged, p.done]),
        [
          [1, undefined, undefined, true, false],
          [2, 5, undefined, true, false],
          [3, 5, 5, false, false],
          [4, 30, 5, true, true]
        ]
      )
      assert.deepStrictEqual(
        progress.map((p) => [p.totalFrames, p.doneFrames, p.failedFrames, p.executingFrames, p.cost]),
        [
          [0, 0, 0, 0, 0],
          [10, 4, 0, 2, 1.5],
          [10, 8, 0, 2, 3],
          [10, 9, 1, 0, 3.4]
        ]
      )
      assert.strictEqual(progress[3]!.task.taskStatus, 30)
    })
  )

  it.live("a task the answer leaves out fails the wait with TaskNotFound", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        infoReply((id) => (id === 2 ? undefined : taskRow(id))),
        waiter((w) => w.waitForTasks([1, 2, 3], { schedule: fast }))
      )
      assert.isTrue(Exit.isFailure(exit))
      const error = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
      assert.strictEqual(error?._tag, "TaskNotFound")
      assert.strictEqual((error as TaskService.TaskNotFound).taskId, 2)
      assert.strictEqual(requests.length, 1)
    })
  )

  it.live("250 tasks: each poll is ceil(pending / 100) calls of at most 100 ids (the default)", () =>
    Effect.gen(function* () {
      const ids = Array.from({ length: 250 }, (_, i) => i + 1)
      // Even ids end at the first poll, odd ones at the second.
      const { exit, requests } = yield* run(
        infoReply((id, call) => taskRow(id, { taskStatus: id % 2 === 0 || call >= 3 ? 25 : 5 })),
        waiter((w) => w.waitForTasks(ids, { schedule: fast }))
      )
      assert.deepStrictEqual(
        success(exit).map((t) => t.id),
        ids
      )
      assert.deepStrictEqual(
        requests.map((r) => (r.body["taskIds"] as Array<number>).length),
        [100, 100, 50, 100, 25]
      )
      assert.deepStrictEqual(
        requests.slice(3).flatMap((r) => r.body["taskIds"] as Array<number>),
        ids.filter((id) => id % 2 === 1)
      )
    })
  )
})

describe("spans", () => {
  it.live("streams and waits have their span, with the task ids; each call is a child; no secret in them", () =>
    Effect.gen(function* () {
      const { exit, spans } = yield* run(
        (request, call) =>
          request.path === paths.queryTaskFrames
            ? pagesOf({ pageCount: 2, total: 4, size: 2 }, () => 2)(request)
            : request.path === paths.getTaskList
              ? envelope({ pageCount: 1, pageNum: 1, total: 1, size: 100, items: [taskRow(9)] })
              : infoReply((id) => taskRow(id, { taskStatus: call > 3 ? 25 : 5 }))(request, call),
        Effect.gen(function* () {
          const t = yield* TaskService.TaskService
          yield* Stream.runDrain(t.frames(7, { pageSize: 2 }))
          yield* Stream.runDrain(t.list())
          yield* waiter((w) => w.waitForTask(7, { schedule: fast }))
          yield* waiter((w) => w.waitForTasks([7, 8, 7], { schedule: fast }))
          yield* Stream.runDrain(Stream.unwrap(Effect.map(WaitService.WaitService, (w) => w.watchTask(8))))
        })
      )
      success(exit)
      const named = (name: string) => spans.filter((s) => s.name === name)
      assert.strictEqual(named("TaskService.frames")[0]!.attributes.get("rayvision.task_ids"), "7")
      assert.deepStrictEqual(parentsOf(spans, "TaskService.framesPage"), ["TaskService.frames", "TaskService.frames"])
      assert.deepStrictEqual(parentsOf(spans, "TaskService.listPage"), ["TaskService.list"])
      assert.strictEqual(named("WaitService.waitForTask")[0]!.attributes.get("rayvision.task_ids"), "7")
      assert.strictEqual(named("WaitService.waitForTasks")[0]!.attributes.get("rayvision.task_ids"), "7,8")
      assert.strictEqual(named("WaitService.waitForTasks")[0]!.attributes.get("rayvision.task_count"), 2)
      assert.strictEqual(named("WaitService.watchTask")[0]!.attributes.get("rayvision.task_ids"), "8")
      const parents = new Set(parentsOf(spans, "TaskService.info"))
      assert.deepStrictEqual([...parents].sort(), [
        "WaitService.waitForTask",
        "WaitService.waitForTasks",
        "WaitService.watchTask"
      ])
      for (const span of spans) {
        assert.isTrue(Exit.isSuccess(span.exit!), `${span.name} ended well`)
        for (const value of span.attributes.values()) assert.notInclude(String(value), accessKey)
      }
    })
  )
})

describe("Wait.defaultSchedule", () => {
  it.effect("2 s, doubling, capped at 30 s, jittered down by up to 20%, in whole milliseconds", () =>
    Effect.gen(function* () {
      const delays = yield* Schedule.run(Schedule.delays(Wait.defaultSchedule), 0, Array.from({ length: 12 }))
      const millis = Chunk.toReadonlyArray(delays).map(Duration.toMillis)
      assert.strictEqual(millis.length, 12)
      millis.forEach((delay, k) => {
        const cap = Math.min(2000 * 2 ** k, 30_000)
        assert.isTrue(Number.isInteger(delay), `delay ${k} is whole milliseconds`)
        assert.isAtMost(delay, cap)
        assert.isAtLeast(delay, 0.8 * cap)
      })
    })
  )
})
