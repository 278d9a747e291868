/**
 * The HTTP clients of the runtime adapters, built once here: an `HttpClient` over a runtime's own
 * way to send bytes ({@link makeHttpClient}), which writes each header name as the service signs it
 * and reads each answer whole up to the size limit. `HttpTransport` exports all of it.
 *
 * Header names: `@effect/platform`'s `Headers` keeps every name in lowercase, but the service
 * builds its string to sign from the names it receives, so they must reach it spelled as they
 * were signed (`accessId`, `UTCTimestamp`, ...; docs/protocol.md 1.5).
 *
 * @since 0.1.0
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { defaults, headerNamesOf } from "./ClientConfig.ts"
import { AnswerTooLarge } from "./internal/answer.ts"
import { collect, isEmitter, join } from "./internal/readBody.ts"

/**
 * How each request header is spelled on the wire, keyed by its lowercase name (the form
 * `@effect/platform`'s `Headers` keeps): by default the protocol's headers as the official client
 * spells them (`ClientConfig.HeaderName`); a client with custom `headers` sets its own table
 * (`ClientConfig.headerNamesOf`) around each request it sends. An `HttpClient` that can choose the
 * spelling of names (the runtime adapters' do) reads it from the fiber that sends.
 *
 * @since 0.1.0
 * @category fiber refs
 */
export const currentHeaderNames: FiberRef.FiberRef<ReadonlyMap<string, string>> = /* @__PURE__ */ globalValue(
  "@rayvision/core/HttpTransport/currentHeaderNames",
  () => FiberRef.unsafeMake<ReadonlyMap<string, string>>(headerNamesOf())
)

/**
 * A request's headers as a plain object, each name spelled as `names` says (a name it does not
 * know is sent as it is), leaving out those named in `omit` (lowercase; e.g. `content-length`
 * for a client that writes it itself).
 *
 * @example
 * ```ts
 * import { Headers } from "@effect/platform"
 * import { ClientConfig, HttpTransport } from "@rayvision/core"
 * HttpTransport.wireHeaders(Headers.fromInput({ utctimestamp: "1", "x-a": "b" }), ClientConfig.headerNamesOf())
 * // { UTCTimestamp: "1", "x-a": "b" }
 * ```
 *
 * @since 0.1.0
 * @category adapters
 */
export const wireHeaders = (
  headers: Headers.Headers,
  names: ReadonlyMap<string, string>,
  omit?: string
): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name in headers) {
    if (name === omit) continue
    out[names.get(name) ?? name] = headers[name]!
  }
  return out
}

/**
 * The largest answer, in bytes, that a runtime adapter's HTTP client reads
 * (`ClientConfig.maxResponseBytes`; 32 MiB unless a client sets its own around each request it
 * sends). {@link makeHttpClient} hands it to the {@link Send} function.
 *
 * @since 0.1.0
 * @category fiber refs
 */
export const currentMaxResponseBytes: FiberRef.FiberRef<number> = /* @__PURE__ */ globalValue(
  "@rayvision/core/HttpTransport/currentMaxResponseBytes",
  () => FiberRef.unsafeMake<number>(defaults.maxResponseBytes)
)

/**
 * Reads a body whole, up to `limit` bytes: when the declared length (`Content-Length`, if any) is
 * larger, nothing is read; when the chunks pass it, reading stops there. Either way it throws an
 * error the transport reports as `ResponseTooLarge`, and the caller's `finally` (or the stream's
 * cancellation on the early exit of `for await`) releases the connection.
 *
 * A Node.js `Readable` (anything with `on` and `removeListener`, e.g. undici's body or an
 * `http.IncomingMessage`) is read by its `data` and `end` events, which costs a fraction of its
 * async iterator; past the limit its listeners are removed and the caller destroys it.
 *
 * @example
 * ```ts
 * import { HttpTransport } from "@rayvision/core"
 * const chunks = async function* () {
 *   yield new TextEncoder().encode('{"code":200}')
 * }
 * await HttpTransport.readLimited(chunks(), undefined, 1024) // the 12 bytes
 * ```
 *
 * @since 0.1.0
 * @category adapters
 */
export const readLimited = async (
  chunks: AsyncIterable<Uint8Array>,
  declaredLength: string | number | null | undefined,
  limit: number
): Promise<Uint8Array<ArrayBuffer>> => {
  const declared = declaredLength === null || declaredLength === undefined ? Number.NaN : Number(declaredLength)
  if (declared > limit) throw new AnswerTooLarge(limit, declared)
  if (isEmitter(chunks)) return collect(chunks, limit)
  const parts: Array<Uint8Array> = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.byteLength
    if (size > limit) throw new AnswerTooLarge(limit, undefined)
    parts.push(chunk)
  }
  return join(parts, size)
}

export const utf8 = /* @__PURE__ */ globalValue("@rayvision/core/HttpTransport/utf8", () => new TextDecoder())

function inspect(this: Inspectable.Inspectable): unknown {
  return this.toJSON()
}

/**
 * An answer read whole into memory, as the runtime adapters' clients return it: the status, the
 * headers (names in any case; read lazily) and the body's bytes. Renderbus answers are small JSON
 * documents, so reading them at once costs less than streaming them.
 */
export class BufferedResponse implements HttpClientResponse.HttpClientResponse {
  declare readonly [Inspectable.NodeInspectSymbol]: () => unknown
  declare readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId
  declare readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId
  private textCache: string | undefined
  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    private readonly rawHeaders: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>,
    private readonly body: Uint8Array
  ) {
    ;(this as { [HttpClientResponse.TypeId]: unknown })[HttpClientResponse.TypeId] = HttpClientResponse.TypeId
    ;(this as { [HttpIncomingMessage.TypeId]: unknown })[HttpIncomingMessage.TypeId] = HttpIncomingMessage.TypeId
    // Set here, not declared in the class body: a computed key there would keep the class in
    // every bundle that imports this module.
    ;(this as { [Inspectable.NodeInspectSymbol]: unknown })[Inspectable.NodeInspectSymbol] = inspect
  }
  /** The body's size, in bytes. */
  get byteLength(): number {
    return this.body.byteLength
  }
  get headers(): Headers.Headers {
    const record: Record<string, string> = {}
    for (const name in this.rawHeaders) {
      const value = this.rawHeaders[name]
      if (value !== undefined) record[name.toLowerCase()] = typeof value === "string" ? value : value.join(", ")
    }
    return Headers.unsafeFromRecord(record)
  }
  get cookies(): Cookies.Cookies {
    let setCookie: string | ReadonlyArray<string> | undefined
    for (const name in this.rawHeaders) if (name.toLowerCase() === "set-cookie") setCookie = this.rawHeaders[name]
    return setCookie === undefined ? Cookies.empty : Cookies.fromSetCookie(setCookie)
  }
  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }
  /** The body as text (UTF-8), decoded once. */
  decoded(): string {
    return (this.textCache ??= utf8.decode(this.body))
  }
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.sync(() => this.decoded())
  }
  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.try({
      try: () => {
        const text = this.decoded()
        return text === "" ? null : (JSON.parse(text) as unknown)
      },
      catch: (cause) => this.decodeError(cause)
    })
  }
  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.try({
      try: () => UrlParams.fromInput(new URLSearchParams(this.decoded())),
      catch: (cause) => this.decodeError(cause)
    })
  }
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.sync(() => this.body.slice().buffer)
  }
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.tryPromise({
      try: () => new Response(this.body as Uint8Array<ArrayBuffer>, { headers: this.headers }).formData(),
      catch: (cause) => this.decodeError(cause)
    })
  }
  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.succeed(this.body)
  }
  private decodeError(cause: unknown) {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }
  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
  toString(): string {
    return Inspectable.format(this.toJSON())
  }
}

/**
 * An `HttpClientResponse` from an answer already read whole: its status, headers (names in any
 * case; a repeated header as an array) and body bytes. For runtime adapters whose HTTP client
 * is not `fetch` (whose `Response` `HttpClientResponse.fromWeb` takes).
 *
 * @since 0.1.0
 * @category adapters
 */
export const bufferedResponse = (
  request: HttpClientRequest.HttpClientRequest,
  status: number,
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>,
  body: Uint8Array
): HttpClientResponse.HttpClientResponse => new BufferedResponse(request, status, headers, body)

/**
 * How a runtime adapter's HTTP client sends one request and reads its answer: to `url`, with the
 * request's method, `headers` (names spelled as they go on the wire, no `content-length`: the
 * runtime writes it) and `body` (held in memory; `null` for none); `signal` aborts it. A
 * rejection is a transport failure (`RequestError` with reason `Transport`, the rejection as its
 * cause). The answer's body is read up to `limit` bytes ({@link readLimited}): past it, the send
 * rejects with what `readLimited` throws, and the call fails with `ResponseTooLarge`. See
 * {@link makeHttpClient}.
 *
 * @since 0.1.0
 * @category adapters
 */
export type Send = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array<ArrayBuffer> | string | null,
  signal: AbortSignal,
  limit: number
) => Promise<HttpClientResponse.HttpClientResponse>

/**
 * How a runtime adapter's HTTP client sends one request when it can cancel it without an
 * `AbortSignal` (on Node.js, an `AbortSignal` and its listener cost several microseconds of CPU a
 * request): as {@link Send}, but it calls, once, `succeed` with the answer (read whole), `tooLarge`
 * when the answer declares more than `limit` bytes (`declaredBytes`; nothing read) or its body
 * grows past them (`undefined`; reading stopped), or `fail` with why it has no answer (a
 * `RequestError` with reason `Transport`, the cause as given). It returns the function that
 * cancels the request, which the client calls only when the call is interrupted before that.
 * `request` gives the method, and is the request the answer refers to; what goes on the wire is
 * `url`, `headers` and `body` (the transport sends through an exchange directly, and may then
 * give the endpoint's bare request). See {@link makeExchangeClient}.
 *
 * @since 0.1.0
 * @category adapters
 */
export type Exchange = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array<ArrayBuffer> | string | null,
  limit: number,
  succeed: (response: HttpClientResponse.HttpClientResponse) => void,
  fail: (cause: unknown) => void,
  tooLarge: (declaredBytes: number | undefined) => void
) => () => void

/**
 * An `HttpClient` over a runtime's own way to {@link Send} a request, writing each header name
 * with {@link currentHeaderNames} of the fiber that sends (what `@effect/platform`'s clients
 * cannot: their `Headers` are lowercase). It sends bodies held in memory (text, bytes, none), which
 * is all the Renderbus API needs; a stream or form data body fails with a `RequestError` (reason
 * `Encode`) and nothing is sent. The runtime adapters build their clients with it (or with
 * {@link makeExchangeClient}).
 *
 * Lean: built on `HttpClient.makeWith`, one `Effect.async` a request, whose `AbortSignal` is
 * aborted only when the call is interrupted (answers are read whole: nothing is left to release
 * after them, so neither a `FinalizationRegistry` nor `HttpClient.withScope` is needed). With
 * tracing on and not disabled (`HttpClient.currentTracerDisabledWhen`, which
 * `HttpClient.withTracerDisabledWhen` sets, as the SDK's transport sets it while it sends), it
 * opens the span `HttpClient.make` opens (`http.client <METHOD>`, or what
 * `HttpClient.withSpanNameGenerator` names), with the same attributes (the headers redacted) and,
 * unless `HttpClient.withTracerPropagation(false)`, the trace headers.
 *
 * @since 0.1.0
 * @category adapters
 */
export const makeHttpClient = (send: Send): HttpClient.HttpClient =>
  makeExchangeClient((request, url, headers, body, limit, succeed, fail) => {
    const controller = new AbortController()
    send(request, url, headers, body, controller.signal, limit).then(succeed, fail)
    return () => controller.abort()
  })

/**
 * {@link makeHttpClient} over an {@link Exchange}: the same client (header names, size limit,
 * `Encode` and `Transport` failures, span), for a runtime that cancels a request its own way
 * (`@rayvision/node`'s, over undici's `dispatch`).
 *
 * @since 0.1.0
 * @category adapters
 */
export const makeExchangeClient = (exchange: Exchange): HttpClient.HttpClient => {
  const client = HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(effect, (request) =>
        Effect.withFiberRuntime<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((fiber) =>
          execute(exchange, request, fiber)
        )
      ),
    Effect.succeed<HttpClientRequest.HttpClientRequest>
  )
  ;(client as { [exchangeKey]?: Exchange })[exchangeKey] = exchange
  return client
}

const exchangeKey: unique symbol = Symbol.for("@rayvision/core/HttpClientKit/exchange")

/**
 * The {@link Exchange} a client made by {@link makeExchangeClient} sends with; `undefined` for any
 * other client, a client derived from one (`HttpClient.mapRequest`, `tapRequest`, ...) included,
 * since what it adds must run. The transport sends through it directly.
 */
export const exchangeOf = (client: HttpClient.HttpClient): Exchange | undefined =>
  (client as { [exchangeKey]?: Exchange })[exchangeKey]

type Fiber = Parameters<Parameters<typeof HttpClient.make>[0]>[3]

const execute = (
  send: Exchange,
  request: HttpClientRequest.HttpClientRequest,
  fiber: Fiber
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
  if (Either.isLeft(url)) {
    return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left }))
  }
  return !fiber.getFiberRef(FiberRef.currentTracerEnabled) ||
    fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)(request)
    ? sendOnce(send, request, url.right, fiber)
    : traced(send, request, url.right, fiber)
}

/** The request's body as {@link Send} takes it, or `undefined` for one it does not send. */
const bodyOf = (request: HttpClientRequest.HttpClientRequest): Uint8Array<ArrayBuffer> | string | null | undefined => {
  const body = request.body
  return body._tag === "Empty"
    ? null
    : body._tag === "Uint8Array"
      ? // Typed over any ArrayBufferLike; the bodies a request is built with are ordinary bytes.
        (body.body as Uint8Array<ArrayBuffer>)
      : body._tag === "Raw" && (typeof body.body === "string" || body.body instanceof Uint8Array)
        ? (body.body as Uint8Array<ArrayBuffer> | string)
        : undefined
}

const sendOnce = (
  send: Exchange,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  fiber: Fiber
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  const bytes = bodyOf(request)
  if (bytes === undefined) {
    const body = request.body
    return Effect.fail(
      new HttpClientError.RequestError({
        request,
        reason: "Encode",
        description: `this client sends bodies held in memory (text or bytes), not ${body._tag === "Raw" ? "this raw body" : `a ${body._tag} body`}`
      })
    )
  }
  const headers = wireHeaders(request.headers, fiber.getFiberRef(currentHeaderNames), "content-length")
  const limit = fiber.getFiberRef(currentMaxResponseBytes)
  // Cancelled from `onExit` when interrupted, not by a canceler the `Effect.async` returns (which
  // V8's pretenuring turns into garbage that survives: internal/direct.ts, `exchangeDirect`).
  let cancel: (() => void) | undefined
  const sent = Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>((resume) => {
    const failed = (cause: unknown) =>
      resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
    try {
      cancel = send(
        request,
        url,
        headers,
        bytes,
        limit,
        (response) => resume(Effect.succeed(response)),
        failed,
        (declared) => failed(new AnswerTooLarge(limit, declared))
      )
    } catch (cause) {
      failed(cause)
    }
  })
  return Effect.onExit(sent, (exit) =>
    cancel !== undefined && Exit.isInterrupted(exit) ? Effect.sync(cancel) : Effect.void
  )
}

/** {@link sendOnce} in the span `HttpClient.make` opens, with the same attributes. */
const traced = (send: Exchange, request: HttpClientRequest.HttpClientRequest, url: URL, fiber: Fiber) =>
  Effect.useSpan(
    Context.get(fiber.currentContext, HttpClient.SpanNameGenerator)(request),
    { kind: "client", captureStackTrace: false },
    (span) => {
      span.attribute("http.request.method", request.method)
      span.attribute("server.address", url.origin)
      if (url.port !== "") span.attribute("server.port", +url.port)
      span.attribute("url.full", url.toString())
      span.attribute("url.path", url.pathname)
      span.attribute("url.scheme", url.protocol.slice(0, -1))
      const query = url.search.slice(1)
      if (query !== "") span.attribute("url.query", query)
      const redactedNames = fiber.getFiberRef(Headers.currentRedactedNames)
      const sent = Headers.redact(request.headers, redactedNames)
      for (const name in sent) span.attribute(`http.request.header.${name}`, String(sent[name]))
      const outgoing = fiber.getFiberRef(HttpClient.currentTracerPropagation)
        ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span))
        : request
      return Effect.tap(Effect.withParentSpan(sendOnce(send, outgoing, url, fiber), span), (response) => {
        span.attribute("http.response.status_code", response.status)
        const received = Headers.redact(response.headers, redactedNames)
        for (const name in received) span.attribute(`http.response.header.${name}`, String(received[name]))
      })
    }
  )

/**
 * {@link Send} with the global `fetch`, the headers given as a plain object: Node's and Bun's
 * `fetch` write each name as given; Deno's (and a browser's) write every name in lowercase, which
 * a service that signs with the names it receives refuses (611).
 */
const fetchSend: Send = async (request, url, headers, body, signal, limit) => {
  const response = await fetch(url, { method: request.method, headers, body, signal })
  let bytes: Uint8Array<ArrayBuffer> = new Uint8Array(0)
  if (response.body !== null) {
    try {
      bytes = await readLimited(
        response.body as unknown as AsyncIterable<Uint8Array>,
        response.headers.get("content-length"),
        limit
      )
    } catch (cause) {
      // Refused by its Content-Length, the body was never read: cancel it, or the connection
      // stays open until the response is collected.
      await response.body.cancel().catch(() => {})
      throw cause
    }
  }
  const names: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    names[name] = value
  })
  return bufferedResponse(request, response.status, names, bytes)
}

/**
 * An `HttpClient` over the global `fetch` that writes each header name with
 * {@link currentHeaderNames} ({@link makeHttpClient}), for `Rayvision.layer` on a runtime without
 * an adapter of its own. The names reach the service as spelled only where the runtime's `fetch`
 * keeps them (Node and Bun do; Deno does not, hence `@rayvision/deno` uses `node:http`);
 * `@effect/platform`'s `FetchHttpClient` lowercases them everywhere. docs/runtimes.md.
 *
 * @since 0.1.0
 * @category adapters
 */
export const layerFetch: Layer.Layer<HttpClient.HttpClient> = /* @__PURE__ */ Layer.succeed(
  HttpClient.HttpClient,
  /* @__PURE__ */ makeHttpClient(fetchSend)
)

/** The answer's text, read up to the limit (the runtime adapters' clients have read it within it already). */
