/**
 * The faults a simulator can inject into the requests it answers (`SimulatorService.Service`'s
 * `injectFault`, `Options.faults`): errors, latency, lost, cut-off or mangled answers, and
 * duplicated deliveries.
 *
 * @since 0.1.0
 */

/**
 * What an injected {@link Fault} does to the request it takes.
 *
 * - `"error"`: answers an error without processing the request (see {@link Fault.code} and
 *   {@link Fault.httpStatus});
 * - `"delay"`: processes the request normally and answers after {@link Fault.delayMillis};
 * - `"reset"`: the connection is dropped without an answer (processed first when
 *   {@link Fault.acted});
 * - `"hang"`: no answer ever comes; the connection stays open until the client gives up or the
 *   server closes (processed first when {@link Fault.acted});
 * - `"truncate"`: the answer (of the processed request, unless `acted` is `false`) is cut after
 *   half of its bytes, with the full `content-length`, and the connection is dropped;
 * - `"notJson"`: HTTP 200 with a JSON content type but a body that is not JSON; not processed;
 * - `"wrongShape"`: processes the request, then answers a success envelope whose `data` has the
 *   wrong shape (every field of an object gets another JSON type; anything else becomes a string
 *   or a number);
 * - `"duplicate"`: the request is delivered twice, as a proxy resending it: the second delivery
 *   meets the replay check (`603`) and changes nothing; the client gets the first answer.
 *
 * @since 0.1.0
 * @category models
 */
export type FaultKind = "error" | "delay" | "reset" | "hang" | "truncate" | "notJson" | "wrongShape" | "duplicate"

/**
 * A failure to inject (see {@link SimulatorService.Service.injectFault}): the next `times` matching requests
 * (after `skip` of them went through, and each with `probability`) fail as `kind` says.
 *
 * The default kind `"error"` answers before authentication, without processing anything:
 *
 * - `code` only: HTTP 200 with an envelope of that service code (docs/protocol.md 1.8), e.g. `500`
 *   (`INTERNAL_ERROR`, transient: the client retries idempotent calls), `600`, `403`, or a code
 *   the client does not know;
 * - `httpStatus` only: that HTTP status with an HTML error page, as a front proxy answers
 *   (`502`, `503`, ...; `200` gives a body that is not JSON);
 * - both: that HTTP status with the code's envelope;
 * - neither: `code` 500.
 *
 * The other kinds are described at {@link FaultKind}; `delayMillis` adds latency to any kind
 * (slept on Effect's `Clock`, so `TestClock` drives it). Latency comes after the processing (a
 * caller that gives up during it leaves the state changed) and before the answer.
 *
 * Matching faults are consulted oldest first: a fault with requests left to `skip` lets the
 * request through (counting it), a fault with a `probability` draws and lets it through on a
 * miss, and otherwise the fault takes the request and later faults are not consulted. So faults
 * for one path answer in the order they were injected.
 *
 * Every request a fault takes is recorded ({@link SimulatorService.RecordedCall}) with the fault's kind in
 * `fault`: an `"error"` with its `code` (or, for an HTML page, its HTTP status) and the
 * `httpStatus` when it is not 200; a processed request with the code of the processing; a
 * `reset` or `hang` that was not processed with code `0`; a `duplicate` as two calls, the second
 * with `redelivered: true`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fault {
  /** The endpoint path, e.g. `/api/render/handle/queryTaskInfo/v2`; omitted: every endpoint. */
  readonly path?: string
  /** What happens to the request; default `"error"`. */
  readonly kind?: FaultKind
  /** Kind `"error"`: the envelope code to answer with (not 200). Default 500 when `httpStatus` is not given. */
  readonly code?: number
  /** Kind `"error"`: the HTTP status, 200 to 599. Without `code` the body is an HTML page. Default 200. */
  readonly httpStatus?: number
  /** Kind `"error"`: the envelope's `message`. Default the code's name, as the service writes it (`internal_error`). */
  readonly message?: string
  /**
   * Extra latency in milliseconds (Effect's `Clock`) before the answer, for any kind; kind
   * `"delay"` only adds this. Default 0.
   */
  readonly delayMillis?: number
  /**
   * Kinds `"reset"`, `"hang"` and `"truncate"`: whether the service processed the request (its
   * state changed) before the connection failed. Default `false` for `reset` and `hang`, `true`
   * for `truncate`.
   */
  readonly acted?: boolean
  /** How many requests the fault affects, at least 1; `Infinity` until {@link SimulatorService.Service.clearFaults}. Default 1. */
  readonly times?: number
  /** How many matching requests go through untouched before the fault starts; default 0. */
  readonly skip?: number
  /**
   * Above 0 and at most 1: each matching request (after `skip`) is affected with this chance,
   * drawn from a PRNG seeded by `seed`, so a run with the same seed replays exactly. Default 1.
   */
  readonly probability?: number
  /** Seed of the `probability` draws (an integer); default the simulator's seed. */
  readonly seed?: number
}
