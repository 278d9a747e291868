/**
 * TaskService's paging streams (`list`, `listPages`, `frames`, `framePages`, and `allFrames` on
 * top of them) against the simulator: every page is requested only when the consumer pulls it
 * (plus the look-ahead asked for), the last page is the one the service announces (no extra
 * empty request), the filters reach the wire exactly as given, errors are typed, and a stream
 * of 100,000 frames holds one page at a time. Time is TestClock's.
 */
import { assert, describe, it } from "@effect/vitest"
import { type ApiError, Frame, Task, TaskService } from "@rayvision/core"
import type { Simulator } from "@rayvision/simulator"
import { Chunk, Effect, Option, Stream, TestClock } from "effect"
import { callsTo, failsWith, inProcess, lastBody, overSocket, refused, withTasks } from "../support.ts"
import { paths } from "../paths.ts"

/** Tasks wait in the queue for an hour: their frames and statuses stay put while a test pages them. */
const sim = (farm: Simulator.FarmOptions = {}) => inProcess({ farm: { queueSeconds: 3600, ...farm } })

const streamOf = <A>(f: (tasks: TaskService.Service) => Stream.Stream<A, ApiError.ApiError>) =>
  Stream.unwrap(Effect.map(TaskService.TaskService, f))

/** Reserves and submits `count` tasks, one second apart; returns their ids in submission order. */
const submitTasks = (count: number) =>
  withTasks((t) =>
    Effect.gen(function* () {
      const { taskIdList } = yield* t.createTaskIds({ count })
      for (const taskId of taskIdList) {
        yield* TestClock.adjust("1 second")
        yield* t.submit({ taskId })
      }
      return taskIdList
    })
  )

const submitted = Effect.map(submitTasks(1), (ids) => ids[0]!)

/** How many requests the simulator received on `path`. */
const count = (path: string) => Effect.map(callsTo(path), (calls) => calls.length)

/** The bodies of the requests on `path`, parsed. */
const bodies = (path: string) =>
  Effect.map(callsTo(path), (calls) => calls.map((call) => JSON.parse(call.bodyText) as Record<string, unknown>))

/** Lets forked fibers (look-ahead fetches) run: a few turns of the real event loop. */
const settle = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 25))).pipe(Effect.repeatN(3))

const frameIndexes = (frames: Iterable<Frame.FrameInfo>) => Array.from(frames, (frame) => frame.frameIndex)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i))

describe("TaskService.frames", () => {
  it.effect("streams every frame in order, one request per page, none after the last page", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const frames = yield* Stream.runCollect(streamOf((t) => t.frames(taskId, { pageSize: 10 })))
      assert.deepStrictEqual(frameIndexes(frames), range(1, 25))
      assert.isTrue(Chunk.every(frames, (f) => f.taskId === taskId))
      // 25 frames by 10: pages 1, 2 and 3, and no empty page 4.
      assert.deepStrictEqual(
        (yield* bodies(paths.queryTaskFrames)).map((b) => b["pageNum"]),
        [1, 2, 3]
      )
      assert.strictEqual(yield* lastBody(paths.queryTaskFrames), `{"taskId": ${taskId}, "pageNum": 3, "pageSize": 10}`)
    }).pipe(Effect.provide(sim({ framesPerTask: 25 })))
  )

  it.effect("a last page that is full ends the stream too (no empty request after it)", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const pages = yield* Stream.runCollect(streamOf((t) => t.framePages(taskId, { pageSize: 10 })))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(pages).map((p) => [p.pageNum, p.pageCount, p.items.length]),
        [
          [1, 3, 10],
          [2, 3, 10],
          [3, 3, 10]
        ]
      )
      assert.strictEqual(yield* count(paths.queryTaskFrames), 3)
    }).pipe(Effect.provide(sim({ framesPerTask: 30 })))
  )

  it.effect("nothing is requested before the first pull; one pull, one page", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const stream = streamOf((t) => t.frames(taskId, { pageSize: 10 }))
      yield* Effect.scoped(
        Effect.gen(function* () {
          const pull = yield* Stream.toPull(stream)
          yield* settle
          assert.strictEqual(yield* count(paths.queryTaskFrames), 0, "no page before the first pull")
          const first = yield* pull
          assert.deepStrictEqual(frameIndexes(first), range(1, 10))
          yield* settle
          assert.strictEqual(yield* count(paths.queryTaskFrames), 1, "exactly the pulled page")
          const second = yield* pull
          assert.deepStrictEqual(frameIndexes(second), range(11, 20))
          yield* settle
          assert.strictEqual(yield* count(paths.queryTaskFrames), 2)
        })
      )
      // Taking one item asks for the first page only.
      const one = yield* Stream.runCollect(Stream.take(stream, 1))
      assert.deepStrictEqual(frameIndexes(one), ["1"])
      yield* settle
      assert.strictEqual(yield* count(paths.queryTaskFrames), 3)
    }).pipe(Effect.provide(sim({ framesPerTask: 50 })))
  )

  it.effect("take(n) across a page boundary requests only the pages it needs", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const stream = streamOf((t) => t.frames(taskId, { pageSize: 10 }))
      const fifteen = yield* Stream.runCollect(Stream.take(stream, 15))
      assert.deepStrictEqual(frameIndexes(fifteen), range(1, 15))
      assert.deepStrictEqual(
        (yield* bodies(paths.queryTaskFrames)).map((b) => b["pageNum"]),
        [1, 2]
      )
      // Exactly two pages' worth: the third page is not needed.
      const twenty = yield* Stream.runCollect(Stream.take(stream, 20))
      assert.deepStrictEqual(frameIndexes(twenty), range(1, 20))
      assert.deepStrictEqual(
        (yield* bodies(paths.queryTaskFrames)).map((b) => b["pageNum"]),
        [1, 2, 1, 2]
      )
    }).pipe(Effect.provide(sim({ framesPerTask: 95 })))
  )

  it.effect("look-ahead 1 fetches the next page while the consumer reads, never past the last page", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const stream = streamOf((t) => t.framePages(taskId, { pageSize: 10, lookAhead: 1 }))
      yield* Effect.scoped(
        Effect.gen(function* () {
          const pull = yield* Stream.toPull(stream)
          yield* settle
          assert.strictEqual(yield* count(paths.queryTaskFrames), 0, "still nothing before the first pull")
          for (const pageNum of [1, 2, 3]) {
            const [page] = Chunk.toReadonlyArray(yield* pull)
            assert.strictEqual(page!.pageNum, pageNum)
            yield* settle
            // The pulled page, plus one ahead while there is one.
            assert.strictEqual(yield* count(paths.queryTaskFrames), Math.min(pageNum + 1, 3))
          }
          const end = yield* Effect.either(pull)
          assert.isTrue(end._tag === "Left" && Option.isNone(end.left), "the stream ended")
          assert.strictEqual(yield* count(paths.queryTaskFrames), 3, "no request past the last page")
        })
      )
      const ahead2 = yield* Effect.scoped(
        Effect.gen(function* () {
          const before = yield* count(paths.queryTaskFrames)
          const pull = yield* Stream.toPull(streamOf((t) => t.framePages(taskId, { pageSize: 5, lookAhead: 2 })))
          yield* pull
          yield* settle
          return (yield* count(paths.queryTaskFrames)) - before
        })
      )
      assert.strictEqual(ahead2, 3, "look-ahead 2: the pulled page and two more")
    }).pipe(Effect.provide(sim({ framesPerTask: 30 })))
  )

  it.effect("the search keyword and page size reach the wire on every page", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const frames = yield* Stream.runCollect(streamOf((t) => t.frames(taskId, { pageSize: 2, searchKeyword: "1" })))
      // Frames 1..12 whose number contains "1": 1, 10, 11, 12.
      assert.deepStrictEqual(frameIndexes(frames), ["1", "10", "11", "12"])
      assert.deepStrictEqual(yield* bodies(paths.queryTaskFrames), [
        { taskId, pageNum: 1, pageSize: 2, searchKeyword: "1" },
        { taskId, pageNum: 2, pageSize: 2, searchKeyword: "1" }
      ])
      assert.strictEqual(
        yield* lastBody(paths.queryTaskFrames),
        `{"taskId": ${taskId}, "pageNum": 2, "pageSize": 2, "searchKeyword": "1"}`
      )
    }).pipe(Effect.provide(sim({ framesPerTask: 12 })))
  )

  it.effect("a task without frames: one request, an empty stream", () =>
    Effect.gen(function* () {
      // Reserved but not submitted: the service answers an empty page (pageCount 0).
      const taskId = yield* withTasks((t) => Effect.map(t.createTaskIds(), (c) => c.taskIdList[0]!))
      const frames = yield* Stream.runCollect(streamOf((t) => t.frames(taskId)))
      assert.strictEqual(frames.length, 0)
      assert.strictEqual(yield* count(paths.queryTaskFrames), 1)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("typed errors: an unknown task is ResourceNotFound; bad options are refused, nothing sent", () =>
    Effect.gen(function* () {
      const error = yield* failsWith(Stream.runCollect(streamOf((t) => t.frames(1))), "ResourceNotFound")
      assert.strictEqual(error.path, paths.queryTaskFrames)
      assert.strictEqual(yield* lastBody(paths.queryTaskFrames), `{"taskId": 1, "pageNum": 1, "pageSize": 100}`)
      yield* refused(
        Stream.runCollect(streamOf((t) => t.frames(5, { pageSize: 0 }))),
        paths.queryTaskFrames,
        "pageSize"
      )
      yield* refused(Stream.runCollect(streamOf((t) => t.frames(0))), paths.queryTaskFrames, "taskId")
      const lookAhead = yield* refused(
        Stream.runCollect(streamOf((t) => t.frames(5, { lookAhead: -1 }))),
        paths.queryTaskFrames,
        "lookAhead",
        { workflow: true }
      )
      assert.strictEqual(lookAhead.operation, "TaskService.framePages")
      yield* refused(
        Stream.runCollect(streamOf((t) => t.framePages(5, { lookAhead: 0.5 }))),
        paths.queryTaskFrames,
        "lookAhead",
        { workflow: true }
      )
    }).pipe(Effect.provide(sim()))
  )

  it.effect("allFrames is the frames stream collected: same frames, same requests", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const all = yield* withTasks((t) => t.allFrames(taskId, { pageSize: 4 }))
      assert.deepStrictEqual(frameIndexes(all), range(1, 9))
      assert.deepStrictEqual(
        (yield* bodies(paths.queryTaskFrames)).map((b) => b["pageNum"]),
        [1, 2, 3]
      )
    }).pipe(Effect.provide(sim({ framesPerTask: 9 })))
  )

  // The size the issue asks for; about 4 s here (100 requests of 1,000 frames, in-process).
  it.effect(
    "100,000 frames: every one, in order, one request per page, never more than the pulled page requested",
    () =>
      Effect.gen(function* () {
        const taskId = yield* submitted
        const pageSize = 1000
        const gc = (globalThis as { gc?: () => void }).gc
        const heap = () => {
          gc!()
          return process.memoryUsage().heapUsed
        }
        const heapBefore = gc === undefined ? 0 : heap()
        let heapPeak = heapBefore
        const folded = yield* streamOf((t) => t.frames(taskId, { pageSize })).pipe(
          Stream.runFoldEffect({ count: 0, inOrder: true, maxAhead: 0 }, (state, frame) => {
            const n = state.count + 1
            const next = {
              count: n,
              inOrder: state.inOrder && frame.frameIndex === String(n),
              maxAhead: state.maxAhead
            }
            if (n % pageSize !== 1) return Effect.succeed(next)
            // The first frame of a page: the pages requested so far, against the pages pulled.
            return Effect.map(count(paths.queryTaskFrames), (requested) => {
              // A full collection every tenth page (each one takes a while).
              if (gc !== undefined && n % (10 * pageSize) === 1) heapPeak = Math.max(heapPeak, heap())
              return { ...next, maxAhead: Math.max(next.maxAhead, requested - Math.ceil(n / pageSize)) }
            })
          })
        )
        assert.strictEqual(folded.count, 100_000)
        assert.isTrue(folded.inOrder, "frames 1..100000 in order")
        assert.strictEqual(folded.maxAhead, 0, "no page requested before it was pulled")
        const pages = (yield* bodies(paths.queryTaskFrames)).map((b) => b["pageNum"])
        assert.deepStrictEqual(pages, range(1, 100).map(Number), "pages 1..100 (pageCount), once each")
        if (gc !== undefined) {
          // Measured about 2 MB (one page of 1,000 frames and the simulator's call log); holding all
          // 100,000 decoded frames would take tens of MB.
          assert.isBelow(heapPeak - heapBefore, 10 * 1024 * 1024, "heap stays flat while paging")
        }
      }).pipe(Effect.provide(sim({ framesPerTask: 100_000 }))),
    60_000
  )

  it.effect("with look-ahead 1 over 20 pages, at most one page is ever requested ahead", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const pageSize = 100
      let maxAhead = 0
      let pulled = 0
      const n = yield* streamOf((t) => t.framePages(taskId, { pageSize, lookAhead: 1 })).pipe(
        Stream.tap(() =>
          Effect.map(count(paths.queryTaskFrames), (requested) => {
            pulled++
            maxAhead = Math.max(maxAhead, requested - pulled)
          })
        ),
        Stream.runFold(0, (sum, page) => sum + page.items.length)
      )
      assert.strictEqual(n, 2000)
      assert.strictEqual(pulled, 20)
      assert.isAtMost(maxAhead, 1)
      assert.strictEqual(yield* count(paths.queryTaskFrames), 20, "pageCount requests, no more")
    }).pipe(Effect.provide(sim({ framesPerTask: 2000 })))
  )
})

describe("TaskService.list", () => {
  it.effect("streams every task of the list, newest first, page by page", () =>
    Effect.gen(function* () {
      const ids = yield* submitTasks(25)
      const tasks = yield* Stream.runCollect(streamOf((t) => t.list({ pageSize: 10 })))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(tasks).map((task) => task.id),
        [...ids].reverse()
      )
      assert.deepStrictEqual(yield* bodies(paths.getTaskList), [
        { pageNum: 1, pageSize: 10 },
        { pageNum: 2, pageSize: 10 },
        { pageNum: 3, pageSize: 10 }
      ])
      // The default page size is the service's 100: one request.
      const all = yield* Stream.runCollect(streamOf((t) => t.listPages()))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(all).map((p) => [p.pageNum, p.total, p.items.length]),
        [[1, 25, 25]]
      )
      assert.strictEqual(yield* lastBody(paths.getTaskList), `{"pageNum": 1, "pageSize": 100}`)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("sends every filter on every page, exactly as given, and returns what listPage returns", () =>
    Effect.gen(function* () {
      const ids = yield* submitTasks(25)
      // Submitted at 1..25 s; the window 10..20 s (in the service's zone, UTC+8) holds tasks 10..20.
      const filters = {
        pageSize: 4,
        statusList: [Task.TaskStatus.Waiting],
        searchKeyword: "",
        startTime: "1970-01-01 08:00:10",
        endTime: "1970-01-01 08:00:20",
        recycleFlag: Task.RecycleFlag.Normal
      }
      const listed = Chunk.toReadonlyArray(yield* Stream.runCollect(streamOf((t) => t.list(filters))))
      assert.deepStrictEqual(
        listed.map((task) => task.id),
        ids.slice(9, 20).reverse()
      )
      const sent = yield* bodies(paths.getTaskList)
      assert.deepStrictEqual(
        sent,
        [1, 2, 3].map((pageNum) => ({ pageNum, ...filters }))
      )
      assert.strictEqual(
        yield* lastBody(paths.getTaskList),
        `{"pageNum": 3, "pageSize": 4, "statusList": [0], "searchKeyword": "", "startTime": "1970-01-01 08:00:10", "endTime": "1970-01-01 08:00:20", "recycleFlag": 0}`
      )
      // The same rows as the single-page calls.
      const byPages: Array<number> = []
      for (const pageNum of [1, 2, 3]) {
        const page = yield* withTasks((t) => t.listPage({ ...filters, pageNum }))
        byPages.push(...page.items.map((task) => task.id))
      }
      assert.deepStrictEqual(
        listed.map((task) => task.id),
        byPages
      )
    }).pipe(Effect.provide(sim()))
  )

  it.effect("recycleFlag 1 streams the deleted tasks; a status filter narrows the list", () =>
    Effect.gen(function* () {
      const ids = yield* submitTasks(7)
      yield* withTasks((t) => t.delete([ids[1]!, ids[4]!]))
      const deleted = yield* Stream.runCollect(streamOf((t) => t.list({ recycleFlag: 1, pageSize: 1 })))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(deleted).map((task) => task.id),
        [ids[4]!, ids[1]!]
      )
      assert.strictEqual(yield* count(paths.getTaskList), 2)
      const rendering = yield* Stream.runCollect(
        streamOf((t) => t.list({ statusList: [Task.TaskStatus.Rendering], pageSize: 3 }))
      )
      assert.strictEqual(rendering.length, 0)
      assert.strictEqual(yield* count(paths.getTaskList), 3, "an empty list is one request")
    }).pipe(Effect.provide(sim()))
  )

  it.effect("lazy: take(3) of a 4-per-page list requests one page", () =>
    Effect.gen(function* () {
      yield* submitTasks(12)
      const three = yield* Stream.runCollect(
        Stream.take(
          streamOf((t) => t.list({ pageSize: 4 })),
          3
        )
      )
      assert.strictEqual(three.length, 3)
      assert.strictEqual(yield* count(paths.getTaskList), 1)
      const five = yield* Stream.runCollect(
        Stream.take(
          streamOf((t) => t.list({ pageSize: 4 })),
          5
        )
      )
      assert.strictEqual(five.length, 5)
      assert.strictEqual(yield* count(paths.getTaskList), 3)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("typed errors: bad filters are refused before anything is sent", () =>
    Effect.gen(function* () {
      yield* refused(
        Stream.runCollect(streamOf((t) => t.list({ startTime: "yesterday" }))),
        paths.getTaskList,
        "startTime"
      )
      yield* refused(Stream.runCollect(streamOf((t) => t.list({ pageSize: -1 }))), paths.getTaskList, "pageSize")
      yield* refused(
        Stream.runCollect(streamOf((t) => t.listPages({ lookAhead: -2 }))),
        paths.getTaskList,
        "lookAhead",
        { workflow: true }
      )
      yield* refused(
        Stream.runCollect(streamOf((t) => t.list({ recycleFlag: 2 as Task.RecycleFlag }))),
        paths.getTaskList,
        "recycleFlag"
      )
      assert.strictEqual(yield* count(paths.getTaskList), 0)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("an unknown account fails the stream with NeedUserLogin", () =>
    Effect.gen(function* () {
      const error = yield* failsWith(Stream.runCollect(streamOf((t) => t.list())), "NeedUserLogin")
      assert.strictEqual(error.code, 602)
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOT-A-KNOWN-ACCESS-ID" })))
  )
})

describe("paging streams over a socket", () => {
  it.live("frames and tasks stream through the Node adapter", () =>
    Effect.gen(function* () {
      const ids = yield* withTasks((t) =>
        Effect.gen(function* () {
          const { taskIdList } = yield* t.createTaskIds({ count: 3 })
          for (const taskId of taskIdList) yield* t.submit({ taskId })
          return taskIdList
        })
      )
      const frames = yield* Stream.runCollect(streamOf((t) => t.frames(ids[0]!, { pageSize: 7, lookAhead: 1 })))
      assert.deepStrictEqual(frameIndexes(frames), range(1, 30))
      assert.strictEqual(yield* count(paths.queryTaskFrames), 5)
      const tasks = yield* Stream.runCollect(streamOf((t) => t.list({ pageSize: 2 })))
      assert.sameMembers(
        Chunk.toReadonlyArray(tasks).map((task) => task.id),
        [...ids]
      )
      assert.strictEqual(yield* count(paths.getTaskList), 2)
    }).pipe(Effect.provide(overSocket({ farm: { framesPerTask: 30, queueSeconds: 3600 } })))
  )
})
