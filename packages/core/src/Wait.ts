/**
 * Models of the task waiters ({@link WaitService}): which statuses end a wait, the progress a wait
 * reports, its options and its errors.
 *
 * Which statuses end a task (docs/protocol.md 5.1):
 *
 * - **ended** ({@link EndedStatuses}): FINISHED (25), FINISHED_HAS_FAILED (30), ABANDON (35),
 *   FINISHED_TEST (40) and FAILED (45). Nothing moves the task on by itself any more (frames can
 *   still be resubmitted, which is a new request of the user). A wait ends at these by default.
 * - **stopped, may resume** ({@link StoppedStatuses}): STOP (10), stopped by the user (15),
 *   ARREARAGE_STOP (20) and TIME_OUT_STOP (23). The task renders again after `startTask` (by this
 *   or another client, or in the web console) or once the account is topped up, so a wait keeps
 *   polling through them by default. Pass `until: [...EndedStatuses, ...StoppedStatuses]` to end
 *   a wait at a stop, or `failOn: StoppedStatuses` to fail it there.
 * - everything else (WAITING 0, RENDERING 5, PRE_RENDERING 8, ANALYSE 50, the "being updated"
 *   100, and codes this SDK does not know) is in progress.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Duration from "effect/Duration"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { TaskInfo, TaskStatus } from "./Task.ts"
import type { TaskNotFound } from "./TaskService.ts"

/**
 * The statuses after which nothing moves a task on by itself: the default end of a wait.
 *
 * @since 0.1.0
 * @category constants
 */
export const EndedStatuses: ReadonlyArray<TaskStatus> = /* @__PURE__ */ (() => [
  // In a function, so that a bundler can drop the list when unused (it keeps top-level reads of
  // another module's object: one could run a getter).
  TaskStatus.Finished,
  TaskStatus.FinishedWithFailedFrames,
  TaskStatus.Abandoned,
  TaskStatus.TestFinished,
  TaskStatus.Failed
])()

/**
 * The stopped statuses a task may leave again (a restart, a top-up): a wait goes on through them
 * unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const StoppedStatuses: ReadonlyArray<TaskStatus> = /* @__PURE__ */ (() => [
  TaskStatus.Stopped,
  TaskStatus.StoppedByUser,
  TaskStatus.StoppedInArrears,
  TaskStatus.StoppedByTimeout
])()

/**
 * The bad ends: FAILED (45) and ABANDON (35). `failOn: BadEnds` makes a wait fail with
 * {@link TaskEndedBadly} there. FINISHED_HAS_FAILED (30) is not in it: some frames rendered; add
 * it when every frame must succeed.
 *
 * @since 0.1.0
 * @category constants
 */
export const BadEnds: ReadonlyArray<TaskStatus> = /* @__PURE__ */ (() => [TaskStatus.Failed, TaskStatus.Abandoned])()

/**
 * The default delays between polls: 2 s, then doubling, capped at 30 s, each shortened at random
 * by up to 20% (jitter, so many clients do not poll in step): about 2, 4, 8, 16, 30, 30, ... s.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSchedule: Schedule.Schedule<unknown> = /* @__PURE__ */ Schedule.exponential("2 seconds").pipe(
  /* @__PURE__ */ Schedule.union(/* @__PURE__ */ Schedule.spaced("30 seconds")),
  /* @__PURE__ */ Schedule.jitteredWith({ min: 0.8, max: 1 }),
  // Whole milliseconds (jitter gives fractions, which some clocks, e.g. TestClock, cannot take).
  /* @__PURE__ */ Schedule.modifyDelay((_, delay) => Duration.millis(Math.round(Duration.toMillis(delay))))
)

/**
 * Which tasks match: those whose `taskStatus` is one of the codes, or those the predicate accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type TaskMatch = ReadonlyArray<number> | ((task: TaskInfo) => boolean)

/**
 * Whether a task matches a {@link TaskMatch}. A task without a status matches no list of codes.
 *
 * @since 0.1.0
 * @category utils
 */
export const matches = (match: TaskMatch, task: TaskInfo): boolean =>
  typeof match === "function" ? match(task) : task.taskStatus !== undefined && match.includes(task.taskStatus)

/**
 * One task's state at one poll of a wait: what a progress bar or a log line needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskProgress {
  readonly taskId: number
  /** The task's status at this poll (see {@link TaskStatus}); `undefined` when the service sent none. */
  readonly status: number | undefined
  /** The status at the previous poll; `undefined` at the first poll. */
  readonly previousStatus: number | undefined
  /** Whether the status differs from the previous poll's (always `true` at the first poll). */
  readonly statusChanged: boolean
  /** Frames in the task (`totalFrames`; 0 when not sent). */
  readonly totalFrames: number
  /** Frames finished (`doneFrames`). */
  readonly doneFrames: number
  /** Frames failed (`failedFrames`). */
  readonly failedFrames: number
  /** Frames rendering now (`executingFrames`). */
  readonly executingFrames: number
  /** What the task cost so far (`renderConsume`; 0 when not sent). */
  readonly cost: number
  /** Milliseconds since the wait began (by Effect's `Clock`). */
  readonly elapsedMillis: number
  /** This poll's number, from 1. */
  readonly poll: number
  /** Whether this is the task's last progress: it reached the end of the wait (`until`) or `failOn`. */
  readonly done: boolean
  /** The task row as the service sent it (`queryTaskInfo/v2`). */
  readonly task: TaskInfo
}

/**
 * Options of {@link WaitService} `watchTask` and `watchTasks`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WatchOptions {
  /**
   * The delays between polls (the first poll is immediate). Its input is the progress of the
   * poll that just ran, so an adaptive schedule can look at it. A schedule that ends fails the
   * wait with {@link WaitTimedOut}. Default {@link defaultSchedule}.
   */
  readonly schedule?: Schedule.Schedule<unknown, ReadonlyArray<TaskProgress>>
  /**
   * Give up after this long (from the start of the wait): fails with {@link WaitTimedOut} and
   * polls no more. Default: no limit.
   */
  readonly timeout?: Duration.DurationInput
  /** The end of the wait. Default {@link EndedStatuses}. */
  readonly until?: TaskMatch
  /**
   * Fail with {@link TaskEndedBadly} as soon as a task matches, at any status (e.g.
   * {@link BadEnds}, or {@link StoppedStatuses} to give up at a stop). Default: never.
   */
  readonly failOn?: TaskMatch
  /**
   * Task ids per `queryTaskInfo` call when waiting for many; a whole number, 1 or more. Default
   * 100. Each poll makes one call per this many tasks still pending.
   */
  readonly idsPerCall?: number
}

/**
 * Options of {@link WaitService} `waitForTask` and `waitForTasks`: those of {@link WatchOptions},
 * plus a callback run with each progress (each task, each poll), in order, before the next poll.
 * Its failure fails the wait.
 *
 * @since 0.1.0
 * @category models
 */
export interface WaitOptions<E = never, R = never> extends WatchOptions {
  readonly onProgress?: (progress: TaskProgress) => Effect.Effect<void, E, R>
}

/**
 * The wait gave up (its `timeout` passed, or its `schedule` ended) before the task ended. No poll
 * is made after it.
 *
 * @since 0.1.0
 * @category errors
 */
export class WaitTimedOut
  extends /* @__PURE__ */ Schema.TaggedError<WaitTimedOut>("@rayvision/core/WaitTimedOut")("WaitTimedOut", {
    /** The task waited for (the first one still pending, when waiting for many). */
    taskId: Schema.Number,
    /** Its status at the last poll; absent when it was never polled or the service sent none. */
    lastStatus: /* @__PURE__ */ Schema.optionalWith(Schema.Number, { exact: true }),
    /** How long the wait ran, milliseconds. */
    waitedMillis: Schema.Number,
    /** Every task still pending, `taskId` first. */
    pendingTaskIds: /* @__PURE__ */ Schema.Array(Schema.Number)
  })
{
  /** A sentence a person understands: which task, how long, and where it stood. */
  override get message() {
    const others = this.pendingTaskIds.length > 1 ? ` (${this.pendingTaskIds.length} tasks pending)` : ""
    const status = this.lastStatus === undefined ? "no status seen" : `last status ${this.lastStatus}`
    return `gave up waiting for task ${this.taskId} after ${this.waitedMillis} ms, ${status}${others}`
  }
}

/**
 * A task waited for reached a status the caller named in `failOn` (e.g. FAILED or ABANDON).
 * `task` is its row at that poll.
 *
 * @since 0.1.0
 * @category errors
 */
export class TaskEndedBadly
  extends /* @__PURE__ */ Schema.TaggedError<TaskEndedBadly>("@rayvision/core/TaskEndedBadly")("TaskEndedBadly", {
    task: TaskInfo
  })
{
  /** A sentence a person understands: which task and which status. */
  override get message() {
    const status = this.task.taskStatus
    return `task ${this.task.id} reached status ${status ?? "(none)"}${
      this.task.statusText === undefined ? "" : ` (${this.task.statusText})`
    }, which the wait was told to fail on`
  }
}

/**
 * What a wait fails with, besides the `ApiError.CallError` of a poll: it gave up, a task reached
 * a status of `failOn`, or the service does not list a task waited for.
 *
 * @since 0.1.0
 * @category errors
 */
export type WaitError = WaitTimedOut | TaskEndedBadly | TaskNotFound
