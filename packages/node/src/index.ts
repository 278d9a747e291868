/**
 * `@rayvision/node`: the Renderbus client on Node.js. It supplies the `HttpClient` (undici's
 * `dispatch`, writing every header name as the service expects it) and `node:crypto`'s HMAC to
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
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { HttpTransport, Rayvision, Signer } from "@rayvision/core"
import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import { Effect, Layer } from "effect"

type Handler = Required<
  Pick<
    Undici.Dispatcher.DispatchHandler,
    "onRequestStart" | "onResponseStart" | "onResponseData" | "onResponseEnd" | "onResponseError"
  >
>

/**
 * One request's answer, collected from undici's `dispatch`: the body's chunks as they come, up to
 * `limit` bytes (refused at once when its `Content-Length` declares more), then the answer whole.
 * Cheaper than undici's `request`, which streams the body through a `Readable` and listens to an
 * `AbortSignal`: this is cancelled by undici's own controller, the first to settle wins.
 */
class Collector implements Handler {
  private controller: Undici.Dispatcher.DispatchController | undefined
  private settled = false
  private status = 0
  private headers: Record<string, string | Array<string> | undefined> = {}
  private readonly parts: Array<Buffer> = []
  private size = 0
  constructor(
    private readonly request: HttpClientRequest.HttpClientRequest,
    private readonly limit: number,
    private readonly succeed: (response: HttpClientResponse.HttpClientResponse) => void,
    private readonly fail: (cause: unknown) => void,
    private readonly tooLarge: (declaredBytes: number | undefined) => void
  ) {}
  onRequestStart(controller: Undici.Dispatcher.DispatchController): void {
    // Cancelled while it waited for a connection: it goes no further.
    if (this.settled) controller.abort(new Undici.errors.RequestAbortedError())
    else this.controller = controller
  }
  onResponseStart(
    controller: Undici.Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | Array<string> | undefined>
  ): void {
    if (statusCode < 200 || this.settled) return // informational (100, 103): the answer follows
    this.status = statusCode
    this.headers = headers
    const declared = headers["content-length"]
    const bytes = Number(Array.isArray(declared) ? declared[0] : declared)
    if (bytes > this.limit) this.refuse(controller, bytes)
  }
  onResponseData(controller: Undici.Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return
    this.size += chunk.byteLength
    if (this.size > this.limit) this.refuse(controller, undefined)
    else this.parts.push(chunk)
  }
  onResponseEnd(): void {
    if (this.settled) return
    this.settled = true
    const body = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size)
    this.succeed(HttpTransport.bufferedResponse(this.request, this.status, this.headers, body))
  }
  onResponseError(_controller: Undici.Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return
    this.settled = true
    this.fail(error)
  }
  /** The call was interrupted: the request is aborted (its connection closed), now or when it starts. */
  cancel(): void {
    if (this.settled) return
    this.settled = true
    this.controller?.abort(new Undici.errors.RequestAbortedError())
  }
  /** Past the limit: the rest is not read (the connection is closed). */
  private refuse(controller: Undici.Dispatcher.DispatchController, declared: number | undefined): void {
    this.settled = true
    this.tooLarge(declared)
    controller.abort(new Undici.errors.RequestAbortedError())
  }
}

/**
 * Sends one request with undici's `dispatch` on `dispatcher`, the header names as given (undici
 * writes them as they are), and collects the answer whole, up to `limit` bytes. Timeouts are the
 * transport's (Effect's), so undici's own are off.
 */
const exchangeWith =
  (dispatcher: Undici.Dispatcher): HttpTransport.Exchange =>
  (request, url, headers, body, limit, succeed, fail, tooLarge) => {
    const collector = new Collector(request, limit, succeed, fail, tooLarge)
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method as Undici.Dispatcher.HttpMethod,
        headers,
        body,
        headersTimeout: 0,
        bodyTimeout: 0
      },
      collector
    )
    return () => collector.cancel()
  }

/**
 * An `HttpClient` over undici's `dispatch` on `dispatcher` (e.g. an `Agent` with your settings):
 * each header name spelled as the Renderbus service expects it (`accessId`, `UTCTimestamp`, ...,
 * see `HttpTransport.currentHeaderNames`), answers read whole, bodies held in memory only.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeHttpClient = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient =>
  HttpTransport.makeExchangeClient(exchangeWith(dispatcher))

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
