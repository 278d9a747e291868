/**
 * The helpers the model modules are written with (src/internal/fields.ts, src/internal/schema.ts):
 * response fields that may be left out or sent as `null`, and inputs limited to some codes of an
 * enumeration. The models themselves are tested through the services (tests/services/).
 */
import { assert, describe, it } from "@effect/vitest"
import { Either, ParseResult, Schema } from "effect"
import { list, optionalExcept, optionalFields } from "../src/internal/fields.ts"
import { nameOf, oneOf } from "../src/internal/schema.ts"

const Level = { Low: 1, Middle: 2, High: 3 } as const

const messageOf = <A, I>(schema: Schema.Schema<A, I>, input: unknown): string =>
  Either.match(Schema.decodeUnknownEither(schema)(input), {
    onLeft: (error) => ParseResult.ArrayFormatter.formatErrorSync(error)[0]?.message ?? "",
    onRight: () => "decoded"
  })

describe("optionalExcept", () => {
  const Row = Schema.Struct(
    optionalExcept(["id"], { id: Schema.Number, name: Schema.String, size: Schema.Number, tags: list(Schema.String) })
  )

  it("reads the fields not named as absent when left out or null, and the named ones as required", () => {
    assert.deepStrictEqual(Schema.decodeUnknownSync(Row)({ id: 7, name: null }), { id: 7, tags: [] })
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Row)({ name: "a" })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Row)({ id: null })))
  })

  it("keeps a field written as a property signature as it is (a list defaults to [])", () => {
    assert.deepStrictEqual(Schema.decodeUnknownSync(Row)({ id: 1, tags: null }).tags, [])
    assert.deepStrictEqual(Schema.decodeUnknownSync(Row)({ id: 1, tags: ["x"] }).tags, ["x"])
  })

  it("decodes the properties in the order the fields are written, whatever the order of the input", () => {
    const decoded = Schema.decodeUnknownSync(Row)({ tags: ["x"], size: 3, name: "n", id: 1 })
    assert.deepStrictEqual(Object.keys(decoded), ["id", "name", "size", "tags"])
  })

  it("optionalFields makes every field optional", () => {
    const All = Schema.Struct(optionalFields({ a: Schema.Number, b: Schema.String }))
    assert.deepStrictEqual(Schema.decodeUnknownSync(All)({ a: null }), {})
  })
})

describe("oneOf", () => {
  it("accepts the codes of the names given and refuses the others, naming each with its label", () => {
    const Two = oneOf(Level, ["Low", "low"], ["High", "high"])
    assert.strictEqual(Schema.decodeUnknownSync(Two)(Level.High), Level.High)
    assert.strictEqual(messageOf(Two, Level.Middle), `must be ${Level.Low} (low) or ${Level.High} (high)`)
    assert.strictEqual(messageOf(Two, String(Level.Low)), `must be ${Level.Low} (low) or ${Level.High} (high)`)
  })

  it("lists three or more choices with commas, the last after 'or'", () => {
    const Three = oneOf(Level, ["Low", "Level.Low"], ["Middle", "Level.Middle"], ["High", "Level.High"])
    assert.strictEqual(
      messageOf(Three, 0),
      `must be ${Level.Low} (Level.Low), ${Level.Middle} (Level.Middle) or ${Level.High} (Level.High)`
    )
  })
})

describe("nameOf", () => {
  it("gives the name of each code of an enumeration, and undefined for any other number", () => {
    for (const [name, code] of Object.entries(Level)) assert.strictEqual(nameOf(Level, code), name)
    assert.isUndefined(nameOf(Level, 0))
    assert.isUndefined(nameOf(Level, 2.5))
  })
})
