/**
 * TaskWaiter against the simulator's farm, on TestClock: waits that finish, fail, time out, are
 * interrupted, or cover many tasks with shared polls (counted on the simulator's side), and the
 * progress they report. A wait runs in a fiber while the test moves the clock on.
 */
import { assert, describe, it } from "@effect/vitest"
import { type ApiError, Task, TaskWaiter, Waiter } from "@rayvision/core"
import type { Simulator } from "@rayvision/simulator"
import { Chunk, Clock, Data, Duration, Effect, Exit, Fiber, Option, Schedule, Stream, TestClock } from "effect"
import {
  callsTo,
  failedWith,
  failsWith,
  inProcess,
  overSocket,
  refused,
  success,
  taskRow,
  withTasks
} from "../support.ts"
import { paths } from "../paths.ts"

/** 6 frames of 30 s, 2 at a time, after 5 s in the queue: a task ends 95 s after its submission. */
const farm = { framesPerTask: 6, queueSeconds: 5, frameSeconds: 30, nodes: 2 } as const
const ENDS_AFTER = farm.queueSeconds + Math.ceil(farm.framesPerTask / farm.nodes) * farm.frameSeconds
const sim = (extra: Simulator.FarmOptions = {}) => inProcess({ farm: { ...farm, ...extra } })

const waiter = <A, E, R>(f: (waiter: TaskWaiter.Service) => Effect.Effect<A, E, R>) =>
  Effect.flatMap(TaskWaiter.TaskWaiter, f)
const watching = <A, E>(f: (waiter: TaskWaiter.Service) => Stream.Stream<A, E>) =>
  Stream.unwrap(Effect.map(TaskWaiter.TaskWaiter, f))

/** Reserves and submits `count` tasks, `apart` seconds apart; returns their ids. */
const submitTasks = (count: number, apart = 0) =>
  withTasks((t) =>
    Effect.gen(function* () {
      const { taskIdList } = yield* t.createTaskIds({ count })
      for (const [i, taskId] of taskIdList.entries()) {
        if (i > 0 && apart > 0) yield* TestClock.adjust(Duration.seconds(apart))
        yield* t.submit({ taskId })
      }
      return taskIdList
    })
  )
const submitted = Effect.map(submitTasks(1), (ids) => ids[0]!)

const infoCalls = Effect.map(callsTo(paths.queryTaskInfo), (calls) => calls.length)
const infoBodies = Effect.map(callsTo(paths.queryTaskInfo), (calls) =>
  calls.map((call) => (JSON.parse(call.bodyText) as { taskIds: Array<number> }).taskIds)
)

/** One turn of the real event loop (an in-process request completes in a few). */
const turn = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

type PollSchedule = Schedule.Schedule<unknown, ReadonlyArray<Waiter.TaskProgress>>

/** A wait's schedule, instrumented: how many delays it has given, and when the wait wakes next. */
interface Tracker {
  readonly schedule: PollSchedule
  readonly steps: () => number
  readonly nextWake: () => number
}

/** Instruments `schedule` (by default the waiter's own default): same delays, but observable. */
const tracked = (schedule: PollSchedule = Waiter.defaultSchedule): Tracker => {
  let steps = 0
  let nextWake = Number.POSITIVE_INFINITY
  return {
    schedule: Schedule.modifyDelayEffect(schedule, (_, delay) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        steps++
        nextWake = now + Duration.toMillis(delay)
        return delay
      })
    ),
    steps: () => steps,
    nextWake: () => nextWake
  }
}

/** A wait running in a fiber, with its tracked schedule. */
interface Running {
  readonly fiber: Fiber.Fiber<unknown, unknown>
  readonly tracker: Tracker
}

/** Forks `run` with a tracked `schedule`. */
const start = <A, E, R>(run: (schedule: PollSchedule) => Effect.Effect<A, E, R>, schedule?: PollSchedule) =>
  Effect.gen(function* () {
    const tracker = tracked(schedule)
    const fiber = yield* Effect.fork(run(tracker.schedule))
    return { fiber, tracker }
  })

/**
 * Moves TestClock on while `waits` run, one wake-up at a time. Before each move it lets every
 * wait finish its poll (real requests take a few turns of the event loop) until it is done or
 * asleep on its schedule again (the schedule has given its next delay and that sleep is
 * pending); then it jumps to the earliest pending sleep (a poll, or a `timeout`). So every poll
 * happens exactly when its schedule says. Returns once every wait is done, or when the next
 * wake-up is more than `forMillis` away (the clock is then set to exactly that point).
 */
const drive = (waits: ReadonlyArray<Running>, options: { readonly forMillis?: number } = {}) =>
  Effect.gen(function* () {
    const end = (yield* TestClock.currentTimeMillis) + (options.forMillis ?? 24 * 3600 * 1000)
    // The schedule steps each wait has taken once it has finished the poll under way.
    const expected = waits.map(() => 1)
    for (;;) {
      let live: Array<number> = []
      for (let turns = 0; ; turns++) {
        const sleeps = Chunk.toReadonlyArray(yield* TestClock.sleeps())
        live = []
        let settled = true
        for (const [i, { fiber, tracker }] of waits.entries()) {
          if (Option.isSome(yield* Fiber.poll(fiber))) continue
          live.push(i)
          if (tracker.steps() < expected[i]! || !sleeps.includes(tracker.nextWake())) settled = false
        }
        if (settled) break
        if (turns > 100_000) throw new Error("the waits did not settle")
        yield* turn
      }
      if (live.length === 0) return
      const next = Math.min(...(yield* TestClock.sleeps()))
      if (next > end) return yield* TestClock.setTime(end)
      for (const i of live) if (waits[i]!.tracker.nextWake() <= next) expected[i] = waits[i]!.tracker.steps() + 1
      yield* TestClock.setTime(next)
    }
  })

/** Runs `run` with a tracked `schedule`, driving TestClock until it is done; its exit. */
const advancing = <A, E, R>(run: (schedule: PollSchedule) => Effect.Effect<A, E, R>, schedule?: PollSchedule) =>
  Effect.gen(function* () {
    const wait = yield* start(run, schedule)
    yield* drive([wait])
    const exit = yield* Fiber.poll(wait.fiber)
    if (Option.isNone(exit)) throw new Error("the wait did not end within a simulated day")
    return exit.value as Exit.Exit<A, E>
  })

/** For checks on `ApiError`s: a waiter's own errors (not expected there) become defects. */
const apiErrorsOnly = <A, R>(effect: Effect.Effect<A, ApiError.ApiError | Waiter.WaitError, R>) =>
  Effect.catchTags(effect, { WaitTimedOut: Effect.die, TaskEndedBadly: Effect.die })

const spaced = (seconds: number): PollSchedule => Schedule.spaced(Duration.seconds(seconds))

describe("TaskWaiter.waitForTask", () => {
  it.effect("returns the finished task; the default backoff grows from 2 s to 30 s; no poll after the end", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const seen: Array<Waiter.TaskProgress> = []
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
      const seen: Array<Waiter.TaskProgress> = []
      const exit = yield* advancing(
        (schedule) =>
          waiter((w) =>
            w.waitForTask(second!, {
              failOn: Waiter.BadEnds,
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
          waiter((w) => w.waitForTask(b!, { schedule, until: [...Waiter.EndedStatuses, ...Waiter.StoppedStatuses] })),
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
        (schedule) => waiter((w) => w.waitForTask(b!, { failOn: Waiter.StoppedStatuses, schedule })),
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
      assert.strictEqual(perCall.operation, "TaskWaiter.waitForTasks")
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

describe("TaskWaiter.waitForTasks", () => {
  it.effect("10 tasks share each poll: one queryTaskInfo call per poll, for the tasks still pending", () =>
    Effect.gen(function* () {
      // Submitted 20 s apart, so they end one after the other.
      const ids = yield* submitTasks(10, 20)
      const seen: Array<Waiter.TaskProgress> = []
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
        (schedule) => waiter((w) => w.waitForTasks(ids, { failOn: Waiter.BadEnds, schedule })),
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

describe("TaskWaiter.watchTask", () => {
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

describe("TaskWaiter.watchTasks", () => {
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

describe("TaskWaiter over a socket", () => {
  it.live("waits for a task through the Node adapter, in real time", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const seen: Array<number> = []
      const task = yield* waiter((w) =>
        w.waitForTask(taskId, {
          schedule: Schedule.spaced("20 millis"),
          timeout: "20 seconds",
          failOn: Waiter.BadEnds,
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
