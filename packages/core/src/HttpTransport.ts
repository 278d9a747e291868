/**
 * The one place that talks HTTP: it validates the input, builds and signs each POST as
 * docs/protocol.md describes (1.5 headers, 1.6 body, 2 signing), decodes the envelope into data
 * or a typed error, retries what is safe to retry, and corrects the clock when the service says
 * the signature expired.
 *
 * Every call is a client span named after its method (`UserService.profile`) with the attributes
 * `rayvision.path`, `rayvision.platform`, `rayvision.task_ids` (when the input names tasks),
 * `rayvision.code` (200, the service code, or the error tag of a client-side failure such as
 * `InvalidRequest`) and `rayvision.attempts` (requests sent; 0 when the input was refused). Its
 * events: `rayvision.attempt` per request sent (`rayvision.attempt`, `rayvision.code`,
 * `rayvision.duration_ms`, `rayvision.error` when it failed), `rayvision.retry` before each retry
 * (`rayvision.attempt` that failed, `rayvision.error`, `rayvision.code`,
 * `rayvision.retry_delay_ms`), `rayvision.clock_corrected` after a 610
 * (`rayvision.clock_offset_ms`) and `rayvision.resend` before the one re-sent request after a 610
 * or a 603 (`rayvision.attempt` that was refused, `rayvision.code`). Every call also updates the
 * metrics of `Metrics.ts`. Neither ever holds the access key, a signature, a nonce or the access
 * id.
 *
 * Header names: `@effect/platform`'s `Headers` keeps every name in lowercase, but the service
 * builds its string to sign from the names it receives, so they must reach it spelled as they
 * were signed (`accessId`, `UTCTimestamp`, ...; docs/protocol.md 1.5). The runtime adapters'
 * HTTP clients write each name with {@link currentHeaderNames} ({@link wireHeaders}); other
 * `HttpClient`s send what they send (a `fetch` that lowercases names fails every call with 611).
 *
 * @since 0.1.0
 */
// Deep imports: the `@effect/platform` barrel pulls in modules that read the environment,
// which Deno refuses without extra permissions.
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { globalValue } from "effect/GlobalValue"
import * as ApiError from "./ApiError.ts"
import { ClientConfig, HeaderName, headerNamesOf } from "./ClientConfig.ts"
import type { RetryOptions } from "./ClientConfig.ts"
import type { Call, Endpoint, ErrorOf } from "./Endpoint.ts"
import * as canonical from "./internal/canonical.ts"
import * as nonces from "./internal/nonce.ts"
import * as retry from "./internal/retry.ts"
import { firstIssue } from "./internal/schema.ts"
import * as Metrics from "./Metrics.ts"
import { Signer } from "./Signer.ts"

/**
 * The transport service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Calls an endpoint: validates `input` (an {@link ApiError.InvalidRequest} and nothing sent
   * when it is wrong), sends it signed, and decodes the answer.
   */
  readonly call: Call
  /** The clock correction in use, in milliseconds (server time minus local time). */
  readonly clockOffsetMillis: Effect.Effect<number>
}

/**
 * The transport of the client in scope.
 *
 * @since 0.1.0
 * @category tags
 */
export class HttpTransport
  extends /* @__PURE__ */ Context.Tag("@rayvision/core/HttpTransport")<HttpTransport, Service>() {}

/**
 * Per-call settings that override the client's.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  readonly retry?: RetryOptions
  readonly timeout?: Duration.DurationInput
}

/**
 * The per-call settings in effect for the current fiber.
 *
 * @since 0.1.0
 * @category fiber refs
 */
export const currentCallOptions: FiberRef.FiberRef<CallOptions> = /* @__PURE__ */ globalValue(
  "@rayvision/core/HttpTransport/currentCallOptions",
  () => FiberRef.unsafeMake<CallOptions>({})
)

/**
 * Runs an effect with per-call settings: retries and timeout of every call inside it.
 *
 * @example
 * ```ts
 * import { HttpTransport, TaskService } from "@rayvision/core"
 * import { Effect } from "effect"
 * // stop, with no retry and a 5 s timeout for this call only
 * const program = Effect.flatMap(TaskService.TaskService, (tasks) => tasks.stop([123])).pipe(
 *   HttpTransport.withCallOptions({ retry: { times: 0 }, timeout: "5 seconds" })
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const withCallOptions =
  (options: CallOptions) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.locallyWith(effect, currentCallOptions, (current) => ({
      ...current,
      ...options,
      ...(options.retry === undefined ? {} : { retry: { ...current.retry, ...options.retry } })
    }))

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

const utf8 = /* @__PURE__ */ globalValue("@rayvision/core/HttpTransport/utf8", () => new TextDecoder())

function inspect(this: Inspectable.Inspectable): unknown {
  return this.toJSON()
}

/**
 * An answer read whole into memory, as the runtime adapters' clients return it: the status, the
 * headers (names in any case; read lazily) and the body's bytes. Renderbus answers are small JSON
 * documents, so reading them at once costs less than streaming them.
 */
class BufferedResponse implements HttpClientResponse.HttpClientResponse {
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
  private decoded(): string {
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
 * cause). See {@link makeHttpClient}.
 *
 * @since 0.1.0
 * @category adapters
 */
export type Send = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array<ArrayBuffer> | string | null,
  signal: AbortSignal
) => Promise<HttpClientResponse.HttpClientResponse>

/**
 * An `HttpClient` over a runtime's own way to {@link Send} a request, writing each header name
 * with {@link currentHeaderNames} of the fiber that sends (what `@effect/platform`'s clients
 * cannot: their `Headers` are lowercase). It sends bodies held in memory (text, bytes, none), which
 * is all the Renderbus API needs; a stream or form data body fails with a `RequestError` (reason
 * `Encode`) and nothing is sent. The runtime adapters build their clients with it.
 *
 * @since 0.1.0
 * @category adapters
 */
export const makeHttpClient = (send: Send): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal, fiber) => {
    const body = request.body
    const bytes =
      body._tag === "Empty"
        ? null
        : body._tag === "Uint8Array"
          ? // Typed over any ArrayBufferLike; the bodies a request is built with are ordinary bytes.
            (body.body as Uint8Array<ArrayBuffer>)
          : body._tag === "Raw" && (typeof body.body === "string" || body.body instanceof Uint8Array)
            ? (body.body as Uint8Array<ArrayBuffer> | string)
            : undefined
    if (bytes === undefined) {
      return Effect.fail(
        new HttpClientError.RequestError({
          request,
          reason: "Encode",
          description: `this client sends bodies held in memory (text or bytes), not ${body._tag === "Raw" ? "this raw body" : `a ${body._tag} body`}`
        })
      )
    }
    const headers = wireHeaders(request.headers, fiber.getFiberRef(currentHeaderNames), "content-length")
    return Effect.tryPromise({
      try: () => send(request, url, headers, bytes, signal),
      catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
    })
  })

/**
 * {@link Send} with the global `fetch`, the headers given as a plain object: Node's and Bun's
 * `fetch` write each name as given; Deno's (and a browser's) write every name in lowercase, which
 * a service that signs with the names it receives refuses (611).
 */
const fetchSend: Send = async (request, url, headers, body, signal) =>
  HttpClientResponse.fromWeb(request, await fetch(url, { method: request.method, headers, body, signal }))

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

const EXCERPT = 512
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text)

/** The envelope (docs/protocol.md 1.7), as far as the client relies on it. */
interface Envelope {
  readonly code: number
  readonly message: string
  readonly serverTime: number | undefined
  readonly requestId: string | undefined
  readonly data: unknown
}

/**
 * Reads the envelope of a parsed answer, tolerantly: only `code` decides, an integer or the text of
 * one (`200`, `"200"`); `message`, `serverTime` and `requestId` are taken when they have a usable
 * value (a number or its text, a string or a number) and left out otherwise. `undefined` when the
 * answer is not an object with such a code.
 */
const readEnvelope = (json: unknown): Envelope | undefined => {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined
  const { code, data, message, requestId, serverTime } = json as Record<string, unknown>
  const integer =
    typeof code === "number"
      ? code
      : typeof code === "string" && /^-?\d{1,15}$/.test(code.trim())
        ? Number(code.trim())
        : Number.NaN
  if (!Number.isSafeInteger(integer)) return undefined
  const time = typeof serverTime === "string" && serverTime.trim() !== "" ? Number(serverTime) : serverTime
  return {
    code: integer === 0 ? 0 : integer, // -0 is 0
    message:
      typeof message === "string"
        ? message
        : typeof message === "number" || typeof message === "boolean"
          ? String(message)
          : "",
    serverTime: typeof time === "number" && Number.isFinite(time) ? time : undefined,
    requestId:
      typeof requestId === "string"
        ? requestId
        : typeof requestId === "number" && Number.isFinite(requestId)
          ? String(requestId)
          : undefined,
    data
  }
}

const transportReason = (error: HttpClientError.HttpClientError): string => {
  const cause = error.cause
  const detail =
    cause instanceof Error ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ""}` : ""
  return `${error.reason}${detail === "" ? "" : `: ${detail}`}`
}

/** Error codes of a connection that was never made: the request did not reach the service. */
const NEVER_CONNECTED = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ConnectionRefused"
])

/**
 * Whether a client failure proves that nothing reached the service: the request could not be
 * built, the connection was refused or its host unknown, or the runtime did not permit connecting
 * (looked up along the cause chain, where runtimes put the system error).
 */
const neverSent = (error: HttpClientError.HttpClientError): boolean => {
  if (error._tag === "RequestError" && error.reason !== "Transport") return true
  let cause: unknown = error.cause
  for (let depth = 0; depth < 5 && typeof cause === "object" && cause !== null; depth++) {
    const { code, message, name } = cause as { code?: unknown; message?: unknown; name?: unknown }
    if (typeof code === "string" && NEVER_CONNECTED.has(code)) return true
    // Deno refused the client a permission it needs to connect (network, or the root certificates).
    if (name === "NotCapable" || name === "PermissionDenied") return true
    if (typeof message === "string" && /ECONNREFUSED|ENOTFOUND|connection refused/i.test(message)) return true
    cause = (cause as { cause?: unknown }).cause
  }
  return false
}

/** The span attribute naming the tasks a call is about (at most 100 ids), if any. */
const taskIdsOf = (input: unknown): { readonly "rayvision.task_ids"?: string } => {
  if (input === null || typeof input !== "object") return {}
  const { taskId, taskIds } = input as { taskIds?: unknown; taskId?: unknown }
  if (Array.isArray(taskIds)) {
    // Only numbers: the input is not validated yet, and joining an arbitrary value may throw.
    const ids = taskIds.slice(0, 100).filter((id): id is number => typeof id === "number")
    return ids.length === 0 ? {} : { "rayvision.task_ids": ids.join(",") }
  }
  if (typeof taskId === "number") return { "rayvision.task_ids": String(taskId) }
  return {}
}

/**
 * Whether the service refused a request before acting on it, so that sending it once more, with a
 * fresh nonce and timestamp, is safe on any endpoint: a 603 (nonce refused), or a 610 (timestamp
 * too far from the service's clock) that says the service's time.
 */
const refusedBeforeActing = (
  error: ApiError.ApiError
): error is ApiError.IllegalProtocol | (ApiError.SignatureExpired & { readonly serverTime: number }) =>
  error._tag === "IllegalProtocol" || (error._tag === "SignatureExpired" && error.serverTime !== undefined)

/** What a failure is reported as, on spans and metrics: the service code, or the error's tag. */
const codeOf = (error: ApiError.ApiError): number | string => ("code" in error ? error.code : error._tag)

/** Adds an event to the current span (the call's), stamped with the Clock's time. */
const spanEvent = (name: string, attributes: Record<string, unknown>) =>
  Effect.flatMap(Effect.currentSpan, (span) =>
    Effect.map(Clock.currentTimeNanos, (now) => span.event(name, now, attributes))
  ).pipe(Effect.ignore)

/**
 * Builds the transport from the configuration, the signer and an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const config = yield* ClientConfig
  const signer = yield* Signer
  // Exactly the protocol's headers (docs/protocol.md 1.5) go on the wire (no trace-propagation
  // headers), and the platform's own HTTP span is off: its exit would hold the request, signature
  // header included. Each call has its own span instead (see `call`).
  const client = (yield* HttpClient.HttpClient).pipe(
    HttpClient.withTracerPropagation(false),
    HttpClient.withTracerDisabledWhen(() => true)
  )
  const offset = yield* Ref.make(0)
  const nextNonce = nonces.make()
  // The spelling of the names on the wire: the default table holds the protocol's headers, so
  // only a client with custom headers sets its own around each request.
  const spellNames =
    Object.keys(config.headers).length === 0
      ? <A, E, R>(effect: Effect.Effect<A, E, R>) => effect
      : <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.locally(effect, currentHeaderNames, config.headerNames)

  // Each operation's tagged metrics, built once: tagging a metric on every call costs more than
  // updating it.
  const tagged = new Map<string, ReturnType<typeof tagMetrics>>()
  const tagMetrics = (operation: string, path: string) => {
    const byOperation = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) =>
      Metric.tagged(metric, Metrics.OperationTag, operation)
    return {
      calls: Metric.tagged(byOperation(Metrics.calls), Metrics.PathTag, path),
      callDuration: byOperation(Metrics.callDuration),
      callErrors: byOperation(Metrics.callErrors),
      retries: byOperation(Metrics.retries),
      clockCorrections: byOperation(Metrics.clockCorrections),
      resends: {
        603: Metric.tagged(byOperation(Metrics.resends), Metrics.CodeTag, "603"),
        610: Metric.tagged(byOperation(Metrics.resends), Metrics.CodeTag, "610")
      }
    }
  }

  const metricsFor = (operation: string, path: string) => {
    const metrics = tagMetrics(operation, path)
    tagged.set(operation, metrics)
    return metrics
  }

  const call = <In, Wire, Out, WireOut, Idempotent extends boolean>(
    endpoint: Endpoint<In, Wire, Out, WireOut, Idempotent>,
    input: In
  ): Effect.Effect<Out, ErrorOf<Idempotent>> => {
    const { operation, path } = endpoint
    const metrics = tagged.get(operation) ?? metricsFor(operation, path)

    /**
     * A failure after which the service may have acted. An idempotent call keeps it as it is (it
     * is safe to repeat, and transient ones are retried); any other call reports the outcome as
     * unknown, since repeating it could act twice.
     */
    const answerLost = <
      E extends
        ApiError.TransportError | ApiError.RequestTimeout | ApiError.HttpStatusError | ApiError.MalformedResponse
    >(
      failure: E
    ): E | ApiError.OutcomeUnknown =>
      endpoint.idempotent
        ? failure
        : new ApiError.OutcomeUnknown({
            path,
            operation,
            after: failure._tag,
            // One line, however many lines the failure quoted (a proxy's HTML page, say).
            reason: failure.message.replace(/\s+/g, " ").slice(0, 300)
          })

    /** Validates, sends (retrying when safe), decodes; counts the requests sent in `attempts`. */
    const send = (attempts: Ref.Ref<number>) =>
      Effect.gen(function* () {
        const body = yield* Schema.decodeUnknown(endpoint.request)(input, { onExcessProperty: "error" }).pipe(
          Effect.mapError((error) => new ApiError.InvalidRequest({ operation, path, ...firstIssue(error) }))
        )
        const bodyText = canonical.encodeBody(body)
        const options = yield* FiberRef.get(currentCallOptions)
        const timeout = Duration.decode(options.timeout ?? config.timeout)

        const attempt = Effect.gen(function* () {
          const number = yield* Ref.updateAndGet(attempts, (n) => n + 1)
          const start = yield* Clock.currentTimeMillis
          const now = start + (yield* Ref.get(offset))
          // Signed with these names, sent with these names (docs/protocol.md 1.5, 2.1).
          const headers: Record<string, string> = {
            [HeaderName.accessId]: config.accessId,
            [HeaderName.channel]: "4",
            [HeaderName.platform]: config.platform,
            [HeaderName.utcTimestamp]: String(Math.floor(now / 1000)),
            [HeaderName.nonce]: yield* nextNonce(now),
            [HeaderName.version]: "2.0.0",
            ...config.headers
          }
          const signature = yield* signer.sign(canonical.stringToSignJs({ domain: config.domain, path, headers }, body))
          headers[HeaderName.signature] = signature
          headers[HeaderName.languageFlag] = config.languageFlag
          const request = HttpClientRequest.post(config.baseUrl + path).pipe(
            HttpClientRequest.setHeaders(headers),
            HttpClientRequest.bodyText(bodyText, "application/json")
          )
          const exchange = spellNames(client.execute(request)).pipe(
            Effect.flatMap((response) => Effect.map(response.text, (text) => ({ status: response.status, text }))),
            Effect.mapError((error) => {
              const failure = new ApiError.TransportError({ path, reason: transportReason(error) })
              return neverSent(error) ? failure : answerLost(failure)
            }),
            Effect.timeoutFail({
              duration: timeout,
              onTimeout: () =>
                answerLost(new ApiError.RequestTimeout({ path, timeoutMillis: Duration.toMillis(timeout) }))
            }),
            // Should anything still list the request headers, the signature is redacted there.
            Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, "signature"])
          )
          const result = yield* Effect.either(Effect.flatMap(exchange, ({ status, text }) => interpret(status, text)))
          const end = yield* Clock.currentTimeMillis
          const code = result._tag === "Right" ? 200 : codeOf(result.left)
          // Built only when Debug is enabled: annotating a log line costs even when it is dropped.
          yield* Effect.whenLogLevel(
            Effect.logDebug("rayvision call").pipe(Effect.annotateLogs({ path, code, durationMillis: end - start })),
            "Debug"
          )
          // Each attempt's outcome, on the call's span.
          yield* spanEvent("rayvision.attempt", {
            "rayvision.attempt": number,
            "rayvision.code": code,
            "rayvision.duration_ms": end - start,
            ...(result._tag === "Left" ? { "rayvision.error": result.left._tag } : {})
          })
          return yield* result
        })

        const interpret = (status: number, text: string): Effect.Effect<Out, ApiError.ApiError> => {
          if (status < 200 || status >= 300) {
            const failure = new ApiError.HttpStatusError({ path, status, bodyExcerpt: excerpt(text) })
            return Effect.fail(status >= 500 ? answerLost(failure) : failure)
          }
          let json: unknown
          try {
            json = JSON.parse(text)
          } catch {
            return Effect.fail(
              answerLost(
                new ApiError.MalformedResponse({ path, reason: "the body is not JSON", bodyExcerpt: excerpt(text) })
              )
            )
          }
          const envelope = readEnvelope(json)
          if (envelope === undefined) {
            return Effect.fail(
              answerLost(
                new ApiError.MalformedResponse({
                  path,
                  reason:
                    typeof json === "object" && json !== null && !Array.isArray(json)
                      ? "the envelope has no integer code"
                      : "the body is not a JSON object",
                  bodyExcerpt: excerpt(text)
                })
              )
            )
          }
          const { code, data, message, requestId, serverTime } = envelope
          if (code !== 200) {
            return Effect.fail(ApiError.fromEnvelope({ path, code, serverMessage: message, requestId, serverTime }))
          }
          return Schema.decodeUnknown(endpoint.response)(data).pipe(
            Effect.mapError(
              (error) =>
                new ApiError.ResponseDecodeError({
                  path,
                  ...firstIssue(error),
                  ...(requestId === undefined ? {} : { requestId })
                })
            )
          )
        }

        // Refused before acting (docs/protocol.md 3.1): a 610 (the timestamp is too far from the
        // service's clock, whose time the answer carries) or a 603 (the nonce was refused). Nothing
        // was done, so the request is sent once more, whatever the endpoint, with a fresh nonce and
        // timestamp and re-signed; after a 610 on the service's clock, which later calls keep.
        const resending = attempt.pipe(
          Effect.catchIf(refusedBeforeActing, (error) =>
            Effect.gen(function* () {
              const refused = yield* Ref.get(attempts)
              if (error._tag === "SignatureExpired") {
                const local = yield* Clock.currentTimeMillis
                const corrected = error.serverTime! - local
                yield* Ref.set(offset, corrected)
                yield* Effect.logDebug("rayvision clock corrected").pipe(Effect.annotateLogs({ path }))
                yield* Metric.increment(metrics.clockCorrections)
                yield* spanEvent("rayvision.clock_corrected", {
                  "rayvision.attempt": refused,
                  "rayvision.clock_offset_ms": corrected
                })
              }
              yield* Metric.increment(error._tag === "SignatureExpired" ? metrics.resends[610] : metrics.resends[603])
              yield* spanEvent("rayvision.resend", { "rayvision.attempt": refused, "rayvision.code": error.code })
              return yield* attempt
            })
          )
        )

        const retrySettings = {
          times: options.retry?.times ?? config.retry.times,
          base: Duration.decode(options.retry?.base ?? config.retry.base),
          cap: Duration.decode(options.retry?.cap ?? config.retry.cap)
        }
        if (!endpoint.idempotent || retrySettings.times <= 0) return yield* resending
        // Transient failures are retried; each retry is an event on the span with the error that
        // caused it and the delay before the next attempt.
        const policy = retry.schedule(retrySettings).pipe(
          Schedule.whileInput(ApiError.isTransient),
          Schedule.delays,
          Schedule.intersect(Schedule.identity<ApiError.ApiError>()),
          Schedule.onDecision(([delay, error], decision) =>
            ScheduleDecision.isDone(decision)
              ? Effect.void
              : Effect.flatMap(Ref.get(attempts), (failed) =>
                  spanEvent("rayvision.retry", {
                    "rayvision.attempt": failed,
                    "rayvision.error": error._tag,
                    "rayvision.code": codeOf(error),
                    "rayvision.retry_delay_ms": Duration.toMillis(delay)
                  })
                )
          )
        )
        return yield* Effect.retry(resending, policy)
      })

    // What every call leaves on its span (code and attempt count) and in the metrics (see
    // Metrics.ts), however it ends. An interrupted call has no code and is not an error.
    const observe = (attempts: Ref.Ref<number>, startedNanos: bigint) => (exit: Exit.Exit<Out, ApiError.ApiError>) =>
      Effect.gen(function* () {
        const sent = yield* Ref.get(attempts)
        yield* Effect.annotateCurrentSpan("rayvision.attempts", sent)
        if (sent > 1) yield* Metric.incrementBy(metrics.retries, sent - 1)
        const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
        const code = Exit.isSuccess(exit) ? 200 : Option.isSome(failure) ? codeOf(failure.value) : undefined
        if (code === undefined) return
        yield* Effect.annotateCurrentSpan("rayvision.code", code)
        if (code !== 200) yield* Metric.increment(Metric.tagged(metrics.callErrors, Metrics.CodeTag, String(code)))
        if (sent > 0) {
          const ended = yield* Clock.currentTimeNanos
          yield* Metric.update(metrics.callDuration, Number(ended - startedNanos) / 1_000_000)
        }
      })

    return Effect.gen(function* () {
      const attempts = yield* Ref.make(0)
      const startedNanos = yield* Clock.currentTimeNanos
      yield* Metric.increment(metrics.calls)
      return yield* send(attempts).pipe(Effect.onExit(observe(attempts, startedNanos)))
    }).pipe(
      Effect.withSpan(operation, {
        kind: "client",
        captureStackTrace: false,
        attributes: { "rayvision.path": path, "rayvision.platform": config.platform, ...taskIdsOf(input) }
      })
      // The idempotent calls never fail with OutcomeUnknown (`answerLost` keeps their failure).
    ) as Effect.Effect<Out, ErrorOf<Idempotent>>
  }

  return HttpTransport.of({ call, clockOffsetMillis: Ref.get(offset) })
})

/**
 * The transport layer; needs the configuration, a signer and an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpTransport, never, ClientConfig | Signer | HttpClient.HttpClient> =
  /* @__PURE__ */ Layer.effect(HttpTransport, make)
