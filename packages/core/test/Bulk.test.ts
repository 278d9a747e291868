/**
 * BulkService against a fake service that acts as the real one does on a list of ids: all or
 * nothing, the request refused when it holds one id the fake refuses. Checks the splitting
 * (exactly the bad ids fail, each from a request of its own, within the documented bound), the
 * errors that are not split, progress, spans, deduplication and interruption.
 */
import { assert, describe, it } from "@effect/vitest"
import { type ApiError, type Bulk, BulkService } from "@rayvision/core"
import { Chunk, Effect, Exit, Fiber, Stream } from "effect"
import { clientLayer, envelope, makeFake, runFake, success } from "./support.ts"
import type { Recorded, Reply } from "./support.ts"

type Program<A> = Effect.Effect<A, ApiError.ApiError, BulkService.BulkService>

/** Runs `program` against a fake answering with `reply`; returns the exit, requests and spans. */
const run = <A>(reply: (request: Recorded, index: number) => Reply, program: Program<A>, retry = 0) =>
  runFake(reply, program, { retry: { times: retry } })

const bulk = <A>(f: (bulk: BulkService.Service) => Program<A>): Program<A> => Effect.flatMap(BulkService.BulkService, f)

const idsOf = (request: Recorded) => request.body["taskIds"] as ReadonlyArray<number>

/** All or nothing: 404 when the request holds an id of `bad`, else success. */
const refusing =
  (bad: ReadonlySet<number>) =>
  (request: Recorded): Reply =>
    idsOf(request).some((id) => bad.has(id)) ? envelope(null, 404, { message: "resource_not_found" }) : envelope(null)

/** Checks that exactly `ids` failed, in order, each with an error tagged `tag`. */
const assertFailed = (result: Bulk.BulkResult, ids: ReadonlyArray<number>, tag: string) =>
  assert.deepStrictEqual(
    result.failed.map((f) => [f.taskId, f.error._tag]),
    ids.map((id) => [id, tag])
  )

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

/** The documented bound on the calls for `ids` in batches of `size`, `bad` being refused. */
const bound = (ids: ReadonlyArray<number>, size: number, bad: ReadonlySet<number>) => {
  let calls = 0
  for (let i = 0; i < ids.length; i += size) {
    const batch = ids.slice(i, i + size)
    const k = batch.filter((id) => bad.has(id)).length
    calls += 1 + (k === 0 ? 0 : Math.min(2 * batch.length - 2, 2 * k * Math.ceil(Math.log2(batch.length))))
  }
  return calls
}

describe("BulkService: isolating the ids the service refuses", () => {
  it.effect("exactly the bad ids fail, each from a request that carried it alone", () =>
    Effect.gen(function* () {
      const ids = range(1001, 64)
      const bad = new Set([1003, 1040, 1041, 1064])
      const { exit, requests } = yield* run(
        refusing(bad),
        bulk((b) => b.stop(ids, { batchSize: 16 }))
      )
      const result = success(exit)
      assert.deepStrictEqual(
        result.succeeded,
        ids.filter((id) => !bad.has(id))
      )
      assert.deepStrictEqual(
        result.failed.map((f) => f.taskId),
        [...bad]
      )
      for (const failure of result.failed) {
        assert.strictEqual(failure.error._tag, "ResourceNotFound")
        const alone = requests.filter((r) => idsOf(r).length === 1 && idsOf(r)[0] === failure.taskId)
        assert.strictEqual(alone.length, 1, `task ${failure.taskId} was sent alone once`)
      }
      for (const request of requests) assert.isAtMost(idsOf(request).length, 16)
      // Every good id was in exactly one accepted request.
      const accepted = requests.filter((r) => !idsOf(r).some((id) => bad.has(id))).flatMap(idsOf)
      assert.deepStrictEqual(
        [...accepted].sort((a, b) => a - b),
        result.succeeded
      )
      assert.isAtMost(requests.length, bound(ids, 16, bad))
    })
  )

  it.effect("a half known to hold the refused id is split without being sent whole", () =>
    Effect.gen(function* () {
      const ids = range(1, 8)
      const { exit, requests } = yield* run(
        refusing(new Set([8])),
        bulk((b) => b.stop(ids))
      )
      assert.deepStrictEqual(success(exit).succeeded, range(1, 7))
      // [1..8] refused; [1..4] accepted, so [5..8] holds the bad id: [5,6] accepted, so [7,8]
      // does too: [7] accepted, [8] refused alone.
      assert.deepStrictEqual(requests.map(idsOf), [ids, [1, 2, 3, 4], [5, 6], [7], [8]])
    })
  )

  it.effect("every id bad: each fails with its own error, at most 2n - 1 calls", () =>
    Effect.gen(function* () {
      const ids = range(1, 10)
      const { exit, requests } = yield* run(
        (request) =>
          idsOf(request).length === 1
            ? envelope(null, 600, { message: `task ${idsOf(request)[0]} has not been submitted` })
            : envelope(null, 600, { message: "parameter_invalid" }),
        bulk((b) => b.abandon(ids))
      )
      const result = success(exit)
      assert.deepStrictEqual(result.succeeded, [])
      for (const failure of result.failed) {
        assert.strictEqual(failure.error._tag, "ParameterInvalid")
        if (failure.error._tag === "ParameterInvalid") {
          assert.strictEqual(failure.error.serverMessage, `task ${failure.taskId} has not been submitted`)
        }
      }
      assert.isAtMost(requests.length, 2 * ids.length - 1)
    })
  )

  it.effect("bisect: false fails every id of a refused batch with its error, and sends each batch once", () =>
    Effect.gen(function* () {
      const ids = range(1, 6)
      const { exit, requests } = yield* run(
        refusing(new Set([2])),
        bulk((b) => b.delete(ids, { batchSize: 3, bisect: false }))
      )
      const result = success(exit)
      assert.deepStrictEqual(result.succeeded, [4, 5, 6])
      assertFailed(result, [1, 2, 3], "ResourceNotFound")
      assert.strictEqual(requests.length, 2)
    })
  )
})

describe("BulkService: errors that are not about one id", () => {
  it.effect("a transient failure fails its batch's ids without splitting; other batches go on", () =>
    Effect.gen(function* () {
      const ids = range(1, 9)
      const { exit, requests } = yield* run(
        (request) => (idsOf(request).includes(5) ? { _tag: "transportError" } : envelope(null)),
        bulk((b) => b.stop(ids, { batchSize: 3 }))
      )
      const result = success(exit)
      assert.deepStrictEqual(result.succeeded, [1, 2, 3, 7, 8, 9])
      assertFailed(result, [4, 5, 6], "TransportError")
      assert.strictEqual(requests.length, 3)
    })
  )

  it.live("stop is retried by the transport after a transient failure; restartFailedFrames never is", () =>
    Effect.gen(function* () {
      const flaky = (_request: Recorded, index: number): Reply =>
        index === 0 ? { _tag: "transportError" } : envelope(null)
      const stop = yield* run(
        flaky,
        bulk((b) => b.stop([1, 2])),
        3
      )
      assert.deepStrictEqual(success(stop.exit).succeeded, [1, 2])
      assert.strictEqual(stop.requests.length, 2)
      const restart = yield* run(
        flaky,
        bulk((b) => b.restartFailedFrames([1, 2])),
        3
      )
      const result = success(restart.exit)
      assertFailed(result, [1, 2], "TransportError")
      assert.strictEqual(restart.requests.length, 1)
    })
  )

  it.effect("an error about the credentials fails every id and stops sending", () =>
    Effect.gen(function* () {
      const ids = range(1, 50)
      const { exit, requests } = yield* run(
        () => envelope(null, 611, { message: "signature_invalid" }),
        bulk((b) => b.fullSpeed(ids, { batchSize: 10, concurrency: 1 }))
      )
      const result = success(exit)
      assert.strictEqual(result.failed.length, 50)
      for (const failure of result.failed) assert.strictEqual(failure.error._tag, "SignatureInvalid")
      assert.strictEqual(requests.length, 1)
    })
  )
})

describe("BulkService: input", () => {
  it.effect("duplicates are sent once; invalid ids fail alone and are never sent", () =>
    Effect.gen(function* () {
      const input = [3, 1, 3, 0, 2, 1.5, 1, -7, Number.NaN]
      const { exit, requests } = yield* run(
        () => envelope(null),
        bulk((b) => b.stop(input))
      )
      const result = success(exit)
      assert.deepStrictEqual(result.succeeded, [3, 1, 2])
      assertFailed(result, [0, 1.5, -7, Number.NaN], "InvalidRequest")
      const fields = result.failed.map((f) => (f.error._tag === "InvalidRequest" ? f.error.field : ""))
      assert.deepStrictEqual(fields, ["taskIds.3", "taskIds.5", "taskIds.7", "taskIds.8"])
      assert.deepStrictEqual(requests.map(idsOf), [[3, 1, 2]])
      assert.strictEqual(result.byId.size, 7)
      assert.deepStrictEqual([...result.byId.keys()], [3, 1, 0, 2, 1.5, -7, Number.NaN])
    })
  )

  it.effect("no ids: an empty result and no request", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        () => envelope(null),
        bulk((b) => b.start([]))
      )
      const result = success(exit)
      assert.deepStrictEqual(result.succeeded, [])
      assert.deepStrictEqual(result.failed, [])
      assert.strictEqual(requests.length, 0)
    })
  )

  it.effect("setPriority sends {taskId, taskUserLevel} once per id", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (request) =>
          request.body["taskId"] === 2 ? envelope(null, 404, { message: "resource_not_found" }) : envelope(null),
        bulk((b) => b.setPriority([1, 2, 3], 60, { batchSize: 50 }))
      )
      const result = success(exit)
      assert.deepStrictEqual(result.succeeded, [1, 3])
      assertFailed(result, [2], "ResourceNotFound")
      // Sent concurrently: in any order.
      assert.deepStrictEqual(requests.map((r) => r.bodyText).sort(), [
        '{"taskId": 1, "taskUserLevel": 60}',
        '{"taskId": 2, "taskUserLevel": 60}',
        '{"taskId": 3, "taskUserLevel": 60}'
      ])
    })
  )
})

describe("BulkService: progress, spans and interruption", () => {
  it.effect("progress after each batch, in order, up to the total", () =>
    Effect.gen(function* () {
      const seen: Array<Bulk.BulkProgress> = []
      const ids = [0, ...range(1, 10)]
      const { exit } = yield* run(
        refusing(new Set([4])),
        bulk((b) =>
          b.stop(ids, { batchSize: 4, onProgress: (progress) => Effect.sync(() => void seen.push(progress)) })
        )
      )
      const result = success(exit)
      // The invalid id first, then one report per batch of 4.
      assert.strictEqual(seen.length, 1 + 3)
      for (let i = 1; i < seen.length; i++) assert.isAbove(seen[i]!.done, seen[i - 1]!.done)
      const last = seen[seen.length - 1]!
      assert.strictEqual(last.total, ids.length)
      assert.strictEqual(last.done, ids.length)
      assert.strictEqual(last.succeeded, result.succeeded.length)
      assert.strictEqual(last.failed, result.failed.length)
    })
  )

  it.effect("a span per operation with the calls as children, counts as attributes", () =>
    Effect.gen(function* () {
      const { exit, requests, spans } = yield* run(
        refusing(new Set([5])),
        bulk((b) => b.stop([...range(1, 12), 0], { batchSize: 6 }))
      )
      success(exit)
      const op = spans.filter((s) => s.name === "BulkService.stop")
      assert.strictEqual(op.length, 1)
      const attributes = Object.fromEntries(op[0]!.attributes)
      assert.deepStrictEqual(attributes, {
        "rayvision.bulk.ids": 13,
        "rayvision.bulk.batches": 2,
        "rayvision.bulk.batch_size": 6,
        "rayvision.bulk.concurrency": 4,
        "rayvision.bulk.succeeded": 11,
        "rayvision.bulk.failures": 2,
        "rayvision.bulk.calls": requests.length
      })
      const calls = spans.filter((s) => s.name === "TaskService.stop")
      assert.strictEqual(calls.length, requests.length)
      for (const call of calls) assert.strictEqual(call.parent, "BulkService.stop")
    })
  )

  it.effect("the stream variant has the same span, and one outcome per distinct id", () =>
    Effect.gen(function* () {
      const { exit, requests, spans } = yield* run(
        refusing(new Set([3])),
        bulk((b) => Stream.runCollect(b.stream({ action: "abandon" }, [1, 2, 3, 4, 2], { batchSize: 2 })))
      )
      const outcomes = Chunk.toReadonlyArray(success(exit))
      assert.deepStrictEqual(
        outcomes.map((o) => [o.taskId, o._tag === "Succeeded" ? "Succeeded" : o.error._tag]).sort(),
        [
          [1, "Succeeded"],
          [2, "Succeeded"],
          [3, "ResourceNotFound"],
          [4, "Succeeded"]
        ]
      )
      const op = spans.filter((s) => s.name === "BulkService.abandon")
      assert.strictEqual(op.length, 1)
      assert.strictEqual(op[0]!.attributes.get("rayvision.bulk.failures"), 1)
      assert.strictEqual(op[0]!.attributes.get("rayvision.bulk.calls"), requests.length)
      for (const call of spans.filter((s) => s.name === "TaskService.abandon")) {
        assert.strictEqual(call.parent, "BulkService.abandon")
      }
    })
  )

  it.effect("interrupting stops launching requests; those in flight are interrupted", () =>
    Effect.gen(function* () {
      const fake = yield* makeFake(() => ({ _tag: "hang" }))
      const fiber = yield* Effect.fork(
        bulk((b) => b.stop(range(1, 100), { batchSize: 10, concurrency: 2 })).pipe(
          Effect.provide(clientLayer(fake, { retry: { times: 0 } }))
        )
      )
      while ((yield* fake.requests).length < 2) yield* Effect.yieldNow()
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isInterrupted(exit))
      for (let i = 0; i < 20; i++) yield* Effect.yieldNow()
      assert.strictEqual((yield* fake.requests).length, 2)
    })
  )
})
