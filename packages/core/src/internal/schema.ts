/**
 * Schema helpers shared by the models.
 * @internal
 */
import { Schema } from "effect"

/**
 * A response field the service may leave out or send as `null`: both decode to an absent
 * property, so users test one thing (`x.field === undefined`). @internal
 */
export const opt = <S extends Schema.Schema.All>(schema: S) =>
  Schema.optionalWith(schema, { nullable: true, exact: true })

/** A positive integer id. @internal */
export const Id = Schema.Int.pipe(Schema.positive({ message: () => "must be a positive integer id" }))

/** A list of task ids as the endpoints take it: at least one, each a positive integer. @internal */
export const TaskIds = Schema.Array(Id).pipe(Schema.minItems(1, { message: () => "must hold at least one task id" }))

/** Numbers the service sends either as numbers or as numeric strings. @internal */
export const NumberOrString = Schema.Union(Schema.Number, Schema.String)
