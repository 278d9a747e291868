/**
 * @since 0.1.0
 * @module \@rayvision/simulator
 */

/**
 * The simulated Renderbus service: accounts, tasks, authentication and the endpoint table.
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.ts"

/**
 * The simulator behind a real HTTP server on loopback (`node:http`).
 * @since 0.1.0
 */
export * as SimulatorServer from "./Server.ts"
