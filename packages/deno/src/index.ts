/**
 * `@rayvision/deno`: the Renderbus client on Deno. It supplies the `HttpClient` (core's HTTP/1.1
 * client, `Http1`, over Deno's `node:net` and `node:tls`, which sends header names as they are
 * given; Deno's `fetch` sends them all in lowercase, which the service refuses) and
 * `node:crypto`'s HMAC to `@rayvision/core`'s client layer, so a program needs one line. Everything else (the layers, the
 * signer, the Promise facade) is core's, shared with `@rayvision/node` and `@rayvision/bun`.
 *
 * @example
 * ```ts
 * import { UserService } from "@rayvision/core"
 * import * as RayvisionDeno from "@rayvision/deno"
 * import { Effect } from "effect"
 *
 * const program = Effect.flatMap(UserService.UserService, (user) => user.profile())
 * // reads RAYVISION_API_ACCESS_ID and RAYVISION_API_KEY
 * Effect.runPromise(Effect.provide(program, RayvisionDeno.layerConfig())).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @module \@rayvision/deno
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { Http1, Rayvision, Signer } from "@rayvision/core"
import { createHmac } from "node:crypto"
import * as net from "node:net"
import * as tls from "node:tls"
import type { Layer } from "effect"

/**
 * The `HttpClient` this adapter uses: core's HTTP/1.1 client (`Http1.layer`) over Deno's
 * `node:net` and `node:tls` sockets, each header name spelled as the Renderbus service expects it
 * (`accessId`, `UTCTimestamp`, ..., see `HttpTransport.currentHeaderNames`), answers read whole,
 * bodies held in memory only. Connections are kept alive, one request at a time on each, and a
 * request is never sent twice: a connection that closes before the whole answer fails that call
 * (the transport's retry policy decides what follows). Every connection is closed when the layer
 * is released, and a call's own when it is abandoned.
 *
 * Not `fetch`: Deno's `Headers` lowercase every name (as the Fetch standard says), and the service
 * verifies the signature over the names as it receives them (docs/protocol.md 1.5), so it refuses
 * them. Not `node:http` with keep-alive: Deno's sends a request again, on a new connection, when
 * the kept-alive one it went out on closes before the answer, so a call the service acted on could
 * be acted on twice (Deno 2.9.6); without keep-alive, every call paid for a connection of its own.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = /* @__PURE__ */ Http1.layer({
  connect: net.connect,
  connectTls: tls.connect
})

const nativeHmac = /* @__PURE__ */ Signer.nodeHmac(createHmac)

/**
 * HMAC-SHA256, synchronous: a string to sign under 1,024 characters (nearly every call's) with
 * `Signer.jsHmac`, plain JavaScript, a longer one with `node:crypto` (`Signer.nodeHmac`). Deno's
 * `node:crypto` calls into the host for each step of a signature, about 10 µs for a small one,
 * three times the JavaScript's; from about 2 KB on it hashes faster. Both are several times faster
 * than WebCrypto for the strings a request signs, and give the same signature.
 *
 * @since 0.1.0
 * @category signing
 */
export const hmac: Signer.Hmac = (key) => {
  const short = Signer.jsHmac(key)
  const long = nativeHmac(key)
  return (message) => (message.length < 1_024 ? short(message) : long(message))
}

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
