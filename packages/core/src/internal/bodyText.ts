/**
 * The request body as the official Python client writes it (docs/protocol.md 1.6): `json.dumps`
 * defaults, numbers in the text the signer uses for them. Pure functions, no platform code.
 *
 * @internal
 */
import { pythonNumber } from "./pythonText.ts"

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
export const encodeBody = (value: unknown): string => plainText(value, 0) ?? encodeAny(value)

/** Text that `JSON.stringify` writes as it is, and `ensure_ascii` too: printable ASCII, no `"` or `\\`. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

const quoted = (text: string): string => (PLAIN.test(text) ? `"${text}"` : escapeNonAscii(JSON.stringify(text)))

/** How deep {@link plainText} goes before it leaves a value to {@link encodeAny}. */
const MAX_PLAIN_DEPTH = 32

/**
 * The common case, written in one recursive pass: plain objects (no `toJSON`), arrays, strings,
 * finite numbers, booleans and `null`, at most {@link MAX_PLAIN_DEPTH} deep; `undefined` for
 * anything else, which {@link encodeAny} writes. The same text as {@link encodeAny}.
 */
const plainText = (value: unknown, depth: number): string | undefined => {
  switch (typeof value) {
    case "string":
      return quoted(value)
    case "number":
      return Number.isFinite(value) ? pythonNumber(value) : undefined
    case "boolean":
      return value ? "true" : "false"
    case "object": {
      if (value === null) return "null"
      if (depth >= MAX_PLAIN_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined
      if (Array.isArray(value)) {
        let out = "["
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i]
          // As `JSON.stringify` writes them in an array (a hole too).
          const text =
            item === undefined || typeof item === "function" || typeof item === "symbol"
              ? "null"
              : plainText(item, depth + 1)
          if (text === undefined) return undefined
          out += i === 0 ? text : `, ${text}`
        }
        return `${out}]`
      }
      const prototype = Object.getPrototypeOf(value)
      if (prototype !== Object.prototype && prototype !== null) return undefined
      let out = "{"
      for (const key of Object.keys(value)) {
        const item: unknown = (value as Record<string, unknown>)[key]
        // Omitted, as `JSON.stringify` omits them in an object.
        if (item === undefined || typeof item === "function" || typeof item === "symbol") continue
        const text = plainText(item, depth + 1)
        if (text === undefined) return undefined
        out += `${out.length === 1 ? "" : ", "}${quoted(key)}: ${text}`
      }
      return `${out}}`
    }
  }
  return undefined
}

/** Any value, as {@link encodeBody} describes (exported for tests). @internal */
export const encodeAny = (value: unknown): string => {
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
      // An array of leaves (ids, names) is written with one join, not through the stack.
      const resolved = Array.from(item.items, (x) => resolve(x, true)!) // a hole is written null
      if (resolved.every((x) => x._tag === "text")) {
        out += `[${resolved.map((x) => (x as { readonly text: string }).text).join(", ")}]`
        continue
      }
      out += "["
      resolved.forEach((x, i) => {
        if (i > 0) parts.push(", ")
        parts.push(x)
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
