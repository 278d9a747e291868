/**
 * What every example does when no credentials are set: start the simulator on a free port of
 * 127.0.0.1, say where, and hand back a client for its demo account, built with the adapter it
 * is given (`@rayvision/node`, `@rayvision/bun` or `@rayvision/deno`). The server stops when the
 * scope closes.
 */
import type { ClientConfig, Rayvision } from "@rayvision/core"
import { Simulator, SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { type ConfigError, Console, Effect, Layer, Redacted } from "effect"

/** What the examples use of an adapter package: its two layer constructors. */
export interface Adapter {
  readonly layer: (options: ClientConfig.Options) => Layer.Layer<Rayvision.Services, ConfigError.ConfigError>
  readonly layerConfig: (
    overrides?: Partial<ClientConfig.Options>
  ) => Layer.Layer<Rayvision.Services, ConfigError.ConfigError>
}

export const embeddedSimulator = (adapter: Adapter, options?: Simulator.Options) =>
  Effect.gen(function* () {
    const sim = yield* SimulatorService.make(options)
    const server = yield* SimulatorServer.serve(sim, { port: 0 })
    yield* Console.log(`No credentials set: running against the local simulator at ${server.url}`)
    const client = Layer.fresh(
      adapter.layer({
        accessId: Simulator.demoAccount.accessId,
        accessKey: Redacted.make(Simulator.demoAccount.accessKey),
        domain: `${server.host}:${server.port}`,
        protocol: "http",
        platform: 2
      })
    )
    return { sim, server, client }
  })
