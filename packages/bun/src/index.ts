/**
 * `@rayvision/bun`: the Renderbus client on Bun. It supplies the `HttpClient` (core's HTTP/1.1
 * client, `Http1`, over Bun's sockets: every header name goes out as the service expects it)
 * and `node:crypto`'s HMAC to `@rayvision/core`'s client layer, so a program needs one line. Everything else (the layers, the signer, the Promise facade) is core's, shared with
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
import { Http1, Rayvision, Signer } from "@rayvision/core"
import { createHmac } from "node:crypto"
import * as tls from "node:tls"
import type { Layer } from "effect"
import { connect } from "./socket.ts"

/**
 * HMAC-SHA256 with `node:crypto` (Bun has it natively, `Signer.nodeHmac`): synchronous, several
 * times faster than WebCrypto for the short strings a request signs.
 *
 * @since 0.1.0
 * @category signing
 */
export const hmac: Signer.Hmac = Signer.nodeHmac(createHmac)

/**
 * The `HttpClient` this adapter uses: core's HTTP/1.1 client (`Http1.layer`) over Bun's own
 * sockets (`Bun.connect`; `https:` over `node:tls`), each header name spelled as the Renderbus service expects it
 * (`accessId`, `UTCTimestamp`, ..., see `HttpTransport.currentHeaderNames`), answers read whole,
 * bodies held in memory only. Connections are kept alive, one request at a time on each, and a
 * request is never sent twice: a connection that closes before the whole answer fails that call
 * (the transport's retry policy decides what follows). Every connection is closed when the layer
 * is released, and a call's own when it is abandoned.
 *
 * Not `fetch` (`HttpTransport.layerFetch`, which keeps header names as given on Bun too): a call
 * through it cost about twice the CPU (an `AbortController` a request, the body read as a stream).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = /* @__PURE__ */ Http1.layer({
  connect,
  connectTls: tls.connect
})

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
