/**
 * The canonical form the Renderbus signature is computed over (docs/protocol.md 2, signing), and
 * the Python-compatible JSON text the client sends. Pure functions, no platform code.
 *
 * Two kinds of input share one flattening: a JavaScript value (what the SDK sends), and a
 * tree parsed from raw JSON text with every number kept as its token (what a server must
 * verify). Leaves are turned into their signing text first; flattening only sees text.
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
// Values as Python's str() writes them (docs/protocol.md 2.3)
// ---------------------------------------------------------------------------------------------

/**
 * `str(float)` in Python: shortest round-trip digits, positional for exponents in [-4, 16),
 * scientific with a signed two-digit exponent otherwise, and always a fractional digit.
 * @internal
 */
export const pythonFloat = (x: number): string => {
  if (Number.isNaN(x)) return "nan"
  if (x === Infinity) return "inf"
  if (x === -Infinity) return "-inf"
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0"
  const exp = x.toExponential() // "-d.ddde+N"
  const sign = x < 0 ? "-" : ""
  const ePos = exp.indexOf("e")
  const mantissa = exp.slice(sign.length, ePos)
  const e = Number(exp.slice(ePos + 1))
  const digits = mantissa.replace(".", "")
  if (e >= -4 && e < 16) {
    if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`
    const intPart = digits.slice(0, e + 1).padEnd(e + 1, "0")
    const frac = digits.slice(e + 1)
    return `${sign}${intPart}.${frac === "" ? "0" : frac}`
  }
  const abs = Math.abs(e)
  return `${sign}${mantissa}e${e < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`
}

/**
 * The text of a JavaScript number as the SDK writes it: integral values are Python ints
 * (exact decimal digits, any size), other values Python floats.
 * @internal
 */
export const pythonNumber = (x: number): string =>
  Number.isInteger(x)
    ? // Safe integers print exactly (and -0 as "0"); larger ones would print in exponent form.
      Number.isSafeInteger(x)
      ? String(x)
      : BigInt(x).toString()
    : pythonFloat(x)

/** The text of a number token as Python would hold it after `json.loads`. @internal */
export const pythonNumberToken = (token: string): string => {
  if (/^-?\d+$/.test(token)) return BigInt(token).toString()
  return pythonFloat(Number(token))
}

// ---------------------------------------------------------------------------------------------
// Flattening (docs/protocol.md 2.1 step 3, 2.2)
// ---------------------------------------------------------------------------------------------

/** What one node looks like to the flattener. @internal */
type View =
  | { readonly _tag: "leaf"; readonly text: string }
  | { readonly _tag: "object"; readonly entries: Iterable<readonly [string, unknown]> }
  | { readonly _tag: "array"; readonly items: ReadonlyArray<unknown> }
  | { readonly _tag: "skip" }

const SKIP: View = { _tag: "skip" }
const leaf = (text: string): View => ({ _tag: "leaf", text })

/** Reads a JavaScript value the way `JSON.stringify` would send it. @internal */
export const viewJs = (value: unknown, inArray: boolean): View => {
  switch (typeof value) {
    case "string":
      return leaf(value)
    case "number":
      return leaf(pythonNumber(value))
    case "bigint":
      return leaf(value.toString())
    case "boolean":
      return leaf(value ? "True" : "False")
    case "undefined":
    case "function":
    case "symbol":
      return inArray ? leaf("None") : SKIP
  }
  if (value === null) return leaf("None")
  const toJSON = (value as { toJSON?: unknown }).toJSON
  if (typeof toJSON === "function") return viewJs(toJSON.call(value), inArray)
  if (Array.isArray(value)) return { _tag: "array", items: value }
  return { _tag: "object", entries: Object.entries(value as object) }
}

/** Reads a node parsed from raw JSON text. @internal */
const viewNode = (node: unknown): View => {
  if (typeof node === "string") return leaf(node)
  if (typeof node === "boolean") return leaf(node ? "True" : "False")
  if (node === null) return leaf("None")
  if (node instanceof NumberToken) return leaf(pythonNumberToken(node.text))
  if (Array.isArray(node)) return { _tag: "array", items: node }
  return { _tag: "object", entries: (node as ReadonlyMap<string, unknown>).entries() }
}

/**
 * Flattens a merged object into `key -> text` with Python dict semantics: a later write to the
 * same key replaces the value. Iterative, so deep nesting cannot overflow the stack.
 * @internal
 */
const flatten = (
  entries: Iterable<readonly [string, unknown]>,
  view: (value: unknown, inArray: boolean) => View
): Map<string, string> => {
  const out = new Map<string, string>()
  // Work items in reverse order of visiting; each is [key, value, inArray].
  const stack: Array<readonly [string, unknown, boolean]> = []
  const pushAll = (items: Array<readonly [string, unknown, boolean]>) => {
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!)
  }
  pushAll(Array.from(entries, ([k, v]) => [k, v, false] as const))
  while (stack.length > 0) {
    const [key, value, inArray] = stack.pop()!
    const v = view(value, inArray)
    switch (v._tag) {
      case "leaf":
        out.set(key, v.text)
        break
      case "object":
        pushAll(Array.from(v.entries, ([name, child]) => [key === "" ? name : `${key}.${name}`, child, false] as const))
        break
      case "array":
        pushAll(v.items.map((child, i) => [`${key}${i}`, child, true] as const))
        break
    }
  }
  return out
}

/**
 * Compares two strings by Unicode code point, as Python sorts `str`. UTF-16 order differs only
 * where a surrogate meets a code unit in U+E000..U+FFFF; shifting both ranges fixes that.
 * @internal
 */
export const compareCodePoints = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fixup(x) - fixup(y)
  }
  return a.length - b.length
}
const WIDE = /[\uD800-\uFFFF]/
const fixup = (u: number): number => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u)

/**
 * The header names that never take part in the signature (docs/protocol.md 2.1 step 1). @internal
 */
const UNSIGNED_HEADERS = /* @__PURE__ */ new Set(["signature", "Content-Type"])

/** Inputs of the canonical string. @internal */
export interface CanonicalInput {
  readonly domain: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
}

const build = (input: CanonicalInput, bodyEntries: Iterable<readonly [string, unknown]>, bodyIsJs: boolean) => {
  const merged = new Map<string, unknown>()
  for (const [name, value] of Object.entries(input.headers)) {
    if (!UNSIGNED_HEADERS.has(name)) merged.set(name, value)
  }
  for (const [name, value] of bodyEntries) merged.set(name, value)
  // Header values are plain strings, and both views read strings the same way.
  const flat = flatten(merged, bodyIsJs ? viewJs : viewNode)
  const keys = Array.from(flat.keys())
  // UTF-16 order (the default sort, much faster) is code point order unless a key holds a
  // surrogate or a code unit from U+E000 on.
  keys.sort(keys.some((key) => WIDE.test(key)) ? compareCodePoints : undefined)
  let out = `[POST]${input.domain}:${input.path}&`
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    out += `${i === 0 ? "" : "&"}${key}=${flat.get(key)!}`
  }
  return out
}

/** Top-level entries of a JS body; a body that is not an object sits under the empty key. @internal */
const jsEntries = (body: unknown): Iterable<readonly [string, unknown]> =>
  body !== null &&
  typeof body === "object" &&
  !Array.isArray(body) &&
  typeof (body as { toJSON?: unknown }).toJSON !== "function"
    ? Object.entries(body)
    : [["", body]]

/** The string to sign for a JavaScript body. @internal */
export const stringToSignJs = (input: CanonicalInput, body: unknown): string => build(input, jsEntries(body), true)

/** The string to sign for a parsed JSON tree. @internal */
export const stringToSignNode = (input: CanonicalInput, body: JsonNode): string =>
  build(input, body instanceof Map ? body.entries() : [["", body]], false)

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

// ---------------------------------------------------------------------------------------------
// The body the SDK sends: Python json.dumps defaults (docs/protocol.md 1.6)
// ---------------------------------------------------------------------------------------------

const NON_ASCII = /[\u007f-\uffff]/g
const escapeNonAscii = (json: string): string =>
  json.replace(NON_ASCII, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)

/**
 * Writes a JavaScript value as Python's `json.dumps` does by default: `", "` and `": "`
 * separators, `ensure_ascii`, and numbers in the exact text the signer uses for them.
 * Non-finite numbers are written as Python writes them (`NaN`, `Infinity`); request schemas
 * keep them out of real bodies.
 * @internal
 */
export const encodeBody = (value: unknown): string => {
  // Iterative, so deep nesting cannot overflow the stack: each value is first resolved (its
  // `toJSON` applied, omitted when `JSON.stringify` would omit it), then written from a work
  // stack of literal text and resolved values.
  type Resolved =
    | { readonly _tag: "text"; readonly text: string }
    | { readonly _tag: "array"; readonly items: ReadonlyArray<unknown> }
    | { readonly _tag: "object"; readonly entries: ReadonlyArray<readonly [string, unknown]> }
  const resolve = (v: unknown, inArray: boolean): Resolved | undefined => {
    for (;;) {
      switch (typeof v) {
        case "string":
          return { _tag: "text", text: escapeNonAscii(JSON.stringify(v)) }
        case "number":
          return {
            _tag: "text",
            text: Number.isFinite(v) ? pythonNumber(v) : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"
          }
        case "bigint":
          return { _tag: "text", text: v.toString() }
        case "boolean":
          return { _tag: "text", text: v ? "true" : "false" }
        case "undefined":
        case "function":
        case "symbol":
          return inArray ? { _tag: "text", text: "null" } : undefined
      }
      if (v === null) return { _tag: "text", text: "null" }
      const toJSON = (v as { toJSON?: unknown }).toJSON
      if (typeof toJSON === "function") {
        v = toJSON.call(v)
        continue
      }
      if (Array.isArray(v)) return { _tag: "array", items: v }
      return { _tag: "object", entries: Object.entries(v as object) }
    }
  }
  const root = resolve(value, false)
  if (root === undefined) return "null"
  let out = ""
  const stack: Array<string | Resolved> = [root]
  while (stack.length > 0) {
    const item = stack.pop()!
    if (typeof item === "string") {
      out += item
      continue
    }
    if (item._tag === "text") {
      out += item.text
      continue
    }
    // The container's parts, pushed in reverse so they are written in order.
    const parts: Array<string | Resolved> = []
    if (item._tag === "array") {
      out += "["
      item.items.forEach((x, i) => {
        if (i > 0) parts.push(", ")
        parts.push(resolve(x, true)!)
      })
      parts.push("]")
    } else {
      out += "{"
      for (const [k, x] of item.entries) {
        const resolved = resolve(x, false)
        if (resolved === undefined) continue
        parts.push(`${parts.length === 0 ? "" : ", "}${escapeNonAscii(JSON.stringify(k))}: `, resolved)
      }
      parts.push("}")
    }
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!)
  }
  return out
}
