import { assert, describe, it } from "@effect/vitest"
import { Signer } from "@rayvision/core"
import { Effect, Either, TestClock } from "effect"
import { ReplayStore, verify } from "../src/internal/verify.ts"
import { make, type SimRequest } from "../src/SimulatorService.ts"
import { accounts, call, HOST, lower, ok, other, send, signed, vectors } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

/** Replaces one header (canonical or lower-case name) of a request. */
const withHeader = (request: SimRequest, name: string, value: string | undefined): SimRequest => {
  const headers: Record<string, string> = { ...request.headers }
  delete headers[name.toLowerCase()]
  if (value !== undefined) headers[name.toLowerCase()] = value
  return { ...request, headers }
}

const T0 = 1_720_656_000_000 // 2024-07-11T00:00:00Z

describe("a correctly signed request", () => {
  it.effect("is accepted, with the envelope of spec 1.7", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ accounts })
      const envelope = yield* call(sim, { path: paths.queryUserProfile })
      assert.strictEqual(envelope.code, 200)
      assert.strictEqual(envelope.result, true)
      assert.strictEqual(envelope.message, "success")
      assert.strictEqual(envelope.version, "1.0.0")
      assert.strictEqual(envelope.serverTime, T0)
      assert.match(envelope.requestId, /^[A-Za-z0-9]{6}-1720656000000$/)
      const profile = envelope.data as { userName: string; userId: number }
      assert.strictEqual(profile.userName, "demo")
      assert.isTrue(Number.isSafeInteger(profile.userId))
    })
  )

  it.effect("is accepted with canonical-case header names and without languageFlag / Content-Type", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserSetting })
      const canonical: Record<string, string> = {}
      const names = ["accessId", "channel", "platform", "UTCTimestamp", "nonce", "version", "signature"]
      for (const name of names) canonical[name] = request.headers[name.toLowerCase()] ?? ""
      const envelope = yield* send(sim, { ...request, headers: canonical })
      assert.strictEqual(envelope.code, 200)
    })
  )

  it.effect("signs the body's number tokens as written (the Python client's 2.0)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      // Signed over the raw text, where 2.0 stays 2.0 and 1e+20 stays 1e+20.
      const bodyText = `{"ratio": 2.0, "huge": 1e+20, "x": -0.0}`
      const envelope = yield* call(sim, { path: paths.queryUserProfile, bodyText })
      assert.strictEqual(envelope.code, 200)
    })
  )
})

describe("signature mismatch: 611 signature_invalid", () => {
  it.effect("when the body is altered after signing (and nothing changes)", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const request = yield* signed({ path: paths.updateUserSetting, body: { taskOverTimeSec: 60 } })
      const envelope = yield* send(sim, { ...request, bodyText: `{"taskOverTimeSec": 61}` })
      assert.strictEqual(envelope.code, 611)
      assert.strictEqual(envelope.result, false)
      assert.match(envelope.message, /^signature_invalid/)
      assert.isNull(envelope.data)
      const settings = yield* ok<{ taskOverTimeSec: number }>(sim, { path: paths.queryUserSetting })
      assert.strictEqual(settings.taskOverTimeSec, 43_200)
    })
  )

  it.effect("when 2.0 is re-encoded as 2 after signing", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile, bodyText: `{"ratio": 2.0}` })
      assert.strictEqual((yield* send(sim, { ...request, bodyText: `{"ratio": 2}` })).code, 611)
    })
  )

  for (const [name, value] of [
    ["accessId", other.accessId],
    ["channel", "7"],
    ["platform", "9"],
    ["nonce", "999999"],
    ["version", "1.0.0"],
    ["UTCTimestamp", String(T0 / 1000 + 1)]
  ] as const) {
    it.effect(`when the signed header ${name} is altered after signing`, () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const sim = yield* make({ accounts })
        const request = yield* signed({ path: paths.queryUserProfile })
        assert.notStrictEqual(request.headers[name.toLowerCase()], value)
        assert.strictEqual((yield* send(sim, withHeader(request, name, value))).code, 611)
        // The untouched request still passes: only the alteration was refused.
        assert.strictEqual((yield* send(sim, request)).code, 200)
      })
    )
  }

  it.effect("when the path is altered after signing", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      assert.strictEqual((yield* send(sim, { ...request, path: paths.queryUserSetting })).code, 611)
      assert.strictEqual(
        (yield* send(sim, { ...request, path: paths.queryUserProfile.replace(/queryUserProfile$/, "nothingHere") }))
          .code,
        611
      )
    })
  )

  it.effect("when the host (signing domain) differs", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile, host: "task.renderbus.com" })
      assert.strictEqual((yield* send(sim, { ...request, host: HOST })).code, 611)
      assert.strictEqual((yield* send(sim, request)).code, 200)
    })
  )

  it.effect("when signed with another account's key", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const envelope = yield* call(sim, { path: paths.queryUserProfile, accessKey: other.accessKey })
      assert.strictEqual(envelope.code, 611)
    })
  )

  it.effect("when the signature header is garbage", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      assert.strictEqual((yield* send(sim, withHeader(request, "signature", "x=="))).code, 611)
    })
  )
})

describe("timestamp window: 610 signature_expired", () => {
  it.effect("for stale and future timestamps, with the server time in the envelope", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make()
      const now = T0 / 1000
      for (const ts of [now - 301, now + 301, 0]) {
        const envelope = yield* call(sim, { path: paths.queryUserProfile, timestamp: ts })
        assert.strictEqual(envelope.code, 610, `timestamp ${ts}`)
        assert.match(envelope.message, /^signature_expired/)
        assert.strictEqual(envelope.serverTime, T0)
      }
      // The window's edges are inside.
      for (const ts of [now - 300, now + 300]) {
        assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, timestamp: ts })).code, 200)
      }
    })
  )

  it.effect("for a timestamp that is not a decimal integer of seconds", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make()
      for (const ts of [`${T0 / 1000}.0`, "abc", `${T0}`, "-1", ` ${T0 / 1000}`, "1e9"]) {
        assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, timestamp: ts })).code, 610, ts)
      }
    })
  )

  it.effect("honours timestampWindowSeconds and a server clock running ahead (clockOffsetMillis)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ clockOffsetMillis: 600_000, timestampWindowSeconds: 60 })
      const stale = yield* call(sim, { path: paths.queryUserProfile })
      assert.strictEqual(stale.code, 610)
      assert.strictEqual(stale.serverTime, T0 + 600_000)
      // A client that corrects its clock from serverTime gets through.
      const corrected = yield* call(sim, { path: paths.queryUserProfile, timestamp: stale.serverTime / 1000 - 59 })
      assert.strictEqual(corrected.code, 200)
    })
  )

  it.effect("follows the TestClock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      yield* TestClock.adjust("301 seconds")
      assert.strictEqual((yield* send(sim, request)).code, 610)
    })
  )
})

describe("replay: 603 illegal_protocol", () => {
  it.effect("for the same request again: the same accessId, UTCTimestamp and nonce, or the same signature", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ accounts })
      const request = yield* signed({ path: paths.queryUserProfile, nonce: "424242" })
      assert.strictEqual((yield* send(sim, request)).code, 200)
      // Delivered again, byte for byte.
      const replay = yield* send(sim, request)
      assert.strictEqual(replay.code, 603)
      assert.match(replay.message, /^illegal_protocol/)
      assert.notInclude(replay.message, request.headers["signature"] ?? "?", "no signature in the message")
      // The same timestamp and nonce on another path, with another body: a replay all the same.
      const reused = yield* call(sim, { path: paths.updateUserSetting, body: { taskOverTimeSec: 60 }, nonce: "424242" })
      assert.strictEqual(reused.code, 603)
      // Nothing acted: the setting is unchanged.
      const settings = yield* ok<{ taskOverTimeSec: number }>(sim, { path: paths.queryUserSetting })
      assert.strictEqual(settings.taskOverTimeSec, 43_200)
      // The same timestamp and nonce for another account: not a replay.
      assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, nonce: "424242", ...other })).code, 200)

      // The same signature under another nonce header: a body field "nonce" takes the header's
      // place in the string to sign (docs/protocol.md 2.1), so the signature stays valid.
      const first = yield* signed({ path: paths.queryUserProfile, nonce: "515151", body: { nonce: "777777" } })
      assert.strictEqual((yield* send(sim, first)).code, 200)
      const sameSignature = withHeader(first, "nonce", "525252")
      const again = yield* send(sim, sameSignature)
      assert.strictEqual(again.code, 603)
      assert.include(again.message, "signature")
      assert.notInclude(again.message, first.headers["signature"] ?? "?")
    })
  )

  it.effect("not for the same nonce with another timestamp (independent clients may draw it)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ accounts })
      assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, nonce: "434343" })).code, 200)
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, nonce: "434343" })).code, 200)
      // Or an earlier timestamp, still inside the window.
      const earlier = T0 / 1000 - 100
      assert.strictEqual(
        (yield* call(sim, { path: paths.queryUserProfile, nonce: "434343", timestamp: earlier })).code,
        200
      )
      assert.strictEqual(
        (yield* call(sim, { path: paths.queryUserProfile, nonce: "434343", timestamp: earlier })).code,
        603
      )
    })
  )

  it.effect('replayCheck "nonce" (strict): also a nonce already used with another timestamp within the window', () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ accounts, replayCheck: "nonce" })
      assert.strictEqual(sim.options.replayCheck, "nonce")
      const request = yield* signed({ path: paths.queryUserProfile, nonce: "454545" })
      assert.strictEqual((yield* send(sim, request)).code, 200)
      assert.strictEqual((yield* send(sim, request)).code, 603)
      // Same nonce, new timestamp and signature: still refused while the first is in the window.
      yield* TestClock.adjust("10 seconds")
      const bare = yield* call(sim, { path: paths.queryUserProfile, nonce: "454545" })
      assert.strictEqual(bare.code, 603)
      assert.include(bare.message, "nonce 454545")
      // Nonces are per account.
      assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, nonce: "454545", ...other })).code, 200)
      // The same signature under another nonce header is refused here too.
      const first = yield* signed({ path: paths.queryUserProfile, nonce: "464646", body: { nonce: "787878" } })
      assert.strictEqual((yield* send(sim, first)).code, 200)
      assert.strictEqual((yield* send(sim, withHeader(first, "nonce", "474747"))).code, 603)
      // Once the first timestamp has left the window, the nonce is free again.
      yield* TestClock.adjust("291 seconds")
      assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, nonce: "454545" })).code, 200)
    })
  )

  for (const replayCheck of ["request", "nonce"] as const) {
    it.effect(`forgets a request once its timestamp has left the window (replayCheck "${replayCheck}")`, () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const sim = yield* make({ replayCheck })
        const request = yield* signed({ path: paths.queryUserProfile, nonce: "111111" })
        assert.strictEqual((yield* send(sim, request)).code, 200)
        yield* TestClock.adjust("300 seconds")
        assert.strictEqual((yield* send(sim, request)).code, 603, "the window's edge is inside")
        yield* TestClock.adjust("1 second")
        // The replay itself is now a 610; the nonce, with the same second's timestamp, is free.
        assert.strictEqual((yield* send(sim, request)).code, 610)
        assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, nonce: "111111" })).code, 200)
      })
    )
  }

  it.effect("records a request only after the signature verified", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ accounts })
      const bad = yield* call(sim, { path: paths.queryUserProfile, nonce: "222222", accessKey: other.accessKey })
      assert.strictEqual(bad.code, 611)
      assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, nonce: "222222" })).code, 200)
    })
  )
})

describe("accounts and headers", () => {
  it.effect("602 need_user_login for an unknown access id", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const envelope = yield* call(sim, { path: paths.queryUserProfile, accessId: "NOBODY", accessKey: "whatever" })
      assert.strictEqual(envelope.code, 602)
      assert.match(envelope.message, /^need_user_login/)
    })
  )

  for (const name of ["accessId", "channel", "platform", "UTCTimestamp", "nonce", "version", "signature"]) {
    it.effect(`601 parameter_cant_be_empty when the header ${name} is missing or empty`, () =>
      Effect.gen(function* () {
        const sim = yield* make()
        const request = yield* signed({ path: paths.queryUserProfile })
        const missing = yield* send(sim, withHeader(request, name, undefined))
        assert.strictEqual(missing.code, 601)
        assert.include(missing.message, name)
        assert.strictEqual((yield* send(sim, withHeader(request, name, ""))).code, 601)
      })
    )
  }

  it.effect("checks in the documented order: headers, account, timestamp, signature, nonce", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make()
      const stale = T0 / 1000 - 1000
      // Missing header beats unknown account.
      const r1 = yield* signed({ path: paths.queryUserProfile, accessId: "NOBODY" })
      assert.strictEqual((yield* send(sim, withHeader(r1, "nonce", undefined))).code, 601)
      // Unknown account beats a stale timestamp.
      assert.strictEqual(
        (yield* call(sim, { path: paths.queryUserProfile, accessId: "NOBODY", timestamp: stale })).code,
        602
      )
      // A stale timestamp beats a bad signature.
      const r2 = yield* signed({ path: paths.queryUserProfile, timestamp: stale })
      assert.strictEqual((yield* send(sim, withHeader(r2, "signature", "bad"))).code, 610)
      // A bad signature beats a replayed nonce.
      const r3 = yield* signed({ path: paths.queryUserProfile, nonce: "333333" })
      assert.strictEqual((yield* send(sim, r3)).code, 200)
      assert.strictEqual((yield* send(sim, withHeader(r3, "signature", "bad"))).code, 611)
      assert.strictEqual((yield* send(sim, r3)).code, 603)
    })
  )
})

describe("the official Python client's signatures (shared vectors)", () => {
  const all = vectors()

  it.effect("V8: a body with the float 2.0 is accepted by the verifier", () =>
    Effect.gen(function* () {
      const v8 = all.find((v) => v.name === "floats-integer-valued-and-fractional")
      assert.isDefined(v8)
      if (v8 === undefined || v8.wireBody === null || v8.domain === null || v8.path === null) return
      assert.include(v8.wireBody, "2.0")
      const accessId = v8.headers["accessId"] ?? ""
      yield* TestClock.setTime(Number(v8.headers["UTCTimestamp"]) * 1000)
      const request: SimRequest = {
        method: "POST",
        host: v8.domain,
        path: v8.path,
        headers: lower({
          ...v8.headers,
          signature: v8.signature,
          "Content-Type": "application/json",
          languageFlag: "1"
        }),
        bodyText: v8.wireBody
      }

      // The verifier itself, before routing.
      const auth = yield* verify({
        request,
        keyOf: (id) => (id === accessId ? v8.accessKey : undefined),
        nowMillis: Number(v8.headers["UTCTimestamp"]) * 1000,
        windowSeconds: 300,
        replays: new ReplayStore("request")
      })
      assert.isTrue(Either.isRight(auth))
      if (Either.isRight(auth)) assert.strictEqual(auth.right.accessId, accessId)

      // Through the whole simulator: authentication passes, and the task (485) is not this account's.
      const sim = yield* make({ accounts: [{ accessId, accessKey: v8.accessKey }] })
      const envelope = yield* send(sim, request)
      assert.strictEqual(envelope.code, 404)
      assert.match(envelope.message, /^resource_not_found/)

      // A verifier that re-encoded the parsed body (2.0 -> 2) would have refused it.
      const reencoded = Signer.stringToSign({
        domain: v8.domain,
        path: v8.path,
        headers: v8.headers,
        body: JSON.parse(v8.wireBody)
      })
      assert.notStrictEqual(yield* Signer.signature(v8.accessKey, reencoded), v8.signature)
    })
  )

  it.effect("every request vector verifies", () =>
    Effect.gen(function* () {
      let checked = 0
      for (const v of all) {
        if (v.wireBody === null || v.domain === null || v.path === null) continue
        const auth = yield* verify({
          request: {
            method: "POST",
            host: v.domain,
            path: v.path,
            headers: lower({ ...v.headers, signature: v.signature }),
            bodyText: v.wireBody
          },
          keyOf: () => v.accessKey,
          nowMillis: Number(v.headers["UTCTimestamp"]) * 1000,
          windowSeconds: 300,
          replays: new ReplayStore("request")
        })
        assert.isTrue(Either.isRight(auth), v.name)
        checked++
      }
      assert.isAtLeast(checked, 10)
    })
  )
})
