/**
 * Schema helpers shared by the models: mostly what inputs are checked with, before anything is
 * sent (how answers are read is in `fields.ts`).
 * @internal
 */
import type * as AST from "effect/SchemaAST"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/** A whole number, 1 or more; anything else is refused with `message`. @internal */
export const positiveInt = (message: string) => Schema.Int.pipe(Schema.positive({ message: () => message }))

/** A string of at least one character; an empty one is refused with `message`. @internal */
export const nonEmptyText = (message: string) => Schema.String.pipe(Schema.minLength(1, { message: () => message }))

/** A list of at least one `item`; an empty one is refused with `message`. @internal */
export const nonEmptyList = <S extends Schema.Schema.Any>(item: S, message: string) =>
  Schema.Array(item).pipe(Schema.minItems<Schema.Array$<S>>(1, { message: () => message }))

/** A name of an enumeration and its label. */
type Choice<E> = readonly [keyof E & string, string]

/**
 * Some codes of an enumeration (an object of names and codes), each named with a label; anything
 * else is refused with a message naming them all: `oneOf(Language, ["Chinese", "Chinese"],
 * ["English", "English"])` says "must be 0 (Chinese) or 1 (English)". (Names, not codes, are
 * passed: a bundler keeps a top-level call whose arguments read properties.) @internal
 */
export const oneOf = <
  E extends Readonly<Record<string, AST.LiteralValue>>,
  const C extends readonly [Choice<E>, Choice<E>, ...Array<Choice<E>>]
>(
  enumeration: E,
  ...choices: C
) => {
  const said = choices.map(([name, label]) => `${String(enumeration[name])} (${label})`)
  const message = `must be ${said.slice(0, -1).join(", ")} or ${said[said.length - 1]}`
  const codes = choices.map(([name]) => enumeration[name]) as {
    -readonly [K in keyof C]: C[K] extends readonly [infer Name extends keyof E, string] ? E[Name] : never
  }
  return Schema.Literal(...codes).annotations({ message: () => ({ message, override: true }) })
}

/**
 * The name of `code` in an enumeration (an object of names and codes), or `undefined` for a code
 * it does not hold. @internal
 */
export const nameOf = <E extends Readonly<Record<string, number>>>(enumeration: E, code: number): keyof E | undefined =>
  (Object.keys(enumeration) as Array<keyof E>).find((name) => enumeration[name] === code)

/** A positive integer id. @internal */
export const Id = /* @__PURE__ */ positiveInt("must be a positive integer id")

/** A list of task ids as the endpoints take it: at least one, each a positive integer. @internal */
export const TaskIds = /* @__PURE__ */ nonEmptyList(Id, "must hold at least one task id")

/**
 * A time as the date filters of the service take it: `"yyyy-MM-dd HH:mm:ss"`, in the service's
 * time zone (docs/protocol.md 4.3.1). @internal
 */
export const DateTimeText = /* @__PURE__ */ Schema.String.pipe(
  /* @__PURE__ */ Schema.pattern(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, {
    message: () => 'must be a time written "yyyy-MM-dd HH:mm:ss"'
  })
)

/** A page number or page size: a whole number, 1 or more. @internal */
const PageNumber = /* @__PURE__ */ positiveInt("must be a whole number, 1 or more")

/** A duration in seconds: a whole number, 1 or more. @internal */
export const Seconds = /* @__PURE__ */ positiveInt("must be a positive whole number of seconds")

/** `pageNum` of a paged query: a page number, from 1; 1 when left out. @internal */
export const pageNum = /* @__PURE__ */ Schema.optionalWith(PageNumber, { default: () => 1 })

/** `pageSize` of a paged query: rows per page, 1 or more; `size` when left out. @internal */
export const pageSize = (size: number) => Schema.optionalWith(PageNumber, { default: () => size })

/**
 * The input of an endpoint without parameters: an empty plain object. (`Schema.Struct({})`
 * alone lets any non-nullish value through, e.g. `0`, `[]` or `{ a: NaN }`, which would be sent
 * as the body.) @internal
 */
export const NoInput = /* @__PURE__ */ Schema.Struct({}).pipe(
  /* @__PURE__ */ Schema.filter(
    (input) => {
      if (typeof input !== "object" || input === null || Array.isArray(input)) return false
      const proto: unknown = Object.getPrototypeOf(input)
      return (proto === Object.prototype || proto === null) && Object.keys(input).length === 0
    },
    { message: () => "must be an empty object ({}): this endpoint takes no parameters" }
  )
)

/**
 * The first issue of a parse error as `{ field, issue }` (the dotted path and its message).
 * Total: the default messages print the offending value, and printing one nested deeply enough
 * (thousands of levels) overflows the stack; then the issue says so instead. @internal
 */
export const firstIssue = (error: ParseResult.ParseError): { readonly field: string; readonly issue: string } => {
  try {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
    return { field: issue === undefined ? "" : issue.path.join("."), issue: issue?.message ?? error.message }
  } catch {
    return { field: "", issue: "is invalid, and nested too deeply to describe" }
  }
}

/**
 * Every issue of a parse error as `{ field, issue }`; total like {@link firstIssue} (one issue
 * saying so when the value is nested too deeply to describe). @internal
 */
export const allIssues = (
  error: ParseResult.ParseError
): ReadonlyArray<{ readonly field: string; readonly issue: string }> => {
  try {
    return ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({ field: i.path.join("."), issue: i.message }))
  } catch {
    return [{ field: "", issue: "is invalid, and nested too deeply to describe" }]
  }
}

/**
 * The `data` of an endpoint whose answer says nothing the caller needs: anything is accepted and
 * the method succeeds with `void`. @internal
 */
export const Ignored: Schema.Schema<void, unknown> = /* @__PURE__ */ Schema.transform(Schema.Unknown, Schema.Void, {
  strict: true,
  decode: () => undefined,
  encode: () => undefined
})
