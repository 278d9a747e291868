import { assert, describe, it } from "@effect/vitest"
import * as HttpClient from "@effect/platform/HttpClient"
import { Rayvision } from "@rayvision/core"
import { Clock, Deferred, Effect, Exit, Fiber, Layer, Redacted, TestClock } from "effect"
import { Deadlines } from "../src/internal/deadlines.ts"
import { timeoutFail } from "../src/internal/timeout.ts"
import { failure } from "./support.ts"
import { createTaskIds, onTestClock, profile, run } from "./transport.ts"

const deadlines = new Deadlines()

/** `timeoutFail` on the clock of the fiber that runs it. */
const within = <A, E>(effect: Effect.Effect<A, E>, millis: number) =>
  Effect.flatMap(Effect.clock, (clock) => timeoutFail(effect, millis, () => "timed out" as const, clock, deadlines))

/** An effect that never ends, and a deferred completed when it is interrupted. */
const hanging = Effect.map(Deferred.make<void>(), (interrupted) => ({
  interrupted,
  effect: Effect.onInterrupt(Effect.never, () => Deferred.succeed(interrupted, undefined))
}))

describe("per-attempt timeout (internal/timeout.ts)", () => {
  it.live("on the runtime's clock: the effect's value, failure or defect when it ends in time", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* within(Effect.succeed(1), 1_000), 1)
      assert.deepStrictEqual(yield* Effect.exit(within(Effect.fail("no"), 1_000)), Exit.fail("no"))
      const died = yield* Effect.exit(within(Effect.die("boom"), 1_000))
      assert.isTrue(Exit.isFailure(died) && !Exit.isInterrupted(died))
      const late = yield* within(Effect.as(Effect.sleep("20 millis"), "late"), 1_000)
      assert.strictEqual(late, "late")
    })
  )

  it.live("on the runtime's clock: fails when time is up, and interrupts the attempt", () =>
    Effect.gen(function* () {
      const { effect, interrupted } = yield* hanging
      const started = Date.now()
      const exit = yield* Effect.exit(within(effect, 50))
      assert.deepStrictEqual(exit, Exit.fail("timed out"))
      assert.isAtLeast(Date.now() - started, 45)
      yield* Deferred.await(interrupted)
    })
  )

  it.live("on the runtime's clock: interrupting the caller interrupts the attempt", () =>
    Effect.gen(function* () {
      const { effect, interrupted } = yield* hanging
      const caller = yield* Effect.fork(within(effect, 60_000))
      yield* Effect.sleep("10 millis")
      const exit = yield* Fiber.interrupt(caller)
      assert.isTrue(Exit.isInterrupted(exit))
      yield* Deferred.await(interrupted)
    })
  )

  it.effect("on a TestClock: time moves only when the test moves it", () =>
    Effect.gen(function* () {
      const { effect, interrupted } = yield* hanging
      const caller = yield* Effect.fork(within(effect, 1_000))
      yield* TestClock.adjust("999 millis")
      assert.isTrue((yield* Fiber.poll(caller))._tag === "None")
      yield* TestClock.adjust("1 millis")
      assert.deepStrictEqual(yield* Fiber.await(caller), Exit.fail("timed out"))
      yield* Deferred.await(interrupted)
    })
  )

  it.live("no timer for a duration no timer holds: infinite waits, past 2^31 ms waits on the clock", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* within(Effect.as(Effect.sleep("5 millis"), 2), Infinity), 2)
      assert.strictEqual(yield* within(Effect.succeed(3), 2 ** 40), 3)
      assert.strictEqual(typeof (yield* Clock.currentTimeMillis), "number")
    })
  )
})

describe("HttpTransport: the timeout of each attempt in real time", () => {
  it.live("an idempotent call that hangs is retried after each timeout, then fails with RequestTimeout", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(() => ({ _tag: "hang" }), profile, {
        timeout: "50 millis",
        retry: { times: 2, base: "1 millis", cap: "1 millis" }
      })
      const error = failure(exit)
      assert.strictEqual(error._tag, "RequestTimeout")
      if (error._tag === "RequestTimeout") assert.strictEqual(error.timeoutMillis, 50)
      assert.strictEqual(requests.length, 3)
    })
  )

  it.live("a call that is not safe to repeat fails with OutcomeUnknown after RequestTimeout, sent once", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(() => ({ _tag: "hang" }), createTaskIds, { timeout: "50 millis" })
      const error = failure(exit)
      assert.strictEqual(error._tag, "OutcomeUnknown")
      if (error._tag === "OutcomeUnknown") assert.strictEqual(error.after, "RequestTimeout")
      assert.strictEqual(requests.length, 1)
    })
  )

  it.live("an interrupted call interrupts its attempt through the HttpClient before the interruption returns", () =>
    Effect.gen(function* () {
      const sent = yield* Deferred.make<void>()
      const interrupted = yield* Deferred.make<void>()
      // A caller's HttpClient (not an adapter's: the attempt runs in a child fiber, under the timer).
      const client = HttpClient.make(() =>
        Effect.zipRight(
          Deferred.succeed(sent, undefined),
          Effect.onInterrupt(Effect.never, () => Deferred.succeed(interrupted, undefined))
        )
      )
      const layer = Rayvision.layer({
        accessId: "AKID",
        accessKey: Redacted.make("secret"),
        domain: "task.renderbus.com",
        platform: 2,
        timeout: "60 seconds"
      }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, client)))
      const caller = yield* Effect.fork(Effect.provide(profile, layer))
      yield* Deferred.await(sent)
      const exit = yield* Fiber.interrupt(caller)
      assert.isTrue(Exit.isInterrupted(exit))
      assert.isTrue(yield* Deferred.isDone(interrupted))
    })
  )

  it.effect("on a TestClock the same call waits for the test clock", () =>
    Effect.gen(function* () {
      const { exit } = yield* onTestClock(
        run(() => ({ _tag: "hang" }), profile, { timeout: "1 second", retry: { times: 0 } })
      )
      assert.strictEqual(failure(exit)._tag, "RequestTimeout")
    })
  )
})
