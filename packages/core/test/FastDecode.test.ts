/**
 * The fast decoder against `Schema.decodeUnknownEither`, for every endpoint's response schema:
 * answers drawn from each schema's encoded side, rows as the service writes them, and random
 * mutations of both (nulls, missing fields, extra keys, wrong types, numeric strings). Both must
 * give the same Either: deep-equal values with properties in the same order and the same
 * prototypes (class instances, redacted secrets), or the same error message.
 */
import { ProjectService, RenderEnvService, TaskService, TransferService, UserService } from "@rayvision/core"
import { Either, Redacted, Schema } from "effect"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { compiled, counts, fastDecoder } from "../src/internal/fastDecode.ts"
import { generate } from "../src/internal/fastDecodeParts.ts"
import { opt } from "../src/internal/fields.ts"
import { frameRow } from "./frames.ts"

const tables = { TaskService, UserService, ProjectService, RenderEnvService, TransferService }
type Schemas = { readonly request: Schema.Schema<any, any, never>; readonly response: Schema.Schema<any, any, never> }
const endpointsOf = (side: keyof Schemas) =>
  Object.entries(tables).flatMap(([service, module]) =>
    Object.entries(module.endpoints as Record<string, Schemas>).map(([name, endpoint]) => ({
      name: `${service}.${name}`,
      schema: endpoint[side]
    }))
  )
const endpoints = endpointsOf("response")
const requests = endpointsOf("request")

/** A value with everything that tells two decodings apart made visible: key order, prototypes, secrets. */
const shape = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return { redacted: shape(Redacted.value(value)) }
  if (Array.isArray(value)) return { array: value.map(shape) }
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null
    return {
      proto: proto === null ? null : (proto.constructor?.name ?? "?"),
      entries: Reflect.ownKeys(value).map((key) => [String(key), shape((value as Record<PropertyKey, unknown>)[key])])
    }
  }
  return typeof value === "number" && Number.isNaN(value) ? "NaN" : value
}

/** Asserts that both decoders give the same answer for `input` (each on its own copy, unless `shared`); `exact`: with `onExcessProperty: "error"`. */
const same = (schema: Schema.Schema<any, any, never>, input: unknown, shared = false, exact = false) => {
  const copy = () => (input === undefined || shared ? input : structuredClone(input))
  const expected = Schema.decodeUnknownEither(schema, exact ? { onExcessProperty: "error" } : undefined)(copy())
  const actual = fastDecoder(schema, exact)(copy())
  expect(actual._tag).toBe(expected._tag)
  if (Either.isRight(expected) && Either.isRight(actual)) {
    expect(shape(actual.right)).toStrictEqual(shape(expected.right))
    if (typeof expected.right === "object" && expected.right !== null) {
      expect(Object.getPrototypeOf(actual.right)).toBe(Object.getPrototypeOf(expected.right))
    }
  }
  if (Either.isLeft(expected) && Either.isLeft(actual)) expect(actual.left.message).toBe(expected.left.message)
  return expected
}

/** A deterministic random source. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}

const odd: ReadonlyArray<unknown> = [null, undefined, "12", "", 0, -1, 1.5, true, "x", [], {}, [1, "2"], { a: 1 }]

/** `value` with one random change somewhere inside: a value replaced, a key dropped or added. */
const mutate = (value: unknown, next: () => number): unknown => {
  const pick = <A>(xs: ReadonlyArray<A>) => xs[Math.floor(next() * xs.length)]!
  if (Array.isArray(value)) {
    if (value.length === 0 || next() < 0.2) return next() < 0.5 ? pick(odd) : [...value, pick(odd)]
    const i = Math.floor(next() * value.length)
    return value.map((item, j) => (i === j ? mutate(item, next) : item))
  }
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value)
    const out: Record<string, unknown> = { ...value }
    const roll = next()
    if (keys.length === 0 || roll < 0.15) out[pick(["extra", "zz", "0", "toString", keys[0] ?? "k"])] = pick(odd)
    else if (roll < 0.3) delete out[pick(keys)]
    else if (roll < 0.4) out[pick(keys)] = null
    else if (roll < 0.5) {
      const key = pick(keys)
      out[key] = typeof out[key] === "number" ? String(out[key]) : pick(odd)
    } else {
      const key = pick(keys)
      out[key] = mutate(out[key], next)
    }
    return out
  }
  return next() < 0.5 ? pick(odd) : value
}

/** Answers drawn from the encoded side of `schema`. */
const samples = (schema: Schema.Schema<any, any, never>, count: number, seed: number): Array<unknown> =>
  FastCheck.sample(Arbitrary.make(Schema.encodedSchema(schema)), { numRuns: count, seed })

describe("fastDecoder", () => {
  it("covers every endpoint's response schema, each compiled whole", () => {
    expect(endpoints.length).toBeGreaterThan(40)
    for (const { name, schema } of endpoints) expect([name, compiled(schema)]).toStrictEqual([name, true])
  })

  it.each(endpoints)("$name: the same answers as Schema.decodeUnknownEither", ({ schema }) => {
    const next = random(7)
    let accepted = 0
    const before = counts.fast
    for (const sample of samples(schema, 40, 11)) {
      if (Either.isRight(same(schema, sample))) accepted++
      for (let i = 0; i < 6; i++) same(schema, mutate(sample, next))
    }
    for (const input of odd) same(schema, input)
    expect(accepted).toBeGreaterThan(0)
    // The compiled decoder answered the inputs it accepts itself.
    expect(counts.fast - before).toBeGreaterThanOrEqual(accepted)
  })

  it("frame pages as the service writes them, and mutated", () => {
    const schema = TaskService.endpoints.framesPage.response
    const rows = [
      frameRow({}),
      frameRow({ frameStatus: 3, isCopy: null, currentRenderTime: "12", averageCpu: null, extra: { a: 1 } }),
      frameRow({ openRenderRam: true, isOverTime: 0, frameRam: null, nodeId: "10.0.0.1" })
    ]
    const page = { pageCount: 1, pageNum: 1, total: rows.length, size: 100, items: rows }
    const decoded = same(schema, page)
    expect(Either.isRight(decoded)).toBe(true)
    const next = random(3)
    for (let i = 0; i < 300; i++) same(schema, mutate(page, next))
  })

  it("task pages with children, nulls, numeric strings and extra keys", () => {
    const schema = TaskService.endpoints.listPage.response
    const task = (id: number, extra: Record<string, unknown> = {}) => ({
      id,
      taskAlias: `2W${id}`,
      taskStatus: 5,
      layerParentId: "0",
      taskKeyValueVo: { tiles: null, allCamera: "cam", other: 1 },
      renderConsume: null,
      unknownField: [1, 2],
      ...extra
    })
    const page = {
      pageCount: 1,
      pageNum: 1,
      total: 2,
      size: 10,
      items: [task(1, { respRenderingTaskList: [task(2), task(3, { respRenderingTaskList: null })] }), task(4)]
    }
    const decoded = same(schema, page)
    expect(Either.isRight(decoded)).toBe(true)
    const next = random(5)
    for (let i = 0; i < 300; i++) same(schema, mutate(page, next))
  })

  it("records keep extra keys in order; a null page is an empty one", () => {
    const schema = UserService.endpoints.taskRecordsPage.response
    const page = { total: 1, items: [{ id: "1", zeta: 1, taskId: 2, alpha: null, 3: "n" }], more: true }
    const decoded = same(schema, page)
    expect(Either.isRight(decoded) && Object.keys(decoded.right.items[0]!)).toStrictEqual([
      "3",
      "id",
      "taskId",
      "zeta",
      "alpha"
    ])
    same(schema, null)
    const next = random(9)
    for (let i = 0; i < 200; i++) same(schema, mutate(page, next))
  })

  it("falls back to Effect's decoder for schemas it does not compile, with the same answers", () => {
    const schema = Schema.Struct({ a: Schema.Number }).annotations({ parseOptions: { onExcessProperty: "preserve" } })
    expect(compiled(schema)).toBe(false)
    same(schema, { a: 1, b: 2 })
    same(schema, { a: "1" })
  })

  it("reads a field as the input's own only when it is (inherited values, null prototypes, own undefined)", () => {
    const frames = TaskService.endpoints.framesPage.response
    const tasks = TaskService.endpoints.listPage.response
    const page = (items: ReadonlyArray<unknown>) => ({ pageCount: 1, pageNum: 1, total: items.length, size: 10, items })
    const row = frameRow({})
    const inherited = Object.assign(Object.create({ frameBlock: "9", userId: 5, isCopy: 1 }) as object, row)
    const bare = Object.assign(Object.create(null) as object, row, { userId: null })
    // Not cloned: structuredClone would drop the prototypes.
    same(frames, page([inherited, bare]), true)
    same(frames, page([{ ...row, isCopy: undefined }]))
    same(frames, page([{ ...row, userId: undefined }]))
    same(
      tasks,
      page([{ id: 1, taskKeyValueVo: Object.assign(Object.create({ tiles: "2" }) as object, { allCamera: "a" }) }]),
      true
    )
    const before = counts.fast
    same(frames, page([row, { ...row, gopName: "g", frameRam: 64 }]))
    expect(counts.fast - before).toBe(1)
  })

  it("does not take what Object.prototype holds for a field the input has not", () => {
    const frames = TaskService.endpoints.framesPage.response
    const row = frameRow({})
    const proto = Object.prototype as Record<string, unknown>
    for (const [key, value] of [
      ["userId", 5],
      ["nodeId", "10.0.0.1"],
      ["isCopy", null]
    ] as const) {
      proto[key] = value
      try {
        same(frames, { pageCount: 1, pageNum: 1, total: 1, size: 10, items: [row] })
        same(frames, { pageCount: 1, pageNum: 1, total: 1, size: 10, items: [{ ...row, [key]: 7 }] })
      } finally {
        delete proto[key]
      }
    }
  })

  it("makes class instances by prototype, fields in the order of the input's schema", () => {
    class Row extends Schema.Class<Row>("Row")({
      a: opt(Schema.Number),
      "b-c": opt(Schema.String),
      "0": opt(Schema.Unknown)
    }) {}
    const schema = Schema.Array(Row)
    const decoded = same(schema, [{ "b-c": "x", a: 1, 0: null }, { a: null, "b-c": "y", 0: [1] }, {}])
    expect(Either.isRight(decoded)).toBe(true)
    const right = fastDecoder(schema)([{ a: 1, "b-c": "x" }])
    expect(Either.isRight(right) && right.right[0] instanceof Row).toBe(true)
    for (const bad of [[{ a: "1" }], [{ "b-c": 2 }], [null], [[]], { a: 1 }]) same(schema, bad)
  })

  it("generates no struct decoder for a prototype with a setter or a read-only field of the same name", () => {
    const fields = {
      names: ["a"],
      fromOptional: [false],
      toOptional: [false],
      fromDecoders: [(u: unknown) => u],
      toDecoders: [null],
      steps: [undefined],
      extras: false,
      expected: { a: null }
    }
    expect(generate(fields)).toBeTypeOf("function")
    expect(generate(fields, Object.create(null) as object)).toBeTypeOf("function")
    const setter = Object.defineProperty({}, "a", { set: () => {} })
    const readOnly = Object.freeze(Object.create({ a: 1 }) as object)
    const frozen = Object.freeze({ a: 1 })
    expect(generate(fields, setter)).toBeUndefined()
    expect(generate(fields, Object.create(readOnly) as object)).toBeTypeOf("function")
    expect(generate(fields, Object.create(frozen) as object)).toBeUndefined()
    expect(generate({ ...fields, extras: true }, Object.create(null) as object)).toBeUndefined()
  })
})

describe('fastDecoder, exact (onExcessProperty: "error", the transport\'s input validation)', () => {
  it.each(requests)(
    "$name: the same answers as Schema.decodeUnknownEither with excess properties refused",
    ({ schema }) => {
      const next = random(5)
      let accepted = 0
      // Drawn from the type side (the refinements hold) and encoded: inputs a caller would pass.
      const valid = FastCheck.sample(Arbitrary.make(schema), { numRuns: 40, seed: 13 }).flatMap((value) => {
        const encoded = Schema.encodeEither(schema)(value)
        return Either.isRight(encoded) ? [encoded.right] : []
      })
      for (const sample of [...valid, ...samples(schema, 20, 13)]) {
        if (Either.isRight(same(schema, sample, false, true))) accepted++
        for (let i = 0; i < 6; i++) same(schema, mutate(sample, next), false, true)
      }
      for (const input of odd) same(schema, input, false, true)
      // Where the exact decoder compiles, valid inputs reach it.
      if (compiled(schema, true) && valid.length > 0) expect(accepted).toBeGreaterThan(0)
    }
  )

  it("compiles the task-id input and refuses what Effect refuses, with Effect's message", () => {
    const schema = TaskService.endpoints.info.request as Schema.Schema<any, any, never>
    expect(compiled(schema, true)).toBe(true)
    const before = counts.fast
    same(schema, { taskIds: [1, 2] }, false, true)
    expect(counts.fast).toBe(before + 1)
    const fallbacks = counts.fallback
    for (const input of [
      { taskIds: [1], extra: 1 },
      Object.assign(Object.create({ inherited: 1 }), { taskIds: [1] }),
      { taskIds: [1], [Symbol.for("s")]: 1 }
    ]) {
      same(schema, input, true, true)
    }
    expect(counts.fallback).toBe(fallbacks + 3)
    expect(Either.isLeft(fastDecoder(schema, true)({ taskIds: [1], extra: 1 }))).toBe(true)
  })
})
