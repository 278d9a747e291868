/**
 * A faster `Schema.decodeUnknownEither`: a schema's AST compiled once into plain functions
 * (closures, no Effect), with the same result. The compiled function answers only when it is
 * sure: a value it decodes is the value Effect's decoder gives (deep-equal, properties in the
 * same order, the same class instances); on anything it refuses, or an AST node it does not
 * know, the answer comes from `Schema.decodeUnknownEither` itself (so errors are Effect's own).
 *
 * What is interpreted: keywords, literals, enums, refinements (their own filters), arrays and
 * tuples, structs with property signatures and string index signatures (default options:
 * excess properties dropped, optional keys skipped, a missing required key read as the value
 * `input[key]`), unions without literal tags (first member that decodes), suspensions,
 * declarations (their own parser, e.g. a class's `instanceof`), transformations (their own
 * `decode`, taken when it answers synchronously) and the property-signature transformations
 * of `optionalWith` and `fromKey`. A struct whose fields are transformed one by one under the
 * same names (what `optionalWith` builds) is read in one pass instead of three, by generated code
 * that makes the object with a constructor (the class's prototype from the start, room for every
 * field up front) and takes a value found on a plain object (prototype `Object.prototype`, where
 * the key is not) as its own without asking `hasOwnProperty` each time. Inputs are taken as data:
 * a getter or a proxy trap is not promised to be called as often, or in the order, Effect calls it.
 * @internal
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { dropNull } from "./fields.ts"
import {
  accepting,
  excess,
  type Decode,
  EMPTY,
  FAIL,
  generate,
  hasLiterals,
  hasOwn,
  indexed,
  identity,
  options,
  instanceOrNull,
  plainClass,
  proven,
  refine,
  settle,
  tests
} from "./fastDecodeParts.ts"

/** Decoders whose every value is an object made by the decoder (never the input itself). */
const fresh = /* @__PURE__ */ new WeakSet<Decode>()
const made = (decode: Decode): Decode => {
  fresh.add(decode)
  return decode
}

/** For generated struct decoders: the same decoder making its objects with a given prototype. */
const withProto = /* @__PURE__ */ new WeakMap<Decode, (proto: object) => Decode | undefined>()

/** Compiles one schema; `undefined` when some node is not interpreted. */
class Compiler {
  private readonly memo = new Map<AST.AST, Decode>()

  /**
   * Exact (`onExcessProperty: "error"`, how the transport validates a call's input): a struct
   * refuses an input with a key it does not declare, and only what that check covers is compiled
   * (keywords, literals, enums, refinements, arrays and tuples, structs without index signatures,
   * unions of checks); the rest is left to Effect's decoder.
   */
  constructor(private readonly exact = false) {}

  compile(ast: AST.AST): Decode | undefined {
    const known = this.memo.get(ast)
    if (known !== undefined) return known
    if (Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))) {
      return undefined
    }
    if (ast._tag === "Suspend") {
      let target: Decode | undefined
      const decode: Decode = (u) => target!(u)
      this.memo.set(ast, decode)
      target = this.compile(ast.f())
      return target === undefined ? undefined : decode
    }
    const decode = this.node(ast)
    if (decode !== undefined) this.memo.set(ast, decode)
    return decode
  }

  private node(ast: AST.AST): Decode | undefined {
    switch (ast._tag) {
      case "StringKeyword":
        return refine(
          (u) => typeof u === "string",
          (v) => `typeof ${v} === "string"`
        )
      case "NumberKeyword":
        return refine(
          (u) => typeof u === "number",
          (v) => `typeof ${v} === "number"`
        )
      case "BooleanKeyword":
        return refine(
          (u) => typeof u === "boolean",
          (v) => `typeof ${v} === "boolean"`
        )
      case "BigIntKeyword":
        return refine((u) => typeof u === "bigint")
      case "SymbolKeyword":
        return refine((u) => typeof u === "symbol")
      case "UndefinedKeyword":
        return refine((u) => u === undefined)
      case "NeverKeyword":
        return () => FAIL
      case "ObjectKeyword":
        return refine((u) => (typeof u === "object" && u !== null) || typeof u === "function")
      case "UnknownKeyword":
      case "AnyKeyword":
      case "VoidKeyword":
        return identity
      case "Literal": {
        const literal = ast.literal
        const source =
          literal === null || typeof literal === "string" || typeof literal === "boolean"
            ? JSON.stringify(literal)
            : typeof literal === "number" && Number.isFinite(literal) && !Object.is(literal, -0)
              ? String(literal)
              : undefined
        return refine((u) => u === literal, source === undefined ? undefined : (v) => `${v} === ${source}`)
      }
      case "UniqueSymbol": {
        const symbol = ast.symbol
        return refine((u) => u === symbol)
      }
      case "Enums": {
        const values = ast.enums.map(([, value]) => value)
        return refine((u) => values.some((value) => value === u))
      }
      case "Refinement": {
        const from = this.compile(ast.from)
        if (from === undefined) return undefined
        const filter = ast.filter
        return (u) => {
          const a = from(u)
          return a === FAIL || Option.isSome(filter(a, options, ast)) ? FAIL : a
        }
      }
      case "Declaration": {
        if (this.exact) return undefined
        const parse = ast.decodeUnknown(...ast.typeParameters)
        return (u) => settle(parse(u, options, ast))
      }
      case "TupleType":
        return this.tuple(ast)
      case "TypeLiteral":
        return this.typeLiteral(ast)
      case "Union": {
        if (ast.types.some(hasLiterals)) return undefined
        const members: Array<Decode> = []
        for (const type of ast.types) {
          const member = this.compile(type)
          if (member === undefined) return undefined
          members.push(member)
        }
        const sources = members.map((member) => tests.get(member))
        const allTests = sources.every((source) => source !== undefined)
        if (this.exact && !allTests) return undefined
        if (allTests) {
          // Each member returns its input when its test holds: the union is the disjunction.
          const checks = members
          return refine(
            (u) => checks.some((check) => check(u) !== FAIL),
            (v) => `(${sources.map((source) => source!(v)).join(" || ")})`
          )
        }
        return (u) => {
          for (let i = 0; i < members.length; i++) {
            const a = members[i]!(u)
            if (a !== FAIL) return a
          }
          return FAIL
        }
      }
      case "Transformation":
        return this.exact ? undefined : this.transformation(ast)
    }
    return undefined
  }

  private tuple(ast: AST.TupleType): Decode | undefined {
    if (ast.rest.length > 1) return undefined
    const elements: Array<Decode> = []
    for (const element of ast.elements) {
      const decode = this.compile(element.type)
      if (decode === undefined) return undefined
      elements.push(decode)
    }
    const rest = ast.rest.length === 1 ? this.compile(ast.rest[0]!.type) : null
    if (rest === undefined) return undefined
    const required = ast.elements.filter((e) => !e.isOptional).length
    const count = elements.length
    return (input) => {
      if (!Array.isArray(input)) return FAIL
      const len = input.length
      if (len < required || (rest === null && len > count)) return FAIL
      const out: Array<unknown> = []
      let i = 0
      for (; i < count; i++) {
        if (i >= len) continue
        const a = elements[i]!(input[i])
        if (a === FAIL) return FAIL
        out.push(a)
      }
      if (rest !== null) {
        for (; i < len; i++) {
          const a = rest(input[i])
          if (a === FAIL) return FAIL
          out.push(a)
        }
      }
      return out
    }
  }

  /** Index signatures with a string key; `undefined` for any other key. */
  private indexSignatures(ast: AST.TypeLiteral): Array<Decode> | undefined {
    const out: Array<Decode> = []
    for (const is of ast.indexSignatures) {
      if (is.parameter._tag !== "StringKeyword") return undefined
      const decode = this.compile(is.type)
      if (decode === undefined) return undefined
      out.push(decode)
    }
    return out
  }

  private typeLiteral(ast: AST.TypeLiteral): Decode | undefined {
    if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
      // Effect's own reading: the input itself, extra keys and all, whatever the options.
      return refine((u) => u !== null && u !== undefined)
    }
    const names: Array<PropertyKey> = []
    const optional: Array<boolean> = []
    const decoders: Array<Decode> = []
    const expected: Record<PropertyKey, null> = {}
    for (const ps of ast.propertySignatures) {
      const decode = this.compile(ps.type)
      if (decode === undefined) return undefined
      names.push(ps.name)
      optional.push(ps.isOptional)
      decoders.push(decode)
      expected[ps.name] = null
    }
    const index = this.indexSignatures(ast)
    if (index === undefined || (this.exact && index.length > 0)) return undefined
    const n = names.length
    const exact = this.exact
    return made((input) => {
      if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL
      const record = input as Record<PropertyKey, unknown>
      if (exact && excess(record, expected)) return FAIL
      const out: Record<PropertyKey, unknown> = {}
      for (let i = 0; i < n; i++) {
        const name = names[i]!
        if (optional[i] && !hasOwn.call(record, name)) continue
        const a = decoders[i]!(record[name])
        if (a === FAIL) return FAIL
        out[name] = a
      }
      return index.length === 0 ? out : indexed(record, out, index, expected)
    })
  }

  private transformation(ast: AST.Transformation): Decode | undefined {
    const kind = ast.transformation
    if (kind._tag === "TypeLiteralTransformation") {
      const fused = this.fused(ast, kind)
      if (fused !== null) return fused
    }
    const from = this.compile(ast.from)
    const to = this.compile(ast.to)
    if (from === undefined || to === undefined) return undefined
    switch (kind._tag) {
      case "FinalTransformation": {
        const decode = kind.decode
        const plain = fresh.has(from) ? plainClass(ast, kind) : undefined
        if (plain !== undefined) {
          const { instance, proto } = plain
          proven.set(ast, instance)
          const direct = withProto.get(from)?.(proto)
          if (direct !== undefined) return made(direct)
          return made((u) => {
            const a = from(u)
            return a === FAIL ? FAIL : Object.setPrototypeOf(a, proto)
          })
        }
        return (u) => {
          const a = from(u)
          if (a === FAIL) return FAIL
          const b = settle(decode(a, options, ast, u))
          return b === FAIL ? FAIL : to(b)
        }
      }
      case "ComposeTransformation":
        return (u) => {
          const a = from(u)
          return a === FAIL ? FAIL : to(a)
        }
      case "TypeLiteralTransformation": {
        const steps = kind.propertySignatureTransformations
        const decode: Decode = (u) => {
          const a = from(u)
          if (a === FAIL) return FAIL
          // As Effect does: each field's transformation on the decoded object, in order.
          const o = a as Record<PropertyKey, unknown>
          for (const step of steps) {
            const result = step.decode(hasOwn.call(o, step.from) ? Option.some(o[step.from]) : Option.none())
            delete o[step.from]
            if (Option.isSome(result)) o[step.to] = result.value
          }
          return to(o)
        }
        return fresh.has(to) ? made(decode) : decode
      }
    }
  }

  /**
   * A struct whose fields are each transformed under their own name (the encoded and decoded
   * sides list the same names in the same order): decoded, transformed and checked field by
   * field into one object, as the three passes of Effect leave it. `null` when the shape is
   * another; `undefined` when a node is not interpreted.
   */
  private fused(ast: AST.Transformation, kind: AST.TypeLiteralTransformation): Decode | undefined | null {
    const { from, to } = ast
    if (!AST.isTypeLiteral(from) || !AST.isTypeLiteral(to)) return null
    const fromPs = from.propertySignatures
    const toPs = to.propertySignatures
    if (fromPs.length === 0 || fromPs.length !== toPs.length) return null
    if (fromPs.some((ps, i) => ps.name !== toPs[i]!.name || ps.name === "__proto__")) return null
    const position = new Map<PropertyKey, number>(fromPs.map((ps, i) => [ps.name, i]))
    const steps: Array<((o: Option.Option<unknown>) => Option.Option<unknown>) | undefined> = fromPs.map(
      () => undefined
    )
    for (const step of kind.propertySignatureTransformations) {
      const i = position.get(step.from)
      if (step.from !== step.to || i === undefined || steps[i] !== undefined) return null
      steps[i] = step.decode
    }
    // Extra keys: kept as they came when both sides keep any value under any string key.
    const keepsAll = (s: AST.TypeLiteral) =>
      s.indexSignatures.length === 1 &&
      s.indexSignatures[0]!.parameter._tag === "StringKeyword" &&
      (s.indexSignatures[0]!.type._tag === "UnknownKeyword" || s.indexSignatures[0]!.type._tag === "AnyKeyword")
    const extras = keepsAll(from) && keepsAll(to)
    if (!extras && (from.indexSignatures.length > 0 || to.indexSignatures.length > 0)) return null
    if (
      Option.isSome(AST.getParseOptionsAnnotation(from)) ||
      Option.isSome(AST.getParseOptionsAnnotation(to)) ||
      Option.isSome(AST.getDecodingFallbackAnnotation(from)) ||
      Option.isSome(AST.getDecodingFallbackAnnotation(to))
    ) {
      return undefined
    }
    const names = fromPs.map((ps) => ps.name)
    const fromOptional = fromPs.map((ps) => ps.isOptional)
    const toOptional = toPs.map((ps) => ps.isOptional)
    const fromDecoders: Array<Decode> = []
    const toDecoders: Array<Decode | null> = []
    for (let i = 0; i < names.length; i++) {
      const f = this.compile(fromPs[i]!.type)
      const t = this.compile(toPs[i]!.type)
      if (f === undefined || t === undefined) return undefined
      fromDecoders.push(f)
      // The class's own check left out where the encoded side made the instance (see `proven`).
      const ours = steps[i] === dropNull && toPs[i]!.isOptional && instanceOrNull(fromPs[i]!.type, toPs[i]!.type)
      toDecoders.push(accepting.has(t) || ours ? null : t)
    }
    const expected: Record<PropertyKey, null> = {}
    for (const name of names) expected[name] = null
    const n = names.length
    const some = Option.some
    const none = Option.none()
    const fields = { names, fromOptional, toOptional, fromDecoders, toDecoders, steps, extras, expected }
    const generated = generate(fields)
    if (generated !== undefined) {
      withProto.set(generated, (proto) => generate(fields, proto))
      return made(generated)
    }
    return made((input) => {
      if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL
      const record = input as Record<PropertyKey, unknown>
      const out: Record<PropertyKey, unknown> = {}
      for (let i = 0; i < n; i++) {
        const name = names[i]!
        let present = fromOptional[i] === false || hasOwn.call(record, name)
        let a: unknown
        if (present) {
          a = fromDecoders[i]!(record[name])
          if (a === FAIL) return FAIL
        }
        const step = steps[i]
        if (step === dropNull) {
          if (present && a === null) present = false
        } else if (step !== undefined) {
          const o = step(present ? some(a) : none)
          present = Option.isSome(o)
          if (present) a = (o as Option.Some<unknown>).value
        }
        if (!present) {
          if (toOptional[i]) continue
          a = EMPTY[name]
        }
        const t = toDecoders[i]
        if (t !== null) {
          a = t!(a)
          if (a === FAIL) return FAIL
        }
        out[name] = a
      }
      if (extras) {
        for (const key of Object.keys(record)) if (!hasOwn.call(expected, key)) out[key] = record[key]
      }
      return out
    })
  }
}

/** A decoder as `Schema.decodeUnknownEither` makes it. */
export type Decoder<A> = (u: unknown) => Either.Either<A, ParseResult.ParseError>

const compiledCache = /* @__PURE__ */ new WeakMap<AST.AST, Decode | null>()
const decoderCache = /* @__PURE__ */ new WeakMap<AST.AST, Decoder<any>>()
const exactCompiledCache = /* @__PURE__ */ new WeakMap<AST.AST, Decode | null>()
const exactDecoderCache = /* @__PURE__ */ new WeakMap<AST.AST, Decoder<any>>()

const compileAst = (ast: AST.AST, exact = false): Decode | null => {
  const cache = exact ? exactCompiledCache : compiledCache
  let decode = cache.get(ast)
  if (decode === undefined) {
    decode = new Compiler(exact).compile(ast) ?? null
    cache.set(ast, decode)
  }
  return decode
}

/**
 * How often the compiled decoders answered and how often Effect's decoder did (inputs refused,
 * or met something the compiled one does not interpret). For tests. @internal
 */
export const counts = { fast: 0, fallback: 0 }

/**
 * Whether `schema` compiles whole: then its decoder answers every input it accepts without
 * Effect's decoder. @internal
 */
export const compiled = (schema: Schema.Schema.AnyNoContext, exact = false): boolean =>
  compileAst(schema.ast, exact) !== null

/**
 * `Schema.decodeUnknownEither(schema)` (default options; with `exact`, `onExcessProperty:
 * "error"`), faster: the compiled decoder when it accepts the input, Effect's own decoder
 * otherwise. Cached per schema. @internal
 */
export const fastDecoder = <A, I>(schema: Schema.Schema<A, I, never>, exact = false): Decoder<A> => {
  const decoders = exact ? exactDecoderCache : decoderCache
  const cached = decoders.get(schema.ast)
  if (cached !== undefined) return cached
  const slow = Schema.decodeUnknownEither(schema, exact ? { onExcessProperty: "error" } : undefined)
  const fast = compileAst(schema.ast, exact)
  const decoder: Decoder<A> =
    fast === null
      ? (u) => {
          counts.fallback++
          return slow(u)
        }
      : (u) => {
          let a: unknown
          try {
            a = fast(u)
          } catch {
            a = FAIL
          }
          if (a === FAIL) {
            counts.fallback++
            return slow(u)
          }
          counts.fast++
          return Either.right(a as A)
        }
  decoders.set(schema.ast, decoder)
  return decoder
}
