/**
 * A JSON reader that keeps every number as the token written in the text, so the simulator can
 * tell `2` (an int) from `2.0` (a float), as the service's schemas do (spec 4.0.2). Objects are
 * `Map`s with Python dict semantics (a repeated key replaces the earlier value). Total: it
 * returns a result instead of throwing, and caps nesting depth.
 *
 * @internal
 */
import { Either } from "effect"

/** A number as written in the JSON text. @internal */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** True for an integer token (no fraction, no exponent), as Python's `json.loads` reads an int. */
  get isInteger(): boolean {
    return /^-?\d+$/.test(this.text)
  }
  /** The value as a JavaScript number (may be rounded or infinite for huge tokens). */
  get value(): number {
    return Number(this.text)
  }
}

/** A JSON object read from text. @internal */
export type JsonObject = ReadonlyMap<string, Json>

/** A JSON value read from text. @internal */
export type Json = string | boolean | null | JsonNumber | ReadonlyArray<Json> | JsonObject

/** True when the value is a JSON object. @internal */
export const isObject = (value: Json): value is JsonObject => value instanceof Map

/** The JSON type name of a value, for error messages. @internal */
export const typeName = (value: Json): string => {
  if (value === null) return "null"
  if (typeof value === "string") return "string"
  if (typeof value === "boolean") return "boolean"
  if (value instanceof JsonNumber) return value.isInteger ? "integer" : "float"
  if (Array.isArray(value)) return "list"
  return "object"
}

/** The deepest nesting {@link parse} accepts. @internal */
export const MAX_DEPTH = 512

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WS = /[ \t\n\r]*/y

class Failure {
  constructor(readonly message: string) {}
}

/**
 * Parses one JSON value (RFC 8259). Returns the reason and position on failure.
 * @internal
 */
export const parse = (text: string): Either.Either<Json, string> => {
  let pos = 0
  const ws = () => {
    WS.lastIndex = pos
    WS.test(text)
    pos = WS.lastIndex
  }
  const fail = (what: string): never => {
    throw new Failure(`${what} at position ${pos}`)
  }
  const readString = (): string => {
    const start = pos
    pos++ // opening quote
    for (;;) {
      const c = text.charCodeAt(pos)
      if (Number.isNaN(c)) fail("unterminated string")
      if (c === 0x22) break
      if (c < 0x20) fail("control character in string")
      pos += c === 0x5c ? 2 : 1
    }
    pos++
    try {
      return JSON.parse(text.slice(start, pos)) as string
    } catch {
      return fail("invalid string escape")
    }
  }
  const readValue = (depth: number): Json => {
    if (depth > MAX_DEPTH) fail("nesting too deep")
    ws()
    const c = text[pos]
    switch (c) {
      case "{": {
        pos++
        const out = new Map<string, Json>()
        ws()
        if (text[pos] === "}") {
          pos++
          return out
        }
        for (;;) {
          ws()
          if (text[pos] !== "\"") fail("expected a string key")
          const key = readString()
          ws()
          if (text[pos] !== ":") fail("expected ':'")
          pos++
          out.set(key, readValue(depth + 1))
          ws()
          if (text[pos] === ",") {
            pos++
            continue
          }
          if (text[pos] === "}") {
            pos++
            return out
          }
          return fail("expected ',' or '}'")
        }
      }
      case "[": {
        pos++
        const out: Array<Json> = []
        ws()
        if (text[pos] === "]") {
          pos++
          return out
        }
        for (;;) {
          out.push(readValue(depth + 1))
          ws()
          if (text[pos] === ",") {
            pos++
            continue
          }
          if (text[pos] === "]") {
            pos++
            return out
          }
          return fail("expected ',' or ']'")
        }
      }
      case "\"":
        return readString()
      case "t":
        if (text.startsWith("true", pos)) {
          pos += 4
          return true
        }
        return fail("unexpected token")
      case "f":
        if (text.startsWith("false", pos)) {
          pos += 5
          return false
        }
        return fail("unexpected token")
      case "n":
        if (text.startsWith("null", pos)) {
          pos += 4
          return null
        }
        return fail("unexpected token")
      default: {
        NUMBER.lastIndex = pos
        const m = NUMBER.exec(text)
        if (m === null) return fail(c === undefined ? "unexpected end of input" : "unexpected token")
        pos = NUMBER.lastIndex
        return new JsonNumber(m[0])
      }
    }
  }
  try {
    const value = readValue(0)
    ws()
    if (pos !== text.length) fail("unexpected text after the value")
    return Either.right(value)
  } catch (e) {
    if (e instanceof Failure) return Either.left(e.message)
    // A RangeError from a pathological input (e.g. stack exhaustion) is still just invalid input.
    return Either.left(e instanceof Error ? e.message : "invalid JSON")
  }
}
