/**
 * @since 0.1.0
 * @module \@rayvision/simulator
 */

/**
 * The simulated Renderbus service's models: options, accounts, the farm's tasks and frames,
 * status codes, the analysis error catalogue.
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.ts"

/**
 * What a simulator can inject into the requests it answers: errors, latency, lost, cut-off or
 * mangled answers, duplicated deliveries.
 * @since 0.1.0
 */
export * as SimulatorFault from "./SimulatorFault.ts"

/**
 * The running simulator: `make`, the in-process `httpClient`, `layer` and its tag.
 * @since 0.1.0
 */
export * as SimulatorService from "./SimulatorService.ts"

/**
 * The simulator behind a real HTTP server on loopback (`node:http`).
 * @since 0.1.0
 */
export * as SimulatorServer from "./SimulatorServer.ts"

/**
 * The simulator as a command line: the `serve` command (`@effect/cli`) that `rayvision-simulator`
 * runs and `rayvision simulator serve` mounts.
 * @since 0.1.0
 */
export * as SimulatorCommand from "./Command.ts"
