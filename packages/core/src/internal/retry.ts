/**
 * The retry schedule: exponential backoff, jittered, each delay capped, bounded in count.
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Schedule from "effect/Schedule"

/** @internal */
export interface RetrySettings {
  readonly times: number
  readonly base: Duration.Duration
  readonly cap: Duration.Duration
}

/** @internal */
export const schedule = (settings: RetrySettings) =>
  Schedule.exponential(settings.base, 2).pipe(
    Schedule.jittered,
    // Whole milliseconds: a fractional delay puts TestClock at a time it cannot read back in
    // nanoseconds, and no real timer is finer anyway.
    Schedule.modifyDelay((_, delay) =>
      Duration.millis(Math.round(Duration.toMillis(Duration.min(delay, settings.cap))))
    ),
    Schedule.intersect(Schedule.recurs(settings.times))
  )
