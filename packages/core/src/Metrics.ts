/**
 * The metrics every API call updates, through Effect's `Metric` module. They live in Effect's
 * global metric registry: read them with `Metric.value` / `Metric.snapshot`, or export them with
 * `@effect/opentelemetry` (see `examples/observability.ts`).
 *
 * Tags (all low-cardinality, none of them secret or account-identifying):
 * - `operation`: the service method, e.g. `TaskService.stop`.
 * - `path`: the endpoint path, e.g. `/api/render/task/stop` (on {@link calls} only).
 * - `code`: on {@link callErrors}, the envelope's service code (`"500"`, `"404"`, ...) or, for a
 *   failure on the client's side, the error's tag (`"InvalidRequest"`, `"TransportError"`,
 *   `"RequestTimeout"`, `"HttpStatusError"`, `"MalformedResponse"`, `"ResponseDecodeError"`); on
 *   {@link resends}, the code that refused the request (`"603"` or `"610"`).
 *
 * No metric is tagged with the access id (it is not secret but it identifies the account), the
 * access key, a signature, a nonce, a request id or any task id.
 *
 * @example
 * ```ts
 * import { Metrics } from "@rayvision/core"
 * import { Effect, Metric } from "effect"
 * // how many TaskService.stop calls failed with code 500 so far
 * const failedStops = Metric.value(
 *   Metrics.callErrors.pipe(Metric.tagged("operation", "TaskService.stop"), Metric.tagged("code", "500"))
 * ).pipe(Effect.map((state) => state.count))
 * ```
 *
 * @since 0.1.0
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"

/**
 * The tag naming the service method of a call, e.g. `UserService.profile`.
 *
 * @since 0.1.0
 * @category tags
 */
export const OperationTag = "operation"

/**
 * The tag naming the endpoint path of a call, e.g. `/api/render/setUp/queryUserProfile`.
 *
 * @since 0.1.0
 * @category tags
 */
export const PathTag = "path"

/**
 * The tag naming why a call failed: the service code, or the error tag of a client-side failure.
 *
 * @since 0.1.0
 * @category tags
 */
export const CodeTag = "code"

/**
 * `rayvision_calls_total`: every call of a service method, tagged by `operation` and `path`;
 * counted when the call starts, so calls refused as `InvalidRequest` (nothing sent) count too.
 *
 * @since 0.1.0
 * @category metrics
 */
export const calls: Metric.Metric.Counter<number> = /* @__PURE__ */ Metric.counter("rayvision_calls_total", {
  description: "Calls of Renderbus API methods (one per call, whatever its number of attempts)",
  incremental: true
})

/**
 * `rayvision_call_errors_total`: calls that failed with a typed error, tagged by `operation` and
 * `code` (the service code, e.g. `"500"`, or the error tag of a client-side failure, e.g.
 * `"InvalidRequest"`, `"TransportError"`, `"RequestTimeout"`). A call that failed on an attempt
 * but succeeded on a retry is not an error.
 *
 * @since 0.1.0
 * @category metrics
 */
export const callErrors: Metric.Metric.Counter<number> = /* @__PURE__ */ Metric.counter("rayvision_call_errors_total", {
  description: "Renderbus API calls that failed, by service code or client-side error tag",
  incremental: true
})

/**
 * `rayvision_retries_total`: requests sent beyond the first of each call, tagged by `operation`:
 * retries of transient failures, and the re-signed request after a 603 or a 610 (see
 * {@link resends}).
 *
 * @since 0.1.0
 * @category metrics
 */
export const retries: Metric.Metric.Counter<number> = /* @__PURE__ */ Metric.counter("rayvision_retries_total", {
  description: "Requests sent beyond the first of a call (retries, and re-sends after a 603 or a 610)",
  incremental: true
})

/**
 * `rayvision_clock_corrections_total`: times the service answered "signature expired" (610) with
 * its time and the client corrected its clock, tagged by `operation`.
 *
 * @since 0.1.0
 * @category metrics
 */
export const clockCorrections: Metric.Metric.Counter<number> = /* @__PURE__ */ Metric.counter(
  "rayvision_clock_corrections_total",
  {
    description: "Clock corrections taken from the service's time after a 610 (signature expired)",
    incremental: true
  }
)

/**
 * `rayvision_resends_total`: requests the service refused before acting on them and the client sent
 * once more, re-signed with a fresh nonce and timestamp, tagged by `operation` and `code`: `"610"`
 * (the timestamp was too far from the service's clock, which the client then took, see
 * {@link clockCorrections}) or `"603"` (the nonce was refused).
 *
 * @since 0.1.0
 * @category metrics
 */
export const resends: Metric.Metric.Counter<number> = /* @__PURE__ */ Metric.counter("rayvision_resends_total", {
  description: "Requests refused before acting (603 nonce refused, 610 clock skew) and sent once more, re-signed",
  incremental: true
})

/**
 * The bucket boundaries of {@link callDuration}, in milliseconds: 5 ms to 2 minutes (the default
 * timeout is 60 s per attempt).
 *
 * @since 0.1.0
 * @category boundaries
 */
export const durationBoundariesMillis: ReadonlyArray<number> = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000
]

/**
 * `rayvision_call_duration_ms`: how long each call took as its caller saw it, in milliseconds,
 * retries and their delays included, tagged by `operation`. Calls that ended with a result or a
 * typed error after sending at least one request are recorded (not those refused before sending,
 * nor interrupted ones).
 *
 * @since 0.1.0
 * @category metrics
 */
export const callDuration: Metric.Metric.Histogram<number> = /* @__PURE__ */ Metric.histogram(
  "rayvision_call_duration_ms",
  /* @__PURE__ */ MetricBoundaries.fromIterable(durationBoundariesMillis),
  "Duration of Renderbus API calls in milliseconds, retries included"
)
