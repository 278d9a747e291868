/**
 * Test support: a fake service behind an in-memory `HttpClient`. It verifies every request's
 * signature the way the real service does (raw body text, Host as the domain) and records it,
 * then lets the test decide the answer, so transport behaviour and faults can be provoked.
 *
 * Also the helpers every suite shares (the cross-package tests reach them through
 * `tests/support.ts`): a recording tracer and logger, the value or typed failure of an exit or an
 * effect, and the services in scope.
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { assert } from "@effect/vitest"
import { ApiError, HttpTransport, Rayvision, Signer, TaskService, UserService } from "@rayvision/core"
import { Cause, Effect, Exit, HashMap, Layer, Logger, Option, Redacted, Ref, Tracer } from "effect"
import { createHmac } from "node:crypto"

export const accessId = "AKID-TEST-0001"
export const accessKey = "test-secret-key-0123456789"

export interface Recorded {
  readonly url: URL
  readonly path: string
  /** The request's headers, names in lowercase (as `@effect/platform`'s `Headers` keeps them). */
  readonly headers: Readonly<Record<string, string>>
  /**
   * The headers as the runtime adapters put them on the wire: each name spelled with
   * `HttpTransport.currentHeaderNames` of the sending fiber.
   */
  readonly wireHeaders: Readonly<Record<string, string>>
  readonly bodyText: string
  readonly body: Record<string, unknown>
  /**
   * Whether the signature verified against the raw body, computed as a strict service does: from
   * every header on the wire, with the names it received (so a name sent in another spelling than
   * it was signed with fails), except `signature`, `languageFlag` and the framing headers.
   */
  readonly signatureOk: boolean
}

export type Reply =
  | { readonly _tag: "json"; readonly body: unknown; readonly status?: number }
  | { readonly _tag: "text"; readonly body: string; readonly status: number }
  | { readonly _tag: "transportError" }
  | { readonly _tag: "reset" }
  | { readonly _tag: "notPermitted" }
  | { readonly _tag: "hang" }

export const envelope = (data: unknown, code = 200, extra: Record<string, unknown> = {}): Reply => ({
  _tag: "json",
  body: {
    version: "1.0.0",
    result: code === 200,
    message: code === 200 ? "success" : "error",
    code,
    data,
    serverTime: 1_700_000_000_000,
    requestId: "req-1",
    ...extra
  }
})

/** Headers that are not signed (lowercase). */
const UNSIGNED = new Set(["signature", "languageflag", "content-type", "content-length"])

/** The fake service: answers with `reply(request, attempt)`; records what it got. */
export const makeFake = (reply: (request: Recorded, index: number) => Reply) =>
  Effect.gen(function* () {
    const log = yield* Ref.make<Array<Recorded>>([])
    const client = HttpClient.make((request, url, _signal, fiber) =>
      Effect.gen(function* () {
        const bodyText = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        const headers = request.headers as Record<string, string>
        const wireHeaders = HttpTransport.wireHeaders(
          request.headers,
          fiber.getFiberRef(HttpTransport.currentHeaderNames)
        )
        const signedHeaders: Record<string, string> = {}
        for (const [name, value] of Object.entries(wireHeaders)) {
          if (!UNSIGNED.has(name.toLowerCase())) signedHeaders[name] = value
        }
        // Signed at once (node:crypto), so the request is recorded before anything else runs: with
        // WebCrypto's promise here, a test moving TestClock could time a hanging request out
        // before the fake had recorded it.
        const expected = createHmac("sha256", accessKey)
          .update(
            Signer.stringToSignFromJson({ domain: url.host, path: url.pathname, headers: signedHeaders, bodyText }),
            "utf8"
          )
          .digest("base64")
        const recorded: Recorded = {
          url,
          path: url.pathname,
          headers,
          wireHeaders,
          bodyText,
          body: JSON.parse(bodyText),
          signatureOk: expected === headers["signature"]
        }
        const index = (yield* Ref.getAndUpdate(log, (l) => [...l, recorded])).length
        const r = reply(recorded, index)
        switch (r._tag) {
          case "json":
            return HttpClientResponse.fromWeb(
              request,
              new Response(JSON.stringify(r.body), { status: r.status ?? 200 })
            )
          case "text":
            return HttpClientResponse.fromWeb(request, new Response(r.body, { status: r.status }))
          case "transportError":
            return yield* Effect.fail(
              new HttpClientError.RequestError({
                request,
                reason: "Transport",
                cause: new Error("connect ECONNREFUSED 127.0.0.1:1")
              })
            )
          case "reset":
            return yield* Effect.fail(
              new HttpClientError.RequestError({
                request,
                reason: "Transport",
                cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
              })
            )
          case "notPermitted":
            // Deno without the permission to connect (or to read the root certificates).
            return yield* Effect.fail(
              new HttpClientError.RequestError({
                request,
                reason: "Transport",
                cause: Object.assign(new Error('Requires sys access to "ca", run again with the --allow-sys flag'), {
                  name: "NotCapable"
                })
              })
            )
          case "hang":
            return yield* Effect.never
        }
      })
    )
    return { client, requests: Ref.get(log) }
  })

export type Fake = Effect.Effect.Success<ReturnType<typeof makeFake>>

/** A client wired to a fake service. */
export const clientLayer = (fake: Fake, options: Partial<Parameters<typeof Rayvision.layer>[0]> = {}) =>
  Rayvision.layer({
    accessId,
    accessKey: Redacted.make(accessKey),
    domain: "task.renderbus.com",
    platform: 2,
    retry: { base: "1 millis", cap: "4 millis" },
    ...options
  }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, fake.client)))

/** A span as recorded by {@link recordingTracer}. */
export interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  exit: Exit.Exit<unknown, unknown> | undefined
  readonly parent: string | undefined
}

/** An in-memory tracer that keeps every span, its attributes, events and exit. */
export const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  let next = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, _startTime, kind) {
      const record: RecordedSpan = {
        name,
        attributes: new Map(),
        events: [],
        exit: undefined,
        parent: Option.isSome(parent) && parent.value._tag === "Span" ? parent.value.name : undefined
      }
      spans.push(record)
      const id = String(++next)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: id,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime: 0n },
        attributes: record.attributes,
        links: [...links],
        sampled: true,
        kind,
        end: (_endTime, exit) => {
          record.exit = exit
        },
        attribute: (key, value) => {
          record.attributes.set(key, value)
        },
        event: (eventName, _time, attributes) => {
          record.events.push({ name: eventName, attributes })
        },
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  return { tracer, spans }
}

/** A logger that keeps every log line, with its annotations and cause, as text. */
export const recordingLogger = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ annotations, cause, logLevel, message }) => {
    const fields = HashMap.toEntries(annotations).map(
      ([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`
    )
    lines.push(
      `${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)} ${fields.join(" ")} ${Cause.isEmpty(cause) ? "" : Cause.pretty(cause)}`
    )
  })
  return { logger, lines }
}

/**
 * Runs `program` with a client wired to a fake service answering with `reply`; returns the
 * exit, the requests the fake received and the spans recorded.
 */
export const runFake = <A, E>(
  reply: (request: Recorded, index: number) => Reply,
  program: Effect.Effect<A, E, Rayvision.Services>,
  options: Parameters<typeof clientLayer>[1] = {}
) =>
  Effect.gen(function* () {
    const { spans, tracer } = recordingTracer()
    const fake = yield* makeFake(reply)
    const exit = yield* Effect.exit(program.pipe(Effect.provide(clientLayer(fake, options)), Effect.withTracer(tracer)))
    return { exit, spans, requests: yield* fake.requests }
  })

/** The typed failure of an exit (fails the test on a success or a defect). */
export const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (error === undefined) throw new Error(`expected a typed failure, got ${String(exit.cause)}`)
  return error
}

/** The value of an exit (fails the test on a failure). */
export const success = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isFailure(exit)) throw new Error(`expected a success, got ${String(exit.cause)}`)
  return exit.value
}

/** The typed failure of an exit, which must have the tag `tag`; narrowed to that tag. */
export const failedWith = <A, E extends { readonly _tag: string }, Tag extends E["_tag"]>(
  exit: Exit.Exit<A, E>,
  tag: Tag
): Extract<E, { readonly _tag: Tag }> => {
  const error = failure(exit)
  assert.strictEqual(error._tag, tag, String(error))
  return error as Extract<E, { readonly _tag: Tag }>
}

/** The typed failure of `effect`, which must fail (fails the test on a success or a defect). */
export const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.map(Effect.exit(effect), failure)

/** The typed failure of `effect`, which must fail with the tag `tag`; narrowed to that tag. */
export const failsWith = <E extends { readonly _tag: string }, Tag extends E["_tag"], R>(
  effect: Effect.Effect<unknown, E, R>,
  tag: Tag
): Effect.Effect<Extract<E, { readonly _tag: Tag }>, never, R> =>
  Effect.map(Effect.exit(effect), (exit) => failedWith(exit, tag))

/** Runs `f` with the task service of the client in scope. */
export const withTasks = <A, E, R>(f: (tasks: TaskService.Service) => Effect.Effect<A, E, R>) =>
  Effect.flatMap(TaskService.TaskService, f)

/** Runs `f` with the user service of the client in scope. */
export const withUser = <A, E, R>(f: (user: UserService.Service) => Effect.Effect<A, E, R>) =>
  Effect.flatMap(UserService.UserService, f)

/**
 * Runs `program` against a fake service and checks it was refused before anything was sent: an
 * `InvalidRequest` naming `field`, its issue matching `issue`, and no request at the fake.
 */
export const refusedBeforeSending = <A, E extends { readonly _tag: string }>(
  program: Effect.Effect<A, E, Rayvision.Services>,
  field: string,
  issue: RegExp
) =>
  Effect.gen(function* () {
    const { exit, requests } = yield* runFake(() => envelope(null), program)
    const error = failure(exit)
    assert.strictEqual(error._tag, "InvalidRequest")
    if (!(error instanceof ApiError.InvalidRequest)) return
    assert.strictEqual(error.field, field)
    assert.match(error.issue, issue)
    assert.match(error.message, /nothing was sent/)
    assert.strictEqual(requests.length, 0)
  })

/** An answer holding one page of `items`, the whole list. */
export const onePage = (items: ReadonlyArray<unknown>): Reply =>
  envelope({ pageCount: 1, pageNum: 1, total: items.length, size: items.length, items })

/** The parent of each recorded span named `name`, in the order the spans started. */
export const parentsOf = (spans: ReadonlyArray<RecordedSpan>, name: string) =>
  spans.filter((span) => span.name === name).map((span) => span.parent)
