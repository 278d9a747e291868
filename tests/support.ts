/**
 * Support for the service tests: a client wired to a simulator, in-process (no socket, runs on
 * TestClock) or over a real socket on 127.0.0.1 (the Node adapter against the simulator's HTTP
 * server), plus access to what the simulator received.
 */
import { type ClientConfig, Rayvision } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorServer } from "@rayvision/simulator"
import { Effect, Layer, Redacted } from "effect"

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
  Rayvision.layer(demoOptions("task.renderbus.com", client)).pipe(Layer.provideMerge(Simulator.layer(options)))

/** Every client service plus the simulator, over a real socket on 127.0.0.1 (Node adapter). */
export const overSocket = (options: Simulator.Options = {}, client: Partial<ClientConfig.Options> = {}) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const sim = yield* Simulator.make(options)
      const server = yield* SimulatorServer.serve(sim, { port: 0 })
      return RayvisionNode.layer(demoOptions(`${server.host}:${server.port}`, { protocol: "http", ...client })).pipe(
        Layer.merge(Layer.succeed(Simulator.SimulatorTag, sim))
      )
    })
  )

/** The calls the simulator received on `path`, in order. */
export const callsTo = (path: string) =>
  Effect.map(
    Effect.flatMap(Simulator.SimulatorTag, (sim) => sim.calls),
    (calls) => calls.filter((c) => c.path === path)
  )

/** The body text of the last call to `path` (what the client put on the wire). */
export const lastBody = (path: string) =>
  Effect.map(callsTo(path), (calls) => {
    const last = calls[calls.length - 1]
    if (last === undefined) throw new Error(`no call to ${path}`)
    return last.bodyText
  })
