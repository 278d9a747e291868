/**
 * Service codes of the envelope (docs/protocol.md 3.1) and the error value every check produces.
 *
 * @internal
 */
import { Either } from "effect"

/** The envelope codes of docs/protocol.md 3.1. @internal */
export const Code = {
  SUCCESS: 200,
  FAIL: 100,
  NEED_REDIRECT: 301,
  FORBIDDEN: 403,
  RESOURCE_NOT_FOUND: 404,
  INTERNAL_ERROR: 500,
  PARAMETER_INVALID: 600,
  PARAMETER_CANT_BE_EMPTY: 601,
  NEED_USER_LOGIN: 602,
  ILLEGAL_PROTOCOL: 603,
  VALIDATE_CODE_ERROR: 604,
  VINSUFFICIENT_PERMISSIONS: 605,
  VALIDATE_COMMOM_CODE_ERROR: 606,
  VALIDATE_SEND_CODE_ERROR: 607,
  USER_AREA_ERROR: 608,
  SIGNATURE_EXPIRED: 610,
  SIGNATURE_INVALID: 611,
  DO_NOT_HAVE_ANY_MORE_RECORD: 700
} as const

/**
 * The lower-case message of each code, as the document writes them (docs/protocol.md 3.1).
 * @internal
 */
export const codeName = (code: number): string => {
  for (const [name, value] of Object.entries(Code)) {
    if (value === code) return name.toLowerCase()
  }
  return "fail"
}

/** A service-level failure: an envelope code other than 200, with an optional explanation. @internal */
export interface ServiceError {
  readonly code: number
  readonly detail?: string
}

/** The envelope message of a failure: the code's name, then `: detail` when there is one. @internal */
export const messageOf = (error: ServiceError): string =>
  error.detail === undefined || error.detail === "" ? codeName(error.code) : `${codeName(error.code)}: ${error.detail}`

/** A failure as the left side of an `Either`. @internal */
export const fail = (code: number, detail?: string): Either.Either<never, ServiceError> =>
  Either.left(detail === undefined ? { code } : { code, detail })

/** `600 parameter_invalid`. @internal */
export const invalid = (detail: string) => fail(Code.PARAMETER_INVALID, detail)

/** `601 parameter_cant_be_empty`. @internal */
export const empty = (detail: string) => fail(Code.PARAMETER_CANT_BE_EMPTY, detail)

/** `404 resource_not_found`. @internal */
export const notFound = (detail: string) => fail(Code.RESOURCE_NOT_FOUND, detail)
