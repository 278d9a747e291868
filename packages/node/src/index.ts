/**
 * `@rayvision/node`: the Renderbus client on Node.js. It supplies the `HttpClient` (undici's
 * `request`, writing every header name as the service expects it) and `node:crypto`'s HMAC to
 * `@rayvision/core`'s client layer, so a program needs one line. Everything else (the layers,
 * the signer, the Promise facade) is core's, shared with `@rayvision/deno` and `@rayvision/bun`.
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
import * as Undici from "@effect/platform-node/Undici"
import * as HttpClient from "@effect/platform/HttpClient"
import { HttpTransport, Rayvision, Signer } from "@rayvision/core"
import { createHmac } from "node:crypto"
import { Effect, Layer } from "effect"

/**
 * Sends one request with undici's `request` on `dispatcher`, the header names as given (undici
 * writes them as they are), and reads the answer whole, up to `limit` bytes. Timeouts are the
 * transport's (Effect's), so undici's own are off.
 */
const sendWith =
  (dispatcher: Undici.Dispatcher): HttpTransport.Send =>
  async (request, url, headers, body, signal, limit) => {
    const response = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method,
      headers,
      body,
      signal,
      headersTimeout: 0,
      bodyTimeout: 0
    })
    const declared = response.headers["content-length"]
    try {
      const bytes = await HttpTransport.readLimited(
        response.body,
        Array.isArray(declared) ? declared[0] : declared,
        limit
      )
      return HttpTransport.bufferedResponse(request, response.statusCode, response.headers, bytes)
    } catch (error) {
      // Unread, the body would hold the connection. Destroyed, undici emits an abort error, which
      // nobody reads (the call fails with `error`).
      response.body.on("error", () => {}).destroy()
      throw error
    }
  }

/**
 * An `HttpClient` over undici's `request` on `dispatcher` (e.g. an `Agent` with your settings):
 * each header name spelled as the Renderbus service expects it (`accessId`, `UTCTimestamp`, ...,
 * see `HttpTransport.currentHeaderNames`), answers read whole, bodies held in memory only.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeHttpClient = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient =>
  HttpTransport.makeHttpClient(sendWith(dispatcher))

/**
 * The `HttpClient` this adapter uses: {@link makeHttpClient} on an undici `Agent` of its own
 * (a connection pool, closed with the layer).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(
  HttpClient.HttpClient,
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => new Undici.Agent()),
      (agent) => Effect.promise(() => agent.destroy())
    ),
    makeHttpClient
  )
)

/**
 * HMAC-SHA256 with `node:crypto` (Node has it natively, `Signer.nodeHmac`): synchronous, several
 * times faster than WebCrypto for the short strings a request signs.
 *
 * @since 0.1.0
 * @category signing
 */
export const hmac: Signer.Hmac = Signer.nodeHmac(createHmac)

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
