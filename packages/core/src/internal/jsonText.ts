/**
 * JSON text read into a tree that keeps every number as its token (what a server verifying a
 * signature must read, docs/protocol.md 2.3). Pure functions, no platform code.
 *
 * @internal
 */

/** A number token read from JSON text, kept as written. @internal */
export class NumberToken {
  constructor(readonly text: string) {}
}

/** A JSON tree as read from text: objects keep insertion order with Python dict semantics. @internal */
export type JsonNode = string | boolean | null | NumberToken | ReadonlyArray<JsonNode> | ReadonlyMap<string, JsonNode>

// ---------------------------------------------------------------------------------------------
// Raw JSON text -> JsonNode, keeping number tokens
// ---------------------------------------------------------------------------------------------

/** Raised by {@link parseJson} for text that is not one JSON value. @internal */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number
  ) {
    super(`${message} at position ${position}`)
    this.name = "JsonSyntaxError"
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WS = /[ \t\n\r]*/y

/**
 * Parses JSON text (RFC 8259) into a {@link JsonNode}, keeping every number token as written.
 * Iterative, so nesting depth is bounded only by memory. Throws {@link JsonSyntaxError}.
 * @internal
 */
export const parseJson = (text: string): JsonNode => {
  let pos = 0
  const ws = () => {
    WS.lastIndex = pos
    WS.test(text)
    pos = WS.lastIndex
  }
  const fail = (what: string): never => {
    throw new JsonSyntaxError(what, pos)
  }
  const readString = (): string => {
    const start = pos
    pos++ // opening quote
    for (;;) {
      const c = text.charCodeAt(pos)
      if (Number.isNaN(c)) fail("Unterminated string")
      if (c === 0x22) break
      if (c === 0x5c) pos += 2
      else if (c < 0x20) fail("Control character in string")
      else pos++
    }
    pos++
    try {
      return JSON.parse(text.slice(start, pos)) as string
    } catch {
      return fail("Invalid string escape")
    }
  }
  // `"key":` of an object member; the position is at the opening quote.
  const readKey = (): string => {
    if (text[pos] !== '"') fail("Expected a key")
    const key = readString()
    ws()
    if (text[pos] !== ":") fail("Expected ':'")
    pos++
    return key
  }
  const readScalar = (): JsonNode => {
    const c = text[pos]
    if (c === '"') return readString()
    if (text.startsWith("true", pos)) return ((pos += 4), true)
    if (text.startsWith("false", pos)) return ((pos += 5), false)
    if (text.startsWith("null", pos)) return ((pos += 4), null)
    NUMBER.lastIndex = pos
    const m = NUMBER.exec(text)
    if (m === null) return fail("Unexpected token")
    pos = NUMBER.lastIndex
    return new NumberToken(m[0])
  }

  type Frame =
    | { readonly kind: "array"; readonly items: Array<JsonNode> }
    | { readonly kind: "object"; readonly map: Map<string, JsonNode>; key: string }
  const stack: Array<Frame> = []
  let result: JsonNode | undefined
  let done = false

  // Reads a value start; containers push a frame, scalars are delivered.
  const openValue = (): JsonNode | undefined => {
    ws()
    const c = text[pos]
    if (c === "[") {
      pos++
      ws()
      if (text[pos] === "]") return (pos++, [])
      stack.push({ kind: "array", items: [] })
      return undefined
    }
    if (c === "{") {
      pos++
      ws()
      if (text[pos] === "}") return (pos++, new Map())
      stack.push({ kind: "object", map: new Map(), key: readKey() })
      return undefined
    }
    return readScalar()
  }

  let value = openValue()
  while (!done) {
    if (value === undefined) {
      value = openValue()
      continue
    }
    // Deliver `value` to the innermost container (or finish).
    const top = stack[stack.length - 1]
    if (top === undefined) {
      result = value
      done = true
      break
    }
    if (top.kind === "array") top.items.push(value)
    else top.map.set(top.key, value)
    ws()
    const c = text[pos]
    if (top.kind === "array") {
      if (c === ",") {
        pos++
        value = undefined
        continue
      }
      if (c !== "]") fail("Expected ',' or ']'")
      pos++
      stack.pop()
      value = top.items
    } else {
      if (c === ",") {
        pos++
        ws()
        top.key = readKey()
        value = undefined
        continue
      }
      if (c !== "}") fail("Expected ',' or '}'")
      pos++
      stack.pop()
      value = top.map
    }
  }
  ws()
  if (pos !== text.length) fail("Unexpected text after the JSON value")
  return result as JsonNode
}
