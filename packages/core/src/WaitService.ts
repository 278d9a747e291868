/**
 * Waiting for tasks to end, with progress: polls `queryTaskInfo/v2` on a `Schedule` until each
 * task reaches the end of the wait (by default an ended status, see {@link Wait}), reporting
 * frames done and failed, status changes and cost along the way. Waiting for many tasks shares
 * the polling: each poll is one `queryTaskInfo` call for all the tasks still pending (per
 * `idsPerCall` ids). Interrupting a wait stops its polling at once.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { type CallError, InvalidRequest } from "./ApiError.ts"
import type { TaskInfo } from "./Task.ts"
import { TaskNotFound, TaskService } from "./TaskService.ts"
import {
  defaultSchedule,
  EndedStatuses,
  matches,
  TaskEndedBadly,
  type TaskProgress,
  type WaitError,
  type WaitOptions,
  WaitTimedOut,
  type WatchOptions
} from "./Wait.ts"

/**
 * The task waiter.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Polls the task until it reaches the end of the wait (`until`, by default an ended status)
   * and returns its row then. Fails with `WaitTimedOut` (timeout, or the schedule ended),
   * `TaskEndedBadly` (`failOn`), `TaskNotFound` (the service does not list the task) or the
   * `CallError` of a poll. `onProgress` runs with the progress of every poll.
   */
  readonly waitForTask: <E = never, R = never>(
    taskId: number,
    options?: WaitOptions<E, R>
  ) => Effect.Effect<TaskInfo, CallError | WaitError | E, R>
  /**
   * Waits for every task, sharing the polls (one `queryTaskInfo` call per `idsPerCall` pending
   * ids); returns the final row of each, in the order of `taskIds`. A task that reached the end
   * is no longer polled. Fails as {@link Service.waitForTask} does, at the first task that fails
   * (`WaitTimedOut` names every task still pending). No ids: no call, an empty result.
   */
  readonly waitForTasks: <E = never, R = never>(
    taskIds: ReadonlyArray<number>,
    options?: WaitOptions<E, R>
  ) => Effect.Effect<ReadonlyArray<TaskInfo>, CallError | WaitError | E, R>
  /**
   * The progress of the task at every poll, ending with the poll where it reaches the end of the
   * wait (`done: true`). Fails as {@link Service.waitForTask} does (after emitting the progress
   * that matched `failOn`).
   */
  readonly watchTask: (taskId: number, options?: WatchOptions) => Stream.Stream<TaskProgress, CallError | WaitError>
  /**
   * The progress of every pending task at every poll (polls shared as in
   * {@link Service.waitForTasks}), ending once every task reached the end of the wait.
   */
  readonly watchTasks: (
    taskIds: ReadonlyArray<number>,
    options?: WatchOptions
  ) => Stream.Stream<TaskProgress, CallError | WaitError>
}

/**
 * The task waiter of the client in scope.
 *
 * @example
 * ```ts
 * import { WaitService, Wait } from "@rayvision/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const waiter = yield* WaitService.WaitService
 *   const task = yield* waiter.waitForTask(12345, {
 *     timeout: "2 hours",
 *     failOn: Wait.BadEnds,
 *     onProgress: (p) => Effect.log(`${p.doneFrames}/${p.totalFrames} frames, cost ${p.cost}`)
 *   })
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class WaitService extends /* @__PURE__ */ Context.Tag("@rayvision/core/WaitService")<WaitService, Service>() {}

/** Ids without repeats, in first-seen order. */
const distinct = (ids: ReadonlyArray<number>): ReadonlyArray<number> => [...new Set(ids)]

/** The span options of a waiter operation over `taskIds`. */
const spanOf = (taskIds: ReadonlyArray<number>) => ({
  captureStackTrace: false,
  attributes: { "rayvision.task_ids": distinct(taskIds).join(","), "rayvision.task_count": distinct(taskIds).length }
})

/**
 * Builds the waiter on the task service in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const tasks = yield* TaskService

  /** The rows of `ids`, one `queryTaskInfo` call per `perCall` ids, by id. */
  const rows = (ids: ReadonlyArray<number>, perCall: number) =>
    Effect.gen(function* () {
      const byId = new Map<number, TaskInfo>()
      for (let i = 0; i < ids.length; i += perCall) {
        const page = yield* tasks.info(ids.slice(i, i + perCall))
        for (const task of page.items) byId.set(task.id, task)
      }
      return byId
    })

  /** One chunk of progress per poll, for the tasks still pending at that poll. */
  const polls = (
    operation: string,
    taskIds: ReadonlyArray<number>,
    options: WatchOptions
  ): Stream.Stream<TaskProgress, CallError | WaitError> =>
    Stream.unwrapScoped(
      Effect.gen(function* () {
        const perCall = options.idsPerCall ?? 100
        if (!Number.isInteger(perCall) || perCall < 1) {
          return yield* new InvalidRequest({
            operation,
            field: "idsPerCall",
            issue: "must be a whole number, 1 or more"
          })
        }
        const until = options.until ?? EndedStatuses
        const failOn = options.failOn
        const driver = yield* Schedule.driver(options.schedule ?? defaultSchedule)
        const started = yield* Clock.currentTimeMillis
        const last = new Map<number, TaskProgress>()
        let pending = distinct(taskIds)
        let previous: ReadonlyArray<TaskProgress> = []
        let poll = 0
        let failure: TaskEndedBadly | undefined

        const gaveUp = Effect.map(Clock.currentTimeMillis, (now) => {
          const taskId = pending[0]!
          const status = last.get(taskId)?.status
          return new WaitTimedOut({
            taskId,
            ...(status === undefined ? {} : { lastStatus: status }),
            waitedMillis: now - started,
            pendingTaskIds: pending
          })
        })

        const next: Effect.Effect<Chunk.Chunk<TaskProgress>, Option.Option<CallError | WaitError>> = Effect.gen(
          function* () {
            if (failure !== undefined) return yield* Effect.fail(Option.some(failure))
            if (pending.length === 0) return yield* Effect.fail(Option.none())
            if (poll > 0) {
              // The schedule decides the delay; once it ends, the wait gives up.
              yield* Effect.catchAll(driver.next(previous), () =>
                Effect.flatMap(gaveUp, (error) => Effect.fail(Option.some(error)))
              )
            }
            poll++
            const byId = yield* Effect.mapError(rows(pending, perCall), Option.some)
            const now = yield* Clock.currentTimeMillis
            const progress: Array<TaskProgress> = []
            for (const taskId of pending) {
              const task = byId.get(taskId)
              if (task === undefined) return yield* Effect.fail(Option.some(new TaskNotFound({ taskId })))
              const before = last.get(taskId)
              const failed = failOn !== undefined && matches(failOn, task)
              const item: TaskProgress = {
                taskId,
                status: task.taskStatus,
                previousStatus: before?.status,
                statusChanged: before === undefined || before.status !== task.taskStatus,
                totalFrames: task.totalFrames ?? 0,
                doneFrames: task.doneFrames ?? 0,
                failedFrames: task.failedFrames ?? 0,
                executingFrames: task.executingFrames ?? 0,
                cost: task.renderConsume ?? 0,
                elapsedMillis: now - started,
                poll,
                done: failed || matches(until, task),
                task
              }
              if (failed && failure === undefined) failure = new TaskEndedBadly({ task })
              last.set(taskId, item)
              progress.push(item)
            }
            pending = pending.filter((taskId) => !last.get(taskId)!.done)
            previous = progress
            return Chunk.unsafeFromArray(progress)
          }
        )

        const stream = Stream.repeatEffectChunkOption(next)
        if (options.timeout === undefined) return stream
        // The timeout runs from the start; every task already ended by then: the stream ends by itself.
        const timeUp = Effect.zipRight(
          Effect.sleep(Duration.decode(options.timeout)),
          Effect.suspend(() => (pending.length === 0 ? Effect.never : Effect.flatMap(gaveUp, Effect.fail)))
        )
        return Stream.interruptWhen(stream, timeUp)
      })
    )

  const watchTasks = (taskIds: ReadonlyArray<number>, options: WatchOptions = {}) =>
    polls("WaitService.watchTasks", taskIds, options).pipe(Stream.withSpan("WaitService.watchTasks", spanOf(taskIds)))

  const wait = <E, R>(operation: string, taskIds: ReadonlyArray<number>, options: WaitOptions<E, R>) =>
    Effect.gen(function* () {
      const { onProgress, ...watch } = options
      const final = new Map<number, TaskInfo>()
      yield* Stream.runForEach(polls(operation, taskIds, watch), (progress) => {
        final.set(progress.taskId, progress.task)
        return onProgress === undefined ? Effect.void : onProgress(progress)
      })
      return taskIds.map((taskId) => final.get(taskId)!)
    })

  return WaitService.of({
    waitForTask: (taskId, options = {}) =>
      Effect.map(wait("WaitService.waitForTask", [taskId], options), (tasks) => tasks[0]!).pipe(
        Effect.withSpan("WaitService.waitForTask", spanOf([taskId]))
      ),
    waitForTasks: (taskIds, options = {}) =>
      wait("WaitService.waitForTasks", taskIds, options).pipe(
        Effect.withSpan("WaitService.waitForTasks", spanOf(taskIds))
      ),
    watchTask: (taskId, options = {}) =>
      polls("WaitService.watchTask", [taskId], options).pipe(
        Stream.withSpan("WaitService.watchTask", spanOf([taskId]))
      ),
    watchTasks
  })
})

/**
 * The waiter layer; needs the `TaskService`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<WaitService, never, TaskService> = /* @__PURE__ */ Layer.effect(WaitService, make)
