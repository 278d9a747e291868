/**
 * `@rayvision/node`: the Renderbus client on Node.js. It supplies the `HttpClient` (undici,
 * through `@effect/platform-node`) to `@rayvision/core`'s client layer, so a program needs one line.
 *
 * @example
 * ```ts
 * import { UserService } from "@rayvision/core"
 * import * as RayvisionNode from "@rayvision/node"
 * import { Effect } from "effect"
 *
 * const program = Effect.flatMap(UserService.UserService, (user) => user.profile())
 * // reads RAYVISION_API_ACCESS_ID and RAYVISION_API_KEY
 * Effect.runPromise(Effect.provide(program, RayvisionNode.layerConfig())).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @module \@rayvision/node
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { type ClientConfig, Rayvision, type Signer } from "@rayvision/core"
import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import type { ConfigError, Layer } from "effect"

/**
 * The `HttpClient` this adapter uses: undici, with its own connection pool.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerUndici

/**
 * HMAC-SHA256 with `node:crypto` (Node has it natively): synchronous, several times faster
 * than WebCrypto for the short strings a request signs.
 *
 * @since 0.1.0
 * @category signing
 */
export const hmac: Signer.Hmac = (key) => {
  const secret = Buffer.from(key, "utf8")
  return (message) => createHmac("sha256", secret).update(message, "utf8").digest("base64")
}

const client = Rayvision.adapter(layerHttpClient, hmac)

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
