/**
 * Schema helpers shared by the models.
 * @internal
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A response field the service may leave out or send as `null`: both decode to an absent
 * property, so users test one thing (`x.field === undefined`). @internal
 */
export const opt = <S extends Schema.Schema.All>(schema: S) =>
  Schema.optionalWith(schema, { nullable: true, exact: true })

/** A positive integer id. @internal */
export const Id = /* @__PURE__ */ Schema.Int.pipe(
  /* @__PURE__ */ Schema.positive({ message: () => "must be a positive integer id" })
)

/** A list of task ids as the endpoints take it: at least one, each a positive integer. @internal */
export const TaskIds = /* @__PURE__ */ Schema.Array(Id).pipe(
  /* @__PURE__ */ Schema.minItems(1, { message: () => "must hold at least one task id" })
)

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
export const PageNumber = /* @__PURE__ */ Schema.Int.pipe(
  /* @__PURE__ */ Schema.positive({ message: () => "must be a whole number, 1 or more" })
)

/** Numbers the service sends either as numbers or as numeric strings. @internal */
export const NumberOrString = /* @__PURE__ */ Schema.Union(Schema.Number, Schema.String)

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
