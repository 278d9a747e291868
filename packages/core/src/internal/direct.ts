/**
 * One attempt sent straight through a runtime adapter's {@link Exchange}, when the transport's
 * `HttpClient` is an adapter's own (`HttpClientKit.exchangeOf`): no `HttpClientRequest` built, no
 * `HttpClient` pipeline, and the per-attempt timeout a deadline on the transport's one timer
 * (internal/deadlines.ts) instead of a child fiber (which costs 30 to 50 µs of CPU a call on
 * Node, bench/NOTES.md). What it reports is what the `HttpClient` path reports: the answer's
 * status and text, read within the limit, or the same failures (a `RequestError` with reason
 * `Transport` and the exchange's cause, or `AnswerTooLarge`), and on time out the request is
 * cancelled and the attempt fails at once.
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Random from "effect/Random"
import type { Exchange } from "../HttpClientKit.ts"
import { AnswerTooLarge } from "./answer.ts"
import { readText, textNow } from "./readAnswer.ts"
import type { Deadline, Deadlines } from "./deadlines.ts"
import { type InFlight, isLive, MAX_TIMER_MILLIS } from "./timeout.ts"

/** An answer's status and text. @internal */
export interface Answer {
  readonly status: number
  readonly text: string
}

let defaultRandom: Random.Random | undefined

/**
 * Whether a fiber with these default services and this attempt timeout can send directly: the
 * runtime's own clock (the timer is `setTimeout`) and `Random` (the nonce is drawn with
 * `Math.random`, what the default `Random` amounts to), and a timeout a timer can hold. On a
 * `TestClock`, or with a `Random` of the caller's, the attempt goes the `HttpClient` way. @internal
 */
export const canSendDirectly = (services: Context.Context<never>, clock: Clock.Clock, timeoutMillis: number): boolean =>
  isLive(clock) &&
  Context.get(services as Context.Context<Random.Random>, Random.Random) ===
    (defaultRandom ??= Effect.runSync(Effect.random)) &&
  (timeoutMillis === Infinity || (timeoutMillis >= 0 && timeoutMillis <= MAX_TIMER_MILLIS))

/**
 * Sends through `exchange` (`request` gives the method; `url`, `headers` as they go on the wire,
 * `body`) and reads the answer up to `limit` bytes, then goes on with `outcome` of the answer or
 * of the failure: `onTimeout()` when no answer came within `millis` (a deadline in `deadlines`;
 * `Infinity`: none), or `onFailure` of what the `HttpClient` would have failed with.
 *
 * While it waits, `inFlight.cancel` cancels the request: the caller calls it when interrupted.
 * The `Effect.async` here returns no canceler on purpose. A canceler wraps each attempt in
 * `Effect.onInterrupt`, and with it V8's allocation-site pretenuring soon allocates the call's
 * objects in the old generation, where, dead, they keep the next calls' young objects alive
 * through every scavenge until a full collection. Measured on Node over a socket: 8 KB of each
 * call promoted instead of 3 KB, and about 20 µs more CPU a call, most of it in garbage
 * collection (bench/NOTES.md, "Garbage that survives"). @internal
 */
export const exchangeDirect = <A, E>(
  exchange: Exchange,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  headers: Record<string, string>,
  body: string,
  limit: number,
  millis: number,
  deadlines: Deadlines,
  onTimeout: () => E,
  onFailure: (error: HttpClientError.HttpClientError | AnswerTooLarge) => E,
  outcome: (answer: Either.Either<Answer, E>) => Effect.Effect<A, E>,
  inFlight: InFlight
): Effect.Effect<A, E> =>
  Effect.async<A, E>((resume) => {
    let done = false
    let deadline: Deadline | undefined
    /** Ends the attempt's watch: true the first time only. */
    const stop = (): boolean => {
      if (done) return false
      done = true
      inFlight.cancel = undefined
      if (deadline !== undefined) deadlines.cancel(deadline)
      return true
    }
    const settle = (result: Effect.Effect<A, E>) => {
      if (stop()) resume(result)
    }
    const fail = (error: E) => settle(outcome(Either.left(error)))
    const failed = (cause: unknown) =>
      fail(onFailure(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
    const succeed = (response: HttpClientResponse.HttpClientResponse) => {
      const text = textNow(response, limit)
      const { status } = response
      if (text === undefined) {
        const read = Effect.mapBoth(readText(response, limit), { onFailure, onSuccess: (text) => ({ status, text }) })
        settle(Effect.flatMap(Effect.either(read), outcome))
      } else if (typeof text === "string") settle(outcome(Either.right({ status, text })))
      else fail(onFailure(text))
    }
    let cancel: () => void
    try {
      cancel = exchange(request, url, headers, body, limit, succeed, failed, (declared) =>
        fail(onFailure(new AnswerTooLarge(limit, declared)))
      )
    } catch (cause) {
      failed(cause)
      return
    }
    if (done) return
    if (millis !== Infinity) {
      deadline = deadlines.add(millis, () => {
        fail(onTimeout())
        cancel()
      })
    }
    inFlight.cancel = () => {
      if (stop()) cancel()
    }
  })
