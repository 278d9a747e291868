/**
 * `@rayvision/bun`: the Renderbus client on Bun. It supplies the `HttpClient` (the runtime's
 * `fetch`, through `FetchHttpClient`) to `@rayvision/core`'s client layer, so a program needs
 * one line.
 *
 * @example
 * ```ts
 * import { UserService } from "@rayvision/core"
 * import * as RayvisionBun from "@rayvision/bun"
 * import { Effect } from "effect"
 *
 * const program = Effect.flatMap(UserService.UserService, (user) => user.profile())
 * // reads RAYVISION_API_ACCESS_ID and RAYVISION_API_KEY
 * Effect.runPromise(Effect.provide(program, RayvisionBun.layerConfig())).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @module \@rayvision/bun
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { type ClientConfig, Rayvision } from "@rayvision/core"
import type { ConfigError, Layer } from "effect"

/**
 * The `HttpClient` this adapter uses: the runtime's `fetch`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer

const client = Rayvision.adapter(layerHttpClient)

/**
 * Every core service, from options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (options: ClientConfig.Options) => Layer.Layer<Rayvision.Services, ConfigError.ConfigError> =
  client.layer

/**
 * Every core service, from the environment (`RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`,
 * `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL`); `overrides` win.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  overrides?: Partial<ClientConfig.Options>
) => Layer.Layer<Rayvision.Services, ConfigError.ConfigError> = client.layerConfig
