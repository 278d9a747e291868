// The user's test shown in the README ("Testing your code"), verbatim: examples/test/quickstart.test.ts
// checks that the README still shows exactly this file's code.
import { it } from "@effect/vitest"
import { Rayvision, TaskService } from "@rayvision/core"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Effect, Layer, Redacted, TestClock } from "effect"

const Farm = Rayvision.layer({
  accessId: Simulator.demoAccount.accessId,
  accessKey: Redacted.make(Simulator.demoAccount.accessKey)
}).pipe(Layer.provideMerge(SimulatorService.layer({ seed: 1, farm: { framesPerTask: 4, frameSeconds: 60 } })))

it.effect("a submitted task finishes", () =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const { taskIdList } = yield* tasks.createTaskIds()
    yield* tasks.submit({ taskId: taskIdList[0]! })
    yield* TestClock.adjust("10 minutes")
    const page = yield* tasks.info(taskIdList)
    if (page.items[0]?.taskStatus !== 25) throw new Error("not finished")
  }).pipe(Effect.provide(Farm))
)
