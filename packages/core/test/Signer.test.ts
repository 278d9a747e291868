import { assert, describe, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { createHmac } from "node:crypto"
import { nodeHmacParts } from "../src/internal/hmac.ts"
import { Signer } from "@rayvision/core"
import {
  type CanonicalInput,
  compareCodePoints,
  PART_LENGTH,
  pythonFloat,
  stringToSignJs,
  partsOf,
  stringToSignJsGeneral,
  stringToSignParts
} from "../src/internal/canonical.ts"

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
        const native = yield* Signer.makeWith(Redacted.make(v.accessKey), Signer.nodeHmac(createHmac))
        assert.strictEqual(yield* native.sign(v.stringToSign), v.signature)
        assert.strictEqual(native.signSync?.(v.stringToSign), v.signature)
        assert.strictEqual(Signer.jsHmac(v.accessKey)(v.stringToSign), v.signature)
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
    // Arrays of leaves (written with one join) and arrays holding containers (through the stack).
    assert.strictEqual(
      Signer.encodeBody({ a: [1, "\u00e9", null, true, 2.5, undefined, new Date(0)], b: [[1], { c: [] }, 2], e: [] }),
      '{"a": [1, "\\u00e9", null, true, 2.5, null, "1970-01-01T00:00:00.000Z"], "b": [[1], {"c": []}, 2], "e": []}'
    )
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

  it.prop("writes a body that reads back as the value JSON.stringify writes", [fc.jsonValue()], ([value]) => {
    assert.deepStrictEqual(JSON.parse(Signer.encodeBody(value)), JSON.parse(JSON.stringify(value)))
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

// The string to sign is written in order (keys never collected and sorted as a whole) when the
// body's shape allows; the general way (every key into a map, then sorted) is the reference.
describe("the string to sign written in order, against the general way", () => {
  const headers = { accessId: "A", channel: "4", platform: "2", UTCTimestamp: "1", nonce: "123456", version: "2.0.0" }
  const input: CanonicalInput = { domain: "task.renderbus.com", path: "/p", headers }
  const same = (body: unknown, on = input) => {
    const general = stringToSignJsGeneral(on, body)
    assert.strictEqual(stringToSignJs(on, body), general)
    const parts = stringToSignParts(on, body)
    if (parts !== undefined) assert.strictEqual(parts.join(""), general)
    return parts
  }

  // Names that collide after flattening or share prefixes, header names, and code units on both
  // sides of the surrogates; strings with lone surrogates; numbers of every kind.
  const name = fc.oneof(
    fc.constantFrom("", "a", "a1", "a.b", "a-", "a:", "ab", "0", "1", "10", "nonce", "accessId", "signature"),
    fc.constantFrom("Content-Type", "\u00e9", "\uFF21", "\u{1F600}", "\uD800", "\uE000"),
    fc.string({ maxLength: 4 }),
    fc.string({ unit: "binary", maxLength: 3 })
  )
  const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u))
  const leaf = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.string({ unit: anyUnit, maxLength: 6 }),
    fc.integer(),
    fc.double(),
    fc.bigInt(),
    fc.constantFrom(2 ** 53, 2 ** 31, -(2 ** 31), 1e21, -0, 0.1, 1e-7, 1e16, NaN, Infinity, -Infinity),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date()
  )
  const value = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(name, tie("value"), { maxKeys: 5 }),
      fc.array(leaf, { maxLength: 40 }),
      fc.constant([]),
      fc.constant({})
    )
  })).value

  it.prop(
    "writes what the general way writes, for any body",
    [value, fc.dictionary(name, fc.string())],
    ([body, h]) => {
      same(body)
      same(body, { ...input, headers: h })
    }
  )

  it.prop(
    "writes bodies of records in order, without the general way",
    [fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.array(fc.record({ id: fc.integer(), name: fc.string() })))],
    ([body]) => {
      assert.isDefined(same(body))
    }
  )

  it("visits array items in the order their indexes sort as text", () => {
    for (let n = 0; n <= 1200; n += n < 120 ? 1 : 37) {
      const body = { taskIds: Array.from({ length: n }, (_, i) => 2_433_370 + i), zone: 1, a: { b: ["x"] } }
      assert.isDefined(same(body), String(n))
    }
    const large = same({ taskIds: Array.from({ length: 10_000 }, (_, i) => i * 7919), tag: "\u6d4b" })!
    // In parts: each well under V8's large-object size, so a large body is hashed part by part.
    assert.isAbove(large.length, 1)
    for (const part of large) assert.isAtMost(part.length, PART_LENGTH)
    same({ frames: Array.from({ length: 3_000 }, (_, i) => ({ frame: i, name: `f${i}`, at: new Date(i) })) })
  })

  it("leaves to the general way the shapes whose keys may interleave or collide", () => {
    const general: ReadonlyArray<unknown> = [
      { a1: "x", a: [0, "y"] }, // a1 written twice: the later write wins, as in Python's dict
      { a: { b: 1 }, "a.b": 2 },
      { l: [[5], [6], [7], [8], [9], [10], [11], [12], [13], [14], [15]] },
      { "": { a: 1 } },
      [1, 2],
      "text",
      null
    ]
    for (const body of general) {
      assert.isUndefined(stringToSignParts(input, body))
      same(body)
    }
    // A body field replaces the header of its name, at the header's place in the merge.
    const on = { ...input, headers: { ...headers, a1: "h" } }
    assert.strictEqual(
      stringToSignJs(on, { a: [0, "y"], a1: "x" }),
      stringToSignJsGeneral(on, { a: [0, "y"], a1: "x" })
    )
    assert.include(stringToSignJs(input, { nonce: "body" }), "&nonce=body&")
  })

  it("reads an array's holes as JSON.stringify does (null), both ways and in the body", () => {
    const a = [1, undefined, 3]
    delete a[1]
    const b = [[1], { c: 2 }, 3]
    delete b[1]
    assert.isDefined(same({ a })) // in order
    assert.isUndefined(same({ a, b })) // the general way (an array in an array)
    assert.strictEqual(
      stringToSignJs({ ...input, headers: {} }, { a, b }),
      "[POST]task.renderbus.com:/p&a0=1&a1=None&a2=3&b00=1&b1=None&b2=3"
    )
    assert.strictEqual(Signer.encodeBody({ a, b }), '{"a": [1, null, 3], "b": [[1], null, 3]}')
  })

  it("takes nesting deeper than the ordered writer goes the general way, without overflowing", () => {
    let deep: unknown = { leaf: 1 }
    for (let i = 0; i < 5_000; i++) deep = i % 2 === 0 ? { n: deep } : [deep]
    same({ deep })
  })
})

describe("the native HMAC", () => {
  const bare = (key: string, message: string) => createHmac("sha256", key).update(message, "utf8").digest("base64")

  it.prop(
    "gives node:crypto's signature of each message in turn, whatever its length and characters",
    [
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.array(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme-ascii", maxLength: 400 }),
          fc.string({ unit: "binary", minLength: 5_000, maxLength: 6_000 })
        ),
        { maxLength: 8 }
      )
    ],
    ([key, messages]) => {
      const sign = Signer.nodeHmac(createHmac)(key)
      for (const message of messages) assert.strictEqual(sign(message), bare(key, message))
    },
    { fastCheck: { numRuns: 50 } }
  )

  it("signs messages around the buffered length, growing its buffer, and lone surrogates", () => {
    const sign = Signer.nodeHmac(createHmac)("k")
    const messages = [
      "",
      "a",
      "b",
      "\uD800",
      "x\uDC00y",
      "\u{1F600}".repeat(200),
      "a".repeat(PART_LENGTH),
      "\u6d4b".repeat(PART_LENGTH),
      "\u6d4b".repeat(PART_LENGTH + 1),
      "a".repeat(PART_LENGTH + 1),
      "short again"
    ]
    for (const message of messages) assert.strictEqual(sign(message), bare("k", message))
  })
})

describe("signing a string to sign in parts", () => {
  it.prop(
    "gives the signature of the whole string",
    [fc.array(fc.string({ unit: "binary" }), { maxLength: 5 })],
    ([parts]) => {
      const key = "test-secret-key"
      assert.strictEqual(nodeHmacParts(createHmac)(key)(parts), Signer.nodeHmac(createHmac)(key)(parts.join("")))
    }
  )

  it("signs the large string to sign just written part by part, with the signature of the whole", async () => {
    const input = { domain: "d", path: "/p", headers: { nonce: "123456" } }
    const body = { taskIds: Array.from({ length: 5_000 }, (_, i) => i), name: "\u{1F600}\u6d4b".repeat(3_000) }
    const whole = stringToSignJsGeneral(input, body)
    const expected = createHmac("sha256", "k").update(whole, "utf8").digest("base64")
    const text = stringToSignJs(input, body)
    assert.strictEqual(text, whole)
    assert.strictEqual(Signer.nodeHmac(createHmac)("k")(text), expected) // through partsOf
    assert.isUndefined(partsOf(text)) // taken once
    assert.strictEqual(Signer.nodeHmac(createHmac)("k")(text), expected) // whole
    const webCrypto = (message: string) => Effect.runPromise(Signer.signature("k", message))
    assert.strictEqual(await webCrypto(stringToSignJs(input, body)), expected) // WebCrypto, through partsOf
    assert.isUndefined(partsOf(text))
    // Only the string just written: not another of the same length, not an older one.
    const other = stringToSignJs(input, { ...body, taskIds: [...body.taskIds].reverse() })
    assert.strictEqual(other.length, whole.length)
    assert.isUndefined(partsOf(whole))
    assert.isDefined(partsOf(other))
  })

  it("signs a large body's parts as the whole string to sign", () => {
    const input = { domain: "d", path: "/p", headers: { nonce: "123456" } }
    const body = { taskIds: Array.from({ length: 5_000 }, (_, i) => i), name: "\u{1F600}\u6d4b".repeat(3_000) }
    const parts = stringToSignParts(input, body)!
    assert.isAbove(parts.length, 2)
    assert.strictEqual(
      nodeHmacParts(createHmac)("k")(parts),
      Signer.nodeHmac(createHmac)("k")(stringToSignJs(input, body))
    )
  })
})

describe("Signer.jsHmac, HMAC-SHA256 in plain JavaScript", () => {
  const nodeSign = (key: string, message: string) => createHmac("sha256", key).update(message, "utf8").digest("base64")

  it("signs as node:crypto across every padding boundary and key length", () => {
    // Message lengths around each block edge (55/56/64 bytes: the length field's own block).
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = "k".repeat(keyLength)
      const sign = Signer.jsHmac(key)
      for (let length = 0; length <= 200; length++) {
        const message = "m".repeat(length)
        assert.strictEqual(sign(message), nodeSign(key, message), `key ${keyLength}, message ${length}`)
      }
    }
  })

  it("signs a long message and a short one after it with the same signer", () => {
    const sign = Signer.jsHmac("secret")
    const long = "x\u00e9".repeat(50_000)
    assert.strictEqual(sign(long), nodeSign("secret", long))
    assert.strictEqual(sign("abc"), nodeSign("secret", "abc"))
  })

  it.prop(
    "gives node:crypto's signature for any key and message, lone surrogates included",
    [fc.string({ unit: "binary", maxLength: 80 }), fc.string({ unit: "binary", maxLength: 400 })],
    ([key, message]) => {
      assert.strictEqual(Signer.jsHmac(key)(message), nodeSign(key, message))
    }
  )
})
