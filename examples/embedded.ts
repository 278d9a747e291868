/**
 * What every example does when no credentials are set: start the simulator on a free port of
 * 127.0.0.1, say where, and hand back a client (the Node adapter) for its demo account. The
 * server stops when the scope closes.
 */
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorServer } from "@rayvision/simulator"
import { Console, Effect, Layer, Redacted } from "effect"

export const embeddedSimulator = (options?: Simulator.Options) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.make(options)
    const server = yield* SimulatorServer.serve(sim, { port: 0 })
    yield* Console.log(`No credentials set: running against the local simulator at ${server.url}`)
    const client = Layer.fresh(
      RayvisionNode.layer({
        accessId: Simulator.demoAccount.accessId,
        accessKey: Redacted.make(Simulator.demoAccount.accessKey),
        domain: `${server.host}:${server.port}`,
        protocol: "http",
        platform: 2
      })
    )
    return { sim, server, client }
  })
