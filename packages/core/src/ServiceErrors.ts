/**
 * The service's error codes (docs/protocol.md 3.1): one table, {@link ServiceCodes}, and the error
 * class of each code, whose message the table writes. `ApiError.ts` exports all of it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const optionalString = /* @__PURE__ */ Schema.optionalWith(Schema.String, { exact: true })
const optionalNumber = /* @__PURE__ */ Schema.optionalWith(Schema.Number, { exact: true })

/**
 * What the SDK knows of one service code.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServiceCode {
  /** The envelope's `code`. */
  readonly code: number
  /** The `_tag` of its error class. */
  readonly tag: ServiceErrorTag
  /** The official client's name for it, e.g. `SIGNATURE_INVALID`. */
  readonly constant: string
  /** What it means, in words (the start of the error's message). */
  readonly meaning: string
  /** A repeat may succeed: idempotent calls are retried after it. */
  readonly transient: boolean
  /** Caused by the input the client sent (the command line exits with 2). */
  readonly clientInput: boolean
  /**
   * About the client itself (its credentials, clock, region or protocol), not about what the
   * request names: any other request would be refused the same way.
   */
  readonly aboutClient: boolean
  /** The service refused before acting: the request is signed again and sent once more. */
  readonly resent: boolean
}

const entry = (
  code: number,
  constant: string,
  meaning: string,
  flags: Partial<Pick<ServiceCode, "transient" | "clientInput" | "aboutClient" | "resent">> = {}
) => ({
  code,
  constant,
  meaning,
  transient: flags.transient ?? false,
  clientInput: flags.clientInput ?? false,
  aboutClient: flags.aboutClient ?? false,
  resent: flags.resent ?? false
})

/** The service's codes (docs/protocol.md 3.1), by the tag of their error class. */
const codes = {
  Fail: /* @__PURE__ */ entry(100, "FAIL", "the service reported a generic failure"),
  NeedRedirect: /* @__PURE__ */ entry(301, "NEED_REDIRECT", "the service asks the client to use another address", {
    aboutClient: true
  }),
  Forbidden: /* @__PURE__ */ entry(403, "FORBIDDEN", "no permission for this resource"),
  ResourceNotFound: /* @__PURE__ */ entry(404, "RESOURCE_NOT_FOUND", "the resource does not exist"),
  InternalError: /* @__PURE__ */ entry(500, "INTERNAL_ERROR", "the service failed while processing the request", {
    transient: true
  }),
  ParameterInvalid: /* @__PURE__ */ entry(600, "PARAMETER_INVALID", "the service rejected a parameter as invalid", {
    clientInput: true
  }),
  ParameterCantBeEmpty: /* @__PURE__ */ entry(601, "PARAMETER_CANT_BE_EMPTY", "a required parameter is missing", {
    clientInput: true
  }),
  NeedUserLogin: /* @__PURE__ */ entry(
    602,
    "NEED_USER_LOGIN",
    "the service does not accept these credentials (is the access id right?)",
    { aboutClient: true }
  ),
  IllegalProtocol: /* @__PURE__ */ entry(
    603,
    "ILLEGAL_PROTOCOL",
    "the service refused the request as illegal (a nonce or signature it has already seen)",
    { aboutClient: true, resent: true }
  ),
  ValidateCodeError: /* @__PURE__ */ entry(604, "VALIDATE_CODE_ERROR", "wrong mobile-phone verification code"),
  InsufficientPermissions: /* @__PURE__ */ entry(605, "VINSUFFICIENT_PERMISSIONS", "insufficient permissions"),
  ValidateCommonCodeError: /* @__PURE__ */ entry(606, "VALIDATE_COMMOM_CODE_ERROR", "wrong verification code"),
  ValidateSendCodeError: /* @__PURE__ */ entry(
    607,
    "VALIDATE_SEND_CODE_ERROR",
    "the verification code could not be sent"
  ),
  UserAreaError: /* @__PURE__ */ entry(
    608,
    "USER_AREA_ERROR",
    "the account's region does not match this service (China or abroad: check the domain)",
    { aboutClient: true }
  ),
  SignatureExpired: /* @__PURE__ */ entry(
    610,
    "SIGNATURE_EXPIRED",
    "the signature expired: the request timestamp is too far from the server's clock",
    { aboutClient: true, resent: true }
  ),
  SignatureInvalid: /* @__PURE__ */ entry(
    611,
    "SIGNATURE_INVALID",
    "the signature does not verify (is the access key right?)",
    { aboutClient: true }
  ),
  NoMoreRecords: /* @__PURE__ */ entry(700, "DO_NOT_HAVE_ANY_MORE_RECORD", "no more records")
}

/**
 * The tag of a documented service code's error class.
 *
 * @since 0.1.0
 * @category models
 */
export type ServiceErrorTag = keyof typeof codes

/**
 * Every documented service code, in code order.
 *
 * @since 0.1.0
 * @category constants
 */
export const ServiceCodes: ReadonlyArray<ServiceCode> = /* @__PURE__ */ (() =>
  Object.entries(codes).map(([tag, fields]) => ({ ...fields, tag: tag as ServiceErrorTag })))()

const byCode: ReadonlyMap<number, ServiceCode> = /* @__PURE__ */ (() =>
  new Map(ServiceCodes.map((entry) => [entry.code, entry])))()

/**
 * What the SDK knows of a service code, or `undefined` for a code it does not know.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serviceCodeOf = (code: number): ServiceCode | undefined => byCode.get(code)

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

const withRequestId = (text: string, requestId: string | undefined) =>
  requestId === undefined ? text : `${text} (requestId ${requestId})`

const UNKNOWN_MEANING = "the service answered with an unknown error code"

/**
 * The class of one service code: a `Schema.TaggedError` with {@link ServiceErrorFields} whose
 * message is the code's meaning, the path, the server's words and the requestId.
 */
type ServiceErrorClass<Self, Tag extends string> = Schema.TaggedErrorClass<
  Self,
  Tag,
  { readonly _tag: Schema.tag<Tag> } & typeof ServiceErrorFields
>

const serviceError =
  <Self>() =>
  <Tag extends ServiceErrorTag | "UnknownApiError">(tag: Tag): ServiceErrorClass<Self, Tag> => {
    const meaning = tag === "UnknownApiError" ? UNKNOWN_MEANING : codes[tag as ServiceErrorTag].meaning
    // `Self` is the subclass being declared, which a generic function cannot name to
    // `Schema.TaggedError`: the base is built untyped and typed by its result.
    const Base = Schema.TaggedError<{ readonly _tag: Tag }>(`@rayvision/core/${tag}`)(tag, ServiceErrorFields)
    class ServiceErrorBase extends Base {
      override get message() {
        const said = this.serverMessage === "" ? "" : `, server said "${this.serverMessage}"`
        return withRequestId(`${this.path}: ${meaning} (code ${this.code}${said})`, this.requestId)
      }
    }
    return ServiceErrorBase as unknown as ServiceErrorClass<Self, Tag>
  }

/**
 * Service code 100 (`FAIL`).
 *
 * @since 0.1.0
 * @category errors
 */
export class Fail extends /* @__PURE__ */ serviceError<Fail>()("Fail") {}
/**
 * Service code 301 (`NEED_REDIRECT`).
 *
 * @since 0.1.0
 * @category errors
 */
export class NeedRedirect extends /* @__PURE__ */ serviceError<NeedRedirect>()("NeedRedirect") {}
/**
 * Service code 403 (`FORBIDDEN`).
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends /* @__PURE__ */ serviceError<Forbidden>()("Forbidden") {}
/**
 * Service code 404 (`RESOURCE_NOT_FOUND`), e.g. an unknown task id.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResourceNotFound extends /* @__PURE__ */ serviceError<ResourceNotFound>()("ResourceNotFound") {}
/**
 * Service code 500 (`INTERNAL_ERROR`), transient.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalError extends /* @__PURE__ */ serviceError<InternalError>()("InternalError") {}
/**
 * Service code 600 (`PARAMETER_INVALID`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ParameterInvalid extends /* @__PURE__ */ serviceError<ParameterInvalid>()("ParameterInvalid") {}
/**
 * Service code 601 (`PARAMETER_CANT_BE_EMPTY`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ParameterCantBeEmpty
  extends /* @__PURE__ */ serviceError<ParameterCantBeEmpty>()("ParameterCantBeEmpty") {}
/**
 * Service code 602 (`NEED_USER_LOGIN`), e.g. an unknown access id.
 *
 * @since 0.1.0
 * @category errors
 */
export class NeedUserLogin extends /* @__PURE__ */ serviceError<NeedUserLogin>()("NeedUserLogin") {}
/**
 * Service code 603 (`ILLEGAL_PROTOCOL`): refused before acting, so the client re-signs the
 * request and sends it once more; this error is what a second refusal leaves.
 *
 * @since 0.1.0
 * @category errors
 */
export class IllegalProtocol extends /* @__PURE__ */ serviceError<IllegalProtocol>()("IllegalProtocol") {}
/**
 * Service code 604 (`VALIDATE_CODE_ERROR`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidateCodeError extends /* @__PURE__ */ serviceError<ValidateCodeError>()("ValidateCodeError") {}
/**
 * Service code 605 (`VINSUFFICIENT_PERMISSIONS`, spelled so by the service).
 *
 * @since 0.1.0
 * @category errors
 */
export class InsufficientPermissions
  extends /* @__PURE__ */ serviceError<InsufficientPermissions>()("InsufficientPermissions") {}
/**
 * Service code 606 (`VALIDATE_COMMOM_CODE_ERROR`, spelled so by the service).
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidateCommonCodeError
  extends /* @__PURE__ */ serviceError<ValidateCommonCodeError>()("ValidateCommonCodeError") {}
/**
 * Service code 607 (`VALIDATE_SEND_CODE_ERROR`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidateSendCodeError
  extends /* @__PURE__ */ serviceError<ValidateSendCodeError>()("ValidateSendCodeError") {}
/**
 * Service code 608 (`USER_AREA_ERROR`): the account is served from the other region.
 *
 * @since 0.1.0
 * @category errors
 */
export class UserAreaError extends /* @__PURE__ */ serviceError<UserAreaError>()("UserAreaError") {}
/**
 * Service code 610 (`SIGNATURE_EXPIRED`): when the answer carries the service's time, the client
 * moves its clock there, re-signs and sends once more; this error is what a second refusal leaves.
 *
 * @since 0.1.0
 * @category errors
 */
export class SignatureExpired extends /* @__PURE__ */ serviceError<SignatureExpired>()("SignatureExpired") {}
/**
 * Service code 611 (`SIGNATURE_INVALID`).
 *
 * @since 0.1.0
 * @category errors
 */
export class SignatureInvalid extends /* @__PURE__ */ serviceError<SignatureInvalid>()("SignatureInvalid") {}
/**
 * Service code 700 (`DO_NOT_HAVE_ANY_MORE_RECORD`).
 *
 * @since 0.1.0
 * @category errors
 */
export class NoMoreRecords extends /* @__PURE__ */ serviceError<NoMoreRecords>()("NoMoreRecords") {}

/**
 * A service code this SDK does not know.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownApiError extends /* @__PURE__ */ serviceError<UnknownApiError>()("UnknownApiError") {}

const serviceErrorClasses = [
  Fail,
  NeedRedirect,
  Forbidden,
  ResourceNotFound,
  InternalError,
  ParameterInvalid,
  ParameterCantBeEmpty,
  NeedUserLogin,
  IllegalProtocol,
  ValidateCodeError,
  InsufficientPermissions,
  ValidateCommonCodeError,
  ValidateSendCodeError,
  UserAreaError,
  SignatureExpired,
  SignatureInvalid,
  NoMoreRecords
] as const

/**
 * The service-code error classes by code (docs/protocol.md 3.1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const ServiceErrorByCode: Readonly<Record<number, (typeof serviceErrorClasses)[number]>> = /* @__PURE__ */ (() =>
  Object.fromEntries(serviceErrorClasses.map((Class) => [codes[Class._tag].code, Class])))()

/**
 * An error reported by the service in the envelope (`code` other than 200).
 *
 * @since 0.1.0
 * @category errors
 */
export type ServiceError = InstanceType<(typeof serviceErrorClasses)[number]> | UnknownApiError

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
