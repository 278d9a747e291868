/**
 * What the WaitService tests share: the waiter in scope, the queryTaskInfo calls the simulator
 * received, and waits run in a fiber with an instrumented schedule while TestClock is moved on
 * one wake-up at a time.
 */
import type { ApiError } from "@rayvision/core"
import { WaitService, Wait } from "@rayvision/core"
import { Chunk, Clock, Duration, Effect, type Exit, Fiber, Option, Schedule, Stream, TestClock } from "effect"
import { callsTo, smallFarm as farm } from "../support.ts"
import { paths } from "../paths.ts"

/** When a task of the small farm ends, seconds after its submission. */
export const ENDS_AFTER = farm.queueSeconds + Math.ceil(farm.framesPerTask / farm.nodes) * farm.frameSeconds

export const waiter = <A, E, R>(f: (waiter: WaitService.Service) => Effect.Effect<A, E, R>) =>
  Effect.flatMap(WaitService.WaitService, f)
export const watching = <A, E>(f: (waiter: WaitService.Service) => Stream.Stream<A, E>) =>
  Stream.unwrap(Effect.map(WaitService.WaitService, f))

export const infoCalls = Effect.map(callsTo(paths.queryTaskInfo), (calls) => calls.length)
export const infoBodies = Effect.map(callsTo(paths.queryTaskInfo), (calls) =>
  calls.map((call) => (JSON.parse(call.bodyText) as { taskIds: Array<number> }).taskIds)
)

/** One turn of the real event loop (an in-process request completes in a few). */
export const turn = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

export type PollSchedule = Schedule.Schedule<unknown, ReadonlyArray<Wait.TaskProgress>>

/** A wait's schedule, instrumented: how many delays it has given, and when the wait wakes next. */
export interface Tracker {
  readonly schedule: PollSchedule
  readonly steps: () => number
  readonly nextWake: () => number
}

/** Instruments `schedule` (by default the waiter's own default): same delays, but observable. */
export const tracked = (schedule: PollSchedule = Wait.defaultSchedule): Tracker => {
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
export interface Running {
  readonly fiber: Fiber.Fiber<unknown, unknown>
  readonly tracker: Tracker
}

/** Forks `run` with a tracked `schedule`. */
export const start = <A, E, R>(run: (schedule: PollSchedule) => Effect.Effect<A, E, R>, schedule?: PollSchedule) =>
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
export const drive = (waits: ReadonlyArray<Running>, options: { readonly forMillis?: number } = {}) =>
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
export const advancing = <A, E, R>(run: (schedule: PollSchedule) => Effect.Effect<A, E, R>, schedule?: PollSchedule) =>
  Effect.gen(function* () {
    const wait = yield* start(run, schedule)
    yield* drive([wait])
    const exit = yield* Fiber.poll(wait.fiber)
    if (Option.isNone(exit)) throw new Error("the wait did not end within a simulated day")
    return exit.value as Exit.Exit<A, E>
  })

/** For checks on `ApiError`s: a waiter's own errors (not expected there) become defects. */
export const apiErrorsOnly = <A, R>(effect: Effect.Effect<A, ApiError.ApiError | Wait.WaitError, R>) =>
  Effect.catchTags(effect, { WaitTimedOut: Effect.die, TaskEndedBadly: Effect.die })

export const spaced = (seconds: number): PollSchedule => Schedule.spaced(Duration.seconds(seconds))
