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
 * `rayvision.retry_delay_ms`) and `rayvision.clock_corrected` after a 610
 * (`rayvision.clock_offset_ms`). Every call also updates the metrics of `Metrics.ts`. Neither
 * ever holds the access key, a signature, a nonce or the access id.
 *
 * @since 0.1.0
 */
// Deep imports: the `@effect/platform` barrel pulls in modules that read the environment,
// which Deno refuses without extra permissions.
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as Schema from "effect/Schema"
import { globalValue } from "effect/GlobalValue"
import * as ApiError from "./ApiError.ts"
import { ClientConfig } from "./ClientConfig.ts"
import type { RetryOptions } from "./ClientConfig.ts"
import type { Endpoint } from "./Endpoint.ts"
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
  readonly call: <In, Wire, Out, WireOut>(
    endpoint: Endpoint<In, Wire, Out, WireOut>,
    input: In
  ) => Effect.Effect<Out, ApiError.ApiError>
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

const EXCERPT = 512
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text)

/** The envelope (docs/protocol.md 1.7), as far as the client relies on it. */
const Envelope = /* @__PURE__ */ Schema.Struct({
  code: Schema.Int,
  message: /* @__PURE__ */ Schema.optionalWith(Schema.String, { default: () => "" }),
  serverTime: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.Number)),
  requestId: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.String)),
  data: /* @__PURE__ */ Schema.optional(Schema.Unknown)
})
const decodeEnvelope = /* @__PURE__ */ Schema.decodeUnknownOption(Envelope)

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
 * built, or the connection was refused or its host unknown (looked up along the cause chain,
 * where runtimes put the system error).
 */
const neverSent = (error: HttpClientError.HttpClientError): boolean => {
  if (error._tag === "RequestError" && error.reason !== "Transport") return true
  let cause: unknown = error.cause
  for (let depth = 0; depth < 5 && typeof cause === "object" && cause !== null; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown }
    if (typeof code === "string" && NEVER_CONNECTED.has(code)) return true
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
      clockCorrections: byOperation(Metrics.clockCorrections)
    }
  }

  const metricsFor = (operation: string, path: string) => {
    const metrics = tagMetrics(operation, path)
    tagged.set(operation, metrics)
    return metrics
  }

  const call = <In, Wire, Out, WireOut>(endpoint: Endpoint<In, Wire, Out, WireOut>, input: In) => {
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
          const headers: Record<string, string> = {
            accessId: config.accessId,
            channel: "4",
            platform: config.platform,
            UTCTimestamp: String(Math.floor(now / 1000)),
            nonce: yield* nextNonce(now),
            version: "2.0.0",
            ...config.headers
          }
          const signature = yield* signer.sign(canonical.stringToSignJs({ domain: config.domain, path, headers }, body))
          const request = HttpClientRequest.post(config.baseUrl + path).pipe(
            HttpClientRequest.setHeaders({ ...headers, signature, languageFlag: config.languageFlag }),
            HttpClientRequest.bodyText(bodyText, "application/json")
          )
          const exchange = client.execute(request).pipe(
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
          const envelope = decodeEnvelope(json)
          if (Option.isNone(envelope)) {
            return Effect.fail(
              answerLost(
                new ApiError.MalformedResponse({
                  path,
                  reason: "the body is not a Renderbus envelope (no integer code)",
                  bodyExcerpt: excerpt(text)
                })
              )
            )
          }
          const { code, data, message, requestId, serverTime } = envelope.value
          if (code !== 200) {
            return Effect.fail(
              ApiError.fromEnvelope({
                path,
                code,
                serverMessage: message,
                requestId: requestId ?? undefined,
                serverTime: serverTime ?? undefined
              })
            )
          }
          return Schema.decodeUnknown(endpoint.response)(data).pipe(
            Effect.mapError(
              (error) =>
                new ApiError.ResponseDecodeError({
                  path,
                  ...firstIssue(error),
                  ...(requestId == null ? {} : { requestId })
                })
            )
          )
        }

        // A 610 means the server acted on nothing: take its clock, re-sign and try once more,
        // whatever the endpoint. Later calls keep the corrected clock.
        const correctingClock = attempt.pipe(
          Effect.catchIf(
            (error): error is ApiError.SignatureExpired =>
              error._tag === "SignatureExpired" && error.serverTime !== undefined,
            (error) =>
              Effect.gen(function* () {
                const local = yield* Clock.currentTimeMillis
                const corrected = error.serverTime! - local
                yield* Ref.set(offset, corrected)
                yield* Effect.logDebug("rayvision clock corrected").pipe(Effect.annotateLogs({ path }))
                yield* Metric.increment(metrics.clockCorrections)
                yield* spanEvent("rayvision.clock_corrected", {
                  "rayvision.attempt": yield* Ref.get(attempts),
                  "rayvision.clock_offset_ms": corrected
                })
                return yield* attempt
              })
          )
        )

        const retrySettings = {
          times: options.retry?.times ?? config.retry.times,
          base: Duration.decode(options.retry?.base ?? config.retry.base),
          cap: Duration.decode(options.retry?.cap ?? config.retry.cap)
        }
        if (!endpoint.idempotent || retrySettings.times <= 0) return yield* correctingClock
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
        return yield* Effect.retry(correctingClock, policy)
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
    )
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
