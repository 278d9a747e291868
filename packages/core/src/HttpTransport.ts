/**
 * The one place that talks HTTP: it validates the input, builds and signs each POST as the
 * spec says (sections 1.5, 1.6, 2), decodes the envelope into data or a typed error, retries
 * what is safe to retry, and corrects the clock when the service says the signature expired.
 *
 * @since 0.1.0
 */
// Deep imports: the `@effect/platform` barrel pulls in modules that read the environment,
// which Deno refuses without extra permissions.
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Clock, Context, Duration, Effect, FiberRef, Layer, Option, ParseResult, Ref, Schema } from "effect"
import { globalValue } from "effect/GlobalValue"
import * as ApiError from "./ApiError.ts"
import { ClientConfig } from "./ClientConfig.ts"
import type { RetryOptions } from "./ClientConfig.ts"
import type { Endpoint } from "./Endpoint.ts"
import * as canonical from "./internal/canonical.ts"
import * as nonces from "./internal/nonce.ts"
import * as retry from "./internal/retry.ts"
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
export class HttpTransport extends Context.Tag("@rayvision/core/HttpTransport")<HttpTransport, Service>() {}

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
export const currentCallOptions: FiberRef.FiberRef<CallOptions> = globalValue(
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

/** The envelope of spec 1.7, as far as the client relies on it. */
const Envelope = Schema.Struct({
  code: Schema.Int,
  message: Schema.optionalWith(Schema.String, { default: () => "" }),
  serverTime: Schema.optional(Schema.NullOr(Schema.Number)),
  requestId: Schema.optional(Schema.NullOr(Schema.String)),
  data: Schema.optional(Schema.Unknown)
})
const decodeEnvelope = Schema.decodeUnknownOption(Envelope)

const firstIssue = (error: ParseResult.ParseError) => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return { field: issue === undefined ? "" : issue.path.join("."), issue: issue?.message ?? error.message }
}

const transportReason = (error: HttpClientError.HttpClientError): string => {
  const cause = error.cause
  const detail =
    cause instanceof Error ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ""}` : ""
  return `${error.reason}${detail === "" ? "" : `: ${detail}`}`
}

/** The span attribute naming the tasks a call is about (at most 100 ids), if any. */
const taskIdsOf = (input: unknown): { readonly "rayvision.task_ids"?: string } => {
  if (input === null || typeof input !== "object") return {}
  const { taskId, taskIds } = input as { taskIds?: unknown; taskId?: unknown }
  if (Array.isArray(taskIds)) return { "rayvision.task_ids": taskIds.slice(0, 100).join(",") }
  if (typeof taskId === "number") return { "rayvision.task_ids": String(taskId) }
  return {}
}

/**
 * Builds the transport from the configuration, the signer and an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function* () {
  const config = yield* ClientConfig
  const signer = yield* Signer
  // Exactly the spec's headers go on the wire (no trace-propagation headers), and the platform's
  // own HTTP span is off: its exit would hold the request, signature header included. Each call
  // has its own span instead (see `call`).
  const client = (yield* HttpClient.HttpClient).pipe(
    HttpClient.withTracerPropagation(false),
    HttpClient.withTracerDisabledWhen(() => true)
  )
  const offset = yield* Ref.make(0)
  const nextNonce = nonces.make()

  const call = <In, Wire, Out, WireOut>(endpoint: Endpoint<In, Wire, Out, WireOut>, input: In) => {
    const { path } = endpoint
    return Effect.gen(function* () {
      const body = yield* Schema.decodeUnknown(endpoint.request)(input, { onExcessProperty: "error" }).pipe(
        Effect.mapError(
          (error) => new ApiError.InvalidRequest({ operation: endpoint.operation, path, ...firstIssue(error) })
        )
      )
      const bodyText = canonical.encodeBody(body)
      const options = yield* FiberRef.get(currentCallOptions)
      const timeout = Duration.decode(options.timeout ?? config.timeout)
      const attempts = yield* Ref.make(0)

      const attempt = Effect.gen(function* () {
        yield* Ref.update(attempts, (n) => n + 1)
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
          Effect.mapError((error) => new ApiError.TransportError({ path, reason: transportReason(error) })),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () => new ApiError.RequestTimeout({ path, timeoutMillis: Duration.toMillis(timeout) })
          }),
          // Should anything still list the request headers, the signature is redacted there.
          Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, "signature"])
        )
        const result = yield* Effect.either(Effect.flatMap(exchange, ({ status, text }) => interpret(status, text)))
        const end = yield* Clock.currentTimeMillis
        const code = result._tag === "Right" ? 200 : "code" in result.left ? result.left.code : result.left._tag
        yield* Effect.logDebug("rayvision call").pipe(Effect.annotateLogs({ path, code, durationMillis: end - start }))
        return yield* result
      })

      const interpret = (status: number, text: string): Effect.Effect<Out, ApiError.ApiError> => {
        if (status < 200 || status >= 300)
          return Effect.fail(new ApiError.HttpStatusError({ path, status, bodyExcerpt: excerpt(text) }))
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          return Effect.fail(
            new ApiError.MalformedResponse({ path, reason: "the body is not JSON", bodyExcerpt: excerpt(text) })
          )
        }
        const envelope = decodeEnvelope(json)
        if (Option.isNone(envelope)) {
          return Effect.fail(
            new ApiError.MalformedResponse({
              path,
              reason: "the body is not a Renderbus envelope (no integer code)",
              bodyExcerpt: excerpt(text)
            })
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
            Effect.flatMap(Clock.currentTimeMillis, (local) => Ref.set(offset, error.serverTime! - local)).pipe(
              Effect.zipRight(Effect.logDebug("rayvision clock corrected").pipe(Effect.annotateLogs({ path }))),
              Effect.zipRight(attempt)
            )
        )
      )

      const retrySettings = {
        times: options.retry?.times ?? config.retry.times,
        base: Duration.decode(options.retry?.base ?? config.retry.base),
        cap: Duration.decode(options.retry?.cap ?? config.retry.cap)
      }
      const result = yield* (
        endpoint.idempotent && retrySettings.times > 0
          ? Effect.retry(correctingClock, { schedule: retry.schedule(retrySettings), while: ApiError.isTransient })
          : correctingClock
      ).pipe(
        Effect.tapBoth({
          onFailure: (error) =>
            Effect.annotateCurrentSpan({ "rayvision.code": "code" in error ? error.code : error._tag }),
          onSuccess: () => Effect.annotateCurrentSpan({ "rayvision.code": 200 })
        }),
        Effect.ensuring(Effect.flatMap(Ref.get(attempts), (n) => Effect.annotateCurrentSpan("rayvision.attempts", n)))
      )
      return result
    }).pipe(
      Effect.withSpan(endpoint.operation, {
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
export const layer: Layer.Layer<HttpTransport, never, ClientConfig | Signer | HttpClient.HttpClient> = Layer.effect(
  HttpTransport,
  make
)
