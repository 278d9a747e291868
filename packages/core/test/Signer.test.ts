import { assert, describe, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Signer } from "@rayvision/core"
import { compareCodePoints, pythonFloat } from "../src/internal/canonical.ts"

interface Vector {
  readonly name: string
  readonly accessKey: string
  readonly domain: string | null
  readonly path: string | null
  readonly headers: Record<string, string>
  readonly body: unknown
  readonly wireBody: string | null
  readonly stringToSign: string
  readonly signature: string
}

// The signature vectors of the repository's fixture (computed with the official rayvision_api
// algorithm; see fixtures/README.md). The Node adapter's and the simulator's tests read the same file.
const vectorsPath = fileURLToPath(new URL("./fixtures/signature-vectors.json", import.meta.url))
const vectors: ReadonlyArray<Vector> = JSON.parse(readFileSync(vectorsPath, "utf8"))

describe("signature vectors", () => {
  it("reads every vector of the fixture file", () => {
    assert.isAtLeast(vectors.length, 11)
  })

  for (const v of vectors) {
    it.effect(`${v.name}: signature`, () =>
      Effect.gen(function* () {
        assert.strictEqual(yield* Signer.signature(v.accessKey, v.stringToSign), v.signature)
        assert.strictEqual(yield* Signer.signature(Redacted.make(v.accessKey), v.stringToSign), v.signature)
        const service = yield* Signer.make(Redacted.make(v.accessKey))
        assert.strictEqual(yield* service.sign(v.stringToSign), v.signature)
      })
    )

    if (v.domain === null || v.path === null || v.wireBody === null) continue
    const input = { domain: v.domain, path: v.path, headers: v.headers }

    it(`${v.name}: string to sign from the raw wire body`, () => {
      assert.strictEqual(Signer.stringToSignFromJson({ ...input, bodyText: v.wireBody! }), v.stringToSign)
    })

    // A JS body cannot tell 2 from 2.0: the float vector is checked through the raw text only.
    const hasIntegralFloat = /\d\.0\b|\de\+/.test(v.wireBody)
    if (!hasIntegralFloat) {
      it(`${v.name}: string to sign from the JS body, and the body the client writes`, () => {
        assert.strictEqual(Signer.stringToSign({ ...input, body: v.body }), v.stringToSign)
        assert.strictEqual(Signer.encodeBody(v.body), v.wireBody)
      })
    }
  }
})

describe("Python value text (spec 2.3)", () => {
  it("writes floats as Python's str() does", () => {
    const table: ReadonlyArray<readonly [number, string]> = [
      [1.0, "1.0"],
      [2.0, "2.0"],
      [100.0, "100.0"],
      [1e15, "1000000000000000.0"],
      [0.6, "0.6"],
      [0.1, "0.1"],
      [123456.789, "123456.789"],
      [1 / 3, "0.3333333333333333"],
      [1e16, "1e+16"],
      [1e20, "1e+20"],
      [12345678901234567.0, "1.2345678901234568e+16"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [1.5e-7, "1.5e-07"],
      [-0.0, "-0.0"],
      [0, "0.0"],
      [NaN, "nan"],
      [Infinity, "inf"],
      [-Infinity, "-inf"],
      [1.5e20, "1.5e+20"],
      [-2.5, "-2.5"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"]
    ]
    for (const [x, text] of table) assert.strictEqual(pythonFloat(x), text, String(x))
  })

  it("signs booleans, null and empty containers as the Python client does", () => {
    const text = Signer.stringToSign({
      domain: "d",
      path: "/p",
      headers: {},
      body: { t: true, f: false, n: null, e: [], o: {}, d: { a: [], b: {}, c: "kept" } }
    })
    assert.strictEqual(text, "[POST]d:/p&d.c=kept&f=False&n=None&t=True")
  })

  it("keeps the flattening edge cases of spec 2.2", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['{"a": {"b": {"c": {"d": "e"}}}}', "a.b.c.d=e"],
      [
        '{"key_a": {"sub_key": [{"c": {"d": 1234}}, {"test_key_a": {"test_key": ""}}]}}',
        "key_a.sub_key0.c.d=1234&key_a.sub_key1.test_key_a.test_key="
      ],
      ['{"l": [[5]]}', "l00=5"],
      ['{"": {"a": 1}}', "a=1"],
      ['{"x": {"": 2}}', "x.=2"],
      ['{"y": {"": {"z": 3}}}', "y..z=3"],
      ['{"a1": "x", "a": [0, "y"]}', "a0=0&a1=y"]
    ]
    for (const [bodyText, pairs] of cases) {
      assert.strictEqual(
        Signer.stringToSignFromJson({ domain: "d", path: "/p", headers: {}, bodyText }),
        `[POST]d:/p&${pairs}`
      )
      assert.strictEqual(
        Signer.stringToSign({ domain: "d", path: "/p", headers: {}, body: JSON.parse(bodyText) }),
        `[POST]d:/p&${pairs}`
      )
    }
  })

  it("lets a body field replace a header of the same name in the string to sign", () => {
    const text = Signer.stringToSign({
      domain: "d",
      path: "/p",
      headers: { nonce: "111111", accessId: "A" },
      body: { nonce: "body" }
    })
    assert.strictEqual(text, "[POST]d:/p&accessId=A&nonce=body")
  })

  it("leaves signature and Content-Type out", () => {
    const text = Signer.stringToSign({
      domain: "d",
      path: "/p",
      headers: { signature: "s", "Content-Type": "application/json", a: "1" },
      body: {}
    })
    assert.strictEqual(text, "[POST]d:/p&a=1")
  })

  it("sorts by code point, not by UTF-16 unit", () => {
    // U+1F600 (a surrogate pair in UTF-16) sorts after U+FF21 by code point, before it by code unit.
    const text = Signer.stringToSign({ domain: "d", path: "/p", headers: {}, body: { "\u{1F600}": 1, "\uFF21": 2 } })
    assert.strictEqual(text, "[POST]d:/p&\uFF21=2&\u{1F600}=1")
    assert.isBelow(compareCodePoints("\uFF21", "\u{1F600}"), 0)
  })

  it("writes the body as Python json.dumps does, ASCII only", () => {
    assert.strictEqual(
      Signer.encodeBody({ newName: "测试", n: [1, 2.5], e: {}, u: undefined }),
      '{"newName": "\\u6d4b\\u8bd5", "n": [1, 2.5], "e": {}}'
    )
    assert.strictEqual(Signer.encodeBody({ big: 1e21, small: 1e-7 }), '{"big": 1000000000000000000000, "small": 1e-07}')
  })

  it("refuses text that is not JSON", () => {
    for (const bad of ["", "{", '{"a": }', "[1,]", "{'a': 1}", "NaN", '{"a": 1} x', '"\u0001"']) {
      assert.throws(
        () => Signer.stringToSignFromJson({ domain: "d", path: "/p", headers: {}, bodyText: bad }),
        /position/
      )
    }
  })
})

// Keys of letters only cannot collide after flattening (indexes add digits, nesting adds dots),
// so any reordering of keys must give the same string. Numbers are finite: request schemas keep
// NaN and Infinity out of bodies (Python would write them as the non-JSON tokens NaN/Infinity).
const letterKey = fc.stringMatching(/^[A-Za-z\u00e9\u4e2d\u{1F600}]{1,6}$/u)
const jsonWithLetterKeys = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(letterKey, tie("value"), { maxKeys: 4 })
  )
})).value

// Integers stay within 2^53 here: beyond it a JS number is no longer the token that was written.
const jsonIntsAndStrings = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "binary" }),
    fc.maxSafeInteger(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary" }), tie("value"), { maxKeys: 4 })
  )
})).value

const shuffleKeys = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed))
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
    const rotated = entries
      .slice(seed % (entries.length || 1))
      .concat(entries.slice(0, seed % (entries.length || 1)))
      .reverse()
    return Object.fromEntries(rotated.map(([k, v]) => [k, shuffleKeys(v, seed + 1)]))
  }
  return value
}

describe("canonicalization properties", () => {
  it.prop("ignores key order", [fc.dictionary(letterKey, jsonWithLetterKeys), fc.nat()], ([body, seed]) => {
    const input = { domain: "task.renderbus.com", path: "/p", headers: { accessId: "A", nonce: "123456" } }
    const a = Signer.stringToSign({ ...input, body })
    const b = Signer.stringToSign({ ...input, body: shuffleKeys(body, seed) })
    assert.strictEqual(a, b)
    // The client signs what it writes: the raw-text path over the written body agrees.
    assert.strictEqual(Signer.stringToSignFromJson({ ...input, bodyText: Signer.encodeBody(body) }), a)
  })

  it.prop("never throws on any JSON value, as a JS body or as text", [fc.jsonValue()], ([value]) => {
    const input = { domain: "d", path: "/p", headers: {} }
    const a = Signer.stringToSign({ ...input, body: value })
    const b = Signer.stringToSignFromJson({ ...input, bodyText: JSON.stringify(value) })
    assert.isString(a)
    assert.isString(b)
  })

  it.prop(
    "reads JSON text of integers, strings and any keys the same as the parsed value",
    [jsonIntsAndStrings],
    ([value]) => {
      const input = { domain: "d", path: "/p", headers: {} }
      assert.strictEqual(
        Signer.stringToSignFromJson({ ...input, bodyText: JSON.stringify(value) }),
        Signer.stringToSign({ ...input, body: value })
      )
    }
  )
})
