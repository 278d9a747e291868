/**
 * Interruption under faults: a fiber interrupted mid-call (a hanging request), mid-retry (during
 * the backoff sleep) or mid-wait (WaitService polling) sends nothing more, however long the clock
 * then runs, and leaves no timer behind (none of its sleeps is pending). Over a real socket,
 * no further request arrives and the call's timeout timer is cancelled.
 */
import { assert, describe, it } from "@effect/vitest"
import { HttpTransport, TaskService, WaitService, UserService } from "@rayvision/core"
import { SimulatorService } from "@rayvision/simulator"
import { Cause, Chunk, Clock, Duration, Effect, Exit, Fiber, Schedule, TestClock } from "effect"
import { assertNoSecrets, attempts, codes, failsWith, inProcess, keepConfig, observed, overSocket } from "./support.ts"
import { paths } from "../paths.ts"

/**
 * Forks `effect` with a Clock that keeps count of its sleeps still pending: the fiber's own
 * `Clock` (TestClock) sleeps, and the count drops when a sleep ends or is interrupted. (TestClock
 * itself keeps an interrupted sleep in its list until the time passes, so its `sleeps` cannot
 * tell a cancelled timer from a live one.)
 */
const forkCounting = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const base = yield* Effect.clock
    const pending = new Set<number>()
    let next = 0
    const counting: Clock.Clock = {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: () => base.unsafeCurrentTimeMillis(),
      unsafeCurrentTimeNanos: () => base.unsafeCurrentTimeNanos(),
      currentTimeMillis: base.currentTimeMillis,
      currentTimeNanos: base.currentTimeNanos,
      sleep: (duration) =>
        Effect.suspend(() => {
          const id = next++
          pending.add(id)
          return base.sleep(duration).pipe(Effect.ensuring(Effect.sync(() => pending.delete(id))))
        })
    }
    const fiber = yield* Effect.fork(Effect.withClock(effect, counting))
    return { fiber, pending }
  })

/** Yields until the simulator recorded `n` calls to `path` and a sleep of the fiber is pending. */
const until = (path: string, n: number, pending: ReadonlySet<number>) =>
  Effect.gen(function* () {
    for (let i = 0; i < 10_000; i++) {
      if ((yield* attempts(path)).length >= n && pending.size > 0) return
      yield* Effect.yieldNow()
    }
    throw new Error(`no ${n} calls to ${path} with a pending sleep`)
  })

/** Interrupts the fiber, checks it ended interrupted and that none of its sleeps is pending any more. */
const interruptCleanly = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, pending: ReadonlySet<number>) =>
  Effect.gen(function* () {
    const exit = yield* Fiber.interrupt(fiber)
    assert.isTrue(Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause), "ended by the interruption")
    assert.strictEqual(pending.size, 0, "no timer left")
  })

describe("interrupted fibers send nothing more and leave no timer", () => {
  it.effect("mid-call: a hanging request, interrupted; a day later still one request", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.queryUserProfile, kind: "hang", times: Infinity })
      const { fiber, pending } = yield* forkCounting(Effect.flatMap(UserService.UserService, (u) => u.profile()))
      yield* until(paths.queryUserProfile, 1, pending)
      assert.strictEqual(pending.size, 1, "the timeout is armed")
      yield* interruptCleanly(fiber, pending)
      yield* TestClock.adjust(Duration.days(1))
      assert.deepStrictEqual(yield* codes(paths.queryUserProfile), [[0, "hang"]])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("mid-retry: interrupted during the backoff sleep after a 500; no retry is ever sent", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 500, times: Infinity })
      const { fiber, pending } = yield* forkCounting(
        Effect.flatMap(UserService.UserService, (u) => u.profile()).pipe(
          HttpTransport.withCallOptions({ retry: { times: 5, base: "10 seconds", cap: "1 minute" } })
        )
      )
      // The first attempt failed and the backoff sleep is pending (the attempt's timeout is gone).
      yield* until(paths.queryUserProfile, 1, pending)
      assert.strictEqual(pending.size, 1)
      assert.isAbove(Chunk.size(yield* TestClock.sleeps()), 0)
      yield* interruptCleanly(fiber, pending)
      yield* TestClock.adjust(Duration.hours(1))
      assert.deepStrictEqual(yield* codes(paths.queryUserProfile), [[500, "error"]])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("mid-wait: a WaitService polling every 30 s, interrupted between polls; no poll after", () =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      const waiter = yield* WaitService.WaitService
      const { taskIdList } = yield* tasks.createTaskIds()
      const taskId = taskIdList[0]!
      yield* tasks.submit({ taskId })
      const { fiber, pending } = yield* forkCounting(
        waiter.waitForTask(taskId, { schedule: Schedule.spaced("30 seconds") })
      )
      yield* until(paths.queryTaskInfo, 1, pending)
      yield* TestClock.adjust(Duration.seconds(30))
      yield* until(paths.queryTaskInfo, 2, pending)
      yield* TestClock.adjust(Duration.seconds(30))
      yield* until(paths.queryTaskInfo, 3, pending)
      yield* interruptCleanly(fiber, pending)
      yield* TestClock.adjust(Duration.hours(2))
      assert.strictEqual((yield* attempts(paths.queryTaskInfo)).length, 3)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("mid-wait while a poll hangs: interrupted; no further poll, no timer", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const tasks = yield* TaskService.TaskService
      const waiter = yield* WaitService.WaitService
      const { taskIdList } = yield* tasks.createTaskIds()
      const taskId = taskIdList[0]!
      yield* tasks.submit({ taskId })
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "hang", skip: 1 })
      const { fiber, pending } = yield* forkCounting(
        waiter.waitForTask(taskId, { schedule: Schedule.spaced("30 seconds") })
      )
      yield* until(paths.queryTaskInfo, 1, pending)
      yield* TestClock.adjust(Duration.seconds(30))
      yield* until(paths.queryTaskInfo, 2, pending)
      yield* interruptCleanly(fiber, pending)
      yield* TestClock.adjust(Duration.hours(2))
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [
        [200, undefined],
        [0, "hang"]
      ])
    }).pipe(Effect.provide(inProcess()), observed)
  )
})

describe("interruption over a real socket", () => {
  it.live("a hanging request interrupted: no further request arrives, its timeout timer is cancelled", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      yield* user.profile()
      yield* sim.injectFault({ path: paths.queryUserProfile, kind: "hang", times: Infinity })
      // The live Clock, counting the call's sleeps.
      const { fiber, pending } = yield* forkCounting(user.profile())
      while ((yield* attempts(paths.queryUserProfile)).length < 2) yield* Effect.sleep(Duration.millis(5))
      assert.strictEqual(pending.size, 1, "the call's timeout timer is armed")
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause))
      assert.strictEqual(pending.size, 0, "no timer of the call is left")
      // Longer than the 1 s timeout and a retry's backoff would take.
      yield* Effect.sleep(Duration.millis(1_500))
      assert.deepStrictEqual(yield* codes(paths.queryUserProfile), [
        [200, undefined],
        [0, "hang"]
      ])
      yield* keepConfig
    }).pipe(Effect.provide(overSocket({}, { timeout: "1 second" })), observed)
  )
})

describe("secrets", () => {
  it.effect("no access key or signature in the logs, spans, metrics, errors or config of this file's calls", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      // Twice: a 603 is re-sent once.
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 603, times: 2 })
      yield* failsWith(
        Effect.flatMap(UserService.UserService, (u) => u.profile()),
        "IllegalProtocol"
      )
      yield* keepConfig
      yield* assertNoSecrets
    }).pipe(Effect.provide(inProcess()), observed)
  )
})
