/**
 * Support for the service tests: a client wired to a simulator, in-process (no socket, runs on
 * TestClock) or over a real socket on 127.0.0.1 (the Node adapter against the simulator's HTTP
 * server), plus access to what the simulator received and the checks the service tests share.
 */
import { assert } from "@effect/vitest"
import { type ApiError, type ClientConfig, Endpoint, HttpTransport, Rayvision, TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { Effect, Either, Layer, Redacted, Schema } from "effect"

/** Client options for the simulator's demo account (no retries: tests count calls). */
export const demoOptions = (domain: string, extra: Partial<ClientConfig.Options> = {}): ClientConfig.Options => ({
  accessId: Simulator.demoAccount.accessId,
  accessKey: Redacted.make(Simulator.demoAccount.accessKey),
  domain,
  platform: 2,
  retry: { times: 0 },
  ...extra
})

/** Every client service plus the simulator, in-process. */
export const inProcess = (options: Simulator.Options = {}, client: Partial<ClientConfig.Options> = {}) =>
  Rayvision.layer(demoOptions("task.renderbus.com", client)).pipe(Layer.provideMerge(SimulatorService.layer(options)))

/** Every client service plus the simulator, over a real socket on 127.0.0.1 (Node adapter). */
export const overSocket = (options: Simulator.Options = {}, client: Partial<ClientConfig.Options> = {}) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const sim = yield* SimulatorService.make(options)
      const server = yield* SimulatorServer.serve(sim, { port: 0 })
      return RayvisionNode.layer(demoOptions(`${server.host}:${server.port}`, { protocol: "http", ...client })).pipe(
        Layer.merge(Layer.succeed(SimulatorService.SimulatorService, sim))
      )
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

/** The failure of an effect that must fail (throws if it succeeds). */
export const failure = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.either(effect), (result) => {
    if (Either.isRight(result)) throw new Error("expected a failure")
    return result.left
  })

/** The typed error of `effect`, which must fail, with its `_tag` checked to be `tag`; narrowed to that tag. */
export const failsWith = <E extends { readonly _tag: string }, Tag extends E["_tag"], R>(
  effect: Effect.Effect<unknown, E, R>,
  tag: Tag
) =>
  Effect.map(Effect.flip(effect), (error) => {
    assert.strictEqual(error._tag, tag, String(error))
    return error as Extract<E, { readonly _tag: Tag }>
  })

/**
 * Checks that `effect` is refused before sending: it fails with an `InvalidRequest` naming `field`
 * whose `path` is `path`, and the number of calls the simulator received on `path` is unchanged.
 * Returns the `InvalidRequest`.
 */
export const refused = <R>(effect: Effect.Effect<unknown, ApiError.ApiError, R>, path: string, field: string) =>
  Effect.gen(function* () {
    const before = (yield* callsTo(path)).length
    const error = yield* failsWith(effect, "InvalidRequest")
    assert.strictEqual(error.field, field)
    assert.strictEqual(error.path, path)
    assert.strictEqual((yield* callsTo(path)).length, before, "nothing was sent")
    return error
  })

/** The row of task `taskId` as `TaskService.info` (queryTaskInfo) lists it; throws if it is not listed. */
export const taskRow = (taskId: number) =>
  Effect.flatMap(TaskService.TaskService, (t) =>
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
