/**
 * Every way a Renderbus call can fail, as `Schema.TaggedError` classes.
 *
 * - One class per service code (the envelope's `code`; docs/protocol.md 3.1), all described by
 *   one table, {@link ServiceCodes}, and {@link UnknownApiError} for any other code.
 * - {@link InvalidRequest}: the input was refused before anything was sent.
 * - {@link HttpStatusError}, {@link MalformedResponse}, {@link ResponseDecodeError},
 *   {@link TransportError}, {@link RequestTimeout}: the exchange itself went wrong.
 * - {@link OutcomeUnknown}: a call that is not safe to repeat lost its answer.
 *
 * Every error of a single call carries the endpoint path and, when the server sent one, its
 * `requestId`. None of them ever holds the access key or a signature.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ServiceErrorByCode, serviceCodeOf, type ServiceError, UnknownApiError } from "./ServiceErrors.ts"

export * from "./ServiceErrors.ts"

const withRequestId = (text: string, requestId: string | undefined) =>
  requestId === undefined ? text : `${text} (requestId ${requestId})`

const optionalString = /* @__PURE__ */ Schema.optionalWith(Schema.String, { exact: true })

/**
 * The input of an operation was refused before anything was sent: `issue` says which field is
 * wrong and why.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest
  extends /* @__PURE__ */ Schema.TaggedError<InvalidRequest>("@rayvision/core/InvalidRequest")("InvalidRequest", {
    /** The operation, e.g. `TaskService.stop`. */
    operation: Schema.String,
    /** The endpoint path that was not called; absent for a workflow's own input. */
    path: optionalString,
    /** The field that is wrong, as a dotted path (empty for the whole input). */
    field: Schema.String,
    /** What is wrong with it. */
    issue: Schema.String
  })
{
  /** Which operation refused which field, and why. */
  override get message() {
    return `${this.operation}: invalid input${this.field === "" ? "" : ` at "${this.field}"`}: ${this.issue} (nothing was sent)`
  }
}

/**
 * The HTTP status was not 2xx. `bodyExcerpt` holds the start of the body (at most 512 characters).
 *
 * @since 0.1.0
 * @category errors
 */
export class HttpStatusError
  extends /* @__PURE__ */ Schema.TaggedError<HttpStatusError>("@rayvision/core/HttpStatusError")("HttpStatusError", {
    path: Schema.String,
    status: Schema.Number,
    bodyExcerpt: Schema.String
  })
{
  /** The path, the status and the start of the body. */
  override get message() {
    return `${this.path}: HTTP status ${this.status}${this.bodyExcerpt === "" ? "" : `: ${this.bodyExcerpt}`}`
  }
}

/**
 * The body was not JSON, or not a Renderbus envelope (no integer `code`).
 *
 * @since 0.1.0
 * @category errors
 */
export class MalformedResponse
  extends /* @__PURE__ */ Schema.TaggedError<MalformedResponse>("@rayvision/core/MalformedResponse")(
    "MalformedResponse",
    {
      path: Schema.String,
      reason: Schema.String,
      bodyExcerpt: Schema.String
    }
  )
{
  /** The path, what is wrong with the body, and its start. */
  override get message() {
    return `${this.path}: ${this.reason}${this.bodyExcerpt === "" ? " (empty body)" : `: ${this.bodyExcerpt}`}`
  }
}

/**
 * The envelope said success, but its `data` does not have the documented shape. `field` is the
 * path of the first mismatch inside `data`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError
  extends /* @__PURE__ */ Schema.TaggedError<ResponseDecodeError>("@rayvision/core/ResponseDecodeError")(
    "ResponseDecodeError",
    {
      path: Schema.String,
      field: Schema.String,
      issue: Schema.String,
      requestId: optionalString
    }
  )
{
  /** The path, the place in `data` and what is wrong there, and the requestId when any. */
  override get message() {
    return withRequestId(
      `${this.path}: unexpected response data${this.field === "" ? "" : ` at "${this.field}"`}: ${this.issue}`,
      this.requestId
    )
  }
}

/**
 * The request could not be sent or its answer not received (connection refused or reset, DNS,
 * TLS, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError
  extends /* @__PURE__ */ Schema.TaggedError<TransportError>("@rayvision/core/TransportError")("TransportError", {
    path: Schema.String,
    reason: Schema.String
  })
{
  /** The path and what went wrong with the connection. */
  override get message() {
    return `${this.path}: transport failure: ${this.reason}`
  }
}

/**
 * No answer within the configured timeout.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestTimeout
  extends /* @__PURE__ */ Schema.TaggedError<RequestTimeout>("@rayvision/core/RequestTimeout")("RequestTimeout", {
    path: Schema.String,
    timeoutMillis: Schema.Number
  })
{
  /** The path and the timeout that passed. */
  override get message() {
    return `${this.path}: no answer within ${this.timeoutMillis} ms`
  }
}

/**
 * The answer was larger than the client reads (`maxResponseBytes`, default 32 MiB): its
 * `Content-Length` said so, or its bytes passed the limit while they were read, and reading
 * stopped there. Transient: a later answer may be of a usual size.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseTooLarge
  extends /* @__PURE__ */ Schema.TaggedError<ResponseTooLarge>("@rayvision/core/ResponseTooLarge")("ResponseTooLarge", {
    path: Schema.String,
    /** The limit, in bytes. */
    limitBytes: Schema.Number
  })
{
  /** The path and the limit. */
  override get message() {
    return `${this.path}: the answer is larger than ${this.limitBytes} bytes (the client's maxResponseBytes); it was not read`
  }
}

/**
 * A call that is not safe to repeat (creating, submitting, adding, recommitting ...) may have
 * reached the service, but its answer was lost: the connection broke after the request was
 * sent, no answer came within the timeout, the answer was cut off or not JSON, or a proxy
 * answered HTTP 5xx. The service may or may not have acted, so the client did not send the
 * request again. `after` names what happened; `reason` says it in words.
 *
 * Resolve it by looking before acting again: list or query the tasks (or projects) the call
 * would have changed, then repeat the call only if it did not happen. A connection that was
 * never made (refused, unknown host) is a {@link TransportError} instead: nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutcomeUnknown
  extends /* @__PURE__ */ Schema.TaggedError<OutcomeUnknown>("@rayvision/core/OutcomeUnknown")("OutcomeUnknown", {
    path: Schema.String,
    /** The SDK operation, e.g. `TaskService.createTaskIds`. */
    operation: Schema.String,
    /** The failure that left the outcome unknown. */
    after: /* @__PURE__ */ Schema.Literal(
      "TransportError",
      "RequestTimeout",
      "HttpStatusError",
      "MalformedResponse",
      "ResponseTooLarge"
    ),
    /** That failure's message. */
    reason: Schema.String
  })
{
  /** A sentence a person understands: what failed, where, and what to do about it. */
  override get message() {
    return `${this.path}: outcome unknown (${this.reason}); the service may have acted, so the request was not repeated: check its effect before trying again`
  }
}

/**
 * What can end a call to an endpoint that is safe to repeat: a refusal of its input, of the
 * service, or a failed exchange.
 *
 * @since 0.1.0
 * @category errors
 */
export type CallError =
  | ServiceError
  | InvalidRequest
  | HttpStatusError
  | MalformedResponse
  | ResponseDecodeError
  | TransportError
  | RequestTimeout
  | ResponseTooLarge

/**
 * What can end a call to an endpoint that is not safe to repeat (creating, submitting, adding,
 * resubmitting): a {@link CallError}, or {@link OutcomeUnknown} when its answer was lost.
 *
 * @since 0.1.0
 * @category errors
 */
export type UnsafeCallError = CallError | OutcomeUnknown

/**
 * Any error of a Renderbus call. Client-side workflows add their own (`TaskService.TaskNotFound`,
 * `TaskService.FramesNotFound`).
 *
 * @since 0.1.0
 * @category errors
 */
export type ApiError = UnsafeCallError

/**
 * The schema of {@link ApiError}: errors can be encoded (e.g. to JSON) and decoded back.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApiError = /* @__PURE__ */ (() =>
  // In a function, so that a bundler can drop it: it keeps a top-level argument spread (an iteration).
  Schema.Union(
    ...Object.values(ServiceErrorByCode),
    UnknownApiError,
    InvalidRequest,
    HttpStatusError,
    MalformedResponse,
    ResponseDecodeError,
    TransportError,
    RequestTimeout,
    ResponseTooLarge,
    OutcomeUnknown
  ))()

/**
 * Whether an error is transient, so that repeating an idempotent call may succeed: transport
 * failures, timeouts, answers over the size limit, HTTP 5xx, 408 (request timeout) and 429 (too many requests), and the
 * service codes the code table (`ServiceCodes`) marks transient (`INTERNAL_ERROR`).
 *
 * @since 0.1.0
 * @category refinements
 */
export const isTransient = (error: ApiError): boolean => {
  switch (error._tag) {
    case "TransportError":
    case "RequestTimeout":
    case "ResponseTooLarge":
      return true
    case "HttpStatusError":
      return error.status >= 500 || error.status === 408 || error.status === 429
    default:
      return "code" in error && serviceCodeOf(error.code)?.transient === true
  }
}

/**
 * Whether an error is about the client itself (its input, credentials, clock, region or
 * protocol) rather than about what the request names: sending other requests would fail the
 * same way.
 *
 * @since 0.1.0
 * @category refinements
 */
export const isAboutClient = (error: ApiError): boolean =>
  error._tag === "InvalidRequest" || ("code" in error && serviceCodeOf(error.code)?.aboutClient === true)
