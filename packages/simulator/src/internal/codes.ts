/**
 * The envelope codes the simulator answers (docs/protocol.md 3.1) and the error value every check
 * produces. The codes and their names are core's table (`ApiError.ServiceCodes`); a check names
 * the code by the tag of its error class, e.g. `"ParameterInvalid"`.
 *
 * @internal
 */
import { ApiError } from "@rayvision/core"
import { Either } from "effect"

/** The tag of a service code of core's table, e.g. `"ParameterInvalid"`. @internal */
export type CodeTag = ApiError.ServiceCode["tag"]

/** The envelope code of a success. @internal */
export const SUCCESS = 200

// Core's table has one row per tag.
const CODES = Object.fromEntries(ApiError.ServiceCodes.map((row) => [row.tag, row.code])) as Readonly<
  Record<CodeTag, number>
>

/** The envelope code of a tag, e.g. 600 for `"ParameterInvalid"`. @internal */
export const codeOf = (tag: CodeTag): number => CODES[tag]

/**
 * The envelope message of a code: its name lower-cased, as the service writes it
 * (`parameter_invalid`); `fail` for a code the table does not have.
 * @internal
 */
export const codeName = (code: number): string =>
  code === SUCCESS ? "success" : (ApiError.serviceCodeOf(code)?.constant.toLowerCase() ?? "fail")

/** A service-level failure: an envelope code other than 200, with an optional explanation. @internal */
export interface ServiceError {
  readonly code: number
  readonly detail?: string
}

/** The failure of a tag, with an optional explanation. @internal */
export const serviceError = (tag: CodeTag, detail?: string): ServiceError =>
  detail === undefined ? { code: codeOf(tag) } : { code: codeOf(tag), detail }

/** The envelope message of a failure: the code's name, then `: detail` when there is one. @internal */
export const messageOf = (error: ServiceError): string =>
  error.detail === undefined || error.detail === "" ? codeName(error.code) : `${codeName(error.code)}: ${error.detail}`

/** A failure as the left side of an `Either`. @internal */
export const fail = (tag: CodeTag, detail?: string): Either.Either<never, ServiceError> =>
  Either.left(serviceError(tag, detail))

/** `600 parameter_invalid`. @internal */
export const invalid = (detail: string) => fail("ParameterInvalid", detail)

/** `601 parameter_cant_be_empty`. @internal */
export const empty = (detail: string) => fail("ParameterCantBeEmpty", detail)

/** `404 resource_not_found`. @internal */
export const notFound = (detail: string) => fail("ResourceNotFound", detail)
