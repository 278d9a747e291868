/**
 * Nonces: random integers in [100000, 999998] as the Python SDK draws them (spec 1.5), but never
 * one this client used in the last 20 minutes: the service refuses a nonce it has seen within
 * its timestamp window, and with 900,000 values a busy client would otherwise repeat one often
 * (about once per thousand calls).
 * @internal
 */
import { Effect, Random } from "effect"

const RETENTION_MILLIS = 20 * 60 * 1000

/** @internal */
export const make = () => {
  // nonce -> when it was issued; insertion order is issue order, so pruning stops early.
  const recent = new Map<number, number>()
  return (now: number): Effect.Effect<string> =>
    Effect.gen(function* () {
      for (const [nonce, issued] of recent) {
        if (now - issued <= RETENTION_MILLIS) break
        recent.delete(nonce)
      }
      let nonce = yield* Random.nextIntBetween(100000, 999999)
      while (recent.has(nonce)) nonce = yield* Random.nextIntBetween(100000, 999999)
      recent.set(nonce, now)
      return String(nonce)
    })
}
