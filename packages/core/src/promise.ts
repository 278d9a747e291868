/**
 * `@rayvision/core/promise`: the client as plain async methods, for code that does not use
 * Effect. A separate entry point, so that Effect programs importing `@rayvision/core` do not
 * carry it. The runtime adapters build on it: `createClient` from `@rayvision/node/promise`,
 * `@rayvision/deno/promise` or `@rayvision/bun/promise`.
 *
 * @since 0.1.0
 * @module \@rayvision/core/promise
 */

/**
 * The Promise facade: `make(layer)`, and the adapters' `createClient`.
 * @since 0.1.0
 */
export * as PromiseClient from "./PromiseClient.ts"
