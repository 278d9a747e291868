// The README's "use it in-process" snippet, as a user's test would write it.
import { assert, describe, it } from "@effect/vitest"
import { Rayvision, TaskService, UserService } from "@rayvision/core"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Effect, Layer, Redacted } from "effect"

const Client = Rayvision.layer({
  accessId: Simulator.demoAccount.accessId,
  accessKey: Redacted.make(Simulator.demoAccount.accessKey)
}).pipe(Layer.provideMerge(SimulatorService.layer({ seed: 1 })))

describe("a user's test against the in-process simulator", () => {
  it.effect("reads the profile and drives a task, with no socket", () =>
    Effect.gen(function* () {
      const profile = yield* Effect.flatMap(UserService.UserService, (u) => u.profile())
      assert.isAbove(profile.userId, 0)
      const tasks = yield* TaskService.TaskService
      const { taskIdList } = yield* tasks.createTaskIds({ count: 2 })
      assert.strictEqual(taskIdList.length, 2)
      yield* tasks.submit({ taskId: taskIdList[0]! })
      const page = yield* tasks.listPage()
      assert.deepStrictEqual(
        page.items.map((t) => t.id),
        [taskIdList[0]]
      )
      const sim = yield* SimulatorService.SimulatorService
      const calls = yield* sim.calls
      assert.deepStrictEqual(
        calls.map((c) => c.code),
        [200, 200, 200, 200]
      )
    }).pipe(Effect.provide(Client))
  )
})
