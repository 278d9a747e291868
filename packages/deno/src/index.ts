/**
 * `@rayvision/deno`: the Renderbus client on Deno. It supplies the `HttpClient` (Deno's
 * `node:http` and `node:https`, which send header names as they are given; Deno's `fetch` sends
 * them all in lowercase, which the service refuses) and `node:crypto`'s HMAC to
 * `@rayvision/core`'s client layer, so a program needs one line. Everything else (the layers, the
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
import * as HttpClient from "@effect/platform/HttpClient"
import { HttpTransport, Rayvision, Signer } from "@rayvision/core"
import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import * as http from "node:http"
import * as https from "node:https"
import { Effect, Layer } from "effect"

/** The agents of one client, destroyed with the layer (and with them any connection still open). */
interface Agents {
  readonly http: http.Agent
  readonly https: https.Agent
}

/**
 * Sends one request with `node:http` (or `node:https`), the header names as given, and reads the
 * answer whole, up to `limit` bytes. `Content-Length` is written here, so the body never goes
 * chunked.
 *
 * Not `fetch`, which Bun's adapter uses: Deno's `Headers` lowercase every name (as the Fetch
 * standard says; Bun keeps the given spelling on the wire), and the service verifies the
 * signature over the names as it receives them (docs/protocol.md 1.5), so it refuses them.
 */
const sendWith =
  (agents: Agents): HttpTransport.Send =>
  async (request, url, headers, body, signal, limit) => {
    const incoming = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const secure = url.protocol === "https:"
      if (body !== null)
        headers["Content-Length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.length)
      const outgoing = (secure ? https : http).request(
        {
          protocol: url.protocol,
          // An IPv6 host without its brackets (the Host header gets them back).
          hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
          port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
          path: url.pathname + url.search,
          method: request.method,
          headers,
          agent: secure ? agents.https : agents.http,
          signal
        },
        resolve
      )
      outgoing.on("error", reject)
      outgoing.end(body ?? undefined)
    })
    try {
      const bytes = await HttpTransport.readLimited(incoming, incoming.headers["content-length"], limit)
      return HttpTransport.bufferedResponse(request, incoming.statusCode ?? 0, incoming.headers, bytes)
    } catch (error) {
      incoming.destroy()
      throw error
    }
  }

/**
 * The `HttpClient` this adapter uses: Deno's `node:http` and `node:https` (Deno's `fetch`
 * lowercases every header name), each name spelled as the Renderbus service expects it
 * (`accessId`, `UTCTimestamp`, ..., see `HttpTransport.currentHeaderNames`), answers read whole,
 * bodies held in memory only. One connection a request, closed with its answer, or when the call
 * is abandoned or the layer released.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(
  HttpClient.HttpClient,
  Effect.map(
    Effect.acquireRelease(
      // Not kept alive: Deno's `node:http` sends a request again, on a new connection, when the
      // kept-alive one it went out on closes before the answer, aborted by the caller (a timeout,
      // a loop left early) or dropped by the server; the second request is not the caller's to
      // abort, and a call the service has acted on would be acted on twice. On a connection of
      // its own, an abandoned request is gone with its connection.
      Effect.sync((): Agents => ({
        http: new http.Agent({ keepAlive: false }),
        https: new https.Agent({ keepAlive: false })
      })),
      (agents) =>
        Effect.sync(() => {
          agents.http.destroy()
          agents.https.destroy()
        })
    ),
    (agents) => HttpTransport.makeHttpClient(sendWith(agents))
  )
)

/**
 * HMAC-SHA256 with `node:crypto` (Deno has it natively, `Signer.nodeHmac`): synchronous, several
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
