/**
 * The request body as the simulator reads it: core's `RawJson` (number tokens kept, objects as
 * `Map`s), plus the type names used in validation messages.
 *
 * @internal
 */
import { RawJson } from "@rayvision/core"

/** A JSON value read from text. @internal */
export type Json = RawJson.JsonNode

/** A JSON object read from text. @internal */
export type JsonObject = ReadonlyMap<string, Json>

/** True when the value is a JSON object. @internal */
export const isObject: (value: Json) => value is JsonObject = RawJson.isObject

/** The JSON type name of a value, for error messages. @internal */
export const typeName = (value: Json): string => {
  if (value === null) return "null"
  if (typeof value === "string") return "string"
  if (typeof value === "boolean") return "boolean"
  if (value instanceof RawJson.NumberToken) return RawJson.isIntegerToken(value) ? "integer" : "float"
  if (Array.isArray(value)) return "list"
  return "object"
}
