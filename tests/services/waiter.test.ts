/**
 * WaitService.waitForTask against the simulator's farm, on TestClock: waits that finish, fail, time
 * out or are interrupted, the polls they make (counted on the simulator's side) and the progress
 * they report; and a wait over a socket. A wait runs in a fiber while the test moves the clock on.
 */
import { assert, describe, it } from "@effect/vitest"
import { Task, Wait } from "@rayvision/core"
import { Data, Effect, Exit, Fiber, Option, Schedule, TestClock } from "effect"
import {
  callsTo,
  failedWith,
  failsWith,
  inProcess,
  onSmallFarm as sim,
  overSocket,
  refused,
  smallFarm as farm,
  submitTasks,
  submitted,
  success,
  withTasks
} from "../support.ts"
import { paths } from "../paths.ts"
import { advancing, apiErrorsOnly, drive, ENDS_AFTER, infoCalls, spaced, start, turn, waiter } from "./waiting.ts"

describe("WaitService.waitForTask", () => {
  it.effect("returns the finished task; the default backoff grows from 2 s to 30 s; no poll after the end", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const seen: Array<Wait.TaskProgress> = []
      const exit = yield* advancing((schedule) =>
        waiter((w) => w.waitForTask(taskId, { schedule, onProgress: (p) => Effect.sync(() => seen.push(p)) }))
      )
      const task = success(exit)
      assert.strictEqual(task.id, taskId)
      assert.strictEqual(task.taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual(task.doneFrames, farm.framesPerTask)
      // One call per poll, one progress per poll, the last one done.
      assert.strictEqual(yield* infoCalls, seen.length)
      assert.deepStrictEqual(
        seen.map((p) => p.poll),
        seen.map((_, i) => i + 1)
      )
      assert.isTrue(seen.at(-1)!.done && seen.slice(0, -1).every((p) => !p.done))
      assert.isAtLeast(seen.at(-1)!.elapsedMillis, ENDS_AFTER * 1000)
      // The first poll is immediate; the k-th delay is min(2 s * 2^(k-1), 30 s), shortened by up to 20%.
      assert.strictEqual(seen[0]!.elapsedMillis, 0)
      for (let k = 1; k < seen.length; k++) {
        const gap = seen[k]!.elapsedMillis - seen[k - 1]!.elapsedMillis
        const cap = Math.min(2000 * 2 ** (k - 1), 30_000)
        assert.isAtMost(gap, cap, `delay ${k}`)
        assert.isAtLeast(gap, Math.floor(0.8 * cap), `delay ${k}`)
      }
      const calls = yield* infoCalls
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, calls, "no poll after the wait ended")
    }).pipe(Effect.provide(sim()))
  )

  it.effect("with no schedule given, the default backoff polls a few times a minute, then ends", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const fiber = yield* Effect.fork(waiter((w) => w.waitForTask(taskId)))
      // Coarse steps: the exact delays are checked above, with the same schedule instrumented.
      for (let i = 0; i < 200 && Option.isNone(yield* Fiber.poll(fiber)); i++) {
        yield* turn
        yield* TestClock.adjust("1 second")
      }
      const task = yield* Fiber.join(fiber)
      assert.strictEqual(task.taskStatus, Task.TaskStatus.Finished)
      // 95 s of rendering: the delays 2, 4, 8, 16, 30, 30, ... s (less jitter) give 6 to 9 polls.
      const calls = yield* infoCalls
      assert.isAtLeast(calls, 6)
      assert.isAtMost(calls, 9)
    }).pipe(Effect.provide(inProcess({ farm }, { timeout: "1 day" })))
  )

  it.effect("a failed task is returned as it ended; with failOn it fails with TaskEndedBadly", () =>
    Effect.gen(function* () {
      const [first, second] = yield* submitTasks(2)
      const ended = success(yield* advancing((schedule) => waiter((w) => w.waitForTask(first!, { schedule }))))
      assert.strictEqual(ended.taskStatus, Task.TaskStatus.Failed)
      assert.strictEqual(ended.failedFrames, farm.framesPerTask)
      const seen: Array<Wait.TaskProgress> = []
      const exit = yield* advancing(
        (schedule) =>
          waiter((w) =>
            w.waitForTask(second!, {
              failOn: Wait.BadEnds,
              schedule,
              onProgress: (p) => Effect.sync(() => seen.push(p))
            })
          ),
        spaced(10)
      )
      const error = failedWith(exit, "TaskEndedBadly")
      assert.strictEqual(error.task.id, second)
      assert.strictEqual(error.task.taskStatus, Task.TaskStatus.Failed)
      assert.match(error.message, new RegExp(`task ${second} reached status 45`))
      // The progress that matched was reported before the failure.
      assert.strictEqual(seen.at(-1)!.status, Task.TaskStatus.Failed)
      assert.isTrue(seen.at(-1)!.done)
      const calls = yield* infoCalls
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, calls, "no poll after the failure")
    }).pipe(Effect.provide(sim({ failFrame: () => true })))
  )

  it.effect("times out with WaitTimedOut (task, last status, time waited) and polls no more", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const exit = yield* advancing(
        (schedule) => waiter((w) => w.waitForTask(taskId, { timeout: "60 seconds", schedule })),
        spaced(7)
      )
      const error = failedWith(exit, "WaitTimedOut")
      assert.strictEqual(error.taskId, taskId)
      assert.strictEqual(error.lastStatus, Task.TaskStatus.Rendering)
      assert.strictEqual(error.waitedMillis, 60_000)
      assert.deepStrictEqual(error.pendingTaskIds, [taskId])
      // Polls at 0, 7, ..., 56 s: 9 of them.
      assert.strictEqual(yield* infoCalls, 9)
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, 9, "no poll after the timeout")
    }).pipe(Effect.provide(sim()))
  )

  it.effect("a schedule that ends gives up with WaitTimedOut", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const exit = yield* advancing(
        (schedule) => waiter((w) => w.waitForTask(taskId, { schedule })),
        Schedule.intersect(spaced(3), Schedule.recurs(2))
      )
      const error = failedWith(exit, "WaitTimedOut")
      assert.strictEqual(error.lastStatus, Task.TaskStatus.Rendering)
      assert.strictEqual(error.waitedMillis, 6000)
      assert.strictEqual(yield* infoCalls, 3, "the first poll and two repeats")
    }).pipe(Effect.provide(sim()))
  )

  it.effect("interrupting a wait stops its polling", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const wait = yield* start((schedule) => waiter((w) => w.waitForTask(taskId, { schedule })), spaced(5))
      yield* drive([wait], { forMillis: 22_000 })
      // Polls at 0, 5, 10, 15, 20 s.
      assert.strictEqual(yield* infoCalls, 5)
      yield* Fiber.interrupt(wait.fiber)
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, 5, "no poll after the interruption")
      assert.isTrue(Exit.isInterrupted(yield* Fiber.await(wait.fiber)))
    }).pipe(Effect.provide(sim()))
  )

  it.effect("stopped tasks: the wait goes on through a stop by default, or ends there with `until`", () =>
    Effect.gen(function* () {
      const [a, b] = yield* submitTasks(2)
      const resumed = yield* start((schedule) => waiter((w) => w.waitForTask(a!, { schedule })), spaced(5))
      const atStop = yield* start(
        (schedule) =>
          waiter((w) => w.waitForTask(b!, { schedule, until: [...Wait.EndedStatuses, ...Wait.StoppedStatuses] })),
        spaced(5)
      )
      yield* drive([resumed, atStop], { forMillis: 20_000 })
      yield* withTasks((t) => t.stop([a!, b!]))
      yield* drive([resumed, atStop], { forMillis: 10_000 })
      const stopped = yield* Fiber.join(atStop.fiber)
      assert.strictEqual(stopped.taskStatus, Task.TaskStatus.Stopped)
      assert.isTrue(Option.isNone(yield* Fiber.poll(resumed.fiber)), "still waiting for the stopped task")
      yield* withTasks((t) => t.start([a!]))
      yield* drive([resumed])
      const finished = yield* Fiber.join(resumed.fiber)
      assert.strictEqual(finished.taskStatus, Task.TaskStatus.Finished)
      // failOn can name a stop too.
      const exit = yield* advancing(
        (schedule) => waiter((w) => w.waitForTask(b!, { failOn: Wait.StoppedStatuses, schedule })),
        spaced(5)
      )
      assert.strictEqual(failedWith(exit, "TaskEndedBadly").task.taskStatus, Task.TaskStatus.Stopped)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("`until` as a predicate: here, the first finished frame", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const task = success(
        yield* advancing(
          (schedule) => waiter((w) => w.waitForTask(taskId, { until: (t) => (t.doneFrames ?? 0) >= 1, schedule })),
          spaced(10)
        )
      )
      // The first frames end at 35 s: the poll at 40 s sees them.
      assert.strictEqual(task.doneFrames, farm.nodes)
      assert.strictEqual(task.taskStatus, Task.TaskStatus.Rendering)
      assert.strictEqual(yield* infoCalls, 5)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("typed errors: an unknown task is TaskNotFound; bad input is refused before anything is sent", () =>
    Effect.gen(function* () {
      const notFound = yield* failsWith(
        waiter((w) => w.waitForTask(424242)),
        "TaskNotFound"
      )
      assert.strictEqual(notFound.taskId, 424242)
      assert.strictEqual(yield* infoCalls, 1)
      yield* refused(apiErrorsOnly(waiter((w) => w.waitForTask(0))), paths.queryTaskInfo, "taskIds.0")
      const perCall = yield* refused(
        apiErrorsOnly(waiter((w) => w.waitForTasks([5, 6], { idsPerCall: 0 }))),
        paths.queryTaskInfo,
        "idsPerCall",
        { workflow: true }
      )
      assert.strictEqual(perCall.operation, "WaitService.waitForTasks")
    }).pipe(Effect.provide(sim()))
  )

  it.effect("the onProgress callback's failure fails the wait, and polling stops", () =>
    Effect.gen(function* () {
      class Cancelled extends Data.TaggedError("Cancelled")<{ readonly at: number }> {}
      const taskId = yield* submitted
      const exit = yield* advancing(
        (schedule) =>
          waiter((w) =>
            w.waitForTask(taskId, {
              schedule,
              onProgress: (p) => (p.doneFrames >= 2 ? Effect.fail(new Cancelled({ at: p.doneFrames })) : Effect.void)
            })
          ),
        spaced(10)
      )
      assert.strictEqual(failedWith(exit, "Cancelled").at, 2)
      // Polls at 0, ..., 40 s (the first frames end at 35 s).
      assert.strictEqual(yield* infoCalls, 5)
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, 5)
    }).pipe(Effect.provide(sim()))
  )
})

describe("WaitService over a socket", () => {
  it.live("waits for a task through the Node adapter, in real time", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const seen: Array<number> = []
      const task = yield* waiter((w) =>
        w.waitForTask(taskId, {
          schedule: Schedule.spaced("20 millis"),
          timeout: "20 seconds",
          failOn: Wait.BadEnds,
          onProgress: (p) => Effect.sync(() => seen.push(p.doneFrames))
        })
      )
      assert.strictEqual(task.taskStatus, Task.TaskStatus.Finished)
      assert.strictEqual(seen.at(-1), 4)
      assert.strictEqual((yield* callsTo(paths.queryTaskInfo)).length, seen.length)
    }).pipe(
      Effect.provide(overSocket({ farm: { framesPerTask: 4, queueSeconds: 0.05, frameSeconds: 0.05, nodes: 2 } }))
    )
  )
})
