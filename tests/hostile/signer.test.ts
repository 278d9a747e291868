/**
 * Hostile input at the signer (docs/protocol.md 2): the string to sign and the body text never
 * throw on arbitrary JavaScript values, raw JSON text is either read or refused with a
 * `JsonSyntaxError`, and the signature is deterministic and does not depend on the order of object
 * keys.
 */
import { RawJson, Signer } from "@rayvision/core"
import { Effect, Either, FastCheck as fc } from "effect"
import { assert, describe, it } from "vitest"
import { deeplyNested, deeplyNestedText, jsonValue, nastyStrings, nastyValue } from "./support.ts"
import { paths } from "../paths.ts"

const base = {
  domain: "task.renderbus.com",
  path: paths.queryTaskInfo,
  headers: {
    accessId: "AK",
    channel: "4",
    platform: "2",
    UTCTimestamp: "1700000000",
    nonce: "123456",
    version: "2.0.0"
  }
}
const KEY = "hostile-secret"
const sign = (text: string) => Effect.runPromise(Signer.signature(KEY, text))

/** The value with the keys of every object, at every level, in the order `shuffle` gives. */
const permuted = (value: unknown, seed: number): unknown => {
  let state = seed >>> 0 || 1
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0), state)
  const go = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(go)
    if (v === null || typeof v !== "object") return v
    const entries = Object.entries(v).map(([k, x]) => [k, go(x)] as const)
    for (let i = entries.length - 1; i > 0; i--) {
      const j = next() % (i + 1)
      ;[entries[i], entries[j]] = [entries[j]!, entries[i]!]
    }
    const out: Record<string, unknown> = {}
    for (const [k, x] of entries)
      Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true })
    return out
  }
  return go(value)
}

/**
 * The flattened keys of a body (docs/protocol.md 2.1 step 3), with repeats: an independent reading
 * of the key rule, used only to leave out bodies whose keys collide (there the later write wins, so
 * the order of keys matters by design, docs/protocol.md 2.2).
 */
const flatKeys = (body: Record<string, unknown>): Array<string> => {
  const out: Array<string> = []
  const go = (key: string, v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => go(`${key}${i}`, x))
    else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) go(key === "" ? k : `${key}.${k}`, x)
    else out.push(key)
  }
  for (const [k, x] of Object.entries(body)) go(k, x)
  return out
}
const noCollision = (body: Record<string, unknown>) => {
  const keys = [...Object.keys(base.headers), ...flatKeys(body)]
  return new Set(keys).size === keys.length
}

const jsonObject = fc.dictionary(fc.string({ maxLength: 4 }), jsonValue, { maxKeys: 6 })

describe("the signer", () => {
  it("never throws on arbitrary JavaScript bodies, and is deterministic", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyValue, jsonValue), async (body) => {
        const a = Signer.stringToSign({ ...base, body })
        const b = Signer.stringToSign({ ...base, body })
        assert.strictEqual(a, b)
        assert.isTrue(a.startsWith(`[POST]${base.domain}:${base.path}&`))
        assert.strictEqual(await sign(a), await sign(b))
        assert.strictEqual(typeof Signer.encodeBody(body), "string")
      }),
      { numRuns: 200 }
    )
  })

  it("signs the same string whatever the order of object keys, at every level", async () => {
    await fc.assert(
      fc.asyncProperty(jsonObject.filter(noCollision), fc.integer(), async (body, seed) => {
        const shuffled = permuted(body, seed) as Record<string, unknown>
        const a = Signer.stringToSign({ ...base, body })
        const b = Signer.stringToSign({ ...base, body: shuffled })
        assert.strictEqual(a, b)
        assert.strictEqual(await sign(a), await sign(b))
        // The same from the raw text of either order.
        assert.strictEqual(Signer.stringToSignFromJson({ ...base, bodyText: Signer.encodeBody(shuffled) }), a)
      }),
      { numRuns: 200 }
    )
  })

  it("signs the body text it writes exactly as the body (the server's reading equals the client's)", () => {
    fc.assert(
      fc.property(jsonObject, (body) => {
        const text = Signer.encodeBody(body)
        assert.match(text, /^[\x20-\x7e]*$/, "ASCII only (spec 1.6)")
        assert.deepStrictEqual(JSON.parse(text), JSON.parse(JSON.stringify(body)))
        assert.strictEqual(
          Signer.stringToSignFromJson({ ...base, bodyText: text }),
          Signer.stringToSign({ ...base, body })
        )
      }),
      { numRuns: 300 }
    )
  })

  it("reads arbitrary text as JSON or refuses it with a JsonSyntaxError, never another throw", () => {
    const texts = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      jsonValue.map((v) => JSON.stringify(v)),
      // valid JSON with one character deleted, doubled or replaced
      fc
        .tuple(
          jsonValue.map((v) => JSON.stringify(v)),
          fc.nat(),
          fc.constantFrom("", "x", "{", "]", '"', "\\", ",", ":", "-", "e")
        )
        .map(([t, i, c]) => t.slice(0, i % (t.length + 1)) + c + t.slice((i % (t.length + 1)) + 1))
    )
    fc.assert(
      fc.property(texts, (text) => {
        const parsed = RawJson.parse(text)
        let nativeOk = true
        try {
          JSON.parse(text)
        } catch {
          nativeOk = false
        }
        // Strict RFC 8259 both ways: what JSON.parse accepts, RawJson accepts, and the reverse.
        assert.strictEqual(Either.isRight(parsed), nativeOk, JSON.stringify(text))
        if (Either.isRight(parsed)) {
          assert.strictEqual(typeof Signer.stringToSignFromParsed({ ...base, body: parsed.right }), "string")
        } else {
          assert.throws(() => Signer.stringToSignFromJson({ ...base, bodyText: text }), RawJson.JsonSyntaxError)
        }
      }),
      { numRuns: 500 }
    )
  })

  it("survives 10,000 and 100,000 levels of nesting, huge numbers, odd strings and enormous values", async () => {
    for (const depth of [10_000, 100_000]) {
      const text = deeplyNestedText(depth)
      const parsed = RawJson.parse(text)
      assert.isTrue(Either.isRight(parsed))
      const fromText = Signer.stringToSignFromJson({ ...base, bodyText: `{"a": ${text}}` })
      const fromJs = Signer.stringToSign({ ...base, body: { a: deeplyNested(depth) } })
      assert.isTrue(fromText === fromJs, "the same string from the text and from the value")
      assert.isTrue(Signer.encodeBody({ a: deeplyNested(depth) }) === `{"a": ${text.replace(/\{"k":/g, '{"k": ')}}`)
      // Unclosed nesting is a syntax error, not a crash.
      assert.isTrue(Either.isLeft(RawJson.parse(text.slice(0, -1))))
    }
    // Number tokens are signed as written (Python's reading, docs/protocol.md 2.3), whatever their
    // size.
    const tokens: Record<string, string> = {
      "123456789012345678901234567890": "123456789012345678901234567890",
      "-0": "0",
      "2.0": "2.0",
      "1e308": "1e+308",
      "1e309": "inf",
      "-1e400": "-inf",
      "1e-400": "0.0",
      "5e-324": "5e-324",
      "9007199254740993": "9007199254740993"
    }
    for (const [token, text] of Object.entries(tokens)) {
      assert.strictEqual(
        Signer.stringToSignFromJson({ ...base, headers: {}, bodyText: `{"n": ${token}}` }),
        `[POST]${base.domain}:${base.path}&n=${text}`
      )
    }
    // JavaScript numbers at the edges.
    for (const n of [NaN, Infinity, -Infinity, -0, 1e308, 2 ** 53 + 1, Number.MIN_VALUE]) {
      assert.strictEqual(typeof Signer.stringToSign({ ...base, body: { n } }), "string")
      assert.strictEqual(typeof Signer.encodeBody({ n }), "string")
    }
    // Non-BMP, lone surrogates and enormous strings and arrays.
    for (const s of [...nastyStrings, "😀".repeat(100_000), "x".repeat(4 * 1024 * 1024)]) {
      const text = Signer.encodeBody({ s })
      assert.match(text.slice(0, 1000), /^[\x20-\x7e]*$/)
      assert.strictEqual(
        Signer.stringToSignFromJson({ ...base, bodyText: text }),
        Signer.stringToSign({ ...base, body: { s } })
      )
    }
    const big = { ids: Array.from({ length: 100_000 }, (_, i) => i) }
    assert.strictEqual(
      Signer.stringToSignFromJson({ ...base, bodyText: Signer.encodeBody(big) }),
      Signer.stringToSign({ ...base, body: big })
    )
    assert.strictEqual(
      await sign(Signer.stringToSign({ ...base, body: big })),
      await sign(Signer.stringToSign({ ...base, body: big }))
    )
  })
})
