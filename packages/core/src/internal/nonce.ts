/**
 * Nonces: random integers in [100000, 999998] as the Python SDK draws them (docs/protocol.md 1.5),
 * but never one this client used in the last 20 minutes: the service refuses a nonce it has seen
 * within its timestamp window, and with 900,000 values a busy client would otherwise repeat one
 * often (about once per thousand calls).
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

/** 20 minutes (a literal: a bundler keeps a top-level product it does not fold). */
const RETENTION_MILLIS = 1_200_000
/**
 * At most this many remembered nonces (a third of the 900,000 values), so a draw needs 1.5 tries
 * on average whatever the call rate. Past it the oldest are forgotten first: a client that busy
 * (over 250 calls a second for 20 minutes) still never repeats a nonce within the last 5 minutes
 * at 1,000 calls a second, the service's timestamp window.
 */
const MAX_REMEMBERED = 300_000

/** A client's nonces: `next(now)` draws with the fiber's `Random`, `next.now(now)` at once. @internal */
export interface Nonces {
  (now: number): Effect.Effect<string>
  /** A nonce drawn with `Math.random` (what the runtime's default `Random` amounts to), at once. */
  readonly now: (now: number) => string
}

/** @internal */
export const make = (): Nonces => {
  // The nonces issued and not yet forgotten; and each one with the time it was issued, in issue
  // order from `head` on (a queue in two arrays, compacted now and then), so pruning stops early.
  const recent = new Set<number>()
  const issuedNonces: Array<number> = []
  const issuedAt: Array<number> = []
  let head = 0
  const prune = (now: number) => {
    while (head < issuedNonces.length && (now - issuedAt[head]! > RETENTION_MILLIS || recent.size >= MAX_REMEMBERED)) {
      recent.delete(issuedNonces[head]!)
      head++
    }
    if (head >= 4096 && head * 2 >= issuedNonces.length) {
      issuedNonces.splice(0, head)
      issuedAt.splice(0, head)
      head = 0
    }
  }
  const keep = (nonce: number, now: number): string => {
    recent.add(nonce)
    issuedNonces.push(nonce)
    issuedAt.push(now)
    return String(nonce)
  }
  const next = (now: number): Effect.Effect<string> =>
    Effect.gen(function* () {
      prune(now)
      let nonce = yield* Random.nextIntBetween(100000, 999999)
      while (recent.has(nonce)) nonce = yield* Random.nextIntBetween(100000, 999999)
      return keep(nonce, now)
    })
  const draw = () => 100000 + Math.floor(Math.random() * 899999)
  const now = (now: number): string => {
    prune(now)
    let nonce = draw()
    while (recent.has(nonce)) nonce = draw()
    return keep(nonce, now)
  }
  return Object.assign(next, { now })
}
