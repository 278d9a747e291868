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
 * id. The span ends with the call's outcome, not its value: a successful call's span ends with
 * `Exit.void`, so a tracer that keeps its spans a while (an exporter's batch) does not keep the
 * answer's data with them (nor, through them, the garbage collector's young generation: see
 * bench/NOTES.md); a failed one, with the typed failure. Every text an error keeps from an answer
 * (body excerpt, server message, requestId, decoding issue, transport reason) is scrubbed of the
 * signatures the call sent, in any case and encoding a proxy may quote them in. An answer is read
 * up to `maxResponseBytes`.
 *
 * The parts are pure where they can be: building the signed request (`internal/request.ts`),
 * reading an answer into data or an error and deciding whether the service may have acted
 * (`internal/answer.ts`), and what a call leaves in spans and metrics (`internal/instrument.ts`).
 * Others are kept apart: reading an answer's text within the limit (`internal/readAnswer.ts`),
 * the per-attempt timeout (`internal/timeout.ts`), the answer's decoder, compiled once per
 * schema (`internal/fastDecode.ts`), the call's span (`internal/span.ts`) and, with a runtime
 * adapter's own client on the live clock, each attempt sent through the adapter's exchange
 * directly, its timeout a timer beside the request (`internal/direct.ts`).
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
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Schedule from "effect/Schedule"
import type * as ParseResult from "effect/ParseResult"
import { globalValue } from "effect/GlobalValue"
import { exchangeOf } from "./HttpClientKit.ts"
import * as ApiError from "./ApiError.ts"
import { ClientConfig, HeaderName } from "./ClientConfig.ts"
import type { RetryOptions } from "./ClientConfig.ts"
import type { Call, Endpoint, ErrorOf } from "./Endpoint.ts"
import {
  answerLost,
  AnswerTooLarge,
  codeOf,
  interpret,
  type LostAnswer,
  neverSent,
  refusedBeforeActing,
  scrubberOf,
  tooLargeOf,
  transportReason
} from "./internal/answer.ts"
import * as canonical from "./internal/canonical.ts"
import { Deadlines } from "./internal/deadlines.ts"
import { type Answer, canSendDirectly, exchangeDirect } from "./internal/direct.ts"
import { type EndpointMetrics, metricsCache, observe, taskIdsOf } from "./internal/instrument.ts"
import { endSpan, startSpan } from "./internal/span.ts"
import * as nonces from "./internal/nonce.ts"
import { requestOf, signedHeaders, signedHeadersWith, signedRequest } from "./internal/request.ts"
import * as retry from "./internal/retry.ts"
import { readText } from "./internal/readAnswer.ts"
import { type InFlight, timeoutFail } from "./internal/timeout.ts"
import { sendingSettings } from "./internal/locally.ts"
import { fastDecoder } from "./internal/fastDecode.ts"
import { firstIssue } from "./internal/schema.ts"
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
  /**
   * Retry settings over the client's, or a whole `Schedule` deciding the retries (its delays and
   * when to stop). Either way only transient failures of calls that are safe to repeat are retried.
   */
  readonly retry?: RetryOptions | Schedule.Schedule<unknown, ApiError.CallError>
  /** The timeout of each attempt. */
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
    Effect.locallyWith(effect, currentCallOptions, (current) => {
      const { retry } = options
      // Settings add to the settings in effect; a schedule replaces whatever was there.
      const merged =
        retry === undefined || Schedule.isSchedule(retry) || Schedule.isSchedule(current.retry)
          ? retry
          : { ...current.retry, ...retry }
      return { ...current, ...options, ...(merged === undefined ? {} : { retry: merged }) }
    })

/** What every call to one endpoint shares. */
interface Prepared {
  readonly metrics: EndpointMetrics
  readonly decodeInput: (input: unknown) => Either.Either<any, ParseResult.ParseError>
  readonly decodeOutput: (data: unknown) => Either.Either<any, ParseResult.ParseError>
  /** The endpoint's bare POST and its URL, for sending through an adapter's exchange directly. */
  readonly request: HttpClientRequest.HttpClientRequest
  readonly url: URL
}

export {
  bufferedResponse,
  currentHeaderNames,
  currentMaxResponseBytes,
  type Exchange,
  layerFetch,
  makeExchangeClient,
  makeHttpClient,
  readLimited,
  type Send,
  wireHeaders
} from "./HttpClientKit.ts"

/**
 * Builds the transport from the configuration, the signer and an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const config = yield* ClientConfig
  const signer = yield* Signer
  const client = yield* HttpClient.HttpClient
  // A runtime adapter's own client, unwrapped: each attempt is sent through the adapter's exchange
  // directly (internal/direct.ts), on the runtime's clock; signed at once when the signer can.
  const exchange = exchangeOf(client)
  const signNow = signer.signSync
  // The clock correction: server time minus local time, in milliseconds, after a 610.
  let offsetMillis = 0
  const nextNonce = nonces.make()
  // The deadlines of the attempts, on one timer (internal/deadlines.ts).
  const deadlines = new Deadlines()
  const metricsFor = metricsCache()
  const configTimeoutMillis = Duration.toMillis(config.timeout)
  const sign = signer.sign
  // What the fiber that sends through the `HttpClient` has in force (internal/locally.ts).
  const sendSettings = sendingSettings(config)

  /** What a call to each endpoint needs, built once per endpoint: its decoders and metrics. */
  const prepared = new WeakMap<object, Prepared>()
  const prepare = (endpoint: Endpoint<any, any, any, any, boolean>): Prepared => {
    let found = prepared.get(endpoint)
    if (found === undefined) {
      found = {
        metrics: metricsFor(endpoint),
        decodeInput: fastDecoder(endpoint.request, true),
        decodeOutput: fastDecoder(endpoint.response),
        request: HttpClientRequest.post(config.baseUrl + endpoint.path),
        url: new URL(config.baseUrl + endpoint.path)
      }
      prepared.set(endpoint, found)
    }
    return found
  }

  const call = <In, Wire, Out, WireOut, Idempotent extends boolean>(
    endpoint: Endpoint<In, Wire, Out, WireOut, Idempotent>,
    input: In
  ): Effect.Effect<Out, ErrorOf<Idempotent>> => {
    const { operation, path } = endpoint
    const prepared = prepare(endpoint)
    const { decodeInput, decodeOutput, metrics } = prepared

    // Everything a call reads from its fiber is read once, synchronously: the clock, the metric
    // labels, whether Debug logs are on and the per-call options; the call's span is made here
    // (internal/span.ts). Spans events, span attributes and metrics are then written directly,
    // without an effect each.
    const run = Effect.withFiberRuntime<Out, ApiError.UnsafeCallError>((fiber) => {
      const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
      const span = startSpan(
        fiber,
        operation,
        {
          "rayvision.path": path,
          "rayvision.platform": config.platform,
          ...taskIdsOf(input)
        },
        clock
      )
      const labels = fiber.getFiberRef(FiberRef.currentMetricLabels)
      const debug = LogLevel.lessThanEqual(fiber.getFiberRef(FiberRef.currentMinimumLogLevel), LogLevel.Debug)
      const options = fiber.getFiberRef(currentCallOptions)
      const startedNanos = clock.unsafeCurrentTimeNanos()
      const event = (name: string, attributes: Record<string, unknown>) =>
        span?.event(name, clock.unsafeCurrentTimeNanos(), attributes)
      metrics.calls.unsafeUpdate(1, labels)

      // The requests sent so far, and their signatures: what comes back is scrubbed of them.
      let sent = 0
      const signatures: Array<string> = []
      let scrubber: ((text: string) => string) | undefined
      const scrub = (text: string) => (scrubber ??= scrubberOf(signatures))(text)

      // An attempt still waiting when the call ends (it was interrupted) is cancelled here
      // (internal/direct.ts says why not by the attempt itself).
      const inFlight: InFlight = { cancel: undefined }
      const end = (exit: Exit.Exit<Out, ApiError.UnsafeCallError>) =>
        Effect.sync(() => {
          inFlight.cancel?.()
          observe(metrics, labels, span, sent, startedNanos, clock, exit)
          if (span !== undefined) endSpan(fiber, span, Exit.isSuccess(exit) ? Exit.void : exit, clock)
        })

      const body = decodeInput(input)
      if (Either.isLeft(body)) {
        const refused = new ApiError.InvalidRequest({ operation, path, ...firstIssue(body.left) })
        return Effect.zipRight(end(Exit.fail(refused)), Effect.fail(refused))
      }
      const bodyText = canonical.encodeBody(body.right)
      const timeoutMillis =
        options.timeout === undefined ? configTimeoutMillis : Duration.toMillis(Duration.decode(options.timeout))
      const onTimeout = () => answerLost(endpoint, new ApiError.RequestTimeout({ path, timeoutMillis }))
      const direct = exchange !== undefined && canSendDirectly(fiber.currentDefaultServices, clock, timeoutMillis)

      const exchangeFailure = (error: HttpClientError.HttpClientError | AnswerTooLarge) => {
        const tooLarge = error instanceof AnswerTooLarge ? error : tooLargeOf(error)
        if (tooLarge !== undefined) {
          return answerLost(endpoint, new ApiError.ResponseTooLarge({ path, limitBytes: tooLarge.limitBytes }))
        }
        const failure = new ApiError.TransportError({
          path,
          reason: transportReason(error as HttpClientError.HttpClientError, scrub)
        })
        return neverSent(error as HttpClientError.HttpClientError) ? failure : answerLost(endpoint, failure)
      }

      const decode = (response: Answer): Either.Either<Out, ApiError.UnsafeCallError> => {
        const answer = interpret(path, response.status, response.text, scrub)
        if (answer._tag === "Failure") {
          return Either.left(answer.mayHaveActed ? answerLost(endpoint, answer.error as LostAnswer) : answer.error)
        }
        const { requestId } = answer
        return Either.mapLeft(decodeOutput(answer.data), (error) => {
          const { field, issue } = firstIssue(error)
          return new ApiError.ResponseDecodeError({
            path,
            field: scrub(field),
            issue: scrub(issue),
            ...(requestId === undefined ? {} : { requestId: scrub(requestId) })
          })
        })
      }

      /** What each attempt leaves: a span event, and a Debug log line when Debug is on. */
      const attempted = (number: number, start: number, result: Either.Either<Out, ApiError.UnsafeCallError>) => {
        const durationMillis = clock.unsafeCurrentTimeMillis() - start
        const code = Either.isRight(result) ? 200 : codeOf(result.left)
        event("rayvision.attempt", {
          "rayvision.attempt": number,
          "rayvision.code": code,
          "rayvision.duration_ms": durationMillis,
          ...(Either.isLeft(result) ? { "rayvision.error": result.left._tag } : {})
        })
        return debug
          ? Effect.logDebug("rayvision call").pipe(Effect.annotateLogs({ path, code, durationMillis }))
          : undefined
      }

      const attempt: Effect.Effect<Out, ApiError.UnsafeCallError> = Effect.suspend(() => {
        const number = ++sent
        const start = clock.unsafeCurrentTimeMillis()
        const now = start + offsetMillis
        // The attempt's outcome, decoded, and left on the span (and in a Debug log).
        const settle = (
          answer: Either.Either<Answer, ApiError.UnsafeCallError>
        ): Effect.Effect<Out, ApiError.UnsafeCallError> => {
          const result = Either.flatMap(answer, decode)
          const log = attempted(number, start, result)
          return log === undefined ? result : Effect.zipRight(log, result)
        }
        return direct ? sendDirectly(now, settle) : Effect.flatMap(Effect.either(send(now)), settle)
      })

      /** One attempt through the `HttpClient`, stamped `now`. */
      const send = (now: number): Effect.Effect<Answer, ApiError.UnsafeCallError> => {
        const signed =
          signNow === undefined
            ? Effect.flatMap(nextNonce(now), (nonce) =>
                signedRequest(config, path, body.right, bodyText, now, nonce, sign)
              )
            : Effect.map(nextNonce(now), (nonce) => {
                const headers = signedHeaders(config, path, body.right, now, nonce, signNow)
                return {
                  request: requestOf(config, path, headers, bodyText),
                  signature: headers[HeaderName.signature]!
                }
              })
        const exchanged = signed.pipe(
          Effect.flatMap((signed) => {
            signatures.push(signed.signature)
            scrubber = undefined
            return client.execute(signed.request)
          }),
          Effect.flatMap((response) =>
            Effect.map(readText(response, config.maxResponseBytes), (text) => ({ status: response.status, text }))
          ),
          Effect.mapError(exchangeFailure)
        )
        return timeoutFail(exchanged, timeoutMillis, onTimeout, clock, deadlines, inFlight, sendSettings)
      }

      /** One attempt through the adapter's exchange, stamped `now` (internal/direct.ts). */
      const sendDirectly = (
        now: number,
        settle: (
          answer: Either.Either<Answer, ApiError.UnsafeCallError>
        ) => Effect.Effect<Out, ApiError.UnsafeCallError>
      ): Effect.Effect<Out, ApiError.UnsafeCallError> => {
        const nonce = nextNonce.now(now)
        // Signed at once by a signer that can (the adapters' native HMAC), else by its effect first.
        return signNow === undefined
          ? Effect.flatMap(signedHeadersWith(config, path, body.right, now, nonce, sign), (headers) =>
              sendSigned(headers, settle)
            )
          : sendSigned(signedHeaders(config, path, body.right, now, nonce, signNow), settle)
      }
      const sendSigned = (
        headers: Record<string, string>,
        settle: (
          answer: Either.Either<Answer, ApiError.UnsafeCallError>
        ) => Effect.Effect<Out, ApiError.UnsafeCallError>
      ): Effect.Effect<Out, ApiError.UnsafeCallError> => {
        signatures.push(headers[HeaderName.signature]!)
        scrubber = undefined
        headers[HeaderName.contentType] = "application/json"
        return exchangeDirect(
          exchange!,
          prepared.request,
          prepared.url,
          headers,
          bodyText,
          config.maxResponseBytes,
          timeoutMillis,
          deadlines,
          onTimeout,
          exchangeFailure,
          settle,
          inFlight
        )
      }

      // Refused before acting (docs/protocol.md 3.1; the codes `ServiceCodes` marks `resent`): a
      // 610 (the timestamp is too far from the service's clock, whose time the answer carries) or a
      // 603 (the nonce was refused). Nothing was done, so the request is sent once more, whatever
      // the endpoint, with a fresh nonce and timestamp and re-signed; after a 610 on the service's
      // clock, which later calls keep.
      const sendOnceMore = Effect.catchIf(attempt, refusedBeforeActing, (error) => {
        if (error._tag === "SignatureExpired") {
          offsetMillis = error.serverTime - clock.unsafeCurrentTimeMillis()
          metrics.clockCorrections.unsafeUpdate(1, labels)
          event("rayvision.clock_corrected", { "rayvision.attempt": sent, "rayvision.clock_offset_ms": offsetMillis })
        }
        metrics.resends[error._tag === "SignatureExpired" ? 610 : 603].unsafeUpdate(1, labels)
        event("rayvision.resend", { "rayvision.attempt": sent, "rayvision.code": error.code })
        const corrected =
          error._tag === "SignatureExpired" && debug
            ? Effect.logDebug("rayvision clock corrected").pipe(Effect.annotateLogs({ path }))
            : Effect.void
        return Effect.zipRight(corrected, attempt)
      })

      // Transient failures of a call that is safe to repeat are retried by the schedule, built only
      // once a first attempt failed so; each retry is an event on the span with the error that
      // caused it and the delay before the next attempt.
      const retried =
        endpoint.idempotent && retry.retries(options.retry, config.retry)
          ? Effect.catchIf(sendOnceMore as Effect.Effect<Out, ApiError.CallError>, ApiError.isTransient, (first) =>
              retry.retryAfter(
                first,
                sendOnceMore as Effect.Effect<Out, ApiError.CallError>,
                retry.retrySchedule(options.retry, config.retry),
                (delayMillis, error) =>
                  event("rayvision.retry", {
                    "rayvision.attempt": sent,
                    "rayvision.error": error._tag,
                    "rayvision.code": codeOf(error),
                    "rayvision.retry_delay_ms": delayMillis
                  })
              )
            )
          : sendOnceMore
      // The span is the parent of what runs inside only where something there may use it: a
      // caller's HttpClient (which may open spans), Debug logs (events of the span).
      return Effect.onExit(
        span !== undefined && (!direct || debug) ? Effect.withParentSpan(retried, span) : retried,
        end
      )
    })

    // An idempotent call never fails with OutcomeUnknown (`answerLost` keeps its failure).
    return run as Effect.Effect<Out, ErrorOf<Idempotent>>
  }

  return HttpTransport.of({ call, clockOffsetMillis: Effect.sync(() => offsetMillis) })
})

/**
 * The transport layer; needs the configuration, a signer and an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpTransport, never, ClientConfig | Signer | HttpClient.HttpClient> =
  /* @__PURE__ */ Layer.effect(HttpTransport, make)
