import { assert, describe, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { demoAccount } from "../src/Simulator.ts"
import { make, type Service, type SimRequest } from "../src/SimulatorService.ts"
import { call, type Created, type Envelope, ok, send, signed } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

/** The envelope of a response, checking it is always HTTP 200 + a well-formed JSON envelope. */
const envelopeOf = (sim: Service, request: SimRequest) =>
  Effect.map(sim.handle(request), (response) => {
    assert.strictEqual(response.status, 200)
    assert.match(response.headers["content-type"] ?? "", /^application\/json/)
    const envelope = JSON.parse(response.body) as Envelope
    assert.strictEqual(envelope.version, "1.0.0")
    assert.isBoolean(envelope.result)
    assert.isNumber(envelope.code)
    assert.isString(envelope.message)
    assert.isNumber(envelope.serverTime)
    assert.isString(envelope.requestId)
    assert.property(envelope, "data")
    return envelope
  })

describe("malformed input always gets an envelope", () => {
  it.effect("a body that is not JSON: 600", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      for (const bodyText of [
        "",
        "not json",
        "{",
        '{"a": }',
        '{"a": 1} x',
        "{'a': 1}",
        "NaN",
        '{"a": NaN}',
        "\u0000"
      ]) {
        const envelope = yield* envelopeOf(sim, { ...request, bodyText })
        assert.strictEqual(envelope.code, 600, JSON.stringify(bodyText))
        assert.match(envelope.message, /^parameter_invalid: body is not valid JSON/)
      }
    })
  )

  it.effect("a JSON body that is not an object, correctly signed: 600", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      for (const bodyText of ["[1, 2]", "1", "null", '"x"', "true"]) {
        const envelope = yield* call(sim, { path: paths.queryUserProfile, bodyText })
        assert.strictEqual(envelope.code, 600, bodyText)
        assert.strictEqual(envelope.message, "parameter_invalid: body must be a JSON object")
      }
    })
  )

  it.effect("a body over the size limit: 600, before anything else", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      const huge = `{"pad": "${"x".repeat(10 * 1024 * 1024)}"}`
      const envelope = yield* envelopeOf(sim, { ...request, headers: {}, bodyText: huge })
      assert.strictEqual(envelope.code, 600)
      assert.include(envelope.message, "larger than 10485760 bytes")
      // The limit counts UTF-8 bytes: 9 + 30 * 3 = 99 bytes pass, 9 + 31 * 3 = 102 do not.
      const small = yield* make({ maxBodyBytes: 100 })
      const fits = yield* call(small, { path: paths.queryUserProfile, bodyText: `{"s": "${"测".repeat(30)}"}` })
      assert.strictEqual(fits.code, 200)
      const over = yield* call(small, { path: paths.queryUserProfile, bodyText: `{"s": "${"测".repeat(31)}"}` })
      assert.strictEqual(over.code, 600)
      assert.strictEqual((yield* small.calls)[1]?.bodyText, `{"s": "${"测".repeat(31)}"}`)
    })
  )

  it.effect("a request method other than POST: 603", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      for (const method of ["GET", "PUT", "DELETE", "HEAD", "OPTIONS", ""]) {
        const envelope = yield* envelopeOf(sim, { ...request, method })
        assert.strictEqual(envelope.code, 603, method)
        assert.match(envelope.message, /^illegal_protocol/)
      }
      assert.strictEqual((yield* envelopeOf(sim, { ...request, method: "post" })).code, 200)
    })
  )

  it.effect("an unknown path, correctly signed: 404 resource_not_found", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      for (const path of [
        paths.showLog.replace(/showLog$/, "noSuchEndpoint"),
        "/",
        `${paths.queryUserProfile}/`,
        paths.queryUserProfile.replace(/^\/api\//, "/API/")
      ]) {
        const envelope = yield* call(sim, { path })
        assert.strictEqual(envelope.code, 404, path)
        assert.match(envelope.message, /^resource_not_found/)
      }
    })
  )

  it.effect("a query string is not part of the path", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      assert.strictEqual((yield* send(sim, { ...request, path: `${paths.queryUserProfile}?x=1` })).code, 200)
      const calls = yield* sim.calls
      assert.strictEqual(calls[0]?.path, paths.queryUserProfile)
    })
  )

  it.effect("deep nesting, odd strings and odd headers", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const request = yield* signed({ path: paths.queryUserProfile })
      const deep = "[".repeat(200_000) + "1" + "]".repeat(200_000)
      // Deep nesting cannot overflow the stack: parsing and flattening are iterative. Swapped in
      // after signing it fails the signature; signed as it is, it is accepted (extra fields are allowed).
      assert.strictEqual((yield* envelopeOf(sim, { ...request, bodyText: `{"a": ${deep}}` })).code, 611)
      assert.strictEqual((yield* call(sim, { path: paths.queryUserProfile, bodyText: `{"a": ${deep}}` })).code, 200)
      const loneSurrogate = yield* call(sim, { path: paths.queryUserProfile, bodyText: `{"s": "\\ud800 \ud800"}` })
      assert.strictEqual(loneSurrogate.code, 200)
      const oddHeaders: ReadonlyArray<Record<string, string>> = [
        {},
        { accessid: "\u0000", channel: "", platform: "x".repeat(100_000) },
        { ...request.headers, utctimestamp: "9".repeat(400) },
        { ...request.headers, accessid: "RAYVISION-DEMO-ACCESS-ID\r\nX: y" }
      ]
      for (const headers of oddHeaders) {
        const envelope = yield* envelopeOf(sim, { ...request, headers })
        assert.notStrictEqual(envelope.code, 200)
      }
      // Unsigned extra headers, even odd ones, are ignored.
      const extra = { ...request.headers, ["__proto__"]: "x", constructor: "y", "x-odd": "\u00ff" }
      assert.strictEqual((yield* envelopeOf(sim, { ...request, headers: extra })).code, 200)
      assert.strictEqual((yield* envelopeOf(sim, { ...request, host: "" })).code, 611)
    })
  )

  it("random requests never fail, never die, and always answer an envelope", async () => {
    const sim = await Effect.runPromise(make())
    const template = await Effect.runPromise(signed({ path: paths.createTask, body: { count: 1, taskUserLevel: 50 } }))
    const json = fc.jsonValue().map((v) => JSON.stringify(v))
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.constantFrom("POST", "GET", "post", "\u00ff"),
          host: fc.oneof(fc.constant(template.host), fc.string()),
          path: fc.oneof(fc.constantFrom(...Object.values(paths)), fc.string()),
          headers: fc.oneof(
            fc.constant(template.headers),
            fc.dictionary(fc.string(), fc.string()),
            fc.record({ ...Object.fromEntries(Object.keys(template.headers).map((k) => [k, fc.string()])) })
          ),
          bodyText: fc.oneof(json, fc.string(), fc.constant(template.bodyText))
        }),
        async (request) => {
          const response = await Effect.runPromise(sim.handle(request))
          assert.strictEqual(response.status, 200)
          const envelope = JSON.parse(response.body) as Envelope
          assert.isNumber(envelope.code)
          assert.strictEqual(envelope.result, envelope.code === 200)
        }
      ),
      { numRuns: 300, seed: 42 }
    )
    const calls = await Effect.runPromise(sim.calls)
    assert.isAtLeast(calls.length, 300)
  })
})

describe("call records", () => {
  it.effect("every request is recorded in order, with its path, access id, code and body", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      assert.deepStrictEqual(yield* sim.calls, [])
      yield* call(sim, { path: paths.queryUserProfile })
      yield* call(sim, { path: paths.createTask, body: { count: 1 } })
      const request = yield* signed({ path: paths.getBid })
      yield* send(sim, { ...request, headers: {} })
      const calls = yield* sim.calls
      assert.deepStrictEqual(
        calls.map((c) => [c.path, c.accessId, c.code]),
        [
          [paths.queryUserProfile, demoAccount.accessId, 200],
          [paths.createTask, demoAccount.accessId, 601],
          [paths.getBid, undefined, 601]
        ]
      )
      assert.strictEqual(calls[1]?.bodyText, '{"count": 1}')
    })
  )

  it.effect("keeps at most maxRecordedCalls, dropping the oldest", () =>
    Effect.gen(function* () {
      const sim = yield* make({ maxRecordedCalls: 3 })
      for (let i = 0; i < 5; i++) yield* call(sim, { path: `/p${i}` })
      assert.deepStrictEqual(
        (yield* sim.calls).map((c) => c.path),
        ["/p2", "/p3", "/p4"]
      )
    })
  )
})

describe("determinism", () => {
  const script = (sim: Service) =>
    Effect.gen(function* () {
      const out: Array<unknown> = []
      for (const nonce of ["100001", "100002"]) {
        const request = yield* signed({
          path: paths.createTask,
          body: { count: 2, taskUserLevel: 50 },
          nonce,
          timestamp: 0
        })
        const response = yield* sim.handle(request)
        out.push(response.body)
      }
      const profile = yield* ok<{ userId: number }>(sim, { path: paths.queryUserProfile })
      out.push(profile.userId)
      const tasks = yield* sim.tasks(demoAccount.accessId)
      out.push(tasks.map((t) => [t.sceneName, t.totalFrames]))
      return out
    })

  it.effect("the same seed gives the same ids, request ids and data; another seed differs", () =>
    Effect.gen(function* () {
      const first = yield* script(yield* make({ seed: 7 }))
      const second = yield* script(yield* make({ seed: 7 }))
      assert.deepStrictEqual(first, second)
      const other = yield* script(yield* make({ seed: 8 }))
      assert.notDeepEqual(first, other)
      const created = JSON.parse(String(first[0])) as { data: Created; requestId: string }
      const createdOther = JSON.parse(String(other[0])) as { data: Created; requestId: string }
      assert.notDeepEqual(created.data.taskIdList, createdOther.data.taskIdList)
      assert.notStrictEqual(created.requestId, createdOther.requestId)
    })
  )

  it.effect("accounts without a user id get distinct ones", () =>
    Effect.gen(function* () {
      const sim = yield* make({
        accounts: [demoAccount, { accessId: "B", accessKey: "b" }, { accessId: "C", accessKey: "c", userId: 5 }]
      })
      const ids = []
      for (const account of [demoAccount, { accessId: "B", accessKey: "b" }, { accessId: "C", accessKey: "c" }]) {
        ids.push((yield* ok<{ userId: number }>(sim, { path: paths.queryUserProfile, ...account })).userId)
      }
      assert.strictEqual(new Set(ids).size, 3)
      assert.strictEqual(ids[2], 5)
    })
  )
})

describe("concurrency", () => {
  it.effect("concurrent createTask calls never hand out the same id", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const results = yield* Effect.forEach(
        Array.from({ length: 50 }, (_, i) => i),
        () => ok<Created>(sim, { path: paths.createTask, body: { count: 2, taskUserLevel: 50 } }),
        { concurrency: "unbounded" }
      )
      const ids = results.flatMap((r) => r.taskIdList)
      assert.strictEqual(new Set(ids).size, 100)
      assert.strictEqual((yield* sim.tasks(demoAccount.accessId)).length, 100)
    })
  )
})
