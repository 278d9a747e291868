/**
 * Every way a Renderbus call can fail, as `Schema.TaggedError` classes.
 *
 * - One class per service code (the envelope's `code`; docs/protocol.md 3.1, error codes), and
 *   {@link UnknownApiError} for any other code.
 * - {@link InvalidRequest}: the input was refused before anything was sent.
 * - {@link HttpStatusError}, {@link MalformedResponse}, {@link ResponseDecodeError},
 *   {@link TransportError}, {@link RequestTimeout}: the exchange itself went wrong.
 * - {@link TaskNotFound}, {@link FramesNotFound}: a client-side workflow (several calls) did
 *   not find the task or frames it was asked about.
 *
 * Every error of a single call carries the endpoint path and, when the server sent one, its
 * `requestId`.
 * None of them ever holds the access key or a signature.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const optionalString = /* @__PURE__ */ Schema.optionalWith(Schema.String, { exact: true })
const optionalNumber = /* @__PURE__ */ Schema.optionalWith(Schema.Number, { exact: true })

/**
 * The fields every service-code error has: where it came from and what the server said.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServiceErrorFields = {
  /** The endpoint path, e.g. `/api/render/submit/task`. */
  path: Schema.String,
  /** The envelope's `code`. */
  code: Schema.Number,
  /** The envelope's `message`, as the server wrote it. */
  serverMessage: Schema.String,
  /** The envelope's `requestId`, when present: quote it to support. */
  requestId: optionalString,
  /** The envelope's `serverTime` (epoch milliseconds), when present. */
  serverTime: optionalNumber
}

interface ServiceErrorLike {
  readonly path: string
  readonly code: number
  readonly serverMessage: string
  readonly requestId?: string
}

const withRequestId = (text: string, requestId: string | undefined) =>
  requestId === undefined ? text : `${text} (requestId ${requestId})`

const serviceMessage = (meaning: string, e: ServiceErrorLike) =>
  withRequestId(
    `${e.path}: ${meaning} (code ${e.code}${e.serverMessage === "" ? "" : `, server said "${e.serverMessage}"`})`,
    e.requestId
  )

/**
 * Service code 100 (`FAIL`): a generic failure.
 *
 * @since 0.1.0
 * @category errors
 */
export class Fail extends /* @__PURE__ */ Schema.TaggedError<Fail>("@rayvision/core/Fail")("Fail", ServiceErrorFields) {
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the service reported a generic failure", this)
  }
}
/**
 * Service code 301 (`NEED_REDIRECT`): the client must go to another address.
 *
 * @since 0.1.0
 * @category errors
 */
export class NeedRedirect
  extends /* @__PURE__ */ Schema.TaggedError<NeedRedirect>("@rayvision/core/NeedRedirect")(
    "NeedRedirect",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the service asks the client to use another address", this)
  }
}
/**
 * Service code 403 (`FORBIDDEN`): no permission for this resource.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden
  extends /* @__PURE__ */ Schema.TaggedError<Forbidden>("@rayvision/core/Forbidden")("Forbidden", ServiceErrorFields)
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("no permission for this resource", this)
  }
}
/**
 * Service code 404 (`RESOURCE_NOT_FOUND`): the resource (e.g. a task id) does not exist.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResourceNotFound
  extends /* @__PURE__ */ Schema.TaggedError<ResourceNotFound>("@rayvision/core/ResourceNotFound")(
    "ResourceNotFound",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the resource does not exist", this)
  }
}
/**
 * Service code 500 (`INTERNAL_ERROR`): the service failed while processing; transient, so idempotent calls are retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalError
  extends /* @__PURE__ */ Schema.TaggedError<InternalError>("@rayvision/core/InternalError")(
    "InternalError",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the service failed while processing the request", this)
  }
}
/**
 * Service code 600 (`PARAMETER_INVALID`): a parameter is invalid.
 *
 * @since 0.1.0
 * @category errors
 */
export class ParameterInvalid
  extends /* @__PURE__ */ Schema.TaggedError<ParameterInvalid>("@rayvision/core/ParameterInvalid")(
    "ParameterInvalid",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the service rejected a parameter as invalid", this)
  }
}
/**
 * Service code 601 (`PARAMETER_CANT_BE_EMPTY`): a required parameter is missing.
 *
 * @since 0.1.0
 * @category errors
 */
export class ParameterCantBeEmpty
  extends /* @__PURE__ */ Schema.TaggedError<ParameterCantBeEmpty>("@rayvision/core/ParameterCantBeEmpty")(
    "ParameterCantBeEmpty",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("a required parameter is missing", this)
  }
}
/**
 * Service code 602 (`NEED_USER_LOGIN`): the user must log in (e.g. an unknown access id).
 *
 * @since 0.1.0
 * @category errors
 */
export class NeedUserLogin
  extends /* @__PURE__ */ Schema.TaggedError<NeedUserLogin>("@rayvision/core/NeedUserLogin")(
    "NeedUserLogin",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the service does not accept these credentials (is the access id right?)", this)
  }
}
/**
 * Service code 603 (`ILLEGAL_PROTOCOL`): an illegal request (e.g. a replayed nonce).
 *
 * @since 0.1.0
 * @category errors
 */
export class IllegalProtocol
  extends /* @__PURE__ */ Schema.TaggedError<IllegalProtocol>("@rayvision/core/IllegalProtocol")(
    "IllegalProtocol",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the service refused the request as illegal", this)
  }
}
/**
 * Service code 604 (`VALIDATE_CODE_ERROR`): wrong mobile-phone verification code.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidateCodeError
  extends /* @__PURE__ */ Schema.TaggedError<ValidateCodeError>("@rayvision/core/ValidateCodeError")(
    "ValidateCodeError",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("wrong mobile-phone verification code", this)
  }
}
/**
 * Service code 605 (`VINSUFFICIENT_PERMISSIONS`): insufficient permissions.
 *
 * @since 0.1.0
 * @category errors
 */
export class InsufficientPermissions
  extends /* @__PURE__ */ Schema.TaggedError<InsufficientPermissions>("@rayvision/core/InsufficientPermissions")(
    "InsufficientPermissions",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("insufficient permissions", this)
  }
}
/**
 * Service code 606 (`VALIDATE_COMMOM_CODE_ERROR`): wrong verification code.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidateCommonCodeError
  extends /* @__PURE__ */ Schema.TaggedError<ValidateCommonCodeError>("@rayvision/core/ValidateCommonCodeError")(
    "ValidateCommonCodeError",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("wrong verification code", this)
  }
}
/**
 * Service code 607 (`VALIDATE_SEND_CODE_ERROR`): the verification code could not be sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidateSendCodeError
  extends /* @__PURE__ */ Schema.TaggedError<ValidateSendCodeError>("@rayvision/core/ValidateSendCodeError")(
    "ValidateSendCodeError",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the verification code could not be sent", this)
  }
}
/**
 * Service code 608 (`USER_AREA_ERROR`): the account's region (China or abroad) does not match the service.
 *
 * @since 0.1.0
 * @category errors
 */
export class UserAreaError
  extends /* @__PURE__ */ Schema.TaggedError<UserAreaError>("@rayvision/core/UserAreaError")(
    "UserAreaError",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the account's region does not match this service (China or abroad: check the domain)", this)
  }
}
/**
 * Service code 610 (`SIGNATURE_EXPIRED`): the request timestamp is too far from the server clock; the client corrects its clock and retries once.
 *
 * @since 0.1.0
 * @category errors
 */
export class SignatureExpired
  extends /* @__PURE__ */ Schema.TaggedError<SignatureExpired>("@rayvision/core/SignatureExpired")(
    "SignatureExpired",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the signature expired: the request timestamp is too far from the server's clock", this)
  }
}
/**
 * Service code 611 (`SIGNATURE_INVALID`): the signature does not verify (wrong access key?).
 *
 * @since 0.1.0
 * @category errors
 */
export class SignatureInvalid
  extends /* @__PURE__ */ Schema.TaggedError<SignatureInvalid>("@rayvision/core/SignatureInvalid")(
    "SignatureInvalid",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the signature does not verify (is the access key right?)", this)
  }
}
/**
 * Service code 700 (`DO_NOT_HAVE_ANY_MORE_RECORD`): no more records.
 *
 * @since 0.1.0
 * @category errors
 */
export class NoMoreRecords
  extends /* @__PURE__ */ Schema.TaggedError<NoMoreRecords>("@rayvision/core/NoMoreRecords")(
    "NoMoreRecords",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("no more records", this)
  }
}

/**
 * A service code this SDK does not know.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownApiError
  extends /* @__PURE__ */ Schema.TaggedError<UnknownApiError>("@rayvision/core/UnknownApiError")(
    "UnknownApiError",
    ServiceErrorFields
  )
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return serviceMessage("the service answered with an unknown error code", this)
  }
}

/**
 * The service-code error classes by code (docs/protocol.md 3.1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const ServiceErrorByCode = {
  100: Fail,
  301: NeedRedirect,
  403: Forbidden,
  404: ResourceNotFound,
  500: InternalError,
  600: ParameterInvalid,
  601: ParameterCantBeEmpty,
  602: NeedUserLogin,
  603: IllegalProtocol,
  604: ValidateCodeError,
  605: InsufficientPermissions,
  606: ValidateCommonCodeError,
  607: ValidateSendCodeError,
  608: UserAreaError,
  610: SignatureExpired,
  611: SignatureInvalid,
  700: NoMoreRecords
} as const

/**
 * An error reported by the service in the envelope (`code` other than 200).
 *
 * @since 0.1.0
 * @category errors
 */
export type ServiceError = InstanceType<(typeof ServiceErrorByCode)[keyof typeof ServiceErrorByCode]> | UnknownApiError

/**
 * The error for an envelope's code: the class of that code, or {@link UnknownApiError}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromEnvelope = (fields: {
  readonly path: string
  readonly code: number
  readonly serverMessage: string
  readonly requestId?: string | undefined
  readonly serverTime?: number | undefined
}): ServiceError => {
  const Class =
    (ServiceErrorByCode as Record<number, new (props: typeof fields) => ServiceError>)[fields.code] ?? UnknownApiError
  const props = {
    path: fields.path,
    code: fields.code,
    serverMessage: fields.serverMessage,
    ...(fields.requestId === undefined ? {} : { requestId: fields.requestId }),
    ...(fields.serverTime === undefined ? {} : { serverTime: fields.serverTime })
  }
  return new Class(props)
}

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
    /** The endpoint path that was not called. */
    path: Schema.String,
    /** The field that is wrong, as a dotted path (empty for the whole input). */
    field: Schema.String,
    /** What is wrong with it. */
    issue: Schema.String
  })
{
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
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
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
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
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
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
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
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
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
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
  /** A sentence a person understands: what failed, where, and the server's words and requestId when any. */
  override get message() {
    return `${this.path}: no answer within ${this.timeoutMillis} ms`
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
    after: /* @__PURE__ */ Schema.Literal("TransportError", "RequestTimeout", "HttpStatusError", "MalformedResponse"),
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
 * A client-side workflow found no such task: the service does not list it for this account
 * (unknown, another account's, or not submitted yet).
 *
 * @since 0.1.0
 * @category errors
 */
export class TaskNotFound
  extends /* @__PURE__ */ Schema.TaggedError<TaskNotFound>("@rayvision/core/TaskNotFound")("TaskNotFound", {
    taskId: Schema.Number
  })
{
  /** A sentence a person understands: which task was not found. */
  override get message() {
    return `task ${this.taskId} does not exist or is not visible to this account (tasks are listed once submitted)`
  }
}

/**
 * A client-side frame workflow (restart or stop frames by index) was asked for frame indexes
 * the task does not have. `frameIndexes` lists the ones that matched no frame; nothing was
 * restarted or stopped.
 *
 * @since 0.1.0
 * @category errors
 */
export class FramesNotFound
  extends /* @__PURE__ */ Schema.TaggedError<FramesNotFound>("@rayvision/core/FramesNotFound")("FramesNotFound", {
    taskId: Schema.Number,
    /** The requested frame indexes (`frameIndex` text) that matched no frame of the task. */
    frameIndexes: /* @__PURE__ */ Schema.Array(Schema.String)
  })
{
  /** A sentence a person understands: which frame indexes the task lacks, and that nothing was done. */
  override get message() {
    const list = this.frameIndexes.map((index) => JSON.stringify(index)).join(", ")
    return `task ${this.taskId} has no frame with index ${list} (no frame was restarted or stopped)`
  }
}

/**
 * Any error of a Renderbus call.
 *
 * @since 0.1.0
 * @category errors
 */
export type ApiError =
  | ServiceError
  | InvalidRequest
  | HttpStatusError
  | MalformedResponse
  | ResponseDecodeError
  | TransportError
  | RequestTimeout
  | OutcomeUnknown
  | TaskNotFound
  | FramesNotFound

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
    OutcomeUnknown,
    TaskNotFound,
    FramesNotFound
  ))()

/**
 * Whether an error is transient, so that repeating an idempotent call may succeed: transport
 * failures, timeouts, HTTP 5xx and the service's `INTERNAL_ERROR` (500).
 *
 * @since 0.1.0
 * @category refinements
 */
export const isTransient = (error: ApiError): boolean =>
  error._tag === "TransportError" ||
  error._tag === "RequestTimeout" ||
  error._tag === "InternalError" ||
  (error._tag === "HttpStatusError" && error.status >= 500)
