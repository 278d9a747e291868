/**
 * What a call leaves behind: its metrics (Metrics.ts), the events of its span and the attributes
 * that name the tasks it is about. Nothing here ever holds the access key, a signature, a nonce
 * or the access id.
 * @internal
 */
import * as Cause from "effect/Cause"
import type * as Clock from "effect/Clock"
import * as Exit from "effect/Exit"
import * as Arr from "effect/Array"
import type * as Metric from "effect/Metric"
import * as MetricLabel from "effect/MetricLabel"
import * as Option from "effect/Option"
import type * as Tracer from "effect/Tracer"
import type * as ApiError from "../ApiError.ts"
import * as Metrics from "../Metrics.ts"
import { codeOf } from "./answer.ts"

/**
 * A metric with tags of its own, updated with the fiber's labels as well. `Metric.tagged` makes a
 * new tag list at every update, which misses the metric's hook cache (keyed by the list itself):
 * each update then builds and hashes a new `MetricKey` and looks it up in the registry. Here the
 * list is made once per list of fiber labels (nearly always the same one), so the hook is found
 * in the cache. The registry entry is the one `Metric.tagged` updates (the same key, same tags).
 * @internal
 */
export interface Tagged {
  readonly unsafeUpdate: (value: number, labels: ReadonlyArray<MetricLabel.MetricLabel>) => void
}

const taggedWith = (metric: Metric.Metric<any, number, any>, tags: ReadonlyArray<MetricLabel.MetricLabel>): Tagged => {
  let lastLabels: ReadonlyArray<MetricLabel.MetricLabel> | undefined
  let all: ReadonlyArray<MetricLabel.MetricLabel> = tags
  return {
    unsafeUpdate: (value, labels) => {
      if (labels !== lastLabels) {
        lastLabels = labels
        all = labels.length === 0 ? tags : Arr.union(tags, labels)
      }
      metric.unsafeUpdate(value, all)
    }
  }
}

/** The metrics of one endpoint, tagged once: tagging a metric on every call costs more than updating it. @internal */
export interface EndpointMetrics {
  readonly calls: Tagged
  readonly callDuration: Tagged
  readonly retries: Tagged
  readonly clockCorrections: Tagged
  readonly resends: { readonly 603: Tagged; readonly 610: Tagged }
  /** The error counter of each code or tag seen so far. */
  readonly errorsByCode: Map<string, Tagged>
  /** The error counter of a code or tag. */
  readonly errors: (code: string) => Tagged
}

const metricsOf = (operation: string, path: string): EndpointMetrics => {
  const op = MetricLabel.make(Metrics.OperationTag, operation)
  const code = (value: string) => MetricLabel.make(Metrics.CodeTag, value)
  return {
    calls: taggedWith(Metrics.calls, [op, MetricLabel.make(Metrics.PathTag, path)]),
    callDuration: taggedWith(Metrics.callDuration, [op]),
    retries: taggedWith(Metrics.retries, [op]),
    clockCorrections: taggedWith(Metrics.clockCorrections, [op]),
    resends: {
      603: taggedWith(Metrics.resends, [op, code("603")]),
      610: taggedWith(Metrics.resends, [op, code("610")])
    },
    errorsByCode: new Map(),
    errors: (value) => taggedWith(Metrics.callErrors, [op, code(value)])
  }
}

/**
 * The metrics of each endpoint, by the endpoint itself (two endpoints may share an operation name
 * and not a path). @internal
 */
export const metricsCache = (): ((endpoint: {
  readonly operation: string
  readonly path: string
}) => EndpointMetrics) => {
  const cache = new WeakMap<object, EndpointMetrics>()
  return (endpoint) => {
    let metrics = cache.get(endpoint)
    if (metrics === undefined) {
      metrics = metricsOf(endpoint.operation, endpoint.path)
      cache.set(endpoint, metrics)
    }
    return metrics
  }
}

/** The span attribute naming the tasks a call is about (at most 100 ids), if any. @internal */
export const taskIdsOf = (input: unknown): { readonly "rayvision.task_ids"?: string } => {
  if (input === null || typeof input !== "object") return {}
  const { taskId, taskIds } = input as { taskIds?: unknown; taskId?: unknown }
  if (Array.isArray(taskIds)) {
    // Only numbers: the input is not validated yet, and joining an arbitrary value may throw.
    const ids = taskIds.slice(0, 100).filter((id): id is number => typeof id === "number")
    return ids.length === 0 ? {} : { "rayvision.task_ids": ids.join(",") }
  }
  if (typeof taskId === "number") return { "rayvision.task_ids": String(taskId) }
  return {}
}

/**
 * What every call leaves on its span (code and requests sent) and in the metrics, however it
 * ends, written directly (`labels`: the fiber's metric labels). An interrupted call has no code
 * and is not an error. @internal
 */
export const observe = (
  metrics: EndpointMetrics,
  labels: ReadonlyArray<MetricLabel.MetricLabel>,
  span: Tracer.Span | undefined,
  sent: number,
  startedNanos: bigint,
  clock: Clock.Clock,
  exit: Exit.Exit<unknown, ApiError.ApiError>
): void => {
  span?.attribute("rayvision.attempts", sent)
  if (sent > 1) metrics.retries.unsafeUpdate(sent - 1, labels)
  const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
  const code = Exit.isSuccess(exit) ? 200 : Option.isSome(failure) ? codeOf(failure.value) : undefined
  if (code === undefined) return
  span?.attribute("rayvision.code", code)
  if (code !== 200) {
    const key = String(code)
    let counter = metrics.errorsByCode.get(key)
    if (counter === undefined) {
      counter = metrics.errors(key)
      // Codes come from the answer: a misbehaving service must not grow the cache without end.
      if (metrics.errorsByCode.size < 64) metrics.errorsByCode.set(key, counter)
    }
    counter.unsafeUpdate(1, labels)
  }
  if (sent > 0) {
    metrics.callDuration.unsafeUpdate(Number(clock.unsafeCurrentTimeNanos() - startedNanos) / 1_000_000, labels)
  }
}
