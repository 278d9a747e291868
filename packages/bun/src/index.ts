/**
 * `@rayvision/bun`: the Renderbus client on Bun. It supplies the `HttpClient` (the runtime's
 * `fetch`, which sends header names as they are given, so every name goes out as the service
 * expects it) and `node:crypto`'s HMAC to `@rayvision/core`'s client layer, so a program needs
 * one line. Everything else (the layers, the signer, the Promise facade) is core's, shared with
 * `@rayvision/node` and `@rayvision/deno`.
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
import { HttpTransport, Rayvision, Signer } from "@rayvision/core"
import { createHmac } from "node:crypto"
import type { Layer } from "effect"

/**
 * HMAC-SHA256 with `node:crypto` (Bun has it natively, `Signer.nodeHmac`): synchronous, several
 * times faster than WebCrypto for the short strings a request signs.
 *
 * @since 0.1.0
 * @category signing
 */
export const hmac: Signer.Hmac = Signer.nodeHmac(createHmac)

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

const client = Rayvision.adapter(layerHttpClient, hmac)

/**
 * Every core service, from options, over {@link layerHttpClient} and signed with {@link hmac}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = client.layer

/**
 * Every core service, from the environment (`RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`,
 * `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL`); `overrides` win.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = client.layerConfig
