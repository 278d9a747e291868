/**
 * Support for the service tests: a client wired to a simulator, in-process (no socket, runs on
 * TestClock) or over a real socket on 127.0.0.1 (the Node adapter against the simulator's HTTP
 * server), plus access to what the simulator received and the checks the service tests share.
 * The checks of an exit or an effect are those of the core tests (`packages/core/test/support.ts`),
 * re-exported here.
 */
import { HttpClient } from "@effect/platform"
import { assert } from "@effect/vitest"
import { type ApiError, type ClientConfig, Endpoint, HttpTransport, Rayvision } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorServer, SimulatorService } from "@rayvision/simulator"
import { Duration, Effect, Layer, Redacted, Schema, TestClock } from "effect"
import { failsWith, withTasks } from "../packages/core/test/support.ts"

export {
  failedWith,
  failsWith,
  failure,
  failureOf,
  success,
  withTasks,
  withUser
} from "../packages/core/test/support.ts"

/** Client options for the simulator's demo account (no retries: tests count calls). */
export const demoOptions = (domain: string, extra: Partial<ClientConfig.Options> = {}): ClientConfig.Options => ({
  accessId: Simulator.demoAccount.accessId,
  accessKey: Redacted.make(Simulator.demoAccount.accessKey),
  domain,
  platform: 2,
  retry: { times: 0 },
  ...extra
})

/** What the client's `HttpClient` becomes (e.g. one that records what it sends); unchanged by default. */
export type WrapClient = (client: HttpClient.HttpClient) => HttpClient.HttpClient

/** Every client service plus the simulator, in-process (no socket: TestClock drives every timer). */
export const inProcess = (
  options: Simulator.Options = {},
  client: Partial<ClientConfig.Options> = {},
  wrap: WrapClient = (c) => c
) =>
  Layer.unwrapEffect(
    Effect.map(SimulatorService.make(options), (sim) =>
      Rayvision.layer(demoOptions("task.renderbus.com", client)).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, wrap(SimulatorService.httpClient(sim)))),
        Layer.merge(Layer.succeed(SimulatorService.SimulatorService, sim))
      )
    )
  )

/** Every client service plus the simulator, over a real socket on 127.0.0.1 (the Node adapter). */
export const overSocket = (
  options: Simulator.Options = {},
  client: Partial<ClientConfig.Options> = {},
  wrap: WrapClient = (c) => c
) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const sim = yield* SimulatorService.make(options)
      const server = yield* SimulatorServer.serve(sim, { port: 0 })
      const http = Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, wrap)).pipe(
        Layer.provide(RayvisionNode.layerHttpClient)
      )
      return Rayvision.adapter(http, RayvisionNode.hmac)
        .layer(demoOptions(`${server.host}:${server.port}`, { protocol: "http", ...client }))
        .pipe(Layer.merge(Layer.succeed(SimulatorService.SimulatorService, sim)))
    })
  )

/** The calls the simulator received on `path`, in order. */
export const callsTo = (path: string) =>
  Effect.map(
    Effect.flatMap(SimulatorService.SimulatorService, (sim) => sim.calls),
    (calls) => calls.filter((c) => c.path === path)
  )

/** The body text of the last call to `path` (what the client put on the wire). */
export const lastBody = (path: string) =>
  Effect.map(callsTo(path), (calls) => {
    const last = calls[calls.length - 1]
    if (last === undefined) throw new Error(`no call to ${path}`)
    return last.bodyText
  })

/**
 * Checks that `effect` is refused before sending: it fails with an `InvalidRequest` naming `field`,
 * and the number of calls the simulator received on `path` is unchanged. The error's `path` is
 * `path` when the endpoint's own input was refused, and absent when the refused input is a
 * workflow's own (`lookAhead`, `idsPerCall`, a bulk option, ...): say so with `{ workflow: true }`.
 * Returns the `InvalidRequest`.
 */
export const refused = <E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<unknown, E, R>,
  path: string,
  field: string,
  options: { readonly workflow?: boolean } = {}
) =>
  Effect.gen(function* () {
    const before = (yield* callsTo(path)).length
    const error = (yield* failsWith(
      effect as Effect.Effect<unknown, E | ApiError.InvalidRequest, R>,
      "InvalidRequest"
    )) as ApiError.InvalidRequest
    assert.strictEqual(error.field, field)
    assert.strictEqual(error.path, options.workflow === true ? undefined : path)
    assert.strictEqual((yield* callsTo(path)).length, before, "nothing was sent")
    return error
  })

/** A second account the simulator can hold (`accounts: [Simulator.demoAccount, otherAccount]`). */
export const otherAccount = { accessId: "OTHER-ACCESS-ID", accessKey: "other-access-key" }

/** Runs `effect` as {@link otherAccount}, on the simulator in scope (which must hold that account). */
export const asOther = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(SimulatorService.SimulatorService, (sim) =>
    Effect.provide(
      effect,
      Rayvision.layer(
        demoOptions("task.renderbus.com", {
          accessId: otherAccount.accessId,
          accessKey: Redacted.make(otherAccount.accessKey)
        })
      ).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, SimulatorService.httpClient(sim))))
    )
  )

/** The tasks of an account (the demo account's by default) as the simulator holds them, reserved ones included. */
export const simTasks = (accessId: string = Simulator.demoAccount.accessId) =>
  Effect.flatMap(SimulatorService.SimulatorService, (sim) => sim.tasks(accessId))

/** A small farm: 6 frames of 30 s, 2 at a time, after 5 s in the queue: a task ends 95 s after its submission. */
export const smallFarm = { framesPerTask: 6, queueSeconds: 5, frameSeconds: 30, nodes: 2 } as const

/** The in-process simulator on {@link smallFarm}, changed by `extra`. */
export const onSmallFarm = (extra: Simulator.FarmOptions = {}) => inProcess({ farm: { ...smallFarm, ...extra } })

/** Lets the farm run for `seconds` (TestClock). */
export const wait = (seconds: number) => TestClock.adjust(`${seconds} seconds`)

/** Every frame of a task, as `TaskService.allFrames` reads them. */
export const framesOf = (taskId: number) => withTasks((t) => t.allFrames(taskId))

/** A task id no account has. */
export const unknownTaskId = 1

/** Reserves `count` task ids and submits them, `apart` seconds apart (on TestClock); their ids. */
export const submitTasks = (count: number, apart = 0) =>
  withTasks((t) =>
    Effect.gen(function* () {
      const { taskIdList } = yield* t.createTaskIds({ count })
      for (const [i, taskId] of taskIdList.entries()) {
        if (i > 0 && apart > 0) yield* TestClock.adjust(Duration.seconds(apart))
        yield* t.submit({ taskId })
      }
      return taskIdList
    })
  )

/** Reserves and submits one task; its id. */
export const submitted = Effect.map(submitTasks(1), (ids) => ids[0]!)

/** The row of task `taskId` as `TaskService.info` (queryTaskInfo) lists it; throws if it is not listed. */
export const taskRow = (taskId: number) =>
  withTasks((t) =>
    Effect.map(t.info([taskId]), (page) => {
      const task = page.items.find((item) => item.id === taskId)
      if (task === undefined) throw new Error(`task ${taskId} is not listed`)
      return task
    })
  )

/** Calls `path` with any body: for what the client itself would refuse to send. */
export const raw = (path: string, body: Record<string, unknown>) =>
  Effect.flatMap(HttpTransport.HttpTransport, (transport) =>
    transport.call(
      Endpoint.make({
        operation: "test.raw",
        path,
        idempotent: false,
        request: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
        response: Schema.Unknown
      }),
      body
    )
  )
