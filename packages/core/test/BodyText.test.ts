// The request body's text: the one-pass writer of plain values (encodeBody's common case) writes
// exactly what the general writer does, over many random bodies; anything else goes to the latter.
import { assert, describe, it } from "@effect/vitest"
import { encodeAny, encodeBody } from "../src/internal/bodyText.ts"

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const texts = ["", "a", "task 1", 'quo"te', "back\\slash", "tab\t", "é", "测试", "\u007f", "\u0000", "😀", "\ud800"]
const numbers = [0, -0, 1, -7, 2.5, 1e21, 1e-7, 123456789012, 0.1, Number.MAX_SAFE_INTEGER]

const value = (next: () => number, depth: number): unknown => {
  const pick = next()
  if (depth > 3 || pick < 0.35) {
    const leaf = next()
    if (leaf < 0.3) return texts[Math.floor(next() * texts.length)]
    if (leaf < 0.6) return numbers[Math.floor(next() * numbers.length)]
    if (leaf < 0.7) return next() < 0.5
    if (leaf < 0.8) return null
    if (leaf < 0.85) return undefined
    if (leaf < 0.88) return Number.NaN
    if (leaf < 0.9) return new Date(0)
    if (leaf < 0.92) return BigInt(7)
    return Math.floor(next() * 1e6)
  }
  if (pick < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1))
  const object: Record<string, unknown> = next() < 0.1 ? Object.create(null) : {}
  for (let i = Math.floor(next() * 4); i > 0; i--)
    object[texts[Math.floor(next() * texts.length)]!] = value(next, depth + 1)
  return object
}

describe("encodeBody", () => {
  it("writes what the general writer writes, for 20,000 random bodies", () => {
    const next = random(20261205)
    for (let i = 0; i < 20_000; i++) {
      const body = { taskIds: [i], data: value(next, 0) }
      assert.strictEqual(
        encodeBody(body),
        encodeAny(body),
        JSON.stringify(body, (_, v) => (typeof v === "bigint" ? `${v}n` : v))
      )
    }
  })

  it("leaves to the general writer what is not plain: toJSON, class instances, deep nesting", () => {
    class Point {
      constructor(readonly x: number) {}
    }
    let deep: unknown = [1]
    for (let i = 0; i < 100; i++) deep = { d: deep }
    for (const body of [{ at: new Date(0) }, { p: new Point(1) }, { j: { toJSON: () => "x" } }, deep, [[1, [2, [3]]]]])
      assert.strictEqual(encodeBody(body), encodeAny(body))
    assert.strictEqual(encodeBody({ p: new Point(1) }), '{"p": {"x": 1}}')
  })
})
