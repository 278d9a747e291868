/**
 * WaitService's waits for many tasks (shared polls, counted on the simulator's side) and its
 * progress streams (watchTask, watchTasks) against the simulator's farm, on TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Task, Wait } from "@rayvision/core"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import {
  failedWith,
  onSmallFarm as sim,
  smallFarm as farm,
  submitTasks,
  submitted,
  success,
  taskRow,
  withTasks
} from "../support.ts"
import { advancing, drive, infoBodies, infoCalls, spaced, start, waiter, watching } from "./waiting.ts"

describe("WaitService.waitForTasks", () => {
  it.effect("10 tasks share each poll: one queryTaskInfo call per poll, for the tasks still pending", () =>
    Effect.gen(function* () {
      // Submitted 20 s apart, so they end one after the other.
      const ids = yield* submitTasks(10, 20)
      const seen: Array<Wait.TaskProgress> = []
      const exit = yield* advancing(
        (schedule) =>
          waiter((w) => w.waitForTasks(ids, { schedule, onProgress: (p) => Effect.sync(() => seen.push(p)) })),
        spaced(15)
      )
      const finals = success(exit)
      assert.deepStrictEqual(
        finals.map((task) => task.id),
        [...ids]
      )
      assert.isTrue(finals.every((task) => task.taskStatus === Task.TaskStatus.Finished))
      const polls = new Set(seen.map((p) => p.poll)).size
      const bodies = yield* infoBodies
      assert.strictEqual(bodies.length, polls, "one call per poll")
      // From 180 s (the last submission) to 275 s (its end), every 15 s: 0, 15, ..., 105 s.
      assert.strictEqual(polls, 8)
      // The first poll asks for all ten; each later one for those not ended at the poll before.
      assert.deepStrictEqual(bodies[0], [...ids])
      for (let poll = 2; poll <= polls; poll++) {
        const pending = seen.filter((p) => p.poll === poll - 1 && !p.done).map((p) => p.taskId)
        assert.deepStrictEqual(bodies[poll - 1], pending, `poll ${poll}`)
      }
      assert.deepStrictEqual(bodies.at(-1), [ids[9]!], "ended tasks are no longer polled")
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, polls)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("idsPerCall chunks each poll: no call holds more ids than that", () =>
    Effect.gen(function* () {
      const ids = yield* submitTasks(10, 20)
      const pendingPerPoll = new Map<number, number>()
      const exit = yield* advancing(
        (schedule) =>
          waiter((w) =>
            w.waitForTasks([...ids, ids[0]!], {
              idsPerCall: 3,
              schedule,
              onProgress: (p) => Effect.sync(() => pendingPerPoll.set(p.poll, (pendingPerPoll.get(p.poll) ?? 0) + 1))
            })
          ),
        spaced(15)
      )
      const finals = success(exit)
      assert.strictEqual(finals.length, 11, "one result per id given, repeats included")
      assert.strictEqual(finals[10]!.id, ids[0])
      const bodies = yield* infoBodies
      assert.isTrue(bodies.every((body) => body.length <= 3))
      const expected = [...pendingPerPoll.values()].reduce((sum, pending) => sum + Math.ceil(pending / 3), 0)
      assert.strictEqual(bodies.length, expected, "ceil(pending / 3) calls per poll")
      assert.strictEqual(pendingPerPoll.get(1), 10, "a repeated id is polled once")
    }).pipe(Effect.provide(sim()))
  )

  it.effect("a timeout names every task still pending", () =>
    Effect.gen(function* () {
      // Submitted at 0, 60 and 120 s; each ends 95 s after its submission.
      const ids = yield* submitTasks(3, 60)
      const exit = yield* advancing(
        (schedule) => waiter((w) => w.waitForTasks(ids, { timeout: "30 seconds", schedule })),
        spaced(10)
      )
      const error = failedWith(exit, "WaitTimedOut")
      // From 120 s to 150 s: the first task ended, the others not.
      assert.deepStrictEqual(error.pendingTaskIds, ids.slice(1))
      assert.strictEqual(error.taskId, ids[1])
      assert.strictEqual(error.lastStatus, Task.TaskStatus.Rendering)
      assert.strictEqual(error.waitedMillis, 30_000)
      assert.match(error.message, /2 tasks pending/)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("no ids: an empty result and no call", () =>
    Effect.gen(function* () {
      const result = yield* waiter((w) => w.waitForTasks([]))
      assert.deepStrictEqual(result, [])
      assert.strictEqual(yield* infoCalls, 0)
    }).pipe(Effect.provide(sim()))
  )

  it.effect("failOn fails at the first task that matches, and polling stops", () =>
    Effect.gen(function* () {
      const ids = yield* submitTasks(3)
      const wait = yield* start(
        (schedule) => waiter((w) => w.waitForTasks(ids, { failOn: Wait.BadEnds, schedule })),
        spaced(10)
      )
      yield* drive([wait], { forMillis: 25_000 })
      yield* withTasks((t) => t.abandon([ids[1]!]))
      yield* drive([wait], { forMillis: 10_000 })
      const error = failedWith(yield* Fiber.await(wait.fiber), "TaskEndedBadly")
      assert.strictEqual(error.task.id, ids[1])
      assert.strictEqual(error.task.taskStatus, Task.TaskStatus.Abandoned)
      // Polls at 0, 10, 20 and 30 s; none after.
      assert.strictEqual(yield* infoCalls, 4)
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, 4)
    }).pipe(Effect.provide(sim()))
  )
})

describe("WaitService.watchTask", () => {
  it.effect(
    "emits progress at every poll: frames done rise, status changes are flagged, cost grows, ends at FINISHED",
    () =>
      Effect.gen(function* () {
        const taskId = yield* submitted
        const exit = yield* advancing(
          (schedule) => Stream.runCollect(watching((w) => w.watchTask(taskId, { schedule }))),
          spaced(10)
        )
        const progress = Chunk.toReadonlyArray(success(exit))
        assert.strictEqual(yield* infoCalls, progress.length, "one call per poll")
        // Polls every 10 s up to the end at 95 s: 0, 10, ..., 100 s.
        assert.deepStrictEqual(
          progress.map((p) => p.elapsedMillis),
          Array.from({ length: 11 }, (_, i) => i * 10_000)
        )
        for (let i = 1; i < progress.length; i++) {
          assert.isAtLeast(progress[i]!.doneFrames, progress[i - 1]!.doneFrames)
          assert.isAtLeast(progress[i]!.cost, progress[i - 1]!.cost)
        }
        assert.strictEqual(progress[0]!.doneFrames, 0)
        assert.isTrue(progress.some((p) => p.executingFrames === farm.nodes))
        const last = progress.at(-1)!
        assert.strictEqual(last.doneFrames, farm.framesPerTask)
        assert.strictEqual(last.totalFrames, farm.framesPerTask)
        assert.strictEqual(last.status, Task.TaskStatus.Finished)
        assert.isTrue(last.done)
        assert.isTrue(progress.slice(0, -1).every((p) => !p.done))
        assert.isAbove(last.cost, 0)
        assert.strictEqual(last.cost, (yield* taskRow(taskId)).renderConsume)
        // The status changes: WAITING at 0 s, RENDERING from 10 s, FINISHED at 100 s.
        assert.deepStrictEqual(
          progress.filter((p) => p.statusChanged).map((p) => [p.elapsedMillis, p.previousStatus, p.status]),
          [
            [0, undefined, Task.TaskStatus.Waiting],
            [10_000, Task.TaskStatus.Waiting, Task.TaskStatus.Rendering],
            [100_000, Task.TaskStatus.Rendering, Task.TaskStatus.Finished]
          ]
        )
      }).pipe(Effect.provide(sim()))
  )

  it.effect("a stream consumer that stops early stops the polling", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const exit = yield* advancing(
        (schedule) =>
          Stream.runCollect(
            watching((w) => w.watchTask(taskId, { schedule })).pipe(Stream.takeUntil((p) => p.doneFrames > 0))
          ),
        spaced(10)
      )
      const progress = success(exit)
      assert.strictEqual(Chunk.unsafeLast(progress).doneFrames, farm.nodes)
      const calls = yield* infoCalls
      assert.strictEqual(calls, progress.length)
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(yield* infoCalls, calls)
    }).pipe(Effect.provide(sim()))
  )
})

describe("WaitService.watchTasks", () => {
  it.effect("emits the progress of every pending task at every shared poll", () =>
    Effect.gen(function* () {
      const ids = yield* submitTasks(4, 30)
      const exit = yield* advancing(
        (schedule) => Stream.runCollect(watching((w) => w.watchTasks(ids, { schedule }))),
        spaced(20)
      )
      const progress = Chunk.toReadonlyArray(success(exit))
      const polls = Math.max(...progress.map((p) => p.poll))
      assert.strictEqual(yield* infoCalls, polls)
      for (const taskId of ids) {
        const mine = progress.filter((p) => p.taskId === taskId)
        assert.isTrue(mine.at(-1)!.done)
        assert.strictEqual(mine.at(-1)!.status, Task.TaskStatus.Finished)
        assert.isTrue(
          mine.slice(0, -1).every((p) => !p.done),
          "nothing after a task's end"
        )
      }
      // Each poll's progress covers exactly the tasks pending at that poll, as the call asked.
      const bodies = yield* infoBodies
      for (let poll = 1; poll <= polls; poll++) {
        assert.deepStrictEqual(
          progress.filter((p) => p.poll === poll).map((p) => p.taskId),
          bodies[poll - 1]
        )
      }
    }).pipe(Effect.provide(sim()))
  )
})
