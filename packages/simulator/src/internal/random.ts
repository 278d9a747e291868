/**
 * Deterministic pseudo-random numbers: every value is a pure function of the seed and a few
 * integers (a counter, a task id), so results do not depend on the order requests arrive in.
 * No `Math.random` anywhere.
 *
 * @internal
 */

/** One round of a 32-bit integer finaliser (murmur3 fmix32). @internal */
const fmix32 = (h0: number): number => {
  let h = h0 >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uint32 hash of the seed and any number of integers or strings. @internal */
export const hash = (seed: number, ...parts: ReadonlyArray<number | string>): number => {
  let h = fmix32((seed | 0) ^ 0x9e3779b9)
  for (const part of parts) {
    if (typeof part === "number") {
      // Mix both halves so ids beyond 2^32 still matter.
      h = fmix32(h ^ fmix32(part >>> 0))
      h = fmix32(h ^ fmix32(Math.floor(part / 0x100000000) >>> 0) ^ 0x27d4eb2f)
    } else {
      for (let i = 0; i < part.length; i++) h = fmix32(h ^ part.charCodeAt(i) ^ (i << 16))
    }
  }
  return h
}

/** An integer in `[min, max]` derived from the seed and parts. @internal */
export const intBetween = (min: number, max: number, seed: number, ...parts: ReadonlyArray<number | string>): number =>
  min + (hash(seed, ...parts) % (max - min + 1))

/** One element of a non-empty list, derived from the seed and parts. @internal */
export const pick = <A>(items: readonly [A, ...Array<A>], seed: number, ...parts: ReadonlyArray<number | string>): A =>
  items[hash(seed, ...parts) % items.length] ?? items[0]

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** A string of `length` letters and digits, derived from the seed and parts. @internal */
export const token = (length: number, seed: number, ...parts: ReadonlyArray<number | string>): string => {
  let out = ""
  for (let i = 0; i < length; i++) out += ALPHABET[hash(seed, ...parts, i) % ALPHABET.length]
  return out
}
