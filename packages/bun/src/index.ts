/**
 * `@rayvision/bun`: the Renderbus client on Bun. It supplies the `HttpClient` (the runtime's
 * `fetch`, which sends header names as they are given, so every name goes out as the service
 * expects it) to `@rayvision/core`'s client layer, so a program needs one line.
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
import type * as HttpClient from "@effect/platform/HttpClient"
import { type ClientConfig, HttpTransport, Rayvision, type Signer } from "@rayvision/core"
import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import type { ConfigError, Layer } from "effect"

/**
 * The `HttpClient` this adapter uses: Bun's `fetch` (`HttpTransport.layerFetch`), the headers
 * given as a plain object, so each name goes out as the Renderbus service expects it
 * (`accessId`, `UTCTimestamp`, ..., see `HttpTransport.currentHeaderNames`; `@effect/platform`'s
 * `FetchHttpClient` would lowercase them); bodies held in memory only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = HttpTransport.layerFetch

/**
 * HMAC-SHA256 with `node:crypto` (Bun has it natively): synchronous, several times faster
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
