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

/** A key written as `.key` when it is an identifier (V8 sizes a constructor's objects by those). */
const member = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`)

/**
 * Whether `this[name] = value` on an object of prototype `proto` defines an own data property for
 * every name (no setter, no read-only property of that name up the chain).
 */
const assignable = (proto: object, names: ReadonlyArray<string>): boolean =>
  names.every((name) => {
    for (let o: object | null = proto; o !== null; o = Object.getPrototypeOf(o) as object | null) {
      const d = Object.getOwnPropertyDescriptor(o, name)
      if (d !== undefined) return d.writable === true
    }
    return true
  })

/** What a generated constructor returns for an input refused (a constructor cannot return FAIL). */
const REFUSED = /* @__PURE__ */ Object.freeze({})

/**
 * The fused struct decoder as generated JS: the same steps as the closure in `fused`, in the same
 * order, fields read and written by name, simple checks inline. The object is made by a generated
 * constructor whose `prototype` is `proto` (`Object.prototype` for a plain struct, the class's for
 * a class proven plain, see {@link plainClass}), its fields assigned as `this.name = ...`: V8 and
 * JSC then give the objects room for every field up front (no property store grown field by field)
 * and the class's prototype from the start (no `Object.setPrototypeOf` after). `undefined` where
 * code cannot be generated (a symbol key, `new Function` forbidden, a setter or read-only property
 * of a field's name on `proto`, or extra keys kept under another prototype).
 */
export const generate = (f: Fused, proto: object = Object.prototype): Decode | undefined => {
  if (!canGenerate || f.names.some((name) => typeof name !== "string")) return undefined
  const names = f.names as ReadonlyArray<string>
  if (!assignable(proto, names) || (f.extras && proto !== Object.prototype)) return undefined
  const lines: Array<string> = [`var a, present, o;`]
  names.forEach((name, i) => {
    const key = JSON.stringify(name)
    const out = `this${member(name)}`
    // Whether the key is the input's own, as `hasOwnProperty` answers, without asking it in the
    // usual case: a value found on an input whose prototype is `Object.prototype`, where the key
    // is not, is the input's own; a key not `in` the input is not its own.
    const own = `(a !== undefined ? (plain && Object.prototype${member(name)} === undefined) || hasOwn.call(input, ${key}) : ${key} in input && hasOwn.call(input, ${key}))`
    const fromTest = tests.get(f.fromDecoders[i]!)
    const checkFrom =
      fromTest !== undefined
        ? `if (!(${fromTest("a")})) return REFUSED;`
        : `a = F[${i}](a); if (a === FAIL) return REFUSED;`
    const step = f.steps[i]
    const t = f.toDecoders[i] ?? null
    const toTest = t === null ? undefined : tests.get(t)
    const checkTo =
      t === null
        ? ""
        : toTest !== undefined
          ? `if (!(${toTest("a")})) return REFUSED;`
          : `a = T[${i}](a); if (a === FAIL) return REFUSED;`
    if (step === dropNull && f.fromOptional[i] && f.toOptional[i]) {
      // What `opt` builds: a field left out or null is absent. The check of the decoded side is
      // left out where the encoded side's check implies it (`T || a === null`, and a is not null).
      const implied =
        fromTest !== undefined && toTest !== undefined && fromTest("a") === `(${toTest("a")} || a === null)`
      lines.push(
        `a = input${member(name)}; if (${own}) { ${checkFrom} if (a !== null) { ${implied ? "" : checkTo} ${out} = a; } }`
      )
      return
    }
    lines.push(
      f.fromOptional[i] ? `a = input${member(name)}; present = ${own};` : `a = input${member(name)}; present = true;`
    )
    lines.push(`if (present) { ${checkFrom} }`)
    if (step === dropNull) lines.push(`if (present && a === null) present = false;`)
    else if (step !== undefined) {
      lines.push(`o = S[${i}](present ? some(a) : none); present = isSome(o); if (present) a = o.value;`)
    }
    lines.push(
      f.toOptional[i]
        ? `if (present) { ${checkTo} ${out} = a; }`
        : `if (!present) a = EMPTY[${key}]; ${checkTo} ${out} = a;`
    )
  })
  if (f.extras) {
    lines.push(`var keys = Object.keys(input);`)
    lines.push(
      `for (var i = 0; i < keys.length; i++) if (!hasOwn.call(expected, keys[i])) this[keys[i]] = input[keys[i]];`
    )
  }
  try {
    const factory = new Function(
      "FAIL",
      "REFUSED",
      "hasOwn",
      "EMPTY",
      "F",
      "T",
      "S",
      "some",
      "none",
      "isSome",
      "expected",
      "proto",
      `"use strict";
var getProto = Object.getPrototypeOf;
function Out(input, plain) {
${lines.join("\n")}
}
Out.prototype = proto;
return function (input) {
if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL;
var out = new Out(input, getProto(input) === Object.prototype);
return out === REFUSED ? FAIL : out;
};`
    )
    return factory(
      FAIL,
      REFUSED,
      hasOwn,
      EMPTY,
      f.fromDecoders,
      f.toDecoders,
      f.steps,
      Option.some,
      Option.none(),
      Option.isSome,
      f.expected,
      proto
    )
  } catch {
    return undefined
  }
}

/**
 * The prototype of the instances a class's transformation makes, when making one is proven to
 * be the same as giving its decoded fields that prototype: the class (`Schema.Class`, whose
 * constructor copies the fields onto the instance) has no constructor defaults, initializers
 * or setters of its own (probed once). With it, an instance the class made in the probe (for
 * {@link accepts}). `undefined` for any other transformation.
 */
export const plainClass = (
  ast: AST.Transformation,
  kind: AST.FinalTransformation
): { readonly proto: object; readonly instance: object } | undefined => {
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
    let instance: object = empty
    for (const order of [names, [...names].reverse()]) {
      const props: Record<PropertyKey, unknown> = {}
      for (const name of order) props[name] = Symbol.for(String(name))
      const made = make(props)
      if (typeof made !== "object" || made === null || Object.getPrototypeOf(made) !== proto) return undefined
      instance = made
      if (!Object.isExtensible(instance) || settle(parse(instance, options, declaration)) !== instance) return undefined
      const keys = Reflect.ownKeys(instance)
      if (keys.length !== order.length) return undefined
      for (let i = 0; i < keys.length; i++) {
        const d = Object.getOwnPropertyDescriptor(instance, keys[i]!)
        if (keys[i] !== order[i] || d === undefined || d.value !== props[order[i]!]) return undefined
        if (!d.writable || !d.enumerable || !d.configurable) return undefined
      }
    }
    return { proto, instance }
  } catch {
    return undefined
  }
}

/** Whether `declaration` takes `instance` as it is (synchronously, the same object back). */
export const accepts = (declaration: AST.Declaration, instance: object): boolean => {
  try {
    const parse = declaration.decodeUnknown(...declaration.typeParameters)
    return settle(parse(instance, options, declaration)) === instance
  } catch {
    return false
  }
}

/** Whether a union member is tagged by a literal property (Effect then picks members by tag). */
export const hasLiterals = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Declaration": {
      const surrogate = AST.getSurrogateAnnotation(ast)
      return Option.isSome(surrogate) && hasLiterals(surrogate.value)
    }
    case "TypeLiteral":
      return ast.propertySignatures.some((ps) => !ps.isOptional && AST.isLiteral(AST.encodedAST(ps.type)))
    case "TupleType":
      return ast.elements.some((e) => !e.isOptional && AST.isLiteral(AST.encodedAST(e.type)))
    case "Refinement":
    case "Transformation":
      return hasLiterals(ast.from)
    case "Suspend":
      return hasLiterals(ast.f())
  }
  return false
}

/** The index-signature pass of a struct, as Effect runs it: every string key, in order. */
export const indexed = (
  input: Record<PropertyKey, unknown>,
  out: Record<PropertyKey, unknown>,
  index: ReadonlyArray<Decode>,
  expected: Record<PropertyKey, null>
): unknown => {
  for (const decode of index) {
    for (const key of Object.keys(input)) {
      const a = decode(input[key])
      if (a === FAIL) return FAIL
      if (!hasOwn.call(expected, key)) out[key] = a
    }
  }
  return out
}

/**
 * Class transformations whose instances the compiled decoder makes itself, by prototype (see
 * `plainClass`): their declaration (the class's `instanceof`) was proven to accept such an
 * instance, so it is not asked again of each.
 */
export const proven = /* @__PURE__ */ new WeakMap<AST.Transformation, object>()

/**
 * Whether every value `ast` decodes to is `null` or an instance made as in `proven` that
 * `declaration` accepts: the class's own declaration, or the same one with its type parameters
 * on the decoded side (what a struct's type side holds), when it takes the probe's instance.
 */
export const instanceOrNull = (ast: AST.AST, declaration: AST.AST): boolean =>
  (AST.isTransformation(ast) &&
    proven.has(ast) &&
    (ast.to === declaration ||
      (AST.isDeclaration(ast.to) &&
        AST.isDeclaration(declaration) &&
        declaration.decodeUnknown === ast.to.decodeUnknown &&
        accepts(declaration, proven.get(ast)!)))) ||
  (AST.isUnion(ast) &&
    ast.types.every((type) => (AST.isLiteral(type) && type.literal === null) || instanceOrNull(type, declaration)))

/** A decoder that keeps its input when `test` holds; `source` writes the test as code, for generated decoders. */
export const refine = (test: (u: unknown) => boolean, source?: (v: string) => string): Decode => {
  const decode: Decode = (u) => (test(u) ? u : FAIL)
  if (source !== undefined) tests.set(decode, source)
  return decode
}

/** Whether `record` has a key (a symbol, or one `expected` lacks) or a prototype a plain object has not. */
export const excess = (record: Record<PropertyKey, unknown>, expected: Record<PropertyKey, null>): boolean => {
  const proto = Object.getPrototypeOf(record)
  if (proto !== Object.prototype && proto !== null) return true
  for (const key of Object.keys(record)) if (!hasOwn.call(expected, key)) return true
  return Object.getOwnPropertySymbols(record).length > 0
}
