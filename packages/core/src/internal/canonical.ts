/**
 * The canonical form the Renderbus signature is computed over (docs/protocol.md 2, signing), and
 * the Python-compatible JSON text the client sends. Pure functions, no platform code.
 *
 * Two kinds of input share one flattening: a JavaScript value (what the SDK sends), and a
 * tree parsed from raw JSON text with every number kept as its token (what a server must
 * verify). Leaves are turned into their signing text first; flattening only sees text. A
 * JavaScript body of the usual shapes is written in order instead, in time linear in its size
 * (see `stringToSignParts`); the flattening stays its reference and handles the other shapes.
 *
 * @internal
 */

import { type JsonNode, NumberToken } from "./jsonText.ts"
import { compareCodePoints, pythonNumber, pythonNumberToken } from "./pythonText.ts"

export { type JsonNode, JsonSyntaxError, NumberToken, parseJson } from "./jsonText.ts"
export { encodeBody } from "./bodyText.ts"
export { compareCodePoints, pythonFloat, pythonNumber, pythonNumberToken } from "./pythonText.ts"

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
        pushAll(Array.from(v.items, (child, i) => [`${key}${i}`, child, true] as const)) // holes too
        break
    }
  }
  return out
}

const WIDE = /[\uD800-\uFFFF]/

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

/**
 * The string to sign for a JavaScript body the general way: every key into a map, then sorted.
 * {@link stringToSignJs} gives the same text; this is its reference. @internal
 */
export const stringToSignJsGeneral = (input: CanonicalInput, body: unknown): string =>
  build(input, jsEntries(body), true)

/**
 * The string to sign for a JavaScript body: written in order (see below) when the body's shape
 * allows, the general way otherwise. @internal
 */
export const stringToSignJs = (input: CanonicalInput, body: unknown): string => {
  const parts = stringToSignParts(input, body)
  if (parts === undefined) return stringToSignJsGeneral(input, body)
  if (parts.length === 1) return parts[0]!
  // Concatenated, not joined: no copy of the whole string unless something reads its characters.
  let text = parts[0]!
  for (let i = 1; i < parts.length; i++) text += parts[i]!
  lastLarge = { text, parts }
  return text
}

// The last large string to sign written, with its parts: the native signer hashes them part by
// part (see partsOf). One string of 128 KiB or more goes to V8's large-object space, whose fresh
// pages cost more than the rest of a 10,000-id body's signing on some machines.
let lastLarge: { readonly text: string; readonly parts: ReadonlyArray<string> } | undefined

/**
 * The parts of `text` if it is the last large string to sign {@link stringToSignJs} wrote
 * (taken once: the next call returns undefined), undefined otherwise. @internal
 */
export const partsOf = (text: string): ReadonlyArray<string> | undefined => {
  const last = lastLarge
  if (last === undefined || last.text.length !== text.length || last.text !== text) return undefined
  lastLarge = undefined
  return last.parts
}

/**
 * The string to sign for a JavaScript body written in order, in parts whose concatenation it is,
 * each of at most {@link PART_LENGTH} characters but for one long value (so that a large body is
 * hashed part by part, never copied whole into one string); undefined for a shape left to the
 * general way. @internal
 */
export const stringToSignParts = (input: CanonicalInput, body: unknown): Array<string> | undefined => {
  const head = `[POST]${input.domain}:${input.path}`
  const out: Out = { parts: [], text: head }
  if (!orderedPairs(out, input.headers, body)) return undefined
  out.parts.push(out.text === head ? `${head}&` : out.text) // "&" alone: no pairs
  return out.parts
}

// ---------------------------------------------------------------------------------------------
// A JavaScript body's pairs written in order, without collecting and sorting every key
// ---------------------------------------------------------------------------------------------
// Each object's names are sorted (a few, usually) and an array's items are visited in the order
// their indexes sort as text ("0", "1", "10", "100", ..., "11", ..., "2"): the keys below a name
// are the name itself or start with it followed by "." or a digit, so the keys below sibling
// names never interleave and come out in code point order, in time linear in the body. They
// could interleave (and even collide, which Python settles by the last write) only where a name
// holding a container is a prefix of the next name followed by a character up to "9", or where
// an array holds a non-empty array (item 1's item 0 and item 10 are both `k10`): those shapes,
// an empty top-level name, a body that is not a plain object and nesting deeper than MAX_DEPTH
// go the general way.

const MAX_DEPTH = 200

/** The parts written so far, and the one being written. */
interface Out {
  readonly parts: Array<string>
  text: string
}

/** Most characters in a part: far below V8's large-object size (128 KiB) even as UTF-16. @internal */
export const PART_LENGTH = 16_384

/**
 * Writes the pair `&key=text`: each piece appended in turn (no intermediate string of the pair,
 * whose short pieces would be copied).
 */
const putPair = (out: Out, key: string, text: string): void => {
  if (out.text.length + key.length + text.length + 2 > PART_LENGTH) {
    out.parts.push(out.text)
    out.text = "&" + key + "=" + text
  } else {
    out.text = out.text + "&" + key + "=" + text
  }
}

const put = (out: Out, text: string): void => {
  if (out.text.length + text.length > PART_LENGTH) {
    out.parts.push(out.text)
    out.text = text
  } else {
    out.text += text
  }
}

/** A value after its `toJSON`, as `JSON.stringify` reads it. */
const resolveJs = (value: unknown): unknown => {
  let v = value
  while (typeof v === "object" && v !== null) {
    const toJSON = (v as { toJSON?: unknown }).toJSON
    if (typeof toJSON !== "function") break
    v = toJSON.call(v)
  }
  return v
}

/** The text of a resolved value that is not a container (as viewJs); undefined when left out. */
const leafText = (v: unknown, inArray: boolean): string | undefined => {
  switch (typeof v) {
    case "string":
      return v
    case "number":
      return (v | 0) === v ? "" + v : pythonNumber(v)
    case "bigint":
      return v.toString()
    case "boolean":
      return v ? "True" : "False"
    case "object":
      return "None"
    default:
      return inArray ? "None" : undefined
  }
}

/** Whether a name holds a code unit from U+D800 on, where UTF-16 order may differ from code point order. */
const anyWide = (names: ReadonlyArray<string>): boolean => {
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    for (let j = 0; j < name.length; j++) if (name.charCodeAt(j) >= 0xd800) return true
  }
  return false
}

// The order of the last names sorted, kept for the next object of the same shape (the headers
// of every request, the items of a list of records): comparing names is cheaper than sorting them.
// One for the top level, one for the objects below it.
interface LastOrder {
  names: ReadonlyArray<string>
  order: ReadonlyArray<number>
}
const topLevel: LastOrder = { names: [], order: [] }
const below: LastOrder = { names: [], order: [] }

/**
 * The indexes of `names` in code point order of the names, stable (a header comes before the
 * body field that replaces it): insertion sort for a few, the native sort for more.
 */
const orderOf = (names: ReadonlyArray<string>, last: LastOrder): ReadonlyArray<number> => {
  const n = names.length
  if (n === last.names.length) {
    let i = 0
    while (i < n && names[i] === last.names[i]) i++
    if (i === n) return last.order
  }
  const order: Array<number> = []
  for (let i = 0; i < n; i++) order.push(i)
  const wide = anyWide(names)
  if (!wide && n <= 12) {
    for (let i = 1; i < n; i++) {
      const name = names[i]!
      let j = i - 1
      for (; j >= 0 && names[order[j]!]! > name; j--) order[j + 1] = order[j]!
      order[j + 1] = i
    }
  } else {
    const compare = wide ? compareCodePoints : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    order.sort((x, y) => compare(names[x]!, names[y]!) || x - y)
  }
  if (n <= 64) {
    last.names = names
    last.order = order
  }
  return order
}

/** Whether the keys below `a`, a name holding a container, may interleave with those of the next name `b`. */
const mayInterleave = (a: string, b: string): boolean =>
  b.length > a.length && b.charCodeAt(a.length) <= 0x39 && b.startsWith(a)

/** Writes the pairs `&key=text` of a resolved value at `key`, in order; false for a shape it leaves. */
const pairsOf = (out: Out, key: string, v: unknown, inArray: boolean, depth: number): boolean => {
  if (typeof v !== "object" || v === null) {
    const text = leafText(v, inArray)
    if (text !== undefined) putPair(out, key, text)
    return true
  }
  if (depth >= MAX_DEPTH) return false
  if (!Array.isArray(v)) return namedPairs(out, `${key}.`, v as Record<string, unknown>, depth + 1)
  return !(inArray && v.length > 0) && arrayPairs(out, key, v, depth + 1)
}

/** Writes the pairs below an object, each key `prefix` + name. */
const namedPairs = (out: Out, prefix: string, source: Record<string, unknown>, depth: number): boolean => {
  const names = Object.keys(source)
  const order = orderOf(names, below)
  let previous: string | undefined // the previous name, if it holds a container
  for (let k = 0; k < order.length; k++) {
    const name = names[order[k]!]!
    if (previous !== undefined && mayInterleave(previous, name)) return false
    const v = resolveJs(source[name])
    previous = typeof v === "object" && v !== null ? name : undefined
    if (!pairsOf(out, prefix + name, v, false, depth)) return false
  }
  return true
}

// The text of array indexes, made once: a number's text is cached by the engines only for the few
// they saw last, and a long array (thousands of ids) would convert every index anew each call.
const MAX_INDEX_TEXTS = 65_536
const indexTexts: Array<string> = []
const indexText = (i: number): string => (i < MAX_INDEX_TEXTS ? (indexTexts[i] ??= String(i)) : String(i))

/** The index after `i` among 0..n-1 in the order of their decimal text (0, 1, 10, 100, ..., 11, ..., 2, ...). */
const nextIndex = (i: number, n: number): number => {
  if (i === 0) return 1
  if (i * 10 < n) return i * 10
  let j = i
  while (j % 10 === 9 || j + 1 >= n) j = Math.floor(j / 10)
  return j + 1
}

/**
 * Writes the pairs below an array at `key`. The pairs of leaves are joined in batches: one flat
 * string each, fewer and smaller objects than a rope of them.
 */
const arrayPairs = (out: Out, key: string, items: ReadonlyArray<unknown>, depth: number): boolean => {
  const n = items.length
  const head = `&${key}`
  let batch: Array<string> = []
  let batchLength = 0
  for (let count = 0, i = 0; count < n; count++, i = nextIndex(i, n)) {
    const v = resolveJs(items[i])
    const pair = typeof v !== "object" || v === null ? `${head}${indexText(i)}=${leafText(v, true)!}` : undefined
    if (batch.length > 0 && (pair === undefined || batchLength + pair.length > PART_LENGTH)) {
      put(out, batch.length === 1 ? batch[0]! : batch.join(""))
      batch = []
      batchLength = 0
    }
    if (pair !== undefined) {
      batch.push(pair)
      batchLength += pair.length
    } else if (!pairsOf(out, `${key}${i}`, v, true, depth)) {
      return false
    }
  }
  if (batch.length > 0) put(out, batch.length === 1 ? batch[0]! : batch.join(""))
  return true
}

/** Writes the pairs of the headers merged with a body's fields (a body field replaces a header). */
const orderedPairs = (out: Out, headers: Readonly<Record<string, string>>, body: unknown): boolean => {
  if (
    typeof body !== "object" ||
    body === null ||
    Array.isArray(body) ||
    typeof (body as { toJSON?: unknown }).toJSON === "function"
  ) {
    return false
  }
  const names: Array<string> = []
  const values: Array<unknown> = []
  for (const name of Object.keys(headers)) {
    if (name === "signature" || name === "Content-Type") continue
    names.push(name)
    values.push(headers[name])
  }
  for (const name of Object.keys(body)) {
    names.push(name)
    values.push((body as Record<string, unknown>)[name])
  }
  const order = orderOf(names, topLevel)
  let previous = "" // the previous name, if it holds a container
  for (let k = 0; k < order.length; k++) {
    const name = names[order[k]!]!
    if (k + 1 < order.length && name === names[order[k + 1]!]) continue // a header the body replaces
    if (name === "" || (previous !== "" && mayInterleave(previous, name))) return false
    const v = resolveJs(values[order[k]!])
    previous = typeof v === "object" && v !== null ? name : ""
    if (!pairsOf(out, name, v, false, 0)) return false
  }
  return true
}

/** The string to sign for a parsed JSON tree. @internal */
export const stringToSignNode = (input: CanonicalInput, body: JsonNode): string =>
  build(input, body instanceof Map ? body.entries() : [["", body]], false)
