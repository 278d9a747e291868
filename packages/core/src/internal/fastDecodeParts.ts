/**
 * Parts of the fast decoder (`fastDecode.ts`): its sentinel and shared helpers, the generated
 * struct decoders and the class check.
 * @internal
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as AST from "effect/SchemaAST"
import { dropNull } from "./fields.ts"

/** What a compiled decoder returns for an input the schema refuses. */
export const FAIL: unique symbol = Symbol.for("@rayvision/core/fastDecode/FAIL")

/** Thrown when a declaration or transformation answers with an Effect that is not an Either. */
export class Bail {}
export const BAIL = /* @__PURE__ */ new Bail()

export type Decode = (u: unknown) => unknown

export const options = AST.defaultParseOption
export const hasOwn = Object.prototype.hasOwnProperty
/** What `out[key]` reads on a fresh `{}` without the key (Effect reads the same). */
export const EMPTY: Record<PropertyKey, unknown> = {}

export const identity: Decode = (u) => u
/** Decoders that accept and return any input unchanged. */
export const accepting = /* @__PURE__ */ new WeakSet<Decode>([identity])
/** For decoders that return their input when a test holds: the test, as JS source on a variable. */
export const tests = /* @__PURE__ */ new WeakMap<Decode, (v: string) => string>()

/** Whether `new Function` may be used here (not where a content security policy forbids it). */
const canGenerate = /* @__PURE__ */ (() => {
  try {
    return new Function("return 1")() === 1
  } catch {
    return false
  }
})()

/** The value of a synchronous parse result; FAIL for a Left; bails on anything else. */
export const settle = (result: unknown): unknown => {
  if (Either.isEither(result)) return Either.isRight(result) ? result.right : FAIL
  throw BAIL
}

export interface Fused {
  readonly names: ReadonlyArray<PropertyKey>
  readonly fromOptional: ReadonlyArray<boolean>
  readonly toOptional: ReadonlyArray<boolean>
  readonly fromDecoders: ReadonlyArray<Decode>
  readonly toDecoders: ReadonlyArray<Decode | null>
  readonly steps: ReadonlyArray<((o: Option.Option<unknown>) => Option.Option<unknown>) | undefined>
  readonly extras: boolean
  readonly expected: Record<PropertyKey, null>
}

/**
 * The fused struct decoder as generated JS (fields read and written by name, simple checks
 * inline): the same steps as the closure in `fused`, in the same order. `undefined` where code
 * cannot be generated (a symbol key, or `new Function` forbidden).
 */
export const generate = (f: Fused): Decode | undefined => {
  if (!canGenerate || f.names.some((name) => typeof name !== "string")) return undefined
  const lines: Array<string> = [
    `if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL;`,
    `var out = {}, a, present, o;`
  ]
  f.names.forEach((name, i) => {
    const key = JSON.stringify(name)
    const decodeFrom = (v: string) => {
      const test = tests.get(f.fromDecoders[i]!)
      return test !== undefined ? `if (!(${test(v)})) return FAIL;` : `a = F[${i}](${v}); if (a === FAIL) return FAIL;`
    }
    lines.push(f.fromOptional[i] ? `present = hasOwn.call(input, ${key});` : `present = true;`)
    lines.push(`if (present) { a = input[${key}]; ${decodeFrom("a")} }`)
    const step = f.steps[i]
    if (step === dropNull) lines.push(`if (present && a === null) present = false;`)
    else if (step !== undefined) {
      lines.push(`o = S[${i}](present ? some(a) : none); present = isSome(o); if (present) a = o.value;`)
    }
    const t = f.toDecoders[i] ?? null
    const test = t === null ? undefined : tests.get(t)
    const decodeTo =
      t === null
        ? ""
        : test !== undefined
          ? `if (!(${test("a")})) return FAIL;`
          : `a = T[${i}](a); if (a === FAIL) return FAIL;`
    lines.push(
      f.toOptional[i]
        ? `if (present) { ${decodeTo} out[${key}] = a; }`
        : `if (!present) a = EMPTY[${key}]; ${decodeTo} out[${key}] = a;`
    )
  })
  if (f.extras) {
    lines.push(`var keys = Object.keys(input);`)
    lines.push(
      `for (var i = 0; i < keys.length; i++) if (!hasOwn.call(expected, keys[i])) out[keys[i]] = input[keys[i]];`
    )
  }
  lines.push(`return out;`)
  try {
    const factory = new Function(
      "FAIL",
      "hasOwn",
      "EMPTY",
      "F",
      "T",
      "S",
      "some",
      "none",
      "isSome",
      "expected",
      `"use strict"; return function (input) {\n${lines.join("\n")}\n};`
    )
    return factory(
      FAIL,
      hasOwn,
      EMPTY,
      f.fromDecoders,
      f.toDecoders,
      f.steps,
      Option.some,
      Option.none(),
      Option.isSome,
      f.expected
    )
  } catch {
    return undefined
  }
}

/**
 * The prototype of the instances a class's transformation makes, when making one is proven to
 * be the same as giving its decoded fields that prototype: the class (`Schema.Class`, whose
 * constructor copies the fields onto the instance) has no constructor defaults, initializers
 * or setters of its own (probed once). `undefined` for any other transformation.
 */
export const plainClass = (ast: AST.Transformation, kind: AST.FinalTransformation): object | undefined => {
  const declaration = ast.to
  if (!AST.isDeclaration(declaration) || Option.isNone(AST.getSurrogateAnnotation(ast))) return undefined
  const surrogate = AST.getSurrogateAnnotation(declaration)
  if (Option.isNone(surrogate) || !AST.isTypeLiteral(surrogate.value)) return undefined
  const names = surrogate.value.propertySignatures.map((ps) => ps.name)
  if (names.length === 0 || names.includes("__proto__")) return undefined
  const make = (props: Record<PropertyKey, unknown>) => settle(kind.decode(props, options, ast, props))
  const parse = declaration.decodeUnknown(...declaration.typeParameters)
  try {
    const empty = make({})
    if (typeof empty !== "object" || empty === null || Reflect.ownKeys(empty).length > 0) return undefined
    const proto = Object.getPrototypeOf(empty) as object | null
    if (proto === null || proto === Object.prototype) return undefined
    for (const order of [names, [...names].reverse()]) {
      const props: Record<PropertyKey, unknown> = {}
      for (const name of order) props[name] = Symbol.for(String(name))
      const instance = make(props)
      if (typeof instance !== "object" || instance === null || Object.getPrototypeOf(instance) !== proto)
        return undefined
      if (!Object.isExtensible(instance) || settle(parse(instance, options, declaration)) !== instance) return undefined
      const keys = Reflect.ownKeys(instance)
      if (keys.length !== order.length) return undefined
      for (let i = 0; i < keys.length; i++) {
        const d = Object.getOwnPropertyDescriptor(instance, keys[i]!)
        if (keys[i] !== order[i] || d === undefined || d.value !== props[order[i]!]) return undefined
        if (!d.writable || !d.enumerable || !d.configurable) return undefined
      }
    }
    return proto
  } catch {
    return undefined
  }
}
