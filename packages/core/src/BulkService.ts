/**
 * Bulk operations: stop, start, abandon, delete, resubmit failed frames, render at full speed or
 * set the priority of any number of tasks, with an outcome for every id.
 *
 * - **Batches.** The distinct ids (duplicates are sent once) go `batchSize` per request (default
 *   100, see {@link Bulk.DEFAULT_BATCH_SIZE}), at most `concurrency` requests in flight (default
 *   4). `setPriority` sends one id per request, as its endpoint takes one.
 * - **Invalid ids** (not a positive integer) fail with `InvalidRequest` and are never sent.
 * - **Isolating bad ids.** The service acts on a request's ids all or nothing: one id it refuses
 *   (404 for an id the account does not own, 600 for a task in the wrong state) fails the whole
 *   request and nothing changes. A batch refused with a service code that is not transient is
 *   split in halves and each half sent again, down to single ids, so the good ids are applied
 *   and each bad id fails with its own error (a half whose other half was accepted holds the bad
 *   id, so it is split without being sent whole). The cost is bounded: at most
 *   `2 * ceil(log2(batchSize))` more calls per bad id (14 for a batch of 100), and never more
 *   than `2 * batchSize - 2` per batch. A batch being split keeps its one slot of `concurrency`:
 *   its smaller requests go one after the other. `bisect: false` turns this off.
 * - **Errors about no id in particular** are not split. Transient failures (`ApiError.isTransient`:
 *   transport, timeout, HTTP 5xx, 500), which the transport already retried for the idempotent
 *   actions, and other failed exchanges (HTTP 4xx, a body that is not an envelope) fail the
 *   batch's ids; other batches go on. `restartFailedFrames` is never retried (a repeat could
 *   resubmit twice): when its answer is lost, its ids fail with `OutcomeUnknown` and may or may
 *   not have been resubmitted. Errors about the client itself (`ApiError.isAboutClient`: its
 *   input, credentials, signature, region, redirect) fail the batch's ids and every id not yet
 *   sent, without sending more.
 * - **Interruptible.** Interrupting the operation interrupts the requests in flight and sends
 *   nothing more.
 *
 * Each operation has a span (`BulkService.stop`, ...) whose children are the calls' spans, with
 * the attributes `rayvision.bulk.ids` (distinct ids), `rayvision.bulk.batches`,
 * `rayvision.bulk.batch_size`, `rayvision.bulk.concurrency`, and `rayvision.bulk.succeeded`,
 * `rayvision.bulk.failures` and `rayvision.bulk.calls` (requests sent, splitting included), kept
 * up to date after each batch. The ids themselves are on the calls' spans.
 *
 * Splitting assumes what the simulator does and the error codes say: a refused request changed
 * nothing. The split re-sends only ids of refused requests.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { InvalidRequest, isAboutClient, isTransient, type UnsafeCallError } from "./ApiError.ts"
import * as Bulk from "./Bulk.ts"
import type { BulkAction, BulkOptions, BulkOutcome, BulkProgress, BulkResult, Failed } from "./Bulk.ts"
import type { FrameStatus } from "./Frame.ts"
import { firstIssue } from "./internal/schema.ts"
import { endpoints, TaskService } from "./TaskService.ts"

/**
 * The bulk service. Every method fails only with an `InvalidRequest` for its options (nothing is
 * sent then); everything else is an outcome per id.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Stops tasks (`stopTask`). */
  readonly stop: (taskIds: ReadonlyArray<number>, options?: BulkOptions) => Effect.Effect<BulkResult, InvalidRequest>
  /** Starts stopped tasks again (`startTask`). */
  readonly start: (taskIds: ReadonlyArray<number>, options?: BulkOptions) => Effect.Effect<BulkResult, InvalidRequest>
  /** Abandons tasks (`abandonTask`). */
  readonly abandon: (taskIds: ReadonlyArray<number>, options?: BulkOptions) => Effect.Effect<BulkResult, InvalidRequest>
  /** Deletes tasks (`deleteTask`). */
  readonly delete: (taskIds: ReadonlyArray<number>, options?: BulkOptions) => Effect.Effect<BulkResult, InvalidRequest>
  /** Renders tasks at full speed (`fullSpeedRendering`). */
  readonly fullSpeed: (
    taskIds: ReadonlyArray<number>,
    options?: BulkOptions
  ) => Effect.Effect<BulkResult, InvalidRequest>
  /**
   * Resubmits the failed frames of tasks, or their frames in the given `status`es
   * (`recommitTasks`). Never retried; see the module notes on transient failures.
   */
  readonly restartFailedFrames: (
    taskIds: ReadonlyArray<number>,
    options?: BulkOptions & { readonly status?: ReadonlyArray<FrameStatus> }
  ) => Effect.Effect<BulkResult, InvalidRequest>
  /**
   * Sets the user-side priority of tasks (`updateTaskUserLevel`, one id per call, at most
   * `concurrency` at once). A `taskUserLevel` that is not an integer fails the whole operation.
   */
  readonly setPriority: (
    taskIds: ReadonlyArray<number>,
    taskUserLevel: number,
    options?: BulkOptions
  ) => Effect.Effect<BulkResult, InvalidRequest>
  /** Any of the actions above, described as data. */
  readonly run: (
    action: BulkAction,
    taskIds: ReadonlyArray<number>,
    options?: BulkOptions
  ) => Effect.Effect<BulkResult, InvalidRequest>
  /**
   * The outcomes of an action, one per distinct id, as batches complete (invalid ids first).
   * Batches run ahead of the consumer no further than `concurrency` allows; ending the stream
   * early interrupts the requests in flight and sends nothing more.
   */
  readonly stream: (
    action: BulkAction,
    taskIds: ReadonlyArray<number>,
    options?: BulkOptions
  ) => Stream.Stream<BulkOutcome, InvalidRequest>
}

/**
 * The bulk service of the client in scope.
 *
 * @example
 * ```ts
 * import { BulkService } from "@rayvision/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const bulk = yield* BulkService.BulkService
 *   const result = yield* bulk.stop([1001, 1002, 1003], { concurrency: 2 })
 *   for (const { taskId, error } of result.failed) console.log(taskId, error._tag)
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class BulkService extends /* @__PURE__ */ Context.Tag("@rayvision/core/BulkService")<BulkService, Service>() {}

/** One action ready to run: its name and call for a batch of valid ids. */
interface Plan {
  readonly operation: string
  /** One id per request (`setPriority`). */
  readonly single: boolean
  readonly call: (taskIds: ReadonlyArray<number>) => Effect.Effect<void, UnsafeCallError>
}

/** A service refusal that may be about one of the ids: worth splitting the batch. */
const mayConcernAnId = (error: UnsafeCallError): boolean => "code" in error && !isTransient(error)

const positiveInt = (value: number | undefined) => value === undefined || (Number.isSafeInteger(value) && value > 0)

const isTaskId = (id: unknown): id is number => typeof id === "number" && Number.isSafeInteger(id) && id > 0

/**
 * Builds the service on the task service in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const tasks = yield* TaskService

  /** Checks the non-id input of an action with its endpoint's own schema (one placeholder id). */
  const checkInput = <In, Wire>(
    operation: string,
    endpoint: { readonly request: Schema.Schema<Wire, In> },
    input: unknown
  ): Effect.Effect<void, InvalidRequest> =>
    Schema.decodeUnknown(endpoint.request)(input, { onExcessProperty: "error" }).pipe(
      Effect.mapError((error) => new InvalidRequest({ operation, ...firstIssue(error) })),
      Effect.asVoid
    )

  const plan = (action: BulkAction): Effect.Effect<Plan, InvalidRequest> => {
    const operation = `BulkService.${action.action}`
    switch (action.action) {
      case "stop":
      case "start":
      case "abandon":
      case "delete":
      case "fullSpeed": {
        const name = action.action
        return Effect.succeed({
          operation,
          single: false,
          call: (taskIds) => tasks[name](taskIds)
        })
      }
      case "restartFailedFrames": {
        const status = action.status
        const input = (taskIds: ReadonlyArray<number>) => (status === undefined ? { taskIds } : { taskIds, status })
        return Effect.as(checkInput(operation, endpoints.restartFailedFrames, input([1])), {
          operation,
          single: false,
          call: (taskIds) => tasks.restartFailedFrames(input(taskIds))
        })
      }
      case "setPriority": {
        const taskUserLevel = action.taskUserLevel
        return Effect.as(checkInput(operation, endpoints.updatePriority, { taskId: 1, taskUserLevel }), {
          operation,
          single: true,
          call: (taskIds) => tasks.updatePriority({ taskId: taskIds[0]!, taskUserLevel })
        })
      }
    }
  }

  /**
   * The outcomes of an action, one array per batch as it completes. Counts requests in `calls`.
   */
  const batches = (
    p: Plan,
    taskIds: ReadonlyArray<number>,
    options: BulkOptions,
    calls: Ref.Ref<number>
  ): Stream.Stream<ReadonlyArray<BulkOutcome>, InvalidRequest> =>
    Stream.unwrap(
      Effect.gen(function* () {
        const refuse = (field: string, issue: string) => new InvalidRequest({ operation: p.operation, field, issue })
        if (!positiveInt(options.batchSize)) return yield* refuse("batchSize", "must be a positive integer")
        if (!positiveInt(options.concurrency)) return yield* refuse("concurrency", "must be a positive integer")
        const batchSize = p.single ? 1 : (options.batchSize ?? Bulk.DEFAULT_BATCH_SIZE)
        const concurrency = options.concurrency ?? Bulk.DEFAULT_CONCURRENCY
        const bisect = options.bisect ?? true

        const seen = new Set<number>()
        const invalid: Array<BulkOutcome> = []
        const valid: Array<number> = []
        taskIds.forEach((id, index) => {
          if (seen.has(id)) return
          seen.add(id)
          if (isTaskId(id)) valid.push(id)
          else invalid.push(Bulk.failed(id, refuse(`taskIds.${index}`, "must be a positive integer id")))
        })
        const groups: Array<ReadonlyArray<number>> = []
        for (let i = 0; i < valid.length; i += batchSize) groups.push(valid.slice(i, i + batchSize))
        yield* Effect.annotateCurrentSpan({
          "rayvision.bulk.ids": seen.size,
          "rayvision.bulk.batches": groups.length,
          "rayvision.bulk.batch_size": batchSize,
          "rayvision.bulk.concurrency": concurrency
        })

        // Set by an error about the client: every id not yet sent fails with it.
        const stopped = yield* Ref.make(Option.none<UnsafeCallError>())
        const fail = (ids: ReadonlyArray<number>, error: UnsafeCallError) => ids.map((id) => Bulk.failed(id, error))
        const split = (ids: ReadonlyArray<number>) =>
          Effect.gen(function* () {
            const half = Math.ceil(ids.length / 2)
            const first = yield* settle(ids.slice(0, half), false)
            // The batch was refused and its first half accepted: the refused id is in the second
            // half, so a second half of several ids is split without being sent whole.
            const refused = first.every((o) => o._tag === "Succeeded")
            const second = yield* settle(ids.slice(half), refused)
            return [...first, ...second]
          })
        const settle = (ids: ReadonlyArray<number>, refused: boolean): Effect.Effect<ReadonlyArray<BulkOutcome>> =>
          Effect.gen(function* () {
            if (refused && ids.length > 1) return yield* split(ids)
            const cause = yield* Ref.get(stopped)
            if (Option.isSome(cause)) return fail(ids, cause.value)
            yield* Ref.update(calls, (n) => n + 1)
            const result = yield* Effect.either(p.call(ids))
            if (result._tag === "Right") return ids.map(Bulk.succeeded)
            const error = result.left
            if (isAboutClient(error)) {
              yield* Ref.set(stopped, Option.some(error))
              return fail(ids, error)
            }
            if (ids.length === 1 || !bisect || !mayConcernAnId(error)) return fail(ids, error)
            return yield* split(ids)
          })

        const sent = Stream.fromIterable(groups).pipe(
          Stream.mapEffect((ids) => settle(ids, false), { concurrency, unordered: true })
        )
        return invalid.length === 0 ? sent : Stream.concat(Stream.succeed(invalid), sent)
      })
    )

  /**
   * {@link batches} with the progress callback; the span's counts are brought up to date after
   * each batch (so an interrupted operation still reports what it did).
   */
  const instrumented = (action: BulkAction, taskIds: ReadonlyArray<number>, options: BulkOptions) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const p = yield* plan(action)
        const calls = yield* Ref.make(0)
        const counts = yield* Ref.make({ succeeded: 0, failed: 0 })
        const total = new Set(taskIds).size
        const annotate = (succeeded: number, failed: number, n: number) =>
          Effect.annotateCurrentSpan({
            "rayvision.bulk.succeeded": succeeded,
            "rayvision.bulk.failures": failed,
            "rayvision.bulk.calls": n
          })
        yield* annotate(0, 0, 0)
        const report = (outcomes: ReadonlyArray<BulkOutcome>) =>
          Effect.gen(function* () {
            const failedNow = outcomes.filter((o) => o._tag === "Failed").length
            const now = yield* Ref.updateAndGet(counts, (c) => ({
              succeeded: c.succeeded + outcomes.length - failedNow,
              failed: c.failed + failedNow
            }))
            const n = yield* Ref.get(calls)
            yield* annotate(now.succeeded, now.failed, n)
            if (options.onProgress === undefined) return
            const progress: BulkProgress = {
              total,
              done: now.succeeded + now.failed,
              succeeded: now.succeeded,
              failed: now.failed,
              calls: n
            }
            yield* options.onProgress(progress)
          })
        return batches(p, taskIds, options, calls).pipe(Stream.tap(report))
      })
    )

  const order = (taskIds: ReadonlyArray<number>) => {
    const position = new Map<number, number>()
    taskIds.forEach((id, index) => {
      if (!position.has(id)) position.set(id, index)
    })
    return position
  }

  const run = (action: BulkAction, taskIds: ReadonlyArray<number>, options: BulkOptions = {}) =>
    Stream.runFold(instrumented(action, taskIds, options), [] as Array<BulkOutcome>, (all, outcomes) => {
      for (const outcome of outcomes) all.push(outcome)
      return all
    }).pipe(
      Effect.map((outcomes): BulkResult => {
        const position = order(taskIds)
        const sorted = outcomes.sort((a, b) => position.get(a.taskId)! - position.get(b.taskId)!)
        return {
          succeeded: sorted.filter((o) => o._tag === "Succeeded").map((o) => o.taskId),
          failed: sorted.filter((o): o is Failed => o._tag === "Failed"),
          byId: new Map(sorted.map((o) => [o.taskId, o]))
        }
      }),
      Effect.withSpan(`BulkService.${action.action}`, { captureStackTrace: false })
    )

  return BulkService.of({
    stop: (taskIds, options) => run({ action: "stop" }, taskIds, options),
    start: (taskIds, options) => run({ action: "start" }, taskIds, options),
    abandon: (taskIds, options) => run({ action: "abandon" }, taskIds, options),
    delete: (taskIds, options) => run({ action: "delete" }, taskIds, options),
    fullSpeed: (taskIds, options) => run({ action: "fullSpeed" }, taskIds, options),
    restartFailedFrames: (taskIds, options = {}) => {
      const { status, ...rest } = options
      return run(
        status === undefined ? { action: "restartFailedFrames" } : { action: "restartFailedFrames", status },
        taskIds,
        rest
      )
    },
    setPriority: (taskIds, taskUserLevel, options) => run({ action: "setPriority", taskUserLevel }, taskIds, options),
    run,
    stream: (action, taskIds, options = {}) =>
      instrumented(action, taskIds, options).pipe(
        Stream.flattenIterables,
        Stream.withSpan(`BulkService.${action.action}`, { captureStackTrace: false })
      )
  })
})

/**
 * The service layer; needs the task service.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<BulkService, never, TaskService> = /* @__PURE__ */ Layer.effect(BulkService, make)
