/**
 * Models of the bulk operations (`BulkService`): the options, the per-id outcome, the
 * result and the progress of one operation over any number of task ids.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { UnsafeCallError } from "./ApiError.ts"
import type { FrameStatus } from "./Frame.ts"

/**
 * The default number of ids sent in one request: 100.
 *
 * The protocol gives no limit for the `taskIds` of stop, start, abandon, delete, full speed and
 * resubmission (docs/protocol.md 4.2.4-4.2.9, 4.3.5). 100 keeps a body near 1 KB (far below any
 * gateway's limit), lets each call's span name every id it carries (the transport lists at most
 * 100), and bounds what one all-or-nothing refusal costs: isolating a bad id among 100 takes at
 * most 2 * 7 = 14 more calls. Larger batches save few calls (2,500 ids are 25 calls); smaller ones
 * multiply them. Every operation takes its own `batchSize`.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_BATCH_SIZE = 100

/**
 * The default number of requests in flight at once: 4.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_CONCURRENCY = 4

/**
 * What a bulk operation reports after each batch (see {@link BulkOptions.onProgress}).
 *
 * @since 0.1.0
 * @category models
 */
export interface BulkProgress {
  /** Distinct ids of the operation (duplicates counted once), invalid ones included. */
  readonly total: number
  /** Ids with an outcome so far (`succeeded + failed`). */
  readonly done: number
  readonly succeeded: number
  readonly failed: number
  /** Requests sent so far, bisection included. */
  readonly calls: number
}

/**
 * Settings of one bulk operation.
 *
 * @since 0.1.0
 * @category models
 */
export interface BulkOptions {
  /**
   * The most ids in one request, a positive integer; default {@link DEFAULT_BATCH_SIZE}.
   * Ignored by `setPriority`, whose endpoint takes one id per call.
   */
  readonly batchSize?: number
  /**
   * The most requests in flight at once, a positive integer; default {@link DEFAULT_CONCURRENCY}.
   * A batch being bisected holds one slot: its smaller requests go one after the other.
   */
  readonly concurrency?: number
  /**
   * Whether a batch refused by the service for one of its ids is split to find that id (default
   * `true`). With `false`, every id of a refused batch fails with the batch's error.
   */
  readonly bisect?: boolean
  /** Called after each batch (and once first for invalid ids), one call at a time, in order. */
  readonly onProgress?: (progress: BulkProgress) => Effect.Effect<void>
}

/**
 * An id the action was applied to.
 *
 * @since 0.1.0
 * @category models
 */
export interface Succeeded {
  readonly _tag: "Succeeded"
  readonly taskId: number
}

/**
 * An id the action was not applied to, with the error of the request that carried it alone (or
 * of its whole batch when the error concerns no id in particular; see `BulkService`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Failed {
  readonly _tag: "Failed"
  readonly taskId: number
  readonly error: UnsafeCallError
}

/**
 * The outcome for one id.
 *
 * @since 0.1.0
 * @category models
 */
export type BulkOutcome = Succeeded | Failed

/**
 * The outcome of a bulk operation: every distinct id given is in exactly one of `succeeded` and
 * `failed` (both in the order the ids were given), and in `byId`.
 *
 * @since 0.1.0
 * @category models
 */
export interface BulkResult {
  readonly succeeded: ReadonlyArray<number>
  readonly failed: ReadonlyArray<Failed>
  /** Every id's outcome, in the order the ids were given. */
  readonly byId: ReadonlyMap<number, BulkOutcome>
}

/**
 * A bulk action, for `BulkService.run` and `BulkService.stream`.
 *
 * @since 0.1.0
 * @category models
 */
export type BulkAction =
  | { readonly action: "stop" | "start" | "abandon" | "delete" | "fullSpeed" }
  | {
      readonly action: "restartFailedFrames"
      /** The frame statuses to resubmit; when absent, failed frames. */
      readonly status?: ReadonlyArray<FrameStatus>
    }
  | { readonly action: "setPriority"; readonly taskUserLevel: number }

/**
 * Builds the outcome of an id the action was applied to.
 *
 * @since 0.1.0
 * @category constructors
 */
export const succeeded = (taskId: number): Succeeded => ({ _tag: "Succeeded", taskId })

/**
 * Builds the outcome of an id the action was not applied to.
 *
 * @since 0.1.0
 * @category constructors
 */
export const failed = (taskId: number, error: UnsafeCallError): Failed => ({ _tag: "Failed", taskId, error })
