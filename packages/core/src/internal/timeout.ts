/**
 * A per-attempt timeout that costs one fiber and a deadline on the transport's timer
 * (internal/deadlines.ts). `Effect.timeoutFail` races the effect against a sleeping fiber (two
 * forks, a deferred, and the interruption of the loser): about 45 µs of CPU on Node, more than
 * everything else a call adds to the platform's HttpClient. Here the effect runs in one child
 * fiber and the caller waits for it or for its deadline, whichever comes first; on time out the
 * child is interrupted (the HttpClient aborts its request) and the call fails at once. On any
 * clock but the runtime's own (a `TestClock`), or a duration a timer cannot hold, it is
 * `Effect.timeoutFail`, so tests that move time by hand see the same behaviour.
 * @internal
 */
import type * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { Deadlines } from "./deadlines.ts"
import { locallyAll, type Settings } from "./locally.ts"

/** The longest delay `setTimeout` keeps (a longer one fires at once). @internal */
export const MAX_TIMER_MILLIS = 2_147_483_647

let liveClock: Clock.Clock | undefined

/** Whether `clock` is the clock of the default services: real time, timers on `setTimeout`. @internal */
export const isLive = (clock: Clock.Clock): boolean => clock === (liveClock ??= Effect.runSync(Effect.clock))

/**
 * `effect`, failing with `onTimeout()` when it has not ended within `millis` on `clock` (the
 * clock of the fiber that runs it); the deadline on `deadlines`' timer (internal/deadlines.ts).
 * While it waits, `inFlight.cancel` (when given) interrupts the attempt at once: the caller calls
 * it when interrupted, from the `onExit` it has anyway. The `Effect.async` returns no canceler
 * (see `exchangeDirect` in internal/direct.ts); without `inFlight`, an interrupted caller's
 * attempt is interrupted when the caller's fiber ends, as every forked child is. With `settings`,
 * they are in force while `effect` runs: set on the child fiber that runs it, which ends with it,
 * or around it (`locallyAll`) where it runs without one. @internal
 */
export const timeoutFail = <A, E, E2, R>(
  effect: Effect.Effect<A, E, R>,
  millis: number,
  onTimeout: () => E2,
  clock: Clock.Clock,
  deadlines: Deadlines,
  inFlight?: InFlight,
  settings?: Settings
): Effect.Effect<A, E | E2, R> => {
  if (!(millis >= 0 && millis <= MAX_TIMER_MILLIS) || !isLive(clock)) {
    const within = settings === undefined ? effect : locallyAll(effect, settings.list)
    return millis === Infinity ? within : Effect.timeoutFail(within, { duration: millis, onTimeout })
  }
  return Effect.flatMap(Effect.fork(settings === undefined ? effect : Effect.zipRight(settings.set, effect)), (child) =>
    Effect.async<A, E | E2>((resume) => {
      let done = false
      /** Ends the attempt's watch: true the first time only. */
      const stop = (): boolean => {
        if (done) return false
        done = true
        if (inFlight !== undefined) inFlight.cancel = undefined
        deadlines.cancel(deadline)
        return true
      }
      const deadline = deadlines.add(millis, () => {
        if (!stop()) return
        child.unsafeInterruptAsFork(child.id())
        resume(Effect.fail(onTimeout()))
      })
      child.addObserver((exit) => {
        if (stop()) resume(exit)
      })
      if (inFlight !== undefined && !done) {
        inFlight.cancel = () => {
          if (stop()) child.unsafeInterruptAsFork(child.id())
        }
      }
    })
  )
}

/** Where a call keeps the cancellation of its attempt in flight (internal/direct.ts). @internal */
export interface InFlight {
  cancel: (() => void) | undefined
}
