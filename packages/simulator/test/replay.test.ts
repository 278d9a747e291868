/**
 * The replay check (`replayCheck`, docs/protocol.md 1.5, 3.1) under the traffic of independent
 * clients of one account: what they send is not a replay unless it repeats a request, so
 * thousands of calls from two clients meet no 603; the strict mode ("nonce") still refuses
 * their coincidences. Memory stays bounded by one window of traffic.
 */
import { assert, describe, it } from "@effect/vitest"
import { Rayvision, UserService } from "@rayvision/core"
import * as HttpClient from "@effect/platform/HttpClient"
import { Clock, type Context, Effect, Layer, Random, Redacted, TestClock } from "effect"
import { ReplayStore } from "../src/internal/verify.ts"
import { demoAccount } from "../src/Simulator.ts"
import { httpClient, make, type Service } from "../src/SimulatorService.ts"
import { send, signed } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

const T0 = 1_720_656_000_000 // 2024-07-11T00:00:00Z
const WINDOW_SECONDS = 300

/** The official client's nonce: a fresh random integer in [100000, 999998] per request (docs/protocol.md 1.5). */
const officialNonce = Effect.map(Random.nextIntBetween(100000, 999999), String)

/** The official client's read-only calls, taken in turn. */
const CALLS: ReadonlyArray<{ readonly path: string; readonly body: unknown }> = [
  { path: paths.queryUserProfile, body: {} },
  { path: paths.queryUserSetting, body: {} },
  { path: paths.getBid, body: {} },
  { path: paths.queryPlatforms, body: { zone: 1 } }
]

const codesOf = (sim: Service) => Effect.map(sim.calls, (calls) => calls.map((c) => c.code))

describe("two independent clients of one account", () => {
  it.effect(
    "the official client's random nonces: 2 x 3,000 calls get no 603; the strict mode refuses every coincidence",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const options = { maxRecordedCalls: 100_000 }
        const sim = yield* make(options)
        const strict = yield* make({ ...options, replayCheck: "nonce" })
        // Each client draws from its own generator, as two processes do.
        const clients = [Random.make("official client A"), Random.make("official client B")]
        const PER_CLIENT = 3_000
        // Bare-nonce coincidences the strict mode must refuse: an accepted request's nonce used
        // again while that request's timestamp is still inside the window.
        const acceptedAt = new Map<string, number>()
        const exact = new Set<string>()
        let expectedStrict = 0
        let exactRepeats = 0
        for (let i = 0; i < PER_CLIENT; i++) {
          for (const [c, rng] of clients.entries()) {
            const nonce = yield* Effect.withRandom(officialNonce, rng)
            const seconds = Math.floor(T0 / 1000) + Math.floor((i * clients.length + c) / 10)
            const key = `${seconds} ${nonce}`
            if (exact.has(key)) exactRepeats++
            exact.add(key)
            const earlier = acceptedAt.get(nonce)
            if (earlier !== undefined && earlier + WINDOW_SECONDS >= seconds) expectedStrict++
            else acceptedAt.set(nonce, seconds)

            if (seconds * 1000 !== (yield* Clock.currentTimeMillis)) yield* TestClock.setTime(seconds * 1000)
            const { path, body } = CALLS[(i + c) % CALLS.length]!
            const request = yield* signed({ path, body, nonce })
            yield* send(sim, request)
            yield* send(strict, request)
          }
        }
        // The premise: the traffic repeats no (timestamp, nonce) pair, but shares bare nonces.
        assert.strictEqual(exactRepeats, 0)
        assert.isAbove(expectedStrict, 5, "bare nonces coincide within the window")

        const codes = yield* codesOf(sim)
        assert.lengthOf(codes, 2 * PER_CLIENT)
        assert.isTrue(
          codes.every((code) => code === 200),
          `not all 200: ${codes.filter((c) => c !== 200).length}`
        )
        const strictCodes = yield* codesOf(strict)
        assert.strictEqual(strictCodes.filter((code) => code === 603).length, expectedStrict)
        assert.strictEqual(strictCodes.filter((code) => code === 200).length, 2 * PER_CLIENT - expectedStrict)
      }),
    60_000
  )

  it.effect(
    "two SDK clients (each avoiding only its own nonces): 2 x 1,000 calls, no 603",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const sim = yield* make({ maxRecordedCalls: 100_000 })
        const client = Rayvision.layer({
          accessId: demoAccount.accessId,
          accessKey: Redacted.make(demoAccount.accessKey),
          domain: "task.renderbus.com",
          platform: 2,
          retry: { times: 0 }
        }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, httpClient(sim))))
        // Two clients built apart, as two processes: each remembers only its own nonces.
        const a = yield* Layer.build(client)
        const b = yield* Layer.build(client)
        const rngA = Random.make("SDK process A")
        const rngB = Random.make("SDK process B")
        const profile = (context: Context.Context<UserService.UserService>, rng: Random.Random) =>
          Effect.flatMap(UserService.UserService, (user) => user.profile()).pipe(
            Effect.provide(context),
            Effect.withRandom(rng)
          )
        const PER_CLIENT = 1_000
        for (let i = 0; i < PER_CLIENT; i++) {
          yield* profile(a, rngA)
          yield* profile(b, rngB)
          // Twenty calls a second: both clients sign in the same seconds all along.
          if (i % 10 === 9) yield* TestClock.setTime(T0 + ((i + 1) / 10) * 1000)
        }
        const codes = yield* codesOf(sim)
        assert.lengthOf(codes, 2 * PER_CLIENT)
        assert.strictEqual(codes.filter((code) => code === 603).length, 0)
        assert.isTrue(codes.every((code) => code === 200))
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("the replay memory", () => {
  it.effect("stays bounded by one window of traffic: expired requests are swept", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const replays = new ReplayStore("request")
      const windowMillis = WINDOW_SECONDS * 1000
      let peak = 0
      // 20 windows of traffic, 10 requests a second: 60,000 requests in all.
      for (let second = 0; second < 20 * WINDOW_SECONDS; second++) {
        const now = T0 + second * 1000
        for (let k = 0; k < 10; k++) {
          const fresh = replays.record(
            { accessId: "A", timestampMillis: now, nonce: String(100000 + k), signature: `sig-${second}-${k}` },
            now + windowMillis,
            now
          )
          assert.isUndefined(fresh)
        }
        peak = Math.max(peak, replays.size)
      }
      // One window holds 3,010 requests of two keys each; a sweep runs when the map has doubled.
      const window = (WINDOW_SECONDS + 1) * 10 * 2
      assert.isAtMost(peak, 2 * window + 2)
      assert.isAbove(peak, window - 1)
    })
  )
})
