/**
 * BulkService against the simulator: a stop over 2,500 ids with ids that fail in every way the
 * service refuses them (another account's or unknown: 404; reserved but not submitted: 600;
 * invalid: refused before sending), each outcome checked against the simulator's tasks; batch
 * sizes read from the bodies received; requests in flight measured; interruption; priorities one
 * id per call; and the success path of every action, in-process and over a socket.
 *
 * Requests in flight are measured by wrapping the client's `HttpClient` (the one the simulator
 * answers in-process): the wrapper counts a request from the moment the transport hands it over
 * until its answer is back, and yields to the scheduler before forwarding it, so every fiber
 * ready to send starts its request before an answer comes back. The tests check that the maximum
 * equals the bound, not merely that it stays below it: that shows the measure does see requests
 * overlap (a count stuck at 1 would pass "at most 4" too). The same wrapper can hold every
 * request at a gate, which is how the interruption test knows which requests were started.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Bulk, BulkService, type ClientConfig, Frame, Task, TaskService } from "@rayvision/core"
import { Simulator } from "@rayvision/simulator"
import { Chunk, Deferred, Effect, Fiber, Stream, TestClock } from "effect"
import { asOther, callsTo, inProcess, lastBody, otherAccount, overSocket, simTasks } from "../support.ts"
import { paths } from "../paths.ts"

const accounts = [Simulator.demoAccount, otherAccount]

/** Requests in flight on the client's `HttpClient`, and an optional gate every request waits at. */
interface Meter {
  inFlight: number
  max: number
  started: number
  gate: Deferred.Deferred<void> | undefined
}
const meter = (): Meter => ({ inFlight: 0, max: 0, started: 0, gate: undefined })

/** The demo client over a metered `HttpClient`, plus the in-process simulator. */
const metered = (m: Meter, options: Simulator.Options = {}, client: Partial<ClientConfig.Options> = {}) =>
  inProcess({ maxRecordedCalls: 50_000, ...options }, client, (inner) =>
    HttpClient.transform(inner, (response) =>
      Effect.acquireUseRelease(
        Effect.sync(() => {
          m.started++
          m.inFlight++
          m.max = Math.max(m.max, m.inFlight)
        }),
        () =>
          Effect.gen(function* () {
            if (m.gate !== undefined) yield* Deferred.await(m.gate)
            yield* Effect.yieldNow()
            return yield* response
          }),
        () => Effect.sync(() => void m.inFlight--)
      )
    )
  )

const bulk = <A, E>(f: (bulk: BulkService.Service) => Effect.Effect<A, E>) => Effect.flatMap(BulkService.BulkService, f)

/** Reserves `count` task ids, up to 1000 per call. */
const reserve = (count: number) =>
  Effect.flatMap(TaskService.TaskService, (tasks) =>
    Effect.gen(function* () {
      const ids: Array<number> = []
      while (ids.length < count) {
        const created = yield* tasks.createTaskIds({ count: Math.min(1000, count - ids.length) })
        ids.push(...created.taskIdList)
      }
      return ids
    })
  )

/** Reserves and submits `count` tasks. */
const submitted = (count: number) =>
  Effect.flatMap(reserve(count), (ids) =>
    Effect.as(
      Effect.flatMap(TaskService.TaskService, (tasks) =>
        Effect.forEach(ids, (taskId) => tasks.submit({ taskId }), { discard: true })
      ),
      ids
    )
  )

/** An account's tasks (the demo account's by default) as the simulator holds them, by id. */
const tasksById = (accessId?: string) => Effect.map(simTasks(accessId), (tasks) => new Map(tasks.map((t) => [t.id, t])))

/** The `taskIds` of every body the simulator received on `path`, with the code it answered. */
const sent = (path: string) =>
  Effect.map(callsTo(path), (calls) =>
    calls.map((call) => ({
      code: call.code,
      taskIds: (JSON.parse(call.bodyText) as { taskIds: Array<number> }).taskIds
    }))
  )

/** A deterministic shuffle (a fixed linear congruential sequence). */
const shuffle = <A>(items: ReadonlyArray<A>): Array<A> => {
  const out = [...items]
  let seed = 12345
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    const j = seed % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const tagOf = (outcome: Bulk.BulkOutcome | undefined) =>
  outcome === undefined ? "missing" : outcome._tag === "Succeeded" ? "Succeeded" : outcome.error._tag

describe("BulkService.stop over 2,500 ids", () => {
  it.effect(
    "every outcome matches the simulator; batches of at most 100; at most 4 requests in flight",
    () => {
      const m = meter()
      return Effect.gen(function* () {
        const good = yield* submitted(2395)
        const untouched = yield* submitted(5)
        const unsubmitted = yield* reserve(40)
        const foreign = yield* asOther(
          Effect.flatMap(reserve(30), (ids) =>
            Effect.as(
              Effect.flatMap(TaskService.TaskService, (t) =>
                Effect.forEach(ids, (taskId) => t.submit({ taskId }), { discard: true })
              ),
              ids
            )
          )
        )
        const unknown = Array.from({ length: 30 }, (_, i) => 900_000_000 + i * 7)
        const invalid = [0, -3, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]
        const distinct = [...good, ...unsubmitted, ...foreign, ...unknown, ...invalid]
        assert.strictEqual(distinct.length, 2500)
        // 20 ids given twice: each is one outcome and is sent as one id.
        const input = shuffle([...distinct, ...good.slice(0, 20)])

        m.max = 0
        const result = yield* bulk((b) => b.stop(input))

        // Every distinct id has exactly one outcome, in `byId` and in one of the two lists.
        assert.strictEqual(result.byId.size, 2500)
        assert.strictEqual(result.succeeded.length + result.failed.length, 2500)
        assert.strictEqual(new Set([...result.succeeded, ...result.failed.map((f) => f.taskId)]).size, 2500)

        // Each outcome against what the simulator holds now.
        const demo = yield* tasksById()
        const theirs = yield* tasksById(otherAccount.accessId)
        const expected = new Map<number, string>([
          ...good.map((id) => [id, "Succeeded"] as const),
          ...unsubmitted.map((id) => [id, "ParameterInvalid"] as const),
          ...foreign.map((id) => [id, "ResourceNotFound"] as const),
          ...unknown.map((id) => [id, "ResourceNotFound"] as const),
          ...invalid.map((id) => [id, "InvalidRequest"] as const)
        ])
        for (const id of distinct) {
          const outcome = result.byId.get(id)
          assert.strictEqual(tagOf(outcome), expected.get(id), `task ${id}`)
          const task = demo.get(id)
          if (outcome?._tag === "Succeeded") {
            assert.strictEqual(task?.taskStatus, Simulator.TaskStatus.Stopped, `task ${id} is stopped`)
            continue
          }
          const error = (outcome as Bulk.Failed).error
          switch (error._tag) {
            case "ResourceNotFound":
              assert.isUndefined(task, `task ${id} is not the account's`)
              assert.strictEqual(error.path, paths.stopTask)
              break
            case "ParameterInvalid":
              assert.strictEqual(task?.submitted, false, `task ${id} is not submitted`)
              assert.match(error.serverMessage, new RegExp(`task ${id} has not been submitted`))
              break
            case "InvalidRequest":
              assert.strictEqual(error.field, `taskIds.${input.findIndex((x) => Object.is(x, id))}`)
              break
            default:
              assert.fail(`unexpected ${error._tag} for ${id}`)
          }
        }
        // What was not asked for did not change.
        for (const id of untouched) assert.strictEqual(demo.get(id)?.taskStatus, Simulator.TaskStatus.Waiting)
        for (const id of foreign) assert.strictEqual(theirs.get(id)?.taskStatus, Simulator.TaskStatus.Waiting)
        for (const id of unsubmitted) assert.strictEqual(demo.get(id)?.submitted, false)
        // Lists keep the order the ids were given.
        const first = new Map<number, number>()
        input.forEach((id, index) => first.has(id) || first.set(id, index))
        assert.deepStrictEqual(
          result.succeeded,
          [...result.succeeded].sort((a, b) => first.get(a)! - first.get(b)!)
        )

        // The bodies: at most 100 ids each, only valid ids, and every good id in exactly one
        // accepted request.
        const calls = yield* sent(paths.stopTask)
        for (const call of calls) {
          assert.isAtMost(call.taskIds.length, Bulk.DEFAULT_BATCH_SIZE)
          assert.isAbove(call.taskIds.length, 0)
          for (const id of call.taskIds) assert.isTrue(Number.isSafeInteger(id) && id > 0)
        }
        const accepted = calls.filter((c) => c.code === 200).flatMap((c) => c.taskIds)
        assert.strictEqual(accepted.length, good.length)
        assert.deepStrictEqual(new Set(accepted), new Set(good))
        for (const call of calls.filter((c) => c.code !== 200)) {
          assert.isTrue(
            call.taskIds.some((id) => expected.get(id) !== "Succeeded"),
            "a refused request held a bad id"
          )
        }

        // The splitting stayed within its bound: per batch of n ids with k bad ones, at most
        // min(2n - 2, 2k * ceil(log2 n)) calls beyond the batch's own.
        const valid = [...new Set(input)].filter((id) => Number.isSafeInteger(id) && id > 0)
        let bound = 0
        let batches = 0
        for (let i = 0; i < valid.length; i += 100) {
          const batch = valid.slice(i, i + 100)
          const bad = batch.filter((id) => expected.get(id) !== "Succeeded").length
          batches++
          bound += 1 + (bad === 0 ? 0 : Math.min(2 * batch.length - 2, 2 * bad * Math.ceil(Math.log2(batch.length))))
        }
        assert.strictEqual(batches, 25)
        assert.isAtMost(calls.length, bound)
        assert.isAtLeast(calls.length, batches)

        // Requests in flight: never above the bound, and the bound was reached (the measure works).
        assert.strictEqual(m.max, Bulk.DEFAULT_CONCURRENCY)
      }).pipe(Effect.provide(metered(m, { accounts, farm: { framesPerTask: 1 } })))
    },
    60_000
  )
})

describe("BulkService: limits and interruption", () => {
  it.effect("batchSize and concurrency given per call bound the bodies and the requests in flight", () => {
    const m = meter()
    return Effect.gen(function* () {
      const ids = yield* submitted(50)
      m.max = 0
      const result = yield* bulk((b) => b.stop(ids, { batchSize: 7, concurrency: 2 }))
      assert.deepStrictEqual(result.succeeded, ids)
      const calls = yield* sent(paths.stopTask)
      // Batches complete in any order.
      assert.deepStrictEqual(
        calls.map((c) => c.taskIds.length).sort((a, b) => b - a),
        [7, 7, 7, 7, 7, 7, 7, 1]
      )
      assert.strictEqual(m.max, 2)
    }).pipe(Effect.provide(metered(m)))
  })

  it.effect("interrupting stops further requests: none is sent after the interruption", () => {
    const m = meter()
    return Effect.gen(function* () {
      const ids = yield* submitted(100)
      const gate = yield* Deferred.make<void>()
      m.gate = gate
      m.started = 0
      const fiber = yield* Effect.fork(bulk((b) => b.stop(ids, { batchSize: 10, concurrency: 2 })))
      // Wait until the two first requests are held at the gate.
      while (m.started < 2) yield* Effect.yieldNow()
      yield* Fiber.interrupt(fiber)
      yield* Deferred.succeed(gate, undefined)
      for (let i = 0; i < 50; i++) yield* Effect.yieldNow()
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(m.started, 2, "no request started after the interruption")
      assert.strictEqual(m.inFlight, 0)
      assert.strictEqual((yield* callsTo(paths.stopTask)).length, 0, "the held requests never reached the service")
      const demo = yield* tasksById()
      for (const id of ids) assert.notStrictEqual(demo.get(id)?.taskStatus, Simulator.TaskStatus.Stopped)
    }).pipe(Effect.provide(metered(m, { farm: { queueSeconds: 3600 } })))
  })

  it.effect("bad options are refused before anything is sent", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(3)
      for (const options of [{ batchSize: 0 }, { batchSize: 2.5 }, { concurrency: 0 }]) {
        const error = yield* Effect.flip(bulk((b) => b.stop(ids, options)))
        assert.strictEqual(error._tag, "InvalidRequest")
        assert.strictEqual(error.field, Object.keys(options)[0])
        assert.strictEqual(error.operation, "BulkService.stop")
        assert.isUndefined(error.path)
      }
      const level = yield* Effect.flip(bulk((b) => b.setPriority(ids, 1.5)))
      assert.strictEqual(level.field, "taskUserLevel")
      assert.isUndefined(level.path, "BulkService checked its own input: no endpoint to name")
      const status = yield* Effect.flip(bulk((b) => b.restartFailedFrames(ids, { status: [] })))
      assert.strictEqual(status.field, "status")
      assert.strictEqual((yield* callsTo(paths.stopTask)).length, 0)
      assert.strictEqual((yield* callsTo(paths.updateTaskUserLevel)).length, 0)
      assert.strictEqual((yield* callsTo(paths.recommitTasks)).length, 0)
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("BulkService.setPriority", () => {
  it.effect("one id per call, at most `concurrency` at once; bad ids fail alone", () => {
    const m = meter()
    return Effect.gen(function* () {
      const ids = yield* submitted(25)
      const unknown = [800_000_001, 800_000_002, 800_000_003]
      const input = [...ids, ...unknown, -1, ids[0]!]
      m.max = 0
      const result = yield* bulk((b) => b.setPriority(input, Task.TaskUserLevel.High, { concurrency: 3 }))
      assert.deepStrictEqual(result.succeeded, ids)
      assert.deepStrictEqual(
        result.failed.map((f) => [f.taskId, f.error._tag]),
        [...unknown.map((id) => [id, "ResourceNotFound"]), [-1, "InvalidRequest"]]
      )
      const demo = yield* tasksById()
      for (const id of ids) assert.strictEqual(demo.get(id)?.taskUserLevel, Task.TaskUserLevel.High)
      const calls = yield* callsTo(paths.updateTaskUserLevel)
      assert.strictEqual(calls.length, ids.length + unknown.length)
      for (const call of calls) {
        const body = JSON.parse(call.bodyText) as Record<string, unknown>
        assert.deepStrictEqual(Object.keys(body), ["taskId", "taskUserLevel"])
        assert.strictEqual(body["taskUserLevel"], 60)
      }
      assert.strictEqual(m.max, 3)
    }).pipe(Effect.provide(metered(m)))
  })
})

describe("BulkService: every action's success path", () => {
  it.effect("stop then start: the tasks wait again; the body is exactly {taskIds}", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(5)
      assert.deepStrictEqual((yield* bulk((b) => b.stop(ids, { batchSize: 2 }))).succeeded, ids)
      const started = yield* bulk((b) => b.start(ids, { batchSize: 2 }))
      assert.deepStrictEqual(started.succeeded, ids)
      assert.deepStrictEqual(started.failed, [])
      // Batches are sent concurrently: in any order.
      assert.sameDeepMembers(
        (yield* callsTo(paths.startTask)).map((c) => JSON.parse(c.bodyText)),
        [{ taskIds: ids.slice(0, 2) }, { taskIds: ids.slice(2, 4) }, { taskIds: ids.slice(4) }]
      )
      const demo = yield* tasksById()
      for (const id of ids) assert.strictEqual(demo.get(id)?.taskStatus, Simulator.TaskStatus.Waiting)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("abandon: the tasks are abandoned; a finished one fails alone with ParameterInvalid", () =>
    Effect.gen(function* () {
      const [finished] = yield* submitted(1)
      yield* TestClock.adjust("2 hours")
      const ids = yield* submitted(4)
      const result = yield* bulk((b) => b.abandon([...ids, finished!], { batchSize: 5 }))
      assert.deepStrictEqual(result.succeeded, ids)
      assert.deepStrictEqual(
        result.failed.map((f) => [f.taskId, f.error._tag]),
        [[finished, "ParameterInvalid"]]
      )
      const demo = yield* tasksById()
      for (const id of ids) assert.strictEqual(demo.get(id)?.taskStatus, Simulator.TaskStatus.Abandoned)
      assert.strictEqual(demo.get(finished!)?.taskStatus, Simulator.TaskStatus.Finished)
    }).pipe(Effect.provide(inProcess({ farm: { framesPerTask: 1 } })))
  )

  it.effect("delete: the tasks go to the recycle bin", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(4)
      const result = yield* bulk((b) => b.delete(ids, { batchSize: 3 }))
      assert.deepStrictEqual(result.succeeded, ids)
      assert.sameDeepMembers(
        (yield* callsTo(paths.deleteTask)).map((c) => JSON.parse(c.bodyText)),
        [{ taskIds: ids.slice(0, 3) }, { taskIds: ids.slice(3) }]
      )
      const demo = yield* tasksById()
      for (const id of ids) assert.strictEqual(demo.get(id)?.isDelete, 0)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("fullSpeed: the tasks render at full speed", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(3)
      const result = yield* bulk((b) => b.fullSpeed(ids))
      assert.deepStrictEqual(result.succeeded, ids)
      assert.deepStrictEqual(JSON.parse(yield* lastBody(paths.fullSpeedRendering)), { taskIds: ids })
      const demo = yield* tasksById()
      for (const id of ids) assert.isTrue(demo.get(id)?.fullSpeed)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("restartFailedFrames: failed frames are resubmitted; `status` is sent when given", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(3)
      yield* TestClock.adjust("1 hour")
      let demo = yield* tasksById()
      for (const id of ids) assert.strictEqual(demo.get(id)?.taskStatus, Simulator.TaskStatus.Failed)
      const result = yield* bulk((b) => b.restartFailedFrames(ids, { batchSize: 2 }))
      assert.deepStrictEqual(result.succeeded, ids)
      assert.sameDeepMembers(
        (yield* callsTo(paths.recommitTasks)).map((c) => JSON.parse(c.bodyText)),
        [{ taskIds: ids.slice(0, 2) }, { taskIds: ids.slice(2) }]
      )
      demo = yield* tasksById()
      for (const id of ids) {
        const task = demo.get(id)!
        assert.strictEqual(task.taskStatus, Simulator.TaskStatus.Waiting)
        for (const frame of task.frames) {
          assert.strictEqual(frame.frameStatus, Simulator.FrameStatus.Waiting)
          assert.strictEqual(frame.recommitFlag, 1)
        }
      }
      yield* bulk((b) => b.restartFailedFrames(ids, { status: [Frame.FrameStatus.Failed] }))
      assert.deepStrictEqual(JSON.parse(yield* lastBody(paths.recommitTasks)), { taskIds: ids, status: [5] })
    }).pipe(Effect.provide(inProcess({ farm: { framesPerTask: 2, failFrame: (f) => f.attempt === 1 } })))
  )

  it.effect("stream: one outcome per distinct id as batches complete, invalid ids first", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(6)
      const b = yield* BulkService.BulkService
      const input = [0, ...ids, 700_000_000, ids[0]!]
      const outcomes = Chunk.toReadonlyArray(
        yield* Stream.runCollect(b.stream({ action: "stop" }, input, { batchSize: 4 }))
      )
      assert.strictEqual(outcomes.length, 8)
      assert.strictEqual(tagOf(outcomes[0]), "InvalidRequest")
      assert.strictEqual(outcomes[0]!.taskId, 0)
      assert.deepStrictEqual(
        outcomes.filter((o) => o._tag === "Succeeded").map((o) => o.taskId),
        ids
      )
      assert.strictEqual(tagOf(outcomes.find((o) => o.taskId === 700_000_000)), "ResourceNotFound")
      const demo = yield* tasksById()
      for (const id of ids) assert.strictEqual(demo.get(id)?.taskStatus, Simulator.TaskStatus.Stopped)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("stream: taking the first outcomes ends the operation early", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(10)
      const b = yield* BulkService.BulkService
      const first = yield* Stream.runCollect(
        b.stream({ action: "stop" }, ids, { batchSize: 2, concurrency: 1 }).pipe(Stream.take(2))
      )
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(first).map((o) => o.taskId),
        ids.slice(0, 2)
      )
      const calls = yield* sent(paths.stopTask)
      assert.isBelow(calls.length, 5, "not every batch was sent")
      const demo = yield* tasksById()
      const stopped = ids.filter((id) => demo.get(id)?.taskStatus === Simulator.TaskStatus.Stopped)
      assert.deepStrictEqual(
        stopped,
        calls.flatMap((c) => c.taskIds)
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("BulkService over a socket", () => {
  it.live("stop with a bad id: the good ones stop, the bad one fails alone", () =>
    Effect.gen(function* () {
      const ids = yield* submitted(5)
      const result = yield* bulk((b) => b.stop([...ids, 900_000_001], { batchSize: 3, concurrency: 2 }))
      assert.deepStrictEqual(result.succeeded, ids)
      assert.deepStrictEqual(
        result.failed.map((f) => [f.taskId, f.error._tag]),
        [[900_000_001, "ResourceNotFound"]]
      )
      const demo = yield* tasksById()
      for (const id of ids) assert.strictEqual(demo.get(id)?.taskStatus, Simulator.TaskStatus.Stopped)
      for (const call of yield* sent(paths.stopTask)) assert.isAtMost(call.taskIds.length, 3)
    }).pipe(Effect.provide(overSocket()))
  )
})
