/**
 * The Promise facade (`@rayvision/core/promise`) on Node, against the in-process simulator:
 * every service as async methods, errors thrown as the same tagged-error instances, streams as
 * `for await` iterables, cancellation with an AbortSignal, and `close`.
 */
import { assert, describe, it } from "@effect/vitest"
import * as HttpClient from "@effect/platform/HttpClient"
import { ApiError, BulkService, type ClientConfig, Rayvision, Task, TaskService, TestKit } from "@rayvision/core"
import { PromiseClient } from "@rayvision/core/promise"
import * as RayvisionNodePromise from "@rayvision/node/promise"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Context, Effect, Either, Layer, Runtime, Stream } from "effect"
import { expectTypeOf } from "vitest"
import { demoOptions } from "../support.ts"
import { paths } from "../paths.ts"

/** The default services plus the simulator itself, under `simulator`: a registry of one's own. */
const registry = { ...PromiseClient.services, simulator: SimulatorService.SimulatorService }

/** A facade on the client and the in-process simulator, and the calls the simulator received on a path. */
const setup = async (sim: Simulator.Options = {}, client: Partial<ClientConfig.Options> = {}) => {
  const layer = Rayvision.layer(demoOptions("task.renderbus.com", client)).pipe(
    Layer.provideMerge(SimulatorService.layer({ seed: 5, ...sim }))
  )
  const facade = await PromiseClient.make(layer, registry)
  const callsTo = async (path: string) => (await facade.simulator.calls()).filter((c) => c.path === path)
  return { client: facade, callsTo }
}

/** The rejection of a promise that must reject. */
const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected the call to reject")
}

/** Resolves once `condition` holds (polled every 5 ms, at most 5 s). */
const eventually = async (condition: () => Promise<boolean>) => {
  for (let i = 0; i < 1000; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error("condition never held")
}

/** Submits `count` new tasks; their ids. */
const submitted = async (client: PromiseClient.RayvisionClient, count: number) => {
  const { taskIdList } = await client.tasks.createTaskIds({ count })
  for (const taskId of taskIdList) await client.tasks.submit({ taskId })
  return taskIdList
}

describe("Promise facade: services as async methods", () => {
  it("exposes exactly the methods of every service, derived from the service objects", async () => {
    const { client } = await setup()
    try {
      const context = await client.runtime.runPromise(Effect.context<PromiseClient.ServicesOf<typeof registry>>())
      for (const [name, tag] of Object.entries(PromiseClient.services)) {
        const service: object = Context.unsafeGet(context, tag as Context.Tag<unknown, object>)
        const facade: object = client[name as keyof typeof PromiseClient.services]
        assert.deepStrictEqual(Object.keys(facade).sort(), Object.keys(service).sort(), name)
      }
      // Services registered later (bulk operations, waiters) come with their methods.
      assert.includeMembers(Object.keys(client.bulk), ["stop", "start", "delete"])
      assert.includeMembers(Object.keys(client.waiter), ["waitForTask", "watchTask"])
      // Typed: Effect<A, E> -> Promise<A>, Stream<A, E> -> AsyncIterable<A>, plus the options.
      expectTypeOf(client.tasks.stop).parameters.toEqualTypeOf<
        [taskIds: TaskService.TaskIds, options?: PromiseClient.CallOptions]
      >()
      expectTypeOf(client.tasks.stop).returns.toEqualTypeOf<Promise<void>>()
      expectTypeOf(client.tasks.info).returns.toEqualTypeOf<Promise<Task.TaskPage>>()
      expectTypeOf(client.tasks.list).returns.toEqualTypeOf<AsyncIterable<Task.TaskInfo>>()
      expectTypeOf(client.projects.ensureProject).returns.toEqualTypeOf<Promise<number>>()
      expectTypeOf(client.waiter.waitForTask).returns.toEqualTypeOf<Promise<Task.TaskInfo>>()
      expectTypeOf(client.simulator.calls).returns.toEqualTypeOf<
        Promise<ReadonlyArray<SimulatorService.RecordedCall>>
      >()
    } finally {
      await client.close()
    }
  })

  it("maps by what a member returns: Effect -> Promise, Stream -> async iterable, else as is", async () => {
    class Echo extends Context.Tag("test/Echo")<
      Echo,
      {
        readonly either: (n: number) => Effect.Effect<number, string>
        readonly stream: (n: number) => Stream.Stream<number>
        readonly plain: (n: number) => number
        readonly value: Effect.Effect<string>
        readonly constant: string
      }
    >() {}
    const layer = Layer.succeed(Echo, {
      // An Either is an Effect (and, to Effect, a one-element Stream too): it must give a Promise.
      either: (n) => (n > 0 ? Either.right(n) : Either.left("not positive")),
      stream: (n) => Stream.range(1, n),
      plain: (n) => n * 2,
      value: Effect.succeed("value"),
      constant: "constant"
    })
    const client = await PromiseClient.make(layer, { echo: Echo })
    try {
      assert.strictEqual(await client.echo.either(3), 3)
      assert.strictEqual(await rejection(client.echo.either(0)), "not positive")
      const seen: Array<number> = []
      for await (const n of client.echo.stream(4)) seen.push(n)
      assert.deepStrictEqual(seen, [1, 2, 3, 4])
      assert.strictEqual(client.echo.plain(2), 4)
      assert.strictEqual(await client.echo.value(), "value")
      assert.strictEqual(client.echo.constant, "constant")
      expectTypeOf(client.echo.either).returns.toEqualTypeOf<Promise<number>>()
      expectTypeOf(client.echo.stream).returns.toEqualTypeOf<AsyncIterable<number>>()
      expectTypeOf(client.echo.plain).returns.toEqualTypeOf<number>()
      expectTypeOf(client.echo.value).toEqualTypeOf<(options?: PromiseClient.CallOptions) => Promise<string>>()
      expectTypeOf(client.echo.constant).toEqualTypeOf<string>()
    } finally {
      await client.close()
    }
  })

  it("runs calls and workflows: profile, create, submit, stop, projects, bulk", async () => {
    const { client, callsTo } = await setup()
    try {
      const profile = await client.user.profile()
      assert.strictEqual(profile.userName, "rayvision_demo")
      assert.isAbove(profile.userId, 0)
      const [a, b] = await submitted(client, 2)
      assert.isDefined(a)
      assert.isDefined(b)
      const info = await client.tasks.info([a!])
      assert.strictEqual(info.items[0]?.taskStatus, Task.TaskStatus.Waiting)
      assert.isUndefined(await client.tasks.stop([a!]))
      assert.strictEqual((await client.tasks.info([a!])).items[0]?.taskStatus, Task.TaskStatus.Stopped)
      assert.strictEqual(JSON.parse((await callsTo(paths.stopTask))[0]!.bodyText).taskIds[0], a)

      const projectId = await client.projects.ensureProject("film")
      assert.strictEqual(await client.projects.ensureProject("film"), projectId, "the same project again")
      assert.include(
        (await client.projects.list()).projectNameList.map((p) => p.projectName),
        "film"
      )

      const result = await client.bulk.stop([b!])
      assert.deepStrictEqual(result.succeeded, [b!])
      assert.deepStrictEqual(result.failed, [])
      assert.strictEqual((await client.tasks.info([b!])).items[0]?.taskStatus, Task.TaskStatus.Stopped)
    } finally {
      await client.close()
    }
  })
})

describe("Promise facade: errors", () => {
  it("throws the service's typed error as the same class instance, not a FiberFailure", async () => {
    const { client } = await setup()
    try {
      const [taskId] = await submitted(client, 1)
      const error = await rejection(client.tasks.submit({ taskId: taskId! }))
      assert.instanceOf(error, ApiError.ParameterInvalid)
      assert.isFalse(Runtime.isFiberFailure(error))
      if (!(error instanceof ApiError.ParameterInvalid)) return
      assert.strictEqual(error._tag, "ParameterInvalid")
      assert.strictEqual(error.code, 600)
      assert.strictEqual(error.path, paths.submitTask)
      assert.match(error.message, /rejected a parameter/)
    } finally {
      await client.close()
    }
  })

  it("throws InvalidRequest for a bad input, before sending anything", async () => {
    const { client, callsTo } = await setup()
    try {
      const error = await rejection(client.tasks.stop([]))
      assert.instanceOf(error, ApiError.InvalidRequest)
      if (!(error instanceof ApiError.InvalidRequest)) return
      assert.strictEqual(error.field, "taskIds")
      assert.strictEqual(error.operation, "TaskService.stop")
      assert.lengthOf(await callsTo(paths.stopTask), 0, "nothing was sent")
      const decimal = await rejection(client.tasks.stop([1.5]))
      assert.instanceOf(decimal, ApiError.InvalidRequest)
      assert.lengthOf(await callsTo(paths.stopTask), 0, "nothing was sent")
    } finally {
      await client.close()
    }
  })

  it("throws the HTTP and envelope errors of injected faults as their classes", async () => {
    const { client } = await setup()
    try {
      await client.simulator.injectFault({ path: paths.queryUserProfile, httpStatus: 502 })
      const gateway = await rejection(client.user.profile())
      assert.instanceOf(gateway, ApiError.HttpStatusError)
      assert.strictEqual((gateway as ApiError.HttpStatusError).status, 502)
      await client.simulator.injectFault({ path: paths.queryUserProfile, code: 403, message: "no access" })
      const forbidden = await rejection(client.user.profile())
      assert.instanceOf(forbidden, ApiError.Forbidden)
      assert.strictEqual((forbidden as ApiError.Forbidden).serverMessage, "no access")
      assert.strictEqual((await client.user.profile()).userName, "rayvision_demo", "the faults are used up")
    } finally {
      await client.close()
    }
  })

  it("throws a defect itself; the client's own defects too", async () => {
    const boom = new Error("boom")
    const stub = TestKit.layerTest(TaskService.TaskService, { stop: () => Effect.die(boom) })
    const client = await PromiseClient.make(stub, { tasks: TaskService.TaskService })
    try {
      assert.strictEqual(await rejection(client.tasks.stop([1])), boom)
    } finally {
      await client.close()
    }
  })

  it("rejects with a ConfigurationError naming a bad setting", async () => {
    const error = await rejection(RayvisionNodePromise.createClient({ accessId: " ", accessKey: "key" }))
    assert.instanceOf(error, PromiseClient.ConfigurationError)
    assert.instanceOf(error, Error)
    assert.match((error as Error).message, /accessId/)
  })
})

describe("Promise facade: streams as async iterables", () => {
  it("pages the task list with for await, lazily", async () => {
    const { client, callsTo } = await setup()
    try {
      const ids = await submitted(client, 3)
      const seen: Array<number> = []
      for await (const task of client.tasks.list({ pageSize: 1 })) seen.push(task.id)
      assert.deepStrictEqual([...seen].sort(), [...ids].sort())
      assert.lengthOf(await callsTo(paths.getTaskList), 3, "one request per page")

      // Leaving the loop early stops the stream: no page past the one read.
      for await (const task of client.tasks.list({ pageSize: 1 })) {
        assert.include(ids, task.id)
        break
      }
      assert.lengthOf(await callsTo(paths.getTaskList), 4, "only the first page was requested")

      // Each iteration runs the stream afresh.
      const iterable = client.tasks.list({ pageSize: 3 })
      for (let round = 0; round < 2; round++) {
        const again: Array<number> = []
        for await (const task of iterable) again.push(task.id)
        assert.lengthOf(again, 3)
      }
    } finally {
      await client.close()
    }
  })

  it("throws the stream's typed error inside the loop", async () => {
    const { client } = await setup()
    try {
      await submitted(client, 2)
      await client.simulator.injectFault({ path: paths.getTaskList, code: 600, times: 1 })
      const seen: Array<number> = []
      const error = await rejection(
        (async () => {
          for await (const task of client.tasks.list({ pageSize: 1 })) seen.push(task.id)
        })()
      )
      assert.instanceOf(error, ApiError.ParameterInvalid)
      assert.lengthOf(seen, 0)
      const invalid = await rejection(
        (async () => {
          for await (const frame of client.tasks.frames(-1)) seen.push(frame.id)
        })()
      )
      assert.instanceOf(invalid, ApiError.InvalidRequest)
    } finally {
      await client.close()
    }
  })
})

describe("Promise facade: AbortSignal", () => {
  it("an aborted signal rejects at once with its reason; nothing is sent", async () => {
    const { client, callsTo } = await setup()
    try {
      const controller = new AbortController()
      controller.abort()
      const error = await rejection(client.user.profile({ signal: controller.signal }))
      assert.strictEqual(error, controller.signal.reason)
      assert.strictEqual((error as DOMException).name, "AbortError")
      const own = new AbortController()
      const reason = new Error("user cancelled")
      own.abort(reason)
      assert.strictEqual(await rejection(client.tasks.listPage(undefined, { signal: own.signal })), reason)
      assert.lengthOf(await callsTo(paths.queryUserProfile), 0)
      assert.lengthOf(await callsTo(paths.getTaskList), 0)
      // `{ signal: undefined }` is the options too, not an input.
      assert.deepStrictEqual((await client.tasks.listPage(undefined, { signal: undefined })).items, [])
    } finally {
      await client.close()
    }
  })

  it("aborting during a retry's backoff stops the call: no further request", async () => {
    // Retries far apart: the second attempt would come a minute later.
    const { client, callsTo } = await setup({}, { retry: { times: 5, base: "1 minute", cap: "1 minute" } })
    try {
      await client.simulator.injectFault({ path: paths.queryUserProfile, code: 500, times: 10 })
      const controller = new AbortController()
      const call = rejection(client.user.profile({ signal: controller.signal }))
      await eventually(async () => (await callsTo(paths.queryUserProfile)).length === 1)
      controller.abort()
      const error = await call
      assert.strictEqual((error as DOMException).name, "AbortError")
      await new Promise((resolve) => setTimeout(resolve, 50))
      assert.lengthOf(await callsTo(paths.queryUserProfile), 1, "no retry after the abort")
      assert.deepStrictEqual(
        (await client.simulator.faults()).map((f) => f.times),
        [9]
      )
    } finally {
      await client.close()
    }
  })

  it("aborting interrupts a request in flight and sends no further page", async () => {
    const sim = await Effect.runPromise(SimulatorService.make({ seed: 5 }))
    const http = SimulatorService.httpClient(sim)
    let framesRequests = 0
    let blocked: () => void = () => {}
    const isBlocked = new Promise<void>((resolve) => (blocked = resolve))
    // The second frames page never answers: it is in flight until interrupted.
    const gated = HttpClient.make((request, url) => {
      if (url.pathname === paths.queryTaskFrames && ++framesRequests === 2)
        return Effect.zipRight(Effect.sync(blocked), Effect.never)
      return http.execute(request)
    })
    const layer = Rayvision.layer(demoOptions("task.renderbus.com")).pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, gated))
    )
    const client = await PromiseClient.make(layer)
    try {
      const [taskId] = await submitted(client, 1)
      const controller = new AbortController()
      const call = rejection(client.tasks.allFrames(taskId!, { pageSize: 1 }, { signal: controller.signal }))
      await isBlocked
      controller.abort()
      assert.strictEqual(((await call) as DOMException).name, "AbortError")
      await new Promise((resolve) => setTimeout(resolve, 50))
      assert.strictEqual(framesRequests, 2, "no request after the abort")
      const received = (await Effect.runPromise(sim.calls)).filter((c) => c.path === paths.queryTaskFrames)
      assert.lengthOf(received, 1)

      // In a loop: the abort ends the iteration with its reason, and no further page is asked for.
      const loop = new AbortController()
      const seen: Array<number> = []
      const error = await rejection(
        (async () => {
          for await (const frame of client.tasks.frames(taskId!, { pageSize: 1 }, { signal: loop.signal })) {
            seen.push(frame.id)
            loop.abort()
          }
        })()
      )
      assert.strictEqual((error as DOMException).name, "AbortError")
      assert.lengthOf(seen, 1)
      assert.strictEqual(framesRequests, 3, "only the first page of the loop")
    } finally {
      await client.close()
    }
  })
})

describe("Promise facade: close", () => {
  it("disposes the runtime; later calls reject with ClientClosed", async () => {
    const { client } = await setup()
    assert.isAbove((await client.user.profile()).userId, 0)
    await client.close()
    await client.close()
    const error = await rejection(client.user.profile())
    assert.instanceOf(error, PromiseClient.ClientClosed)
    assert.strictEqual((error as PromiseClient.ClientClosed).message, "UserService.profile: the client is closed")
  })

  it("a service may not be registered as close or runtime", async () => {
    const error = await rejection(
      PromiseClient.make(TestKit.layerTest(BulkService.BulkService, {}), { close: BulkService.BulkService })
    )
    assert.instanceOf(error, TypeError)
  })
})
