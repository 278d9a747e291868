/**
 * The test kit, as a user's tests use it: the in-process simulator (seeded, on TestClock, with
 * injected faults), a stubbed service (`TestKit.layerTest`), and the Promise facade on the
 * simulator. The code blocks of docs/testing.md are copied from this file, and the last test
 * checks that they still are, so the guide's examples compile and pass.
 */
// docs:imports
import { assert, describe, it } from "@effect/vitest"
import { ApiError, HttpTransport, Rayvision, Task, TaskService, TestKit, UserService } from "@rayvision/core"
import { PromiseClient } from "@rayvision/core/promise"
import { Simulator, SimulatorFault, SimulatorService } from "@rayvision/simulator"
import { Cause, Effect, Exit, Layer, Option, Redacted, TestClock } from "effect"
// docs:end
import { Stream } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { paths } from "../paths.ts"

// docs:simulator
// The client, answered in memory by a simulated farm: no socket, no credentials, no network.
// Every test that provides the layer gets a fresh farm, the same for the same seed.
const TestClient = Rayvision.layer({
  accessId: Simulator.demoAccount.accessId,
  accessKey: Redacted.make(Simulator.demoAccount.accessKey)
}).pipe(
  Layer.provideMerge(SimulatorService.layer({ seed: 42, farm: { framesPerTask: 4, nodes: 4, frameSeconds: 30 } }))
)

describe("rendering a shot, against the simulated farm", () => {
  it.effect("a submitted task renders to the end as the clock moves", () =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      const { taskIdList } = yield* tasks.createTaskIds()
      const taskId = taskIdList[0]!
      yield* tasks.submit({ taskId })
      const status = Effect.map(tasks.info([taskId]), (page) => page.items[0]?.taskStatus)
      assert.strictEqual(yield* status, Task.TaskStatus.Waiting)

      // it.effect runs on TestClock, and so does the farm: 10 s in the queue, then the four
      // frames at once on four nodes, 30 s each.
      yield* TestClock.adjust("15 seconds")
      assert.strictEqual(yield* status, Task.TaskStatus.Rendering)
      yield* TestClock.adjust("30 seconds")
      assert.strictEqual(yield* status, Task.TaskStatus.Finished)

      // What the client sent, as the simulator received it.
      const sim = yield* SimulatorService.SimulatorService
      const submits = (yield* sim.calls).filter((c) => c.path === TaskService.endpoints.submit.path)
      assert.deepStrictEqual(JSON.parse(submits[0]!.bodyText), { taskId })
    }).pipe(Effect.provide(TestClient))
  )
})
// docs:end

// docs:faults
describe("failures, injected into the simulated farm", () => {
  const profilePath = UserService.endpoints.profile.path

  // it.live: on the real clock, the client's retry delays (200 ms, then 400 ms) really pass.
  it.live("a transient failure is retried", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      // The next two profile requests answer INTERNAL_ERROR (code 500); the third is served.
      yield* sim.injectFault({ path: profilePath, code: 500, times: 2 })
      const profile = yield* user.profile()
      assert.isAbove(profile.userId, 0)
      const codes = (yield* sim.calls).filter((c) => c.path === profilePath).map((c) => c.code)
      assert.deepStrictEqual(codes, [500, 500, 200])
    }).pipe(Effect.provide(TestClient))
  )

  it.effect("a refusal, or a gateway's HTML page, is a typed error", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      yield* sim.injectFault({ path: profilePath, code: 403, message: "account suspended" })
      const refused = yield* Effect.flip(user.profile())
      assert.strictEqual(refused._tag, "Forbidden")
      assert.include(refused.message, "account suspended")

      // An HTTP 502 with an HTML body, every time until cleared (this call without retries).
      yield* sim.injectFault({ path: profilePath, httpStatus: 502, times: Infinity })
      const gateway = yield* Effect.flip(user.profile().pipe(HttpTransport.withCallOptions({ retry: { times: 0 } })))
      assert.instanceOf(gateway, ApiError.HttpStatusError)
      assert.strictEqual(gateway.status, 502)
      yield* sim.clearFaults
      assert.isAbove((yield* user.profile()).userId, 0)
    }).pipe(Effect.provide(TestClient))
  )
})
// docs:end

// docs:stub
// The code under test: stops the tasks of a scene that are still rendering.
const stopRendering = (scene: string) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const page = yield* tasks.listPage({ searchKeyword: scene })
    const rendering = page.items.filter((t) => t.taskStatus === Task.TaskStatus.Rendering).map((t) => t.id)
    if (rendering.length > 0) yield* tasks.stop(rendering)
    return rendering
  })

describe("stopRendering, with a stubbed TaskService", () => {
  it.effect("stops only the tasks still rendering", () => {
    const stopped: Array<ReadonlyArray<number>> = []
    // Only the two methods the code needs; any other one is a defect naming it.
    const Tasks = TestKit.layerTest(TaskService.TaskService, {
      listPage: () =>
        Effect.succeed(
          new Task.TaskPage({
            pageCount: 1,
            pageNum: 1,
            total: 2,
            size: 100,
            items: [
              new Task.TaskInfo({ id: 1, taskStatus: Task.TaskStatus.Rendering }),
              new Task.TaskInfo({ id: 2, taskStatus: Task.TaskStatus.Finished })
            ]
          })
        ),
      stop: (taskIds) => Effect.sync(() => void stopped.push(taskIds))
    })
    return Effect.gen(function* () {
      assert.deepStrictEqual(yield* stopRendering("shot_010"), [1])
      assert.deepStrictEqual(stopped, [[1]])
    }).pipe(Effect.provide(Tasks))
  })

  it.effect("a method the test did not stub dies, naming it", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(stopRendering("shot_010"))
      assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause))
      const defect = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.dieOption(exit.cause)) : undefined
      assert.instanceOf(defect, TestKit.NotStubbed)
      assert.match(String(defect), /TaskService\.listPage is not stubbed in this test/)
    }).pipe(Effect.provide(TestKit.layerTest(TaskService.TaskService, {})))
  )
})
// docs:end

// docs:promise
describe("code that uses the Promise facade", () => {
  it("stops a task, and sees a refusal as the error class", async () => {
    // The simulator itself is a service too: register it to reach it from plain async code.
    const client = await PromiseClient.make(TestClient, {
      ...PromiseClient.services,
      simulator: SimulatorService.SimulatorService
    })
    try {
      const { taskIdList } = await client.tasks.createTaskIds()
      const taskId = taskIdList[0]!
      await client.tasks.submit({ taskId })
      await client.tasks.stop([taskId])
      const page = await client.tasks.info([taskId])
      assert.strictEqual(page.items[0]?.taskStatus, Task.TaskStatus.Stopped)

      await client.simulator.injectFault({ path: TaskService.endpoints.stop.path, code: 404 })
      const refused = await client.tasks.stop([taskId]).catch((error: unknown) => error)
      assert.instanceOf(refused, ApiError.ResourceNotFound)
    } finally {
      await client.close()
    }
  })
})
// docs:end

describe("Simulator faults: the details", () => {
  const NoRetry = Rayvision.layer({
    accessId: Simulator.demoAccount.accessId,
    accessKey: Redacted.make(Simulator.demoAccount.accessKey),
    retry: { times: 0 }
  })
  const client = (options: Simulator.Options = {}) => NoRetry.pipe(Layer.provideMerge(SimulatorService.layer(options)))

  it.effect("a faulted request changes nothing, and is recorded with its code and status", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const tasks = yield* TaskService.TaskService
      const { taskIdList } = yield* tasks.createTaskIds()
      const taskId = taskIdList[0]!
      yield* tasks.submit({ taskId })
      yield* sim.injectFault({ path: paths.stopTask, code: 600 })
      const refused = yield* Effect.flip(tasks.stop([taskId]))
      assert.strictEqual(refused._tag, "ParameterInvalid")
      const row = (yield* sim.tasks(Simulator.demoAccount.accessId)).find((t) => t.id === taskId)
      assert.strictEqual(row?.taskStatus, Task.TaskStatus.Waiting, "the task was not stopped")

      yield* sim.injectFault({ path: paths.stopTask, httpStatus: 503 })
      const gateway = yield* Effect.flip(tasks.stop([taskId]))
      assert.strictEqual(gateway._tag, "HttpStatusError")
      if (gateway._tag === "HttpStatusError") assert.match(gateway.bodyExcerpt, /503 Service Unavailable/)
      yield* sim.injectFault({ path: paths.stopTask, httpStatus: 200 })
      assert.strictEqual((yield* Effect.flip(tasks.stop([taskId])))._tag, "MalformedResponse")
      yield* sim.injectFault({ path: paths.stopTask, httpStatus: 500, code: 1234 })
      const both = yield* Effect.flip(tasks.stop([taskId]))
      assert.strictEqual(both._tag, "HttpStatusError", "a non-2xx status wins over the envelope")
      yield* sim.injectFault({ path: paths.stopTask, code: 1234 })
      assert.strictEqual((yield* Effect.flip(tasks.stop([taskId])))._tag, "UnknownApiError")

      yield* tasks.stop([taskId])
      const recorded = (yield* sim.calls).filter((c) => c.path === paths.stopTask).map((c) => [c.code, c.httpStatus])
      assert.deepStrictEqual(recorded, [
        [600, undefined],
        [503, 503],
        [200, undefined],
        [1234, 500],
        [1234, undefined],
        [200, undefined]
      ])
      // Only the fault for httpStatus 200 recorded code 200 with no envelope; the last is the real stop.
      const last = (yield* sim.tasks(Simulator.demoAccount.accessId)).find((t) => t.id === taskId)
      assert.strictEqual(last?.taskStatus, Task.TaskStatus.Stopped)
    }).pipe(Effect.provide(client()))
  )

  it.effect("answers before authentication: even a request with a wrong key gets the fault", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 403 })
      assert.strictEqual((yield* Effect.flip(user.profile()))._tag, "Forbidden")
      assert.strictEqual((yield* Effect.flip(user.profile()))._tag, "SignatureInvalid")
    }).pipe(
      Effect.provide(
        Rayvision.layer({
          accessId: Simulator.demoAccount.accessId,
          accessKey: Redacted.make("not-the-key"),
          retry: { times: 0 }
        }).pipe(Layer.provideMerge(SimulatorService.layer()))
      )
    )
  )

  it.effect("faults of a path answer in order; pending ones are listed with the times left", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 600, times: 2 })
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 601 })
      yield* sim.injectFault({ path: paths.stopTask, code: 404, times: Infinity })
      assert.strictEqual((yield* Effect.flip(user.profile()))._tag, "ParameterInvalid")
      assert.deepStrictEqual(
        (yield* sim.faults).map((f) => [f.path, f.code, f.times]),
        [
          [paths.queryUserProfile, 600, 1],
          [paths.queryUserProfile, 601, 1],
          [paths.stopTask, 404, Infinity]
        ]
      )
      assert.strictEqual((yield* Effect.flip(user.profile()))._tag, "ParameterInvalid")
      assert.strictEqual((yield* Effect.flip(user.profile()))._tag, "ParameterCantBeEmpty")
      assert.isAbove((yield* user.profile()).userId, 0)
      assert.deepStrictEqual(
        (yield* sim.faults).map((f) => f.path),
        [paths.stopTask]
      )
      yield* sim.clearFaults
      assert.deepStrictEqual(yield* sim.faults, [])
    }).pipe(Effect.provide(client()))
  )

  it.effect("faults given in the options are pending from the start; neither code nor status is a 500", () =>
    Effect.gen(function* () {
      const user = yield* UserService.UserService
      const error = yield* Effect.flip(user.profile())
      assert.strictEqual(error._tag, "InternalError")
      if (error._tag === "InternalError") assert.strictEqual(error.serverMessage, "internal_error")
      assert.isAbove((yield* user.profile()).userId, 0)
    }).pipe(Effect.provide(client({ faults: [{ path: paths.queryUserProfile }] })))
  )

  it.effect("a malformed fault is a defect naming the problem", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const bad: ReadonlyArray<[SimulatorFault.Fault, RegExp]> = [
        [{ path: "api/x" }, /path must be an endpoint path/],
        [{ path: paths.queryUserProfile, code: 200 }, /code must be an integer other than 200/],
        [{ path: paths.queryUserProfile, code: 1.5 }, /code must be an integer/],
        [{ path: paths.queryUserProfile, httpStatus: 99 }, /httpStatus must be an integer from 200 to 599/],
        [{ path: paths.queryUserProfile, httpStatus: 600 }, /httpStatus must be an integer from 200 to 599/],
        [{ path: paths.queryUserProfile, times: 0 }, /times must be a whole number/],
        [{ path: paths.queryUserProfile, times: 1.5 }, /times must be a whole number/]
      ]
      for (const [fault, message] of bad) {
        const exit = yield* Effect.exit(sim.injectFault(fault))
        assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause), JSON.stringify(fault))
        if (Exit.isFailure(exit)) assert.match(Cause.pretty(exit.cause), message)
      }
      assert.deepStrictEqual(yield* sim.faults, [])
      const options = yield* Effect.exit(
        SimulatorService.make({ faults: [{ path: paths.queryUserProfile, times: -1 }] })
      )
      assert.isTrue(Exit.isFailure(options) && Cause.isDie(options.cause))
    }).pipe(Effect.provide(client()))
  )
})

describe("TestKit: the details", () => {
  it.effect("a not-stubbed method dies for a Stream method too, and stubbed members pass through", () =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      const exit = yield* Effect.exit(Stream.runCollect(Stream.unwrap(Effect.sync(() => tasks.list()))))
      const defect = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.dieOption(exit.cause)) : undefined
      assert.instanceOf(defect, TestKit.NotStubbed)
      assert.deepStrictEqual(
        [(defect as TestKit.NotStubbed).service, (defect as TestKit.NotStubbed).method],
        ["TaskService", "list"]
      )
      assert.strictEqual(
        (defect as TestKit.NotStubbed).message,
        "TaskService.list is not stubbed in this test (give it to TestKit.layerTest to stub it)"
      )
      assert.deepStrictEqual(yield* tasks.subTaskIds(7), [7])
    }).pipe(
      Effect.provide(TestKit.layerTest(TaskService.TaskService, { subTaskIds: (taskId) => Effect.succeed([taskId]) }))
    )
  )

  it("a stub is not a thenable, and prints without calling anything", async () => {
    const stub = TestKit.stub(UserService.UserService, {})
    assert.isUndefined((stub as unknown as { then?: unknown }).then)
    assert.strictEqual(await Promise.resolve(stub), stub)
    assert.doesNotThrow(() => JSON.stringify(stub))
    assert.doesNotThrow(() => String(stub))
    assert.throws(() => stub.profile(), /UserService\.profile is not stubbed in this test/)
  })
})

describe("docs/testing.md", () => {
  it("shows exactly the examples of this file", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url))
    const guide = readFileSync(`${root}/docs/testing.md`, "utf8")
    const source = readFileSync(fileURLToPath(import.meta.url), "utf8")
    const regions = new Map(
      Array.from(source.matchAll(/^\/\/ docs:(\w+)\n([\s\S]*?)^\/\/ docs:end$/gm), (m) => [m[1]!, m[2]!.trimEnd()])
    )
    const blocks = Array.from(guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm), (m) => m[1]!.trimEnd())
    assert.deepStrictEqual([...regions.keys()], ["imports", "simulator", "faults", "stub", "promise"])
    assert.deepStrictEqual(blocks, [...regions.values()])
  })
})
