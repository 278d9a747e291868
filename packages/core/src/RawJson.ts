/**
 * JSON read from text with every number kept as the token written, and objects as `Map`s with
 * Python dict semantics (a repeated key replaces the earlier value in place). This is how a
 * server must read a request body to verify the official Python client's signature, and to tell
 * `2` (an int) from `2.0` (a float) as the service's schemas do.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as canonical from "./internal/canonical.ts"

/**
 * A number as written in the JSON text, e.g. `2.0` or `1e+20`.
 *
 * @since 0.1.0
 * @category models
 */
export const NumberToken: typeof canonical.NumberToken = canonical.NumberToken

/**
 * A number as written in the JSON text.
 *
 * @since 0.1.0
 * @category models
 */
export type NumberToken = canonical.NumberToken

/**
 * A JSON value read from text.
 *
 * @since 0.1.0
 * @category models
 */
export type JsonNode = canonical.JsonNode

/**
 * The error of {@link parse}: what is wrong and where (a `SyntaxError`-like `Error`).
 *
 * @since 0.1.0
 * @category errors
 */
export const JsonSyntaxError: typeof canonical.JsonSyntaxError = canonical.JsonSyntaxError

/**
 * The error of {@link parse}.
 *
 * @since 0.1.0
 * @category errors
 */
export type JsonSyntaxError = canonical.JsonSyntaxError

/**
 * Parses one JSON value (RFC 8259), keeping number tokens. Iterative: nesting depth is bounded
 * only by memory.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string): Either.Either<JsonNode, JsonSyntaxError> => {
  try {
    return Either.right(canonical.parseJson(text))
  } catch (error) {
    if (error instanceof canonical.JsonSyntaxError) return Either.left(error)
    throw error
  }
}

/**
 * Whether a number token is an integer (no fraction, no exponent), as Python's `json.loads`
 * reads an `int`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIntegerToken = (token: NumberToken): boolean => /^-?\d+$/.test(token.text)

/**
 * Whether a value is a JSON object.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isObject = (node: JsonNode): node is ReadonlyMap<string, JsonNode> => node instanceof Map
