/**
 * Injected faults: every kind, in-process (`handle` and `httpClient`) and over a real socket,
 * plus `skip`, `times`, `probability` (replayed with the same seed) and `setClockOffset`.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Effect, Either, Exit, Fiber, Option, Scope, Stream, TestClock } from "effect"
import * as Http from "node:http"
import { serve } from "../src/SimulatorServer.ts"
import { demoAccount } from "../src/Simulator.ts"
import { httpClient, make, type Service, type SimRequest } from "../src/SimulatorService.ts"
import type { Fault, FaultKind } from "../src/SimulatorFault.ts"
import { type Created, type Envelope, signed, listening } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

const CREATE = { path: paths.createTask, body: { count: 1, taskUserLevel: 50 } }

/** The tasks (reserved ones included) of the demo account. */
const taskCount = (sim: Service) => Effect.map(sim.tasks(demoAccount.accessId), (tasks) => tasks.length)

/** Sends a signed request through the in-process HttpClient; the response's status and body text. */
const viaClient = (sim: Service, request: SimRequest) =>
  Effect.flatMap(
    httpClient(sim).execute(
      HttpClientRequest.post(`http://${request.host}${request.path}`).pipe(
        HttpClientRequest.setHeaders(request.headers),
        HttpClientRequest.bodyText(request.bodyText, "application/json")
      )
    ),
    (response) => Effect.map(response.text, (text) => ({ status: response.status, text }))
  )

/** The code of each call the simulator recorded, with the fault that took it. */
/** Waits (in real time) until a fiber sleeps on the TestClock. */
const untilSleeping = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1))).pipe(
  Effect.zipRight(TestClock.sleeps()),
  Effect.repeat({ until: (sleeps) => sleeps.length > 0 })
)

/** A simulator whose next createTask takes a fault of this kind, and the envelope it answers. */
const createdWith = (kind: FaultKind) =>
  Effect.gen(function* () {
    const sim = yield* make()
    yield* sim.injectFault({ path: paths.createTask, kind })
    const envelope = JSON.parse((yield* sim.handle(yield* signed(CREATE))).body) as Envelope
    return { sim, envelope }
  })

const recorded = (sim: Service) =>
  Effect.map(sim.calls, (calls) => calls.map((c) => [c.path, c.code, c.fault, c.redelivered] as const))

describe("fault kinds, in-process", () => {
  it.effect("error keeps its old meaning and is recorded with its kind", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 500, times: 2 })
      yield* sim.injectFault({ path: paths.queryUserProfile, httpStatus: 502 })
      const request = () => signed({ path: paths.queryUserProfile })
      const first = JSON.parse((yield* sim.handle(yield* request())).body) as Envelope
      assert.strictEqual(first.code, 500)
      assert.strictEqual((yield* sim.handle(yield* request())).status, 200)
      const page = yield* sim.handle(yield* request())
      assert.strictEqual(page.status, 502)
      assert.match(page.body, /502 Bad Gateway/)
      assert.strictEqual(page.transport, undefined)
      const fine = JSON.parse((yield* sim.handle(yield* request())).body) as Envelope
      assert.strictEqual(fine.code, 200)
      const calls = yield* sim.calls
      assert.deepStrictEqual(
        calls.map((c) => [c.code, c.httpStatus, c.fault]),
        [
          [500, undefined, "error"],
          [500, undefined, "error"],
          [502, 502, "error"],
          [200, undefined, undefined]
        ]
      )
    })
  )

  it.effect("delay: processed at once, answered after delayMillis of the Clock", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* sim.injectFault({ path: paths.createTask, kind: "delay", delayMillis: 5_000 })
      const fiber = yield* Effect.fork(sim.handle(yield* signed(CREATE)))
      // Processing verifies the signature with WebCrypto (a real promise): wait for the latency's sleep.
      yield* untilSleeping
      yield* TestClock.adjust(Duration.millis(4_999))
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "no answer before the delay")
      // Processed (and recorded) before the latency.
      assert.strictEqual(yield* taskCount(sim), 1)
      assert.deepStrictEqual(yield* recorded(sim), [[paths.createTask, 200, "delay", undefined]])
      yield* TestClock.adjust(Duration.millis(1))
      const response = yield* Fiber.join(fiber)
      assert.strictEqual((JSON.parse(response.body) as Envelope).code, 200)
      assert.strictEqual(response.transport, undefined)
    })
  )

  it.effect("reset: a Transport RequestError; acted false changes nothing, acted true processes first", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* sim.injectFault({ path: paths.createTask, kind: "reset" })
      const lost = yield* Effect.flip(viaClient(sim, yield* signed(CREATE)))
      assert.strictEqual(lost._tag, "RequestError")
      if (lost._tag === "RequestError") {
        assert.strictEqual(lost.reason, "Transport")
        assert.strictEqual(lost.description, "connection reset by the simulator")
      }
      assert.strictEqual(yield* taskCount(sim), 0)

      yield* sim.injectFault({ path: paths.createTask, kind: "reset", acted: true })
      const acted = yield* Effect.flip(viaClient(sim, yield* signed(CREATE)))
      assert.strictEqual(acted._tag, "RequestError")
      assert.strictEqual(yield* taskCount(sim), 1, "the task was created before the connection dropped")
      assert.deepStrictEqual(yield* recorded(sim), [
        [paths.createTask, 0, "reset", undefined],
        [paths.createTask, 200, "reset", undefined]
      ])
    })
  )

  it.effect("hang: never answers, whatever the Clock does, and is interruptible", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* sim.injectFault({ path: paths.stopTask, kind: "hang" })
      yield* sim.injectFault({ path: paths.createTask, kind: "hang", acted: true })
      const stop = yield* Effect.fork(viaClient(sim, yield* signed({ path: paths.stopTask, body: { taskIds: [1] } })))
      const create = yield* Effect.fork(viaClient(sim, yield* signed(CREATE)))
      while ((yield* sim.calls).length < 2) yield* Effect.yieldNow()
      yield* TestClock.adjust(Duration.days(1))
      assert.isTrue(Option.isNone(yield* Fiber.poll(stop)))
      assert.isTrue(Option.isNone(yield* Fiber.poll(create)))
      const exit = yield* Fiber.interrupt(create)
      assert.isTrue(Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause))
      yield* Fiber.interrupt(stop)
      assert.strictEqual(yield* taskCount(sim), 1, "acted: the hanging createTask reserved a task")
      assert.deepStrictEqual(yield* recorded(sim), [
        [paths.stopTask, 0, "hang", undefined],
        [paths.createTask, 200, "hang", undefined]
      ])
    })
  )

  it.effect(
    "truncate: full content-length, half the processed answer, then a body error; acted false cuts the error",
    () =>
      Effect.gen(function* () {
        const sim = yield* make()
        yield* sim.injectFault({ path: paths.createTask, kind: "truncate" })
        const full = yield* sim.handle(yield* signed(CREATE))
        assert.strictEqual(full.transport, "truncate")
        assert.strictEqual(yield* taskCount(sim), 1)

        yield* sim.injectFault({ path: paths.createTask, kind: "truncate" })
        const request = yield* signed(CREATE)
        const response = yield* httpClient(sim).execute(
          HttpClientRequest.post(`http://${request.host}${request.path}`).pipe(
            HttpClientRequest.setHeaders(request.headers),
            HttpClientRequest.bodyText(request.bodyText, "application/json")
          )
        )
        assert.strictEqual(response.status, 200)
        assert.strictEqual(Number(response.headers["content-length"]), new TextEncoder().encode(full.body).length)
        const chunks = yield* Effect.either(Stream.runCollect(response.stream))
        assert.isTrue(Either.isLeft(chunks), "the body fails after the first half")
        if (Either.isLeft(chunks)) assert.strictEqual(chunks.left._tag, "ResponseError")
        assert.strictEqual(yield* taskCount(sim), 2)
        yield* sim.injectFault({ path: paths.createTask, kind: "truncate" })
        const half = yield* Effect.flip(viaClient(sim, yield* signed(CREATE)).pipe(Effect.zipRight(Effect.void)))
        assert.strictEqual(half._tag, "ResponseError")
        assert.strictEqual(yield* taskCount(sim), 3)

        yield* sim.injectFault({ path: paths.createTask, kind: "truncate", acted: false })
        const refused = yield* sim.handle(yield* signed(CREATE))
        assert.strictEqual(refused.transport, "truncate")
        assert.strictEqual((JSON.parse(refused.body) as Envelope).code, 500, "the error answer, to be cut off")
        assert.strictEqual(yield* taskCount(sim), 3, "not processed")
      })
  )

  it.effect("notJson: HTTP 200 with a JSON content type and a body that is not JSON; nothing processed", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* sim.injectFault({ path: paths.createTask, kind: "notJson" })
      const response = yield* sim.handle(yield* signed(CREATE))
      assert.strictEqual(response.status, 200)
      assert.match(response.headers["content-type"] ?? "", /^application\/json/)
      assert.throws(() => JSON.parse(response.body))
      assert.strictEqual(yield* taskCount(sim), 0)
      assert.deepStrictEqual(yield* recorded(sim), [[paths.createTask, 200, "notJson", undefined]])
    })
  )

  it.effect("wrongShape: processed, then a success envelope whose data fields have other types", () =>
    Effect.gen(function* () {
      const { envelope, sim } = yield* createdWith("wrongShape")
      assert.strictEqual(envelope.code, 200)
      const data = envelope.data as Record<string, unknown>
      assert.deepStrictEqual(Object.keys(data).sort(), ["aliasTaskIdList", "taskIdList", "userId"])
      assert.isFalse(Array.isArray(data["taskIdList"]))
      assert.strictEqual(typeof data["userId"], "string")
      assert.strictEqual(yield* taskCount(sim), 1)
    })
  )

  it.effect("duplicate: delivered twice, the second meets the nonce check (603); one task, the first answer", () =>
    Effect.gen(function* () {
      const { envelope, sim } = yield* createdWith("duplicate")
      assert.strictEqual(envelope.code, 200)
      const created = envelope.data as Created
      const tasks = yield* sim.tasks(demoAccount.accessId)
      assert.deepStrictEqual(
        tasks.map((t) => t.id),
        created.taskIdList
      )
      assert.deepStrictEqual(yield* recorded(sim), [
        [paths.createTask, 200, "duplicate", undefined],
        [paths.createTask, 603, "duplicate", true]
      ])
    })
  )
})

describe("which requests a fault takes", () => {
  it.effect("no path: every endpoint; skip lets requests through first, times bounds it", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* sim.injectFault({ code: 600, skip: 2, times: 2 })
      assert.deepStrictEqual(
        (yield* sim.faults).map((f) => [f.skip, f.times]),
        [[2, 2]]
      )
      const sequence = [
        paths.queryUserProfile,
        paths.queryPlatforms,
        paths.getBid,
        paths.queryUserSetting,
        paths.getBid
      ]
      const codes: Array<number> = []
      for (const path of sequence) {
        codes.push((JSON.parse((yield* sim.handle(yield* signed({ path, body: { zone: 1 } }))).body) as Envelope).code)
      }
      assert.deepStrictEqual(codes, [200, 200, 600, 600, 200])
      assert.deepStrictEqual(yield* sim.faults, [])
    })
  )

  it.effect("a skipping fault lets a later fault take the request", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 600, skip: 1 })
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 601 })
      const codes: Array<number> = []
      for (let i = 0; i < 3; i++)
        codes.push(
          (JSON.parse((yield* sim.handle(yield* signed({ path: paths.queryUserProfile }))).body) as Envelope).code
        )
      assert.deepStrictEqual(codes, [601, 600, 200])
    })
  )

  const pattern = (seed: number, fault: Fault) =>
    Effect.gen(function* () {
      const sim = yield* make({ seed })
      yield* sim.injectFault(fault)
      const hits: Array<boolean> = []
      for (let i = 0; i < 64; i++) {
        const response = yield* sim.handle(yield* signed({ path: paths.queryUserProfile }))
        hits.push((JSON.parse(response.body) as Envelope).code === 500)
      }
      return hits
    })

  it.effect("probability: drawn from the seed, so the same seed replays exactly", () =>
    Effect.gen(function* () {
      const fault: Fault = { path: paths.queryUserProfile, probability: 0.5, times: Infinity }
      const first = yield* pattern(7, fault)
      const again = yield* pattern(7, fault)
      assert.deepStrictEqual(first, again)
      const hits = first.filter(Boolean).length
      assert.isTrue(hits > 10 && hits < 54, `about half are hit: ${hits} of 64`)
      // The fault's own seed wins over the simulator's.
      assert.deepStrictEqual(yield* pattern(1, { ...fault, seed: 7 }), yield* pattern(2, { ...fault, seed: 7 }))
      assert.notDeepEqual(yield* pattern(1, { ...fault, seed: 7 }), yield* pattern(1, { ...fault, seed: 8 }))
      // times counts affected requests only.
      const twice = yield* pattern(7, { ...fault, times: 2 })
      assert.strictEqual(twice.filter(Boolean).length, 2)
      assert.deepStrictEqual(twice.slice(0, twice.lastIndexOf(true) + 1), first.slice(0, twice.lastIndexOf(true) + 1))
    })
  )

  it.effect("a malformed fault is a defect naming the problem", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const bad: ReadonlyArray<[Fault, RegExp]> = [
        [{ kind: "explode" } as unknown as Fault, /kind must be one of/],
        [{ skip: -1 }, /skip must be a whole number/],
        [{ delayMillis: -5 }, /delayMillis must be a finite number/],
        [{ delayMillis: Infinity }, /delayMillis must be a finite number/],
        [{ probability: 0 }, /probability must be above 0/],
        [{ probability: 1.5 }, /probability must be above 0/],
        [{ seed: 0.5 }, /seed must be an integer/]
      ]
      for (const [fault, message] of bad) {
        const exit = yield* Effect.exit(sim.injectFault(fault))
        assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause), JSON.stringify(fault))
        if (Exit.isFailure(exit)) assert.match(Cause.pretty(exit.cause), message)
      }
      assert.deepStrictEqual(yield* sim.faults, [])
    })
  )
})

describe("setClockOffset", () => {
  it.effect("a server clock beyond the timestamp window answers 610 with its time, until set back", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      assert.strictEqual(yield* sim.clockOffsetMillis, 0)
      yield* sim.setClockOffset(10 * 60_000)
      assert.strictEqual(yield* sim.clockOffsetMillis, 600_000)
      const expired = JSON.parse((yield* sim.handle(yield* signed({ path: paths.queryUserProfile }))).body) as Envelope
      assert.strictEqual(expired.code, 610)
      assert.strictEqual(expired.serverTime, 600_000, "the server's time: TestClock's 0 plus the offset")
      yield* sim.setClockOffset(0)
      const fine = JSON.parse((yield* sim.handle(yield* signed({ path: paths.queryUserProfile }))).body) as Envelope
      assert.strictEqual(fine.code, 200)
      const exit = yield* Effect.exit(sim.setClockOffset(NaN))
      assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause))
    })
  )
})

/** Sends a raw request with node:http: the status, headers and bytes received, or the error. */
const rawPost = (url: string, request: SimRequest) =>
  Effect.async<{
    readonly status: number
    readonly contentLength: number
    readonly received: number
    readonly error: string | undefined
  }>((resume) => {
    const req = Http.request(`${url}${request.path}`, { method: "POST", headers: request.headers, agent: false })
    req.on("response", (res) => {
      let received = 0
      let error: string | undefined
      res.on("data", (chunk: Uint8Array) => (received += chunk.length))
      const done = () =>
        resume(
          Effect.succeed({
            status: res.statusCode ?? 0,
            contentLength: Number(res.headers["content-length"]),
            received,
            error
          })
        )
      res.on("error", (e) => (error = e.message))
      res.on("close", done)
    })
    req.on("error", (e) => resume(Effect.succeed({ status: 0, contentLength: 0, received: 0, error: e.message })))
    req.end(request.bodyText)
  })

describe("fault kinds over a socket", () => {
  it.live("reset destroys the connection without an answer (acted: the task exists)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const address = yield* serve(sim)
      const host = `127.0.0.1:${address.port}`
      yield* sim.injectFault({ path: paths.createTask, kind: "reset", acted: true })
      const result = yield* rawPost(address.url, yield* signed({ ...CREATE, host }))
      assert.strictEqual(result.status, 0)
      assert.match(result.error ?? "", /socket hang up|ECONNRESET/)
      assert.strictEqual(yield* taskCount(sim), 1)
      // The server still answers.
      const fine = yield* rawPost(address.url, yield* signed({ ...CREATE, host }))
      assert.strictEqual(fine.status, 200)
      assert.strictEqual(fine.received, fine.contentLength)
    }).pipe(Effect.scoped)
  )

  it.live("truncate sends the full content-length and half of the bytes, then drops the connection", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const address = yield* serve(sim)
      const host = `127.0.0.1:${address.port}`
      yield* sim.injectFault({ path: paths.createTask, kind: "truncate" })
      const result = yield* rawPost(address.url, yield* signed({ ...CREATE, host }))
      assert.strictEqual(result.status, 200)
      assert.isAbove(result.contentLength, 0)
      assert.strictEqual(result.received, Math.floor(result.contentLength / 2))
      assert.strictEqual(yield* taskCount(sim), 1)
      // fetch reports the cut body as an error.
      yield* sim.injectFault({ path: paths.createTask, kind: "truncate" })
      const request = yield* signed({ ...CREATE, host })
      const text = yield* Effect.either(
        Effect.tryPromise(() =>
          fetch(`${address.url}${paths.createTask}`, {
            method: "POST",
            headers: request.headers,
            body: request.bodyText
          }).then((r) => r.text())
        )
      )
      assert.strictEqual(text._tag, "Left")
    }).pipe(Effect.scoped)
  )

  it.live("hang keeps the connection open; closing the server destroys it and nothing is left listening", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const scope = yield* Scope.make()
      const address = yield* serve(sim).pipe(Scope.extend(scope))
      const host = `127.0.0.1:${address.port}`
      yield* sim.injectFault({ path: paths.queryUserProfile, kind: "hang" })
      // And a request sleeping in a long delay: the close interrupts it.
      yield* sim.injectFault({ path: paths.queryPlatforms, kind: "delay", delayMillis: 3_600_000 })
      const hanging = yield* Effect.fork(rawPost(address.url, yield* signed({ path: paths.queryUserProfile, host })))
      const sleeping = yield* Effect.fork(
        rawPost(address.url, yield* signed({ path: paths.queryPlatforms, body: { zone: 1 }, host }))
      )
      // Both requests arrived and were recorded.
      while ((yield* sim.calls).length < 2) yield* Effect.sleep(Duration.millis(10))
      yield* Effect.sleep(Duration.millis(100))
      assert.isTrue(Option.isNone(yield* Fiber.poll(hanging)))
      assert.isTrue(Option.isNone(yield* Fiber.poll(sleeping)))
      yield* Scope.close(scope, Exit.void)
      const hung = yield* Fiber.join(hanging)
      assert.strictEqual(hung.status, 0, "no answer ever came")
      assert.match(hung.error ?? "", /socket hang up|ECONNRESET/)
      assert.strictEqual((yield* Fiber.join(sleeping)).status, 0)
      assert.isFalse(yield* listening(address.port))
    })
  )

  it.live("the in-process client and the server agree on a hang: the client gives up on its own timeout", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const address = yield* serve(sim)
      yield* sim.injectFault({ path: paths.queryUserProfile, kind: "hang", times: 2 })
      const host = `127.0.0.1:${address.port}`
      const request = yield* signed({ path: paths.queryUserProfile, host })
      const client = yield* HttpClient.HttpClient
      const timedOut = yield* client
        .execute(
          HttpClientRequest.post(`${address.url}${paths.queryUserProfile}`).pipe(
            HttpClientRequest.setHeaders(request.headers),
            HttpClientRequest.bodyText(request.bodyText, "application/json")
          )
        )
        .pipe(Effect.timeout(Duration.millis(200)), Effect.flip)
      assert.strictEqual(timedOut._tag, "TimeoutException")
      const inProcess = yield* viaClient(sim, yield* signed({ path: paths.queryUserProfile })).pipe(
        Effect.timeout(Duration.millis(200)),
        Effect.flip
      )
      assert.strictEqual(inProcess._tag, "TimeoutException")
      assert.deepStrictEqual(
        (yield* sim.calls).map((c) => [c.code, c.fault]),
        [
          [0, "hang"],
          [0, "hang"]
        ]
      )
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))
  )
})
