/**
 * How the models read the service's answers: fields the service may leave out or send as `null`,
 * lists it may leave out, fields it adds, numbers it sends as text.
 * @internal
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * How {@link opt} decodes: a `null` value as a missing one, any other as it is (what
 * `optionalWith`'s own `Option.filter(isNotNull)` does, as a function the fast decoder can
 * recognise, see `fastDecode.ts`). @internal
 */
export const dropNull = (o: Option.Option<unknown>): Option.Option<unknown> =>
  Option.isSome(o) && o.value === null ? Option.none() : o

/**
 * A response field the service may leave out or send as `null`: both decode to an absent
 * property, so users test one thing (`x.field === undefined`). `optionalWith(schema, {
 * nullable: true, exact: true })`, its decoding as {@link dropNull}. @internal
 */
export const opt = <S extends Schema.Schema.All>(
  schema: S
): Schema.optionalWith<S, { nullable: true; exact: true }> => {
  const field = Schema.optionalWith(schema, { nullable: true, exact: true })
  const ast = field.ast as Schema.PropertySignatureTransformation
  const Field = field.constructor as new (ast: Schema.PropertySignatureTransformation, from: S) => typeof field
  return new Field(new Schema.PropertySignatureTransformation(ast.from, ast.to, dropNull, ast.encode), schema)
}

/**
 * The fields `fields` as {@link optionalExcept} makes them: each read with {@link opt} but those
 * named in `Required` and those already written as property signatures. (A named type, so that
 * declarations print `fields` as written, doc comments included.) @internal
 */
export type OptionalExcept<F extends Schema.Struct.Fields, Required extends PropertyKey> = {
  [K in keyof F]: K extends Required
    ? F[K]
    : F[K] extends Schema.Schema.All
      ? Schema.optionalWith<F[K], { nullable: true; exact: true }>
      : F[K]
}

/**
 * The fields of a response model, each read with {@link opt} (left out or `null`: an absent
 * property) but those named in `required` and those already written as property signatures
 * (such as {@link list}). The fields keep their order, and so do the properties decoded. @internal
 */
export const optionalExcept = <F extends Schema.Struct.Fields, const R extends ReadonlyArray<keyof F & string>>(
  required: R,
  fields: F
): OptionalExcept<F, R[number]> =>
  Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [
      key,
      (required as ReadonlyArray<string>).includes(key) || !Schema.isSchema(field) ? field : opt(field)
    ])
  ) as never

/** The fields of a response model, each read with {@link opt}; see {@link optionalExcept}. @internal */
export const optionalFields = <F extends Schema.Struct.Fields>(fields: F): OptionalExcept<F, never> =>
  optionalExcept([], fields)

/** A list the service may omit or send as `null`: both decode to `[]`. @internal */
export const list = <S extends Schema.Schema.Any>(item: S) =>
  Schema.optionalWith(Schema.Array(item), { nullable: true, default: () => [] })

/** Keys not checked, with any JSON values: kept as they came. @internal */
export const Rest = /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** Numbers the service sends either as numbers or as numeric strings. @internal */
export const NumberOrString = /* @__PURE__ */ Schema.Union(Schema.Number, Schema.String)
