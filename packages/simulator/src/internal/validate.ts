/**
 * Request-body validation with the rules of the SDK's Cerberus schemas (docs/protocol.md 4.0.2),
 * applied strictly by the simulator:
 *
 * - a declared field that is missing (and required) answers `601 parameter_cant_be_empty`;
 * - a declared field with the wrong type answers `600 parameter_invalid`: a float token (`2.0`,
 *   `1e3`) or a string where an int is declared, a non-list where a list is declared, list
 *   elements of the wrong type, and an explicit `null` (Cerberus' `nullable` is false). Unlike
 *   Cerberus, booleans are not accepted as ints: the server is stricter than the client check;
 * - except for ids: an int field (or an element of an int list) named like an id, `id`, `ids`, or
 *   a name ending in `Id` or `Ids` (`taskId`, `taskIds`, `cgIds`, `outUserId`, ...; see
 *   {@link isIdField}), also takes its value written as a string of decimal digits (`"2000"`), as
 *   the service's JSON layer coerces it: the official client sends `getUserPluginConfig`'s
 *   `cgIds` that way (docs/protocol.md 4.5.5). Any other string (`"2000.0"`, `" 1"`, `""`) is
 *   still a `600`, and so are numeric strings for the other int fields (`zone`, `pageNum`, ...);
 * - unknown fields are allowed and ignored.
 *
 * @internal
 */
import { Either } from "effect"
import { empty, invalid, type ServiceError } from "./codes.ts"
import { RawJson } from "@rayvision/core"
import { type Json, type JsonObject, typeName } from "./json.ts"

/** The outcome of a check. @internal */
export type Result<A> = Either.Either<A, ServiceError>

/** How one declared field is read. @internal */
export interface Field<A> {
  readonly required: boolean
  /** Reads a present value (never called for a missing key). */
  readonly read: (value: Json, name: string) => Result<A>
}

const wrongType = (name: string, expected: string, value: Json) =>
  invalid(`${name} must be ${expected}, got ${typeName(value)}`)

/** Options of an int field. @internal */
export interface IntOptions {
  readonly min?: number
  readonly max?: number
  readonly allowed?: ReadonlyArray<number>
}

/**
 * Whether a field holds ids, by the protocol's naming of id fields: `id`, `ids`, or a name ending
 * in `Id` or `Ids` after a lower-case letter or digit (`taskId`, `cgIds`, `cloneOriginalId`); an
 * element of a list is named `name[i]`. Such int fields also take a string of digits.
 * @internal
 */
export const isIdField = (name: string): boolean => /^(?:ids?|\w*[a-z0-9]Ids?)(?:\[\d+\])?$/.test(name)

/** An integer written as a string, as an id field takes it: an optional `-` and decimal digits. */
const DIGITS = /^-?\d+$/

const readInt = (value: Json, name: string, options: IntOptions | undefined): Result<number> => {
  let text: string
  if (value instanceof RawJson.NumberToken && RawJson.isIntegerToken(value)) text = value.text
  else if (typeof value === "string" && DIGITS.test(value) && isIdField(name)) text = value
  else return wrongType(name, isIdField(name) ? "an integer (or a string of digits)" : "an integer", value)
  const n = Number(text)
  if (!Number.isSafeInteger(n)) return invalid(`${name} is out of range`)
  if (options?.allowed !== undefined && !options.allowed.includes(n)) {
    return invalid(`${name} must be one of ${options.allowed.join(", ")}`)
  }
  if (options?.min !== undefined && n < options.min) return invalid(`${name} must be >= ${options.min}`)
  if (options?.max !== undefined && n > options.max) return invalid(`${name} must be <= ${options.max}`)
  return Either.right(n === 0 ? 0 : n) // no -0
}

/** A required int (`type: integer, required: True`). @internal */
export const int = (options?: IntOptions): Field<number> => ({
  required: true,
  read: (value, name) => readInt(value, name, options)
})

/** A required string. @internal */
export const string = (options?: { readonly nonEmpty?: boolean }): Field<string> => ({
  required: true,
  read: (value, name) => {
    if (typeof value !== "string") return wrongType(name, "a string", value)
    if (options?.nonEmpty === true && value === "") return empty(`${name} is empty`)
    return Either.right(value)
  }
})

const list = <A>(
  element: (value: Json, name: string) => Result<A>,
  elementName: string,
  options?: { readonly nonEmpty?: boolean; readonly maxLength?: number }
): Field<ReadonlyArray<A>> => ({
  required: true,
  read: (value, name) => {
    if (!Array.isArray(value)) return wrongType(name, `a list of ${elementName}`, value)
    const items: ReadonlyArray<Json> = value
    if (options?.nonEmpty === true && items.length === 0) return empty(`${name} is empty`)
    if (options?.maxLength !== undefined && items.length > options.maxLength) {
      return invalid(`${name} has more than ${options.maxLength} elements`)
    }
    const out: Array<A> = []
    for (let i = 0; i < items.length; i++) {
      const r = element(items[i] ?? null, `${name}[${i}]`)
      if (Either.isLeft(r)) return Either.left(r.left)
      out.push(r.right)
    }
    return Either.right(out)
  }
})

/** A required `list<int>`; `nonEmpty` makes `[]` a missing value (601). @internal */
export const intList = (options?: { readonly nonEmpty?: boolean; readonly maxLength?: number }) =>
  list((value, name) => readInt(value, name, undefined), "integers", options)

/** A required `list<str>`. @internal */
export const stringList = (options?: { readonly nonEmpty?: boolean; readonly maxLength?: number }) =>
  list(
    (value, name) => (typeof value === "string" ? Either.right(value) : wrongType(name, "a string", value)),
    "strings",
    options
  )

/** Makes a field optional: a missing key reads as `undefined` (an explicit `null` is still 600). @internal */
export const optional = <A>(field: Field<A>): Field<A | undefined> => ({ required: false, read: field.read })

/** The decoded type of a set of fields. @internal */
export type Decoded<F extends Readonly<Record<string, Field<unknown>>>> = {
  readonly [K in keyof F]: F[K] extends Field<infer A> ? A : never
}

/** A body validator. @internal */
export type Validator<A> = (body: JsonObject) => Result<A>

/**
 * Validates a body object against declared fields, in declaration order: the first failure
 * wins, so the message names one field.
 * @internal
 */
export const struct =
  <F extends Readonly<Record<string, Field<unknown>>>>(fields: F): Validator<Decoded<F>> =>
  (body) => {
    const out: Record<string, unknown> = {}
    for (const [name, field] of Object.entries(fields)) {
      const value = body.get(name)
      if (value === undefined) {
        if (field.required) return empty(`${name} is required`)
        out[name] = undefined
        continue
      }
      if (value === null) return invalid(`${name} must not be null`)
      const r = field.read(value, name)
      if (Either.isLeft(r)) return Either.left(r.left)
      out[name] = r.right
    }
    return Either.right(out as Decoded<F>)
  }

/** The validator of endpoints that take no parameters (`{}`, validation off in the SDK). @internal */
export const none: Validator<{}> = () => Either.right({})
