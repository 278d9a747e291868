/**
 * Requests the service refuses before acting (docs/protocol.md 3.1): a 603 (nonce refused) or a
 * 610 (clock skew) is re-sent once with a fresh nonce and timestamp, re-signed, on every endpoint,
 * non-idempotent ones included, and the simulator's state shows it acted once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Metrics, TaskService } from "@rayvision/core"
import { SimulatorService } from "@rayvision/simulator"
import { Effect, Metric } from "effect"
import { attempts, codes, failedWith, inProcess, observed, settle, simTasks, success } from "./support.ts"
import { paths } from "../paths.ts"
const createIds = Effect.flatMap(TaskService.TaskService, (t) => t.createTaskIds())
const resends = (code: string) =>
  Metric.value(
    Metrics.resends.pipe(
      Metric.tagged(Metrics.OperationTag, "TaskService.createTaskIds"),
      Metric.tagged(Metrics.CodeTag, code)
    )
  ).pipe(Effect.map((state) => state.count))

describe("a refused nonce (603)", () => {
  it.effect("createTask: re-sent once with another nonce, one task reserved, counted as a re-send", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const before = yield* resends("603")
      yield* sim.injectFault({ path: paths.createTask, code: 603 })
      const created = success(yield* settle(createIds))
      assert.deepStrictEqual(yield* codes(paths.createTask), [
        [603, "error"],
        [200, undefined]
      ])
      const [first, second] = yield* attempts(paths.createTask)
      assert.strictEqual(second?.bodyText, first?.bodyText, "the same request, re-signed")
      assert.deepStrictEqual(
        (yield* simTasks()).map((t) => t.id),
        [...created.taskIdList]
      )
      assert.strictEqual((yield* resends("603")) - before, 1)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("refused twice: IllegalProtocol after two requests, no task", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, code: 603, times: 2 })
      failedWith(yield* settle(createIds), "IllegalProtocol")
      assert.strictEqual((yield* attempts(paths.createTask)).length, 2)
      assert.strictEqual((yield* simTasks()).length, 0)
    }).pipe(Effect.provide(inProcess()), observed)
  )
})
