/**
 * Retries: the schedule (exponential backoff, jittered, each delay capped, bounded in count, or
 * the caller's own), and retrying a call's transient failures by it.
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ApiError from "../ApiError.ts"
import type { ClientConfig, RetryOptions } from "../ClientConfig.ts"

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

/** Per-call retry settings, or a whole schedule, over the client's. @internal */
export type RetrySetting = RetryOptions | Schedule.Schedule<unknown, ApiError.CallError>

/** Whether these settings retry at all (a schedule is asked once a first attempt failed). @internal */
export const retries = (setting: RetrySetting | undefined, client: ClientConfig["Type"]["retry"]): boolean =>
  Schedule.isSchedule(setting) || (setting?.times ?? client.times) > 0

/** The schedule of the retries, from settings or as given. @internal */
export const retrySchedule = (
  setting: RetrySetting | undefined,
  client: ClientConfig["Type"]["retry"]
): Schedule.Schedule<unknown, ApiError.CallError> => {
  if (Schedule.isSchedule(setting)) return setting as Schedule.Schedule<unknown, ApiError.CallError>
  return schedule({
    times: setting?.times ?? client.times,
    base: Duration.decode(setting?.base ?? client.base),
    cap: Duration.decode(setting?.cap ?? client.cap)
  })
}

/**
 * After `first`, a transient failure: `again` (the call's attempt) retried by `policy` while its
 * failures are transient, `onRetry` told of each retry (its delay and the error that caused it)
 * before it waits; the last error when the schedule ends. @internal
 */
export const retryAfter = <A>(
  first: ApiError.CallError,
  again: Effect.Effect<A, ApiError.CallError>,
  policy: Schedule.Schedule<unknown, ApiError.CallError>,
  onRetry: (delayMillis: number, error: ApiError.CallError) => void
): Effect.Effect<A, ApiError.CallError> => {
  const decided = Schedule.delays(policy).pipe(
    Schedule.whileInput((error: ApiError.CallError) => ApiError.isTransient(error)),
    Schedule.intersect(Schedule.identity<ApiError.CallError>()),
    Schedule.onDecision(([delay, error], decision) =>
      Effect.sync(() => {
        if (!ScheduleDecision.isDone(decision)) onRetry(Duration.toMillis(delay), error)
      })
    )
  )
  return Effect.flatMap(Schedule.driver(decided), (driver) => {
    const next = (error: ApiError.CallError): Effect.Effect<A, ApiError.CallError> =>
      Effect.matchEffect(driver.next(error), {
        onFailure: () => Effect.fail(error),
        onSuccess: () => Effect.catchIf(again, ApiError.isTransient, next)
      })
    return next(first)
  })
}
