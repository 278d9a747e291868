/**
 * The runtime adapters' lean `HttpClient` (`HttpTransport.makeHttpClient` / `makeExchangeClient`)
 * over a fake send: what it hands the send (header names as `currentHeaderNames` spells them, no
 * `content-length`, the body, `currentMaxResponseBytes`), its failures (`Encode`, `InvalidUrl`,
 * `Transport`, `ResponseTooLarge` through `AnswerTooLarge`), cancellation only on interruption,
 * the `http.client` span `HttpClient.make` opens unless disabled, the platform's combinators on
 * it; and `readLimited` over a Node.js stream (by its events).
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { HttpTransport } from "@rayvision/core"
import { Deferred, Effect, Exit, Fiber, Option, Stream, Tracer } from "effect"
import { Readable } from "node:stream"
import { AnswerTooLarge } from "../src/internal/answer.ts"

interface Sent {
  readonly url: string
  readonly method: string
  readonly headers: Record<string, string>
  readonly body: Uint8Array | string | null
  readonly limit: number
}

/** A client over an exchange that answers `status` with `body`, or holds the answer when `hold`. */
const fakeClient = (options: { readonly answer?: string; readonly hold?: boolean } = {}) => {
  const sent: Array<Sent> = []
  const cancelled: Array<number> = []
  const client = HttpTransport.makeExchangeClient((request, url, headers, body, limit, succeed) => {
    const index = sent.push({ url: url.toString(), method: request.method, headers, body, limit }) - 1
    if (options.hold !== true) {
      const bytes = new TextEncoder().encode(options.answer ?? '{"code":200}')
      queueMicrotask(() => succeed(HttpTransport.bufferedResponse(request, 200, { "X-Answer": "yes" }, bytes)))
    }
    return () => void cancelled.push(index)
  })
  return { client, sent, cancelled }
}

const post = HttpClientRequest.post("http://127.0.0.1:8080/api/render/user/queryUserProfile?a=1").pipe(
  HttpClientRequest.setHeaders({ accessId: "AKID", utctimestamp: "1", "x-other": "b" }),
  HttpClientRequest.bodyText('{"x":1}', "application/json")
)

/** A tracer that records the spans it opens (the native tracer's). */
const recording = Effect.map(Effect.tracer, (native) => {
  const spans: Array<Tracer.Span> = []
  const tracer = Tracer.make({
    span: (...args) => {
      const span = native.span(...args)
      spans.push(span)
      return span
    },
    context: native.context
  })
  return { spans, tracer }
})

describe("HttpTransport.makeExchangeClient", () => {
  it.effect(
    "hands the send the URL, the header names as spelled by currentHeaderNames (no content-length), the body and the limit",
    () =>
      Effect.gen(function* () {
        const { client, sent, cancelled } = fakeClient()
        const quiet = HttpClient.withTracerDisabledWhen(client, () => true)
        const response = yield* quiet
          .execute(post)
          .pipe(
            Effect.locally(HttpTransport.currentMaxResponseBytes, 1234),
            Effect.locally(HttpTransport.currentHeaderNames, new Map([["utctimestamp", "UTCTimestamp"]]))
          )
        assert.deepStrictEqual(yield* response.json, { code: 200 })
        assert.strictEqual(response.status, 200)
        assert.strictEqual(response.headers["x-answer"], "yes")
        assert.strictEqual(sent.length, 1)
        assert.strictEqual(sent[0]!.url, "http://127.0.0.1:8080/api/render/user/queryUserProfile?a=1")
        assert.strictEqual(sent[0]!.method, "POST")
        assert.deepStrictEqual(sent[0]!.headers, {
          accessid: "AKID",
          UTCTimestamp: "1",
          "x-other": "b",
          "content-type": "application/json"
        })
        assert.strictEqual(new TextDecoder().decode(sent[0]!.body as Uint8Array), '{"x":1}')
        assert.strictEqual(sent[0]!.limit, 1234)
        assert.deepStrictEqual(cancelled, [], "a request answered is not cancelled")
      })
  )

  it.effect("a body not held in memory fails with Encode and an invalid URL with InvalidUrl: nothing sent", () =>
    Effect.gen(function* () {
      const { client, sent } = fakeClient()
      const streamed = HttpClientRequest.post("http://127.0.0.1:1/x").pipe(
        HttpClientRequest.bodyStream(Stream.make(new Uint8Array([1])))
      )
      const encode = yield* Effect.flip(client.execute(streamed))
      assert.strictEqual(encode._tag, "RequestError")
      assert.strictEqual(encode.reason, "Encode")
      const invalid = yield* Effect.flip(client.execute(HttpClientRequest.get("not a url")))
      assert.strictEqual(invalid.reason, "InvalidUrl")
      assert.strictEqual(sent.length, 0)
    })
  )

  it.effect("a failed send is a Transport RequestError with its cause; past the limit, AnswerTooLarge", () =>
    Effect.gen(function* () {
      const cause = new Error("connection refused")
      const failing = HttpTransport.makeExchangeClient((_request, _url, _headers, _body, _limit, _succeed, fail) => {
        fail(cause)
        return () => {}
      })
      const error = yield* Effect.flip(failing.execute(post))
      assert.strictEqual(error._tag, "RequestError")
      assert.strictEqual(error.reason, "Transport")
      assert.strictEqual(error.cause, cause)
      const large = HttpTransport.makeExchangeClient((_request, _url, _headers, _body, _limit, _s, _f, tooLarge) => {
        tooLarge(9999)
        return () => {}
      })
      const refused = yield* Effect.flip(
        large.execute(post).pipe(Effect.locally(HttpTransport.currentMaxResponseBytes, 100))
      )
      assert.instanceOf(refused.cause, AnswerTooLarge)
      assert.deepStrictEqual(
        [(refused.cause as AnswerTooLarge).limitBytes, (refused.cause as AnswerTooLarge).declaredBytes],
        [100, 9999]
      )
      // A send that throws is a transport failure too.
      const throwing = HttpTransport.makeHttpClient(() => {
        throw cause
      })
      assert.strictEqual((yield* Effect.flip(throwing.execute(post))).cause, cause)
    })
  )

  it.effect("interrupted while it waits for the answer, the request is cancelled, once", () =>
    Effect.gen(function* () {
      const { client, sent, cancelled } = fakeClient({ hold: true })
      const fiber = yield* Effect.fork(client.execute(post))
      while (sent.length === 0) yield* Effect.yieldNow()
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(cancelled, [0])
      // Through makeHttpClient, the send's signal is aborted then, and only then.
      const signals: Array<AbortSignal> = []
      const started = yield* Deferred.make<void>()
      const hanging = HttpTransport.makeHttpClient((_request, _url, _headers, _body, signal) => {
        signals.push(signal)
        Deferred.unsafeDone(started, Exit.void)
        return new Promise(() => {})
      })
      const second = yield* Effect.fork(hanging.execute(post))
      yield* Deferred.await(started)
      assert.isFalse(signals[0]!.aborted)
      yield* Fiber.interrupt(second)
      assert.isTrue(signals[0]!.aborted)
    })
  )

  it.effect(
    "with tracing on, the span HttpClient.make opens (name, attributes, trace headers); none when disabled",
    () =>
      Effect.gen(function* () {
        const { spans, tracer } = yield* recording
        const { client, sent } = fakeClient()
        yield* client.execute(post).pipe(Effect.withTracer(tracer))
        const span = spans.find((s) => s.name === "http.client POST")
        assert.isDefined(span)
        assert.strictEqual(span!.kind, "client")
        const attributes = span!.attributes
        assert.strictEqual(attributes.get("http.request.method"), "POST")
        assert.strictEqual(attributes.get("server.address"), "http://127.0.0.1:8080")
        assert.strictEqual(attributes.get("server.port"), 8080)
        assert.strictEqual(attributes.get("url.path"), "/api/render/user/queryUserProfile")
        assert.strictEqual(attributes.get("url.query"), "a=1")
        assert.strictEqual(attributes.get("http.request.header.accessid"), "AKID")
        assert.strictEqual(attributes.get("http.response.status_code"), 200)
        assert.strictEqual(attributes.get("http.response.header.x-answer"), "yes")
        assert.isTrue(
          Exit.isExit(
            Option.getOrThrow(Option.fromNullable(span!.status._tag === "Ended" ? span!.status.exit : undefined))
          )
        )
        assert.match(sent[0]!.headers["traceparent"] ?? "", new RegExp(`^00-${span!.traceId}-${span!.spanId}-`))

        const quiet = HttpClient.withTracerDisabledWhen(client, () => true)
        const before = spans.length
        yield* quiet.execute(post).pipe(Effect.withTracer(tracer))
        assert.strictEqual(spans.length, before, "no span")
        assert.isUndefined(sent[1]!.headers["traceparent"])
        // Named by withSpanNameGenerator; no trace headers with withTracerPropagation(false).
        const named = client.pipe(
          HttpClient.withSpanNameGenerator(() => "named"),
          HttpClient.withTracerPropagation(false)
        )
        yield* named.execute(post).pipe(Effect.withTracer(tracer))
        assert.strictEqual(spans.at(-1)!.name, "named")
        assert.isUndefined(sent[2]!.headers["traceparent"])
      })
  )

  it.effect("the platform's combinators work on it: mapRequest, filterStatusOk, retry", () =>
    Effect.gen(function* () {
      let calls = 0
      const client = HttpTransport.makeExchangeClient((request, _url, headers, _body, _limit, succeed) => {
        calls++
        succeed(
          HttpTransport.bufferedResponse(
            request,
            calls < 3 ? 503 : 200,
            { seen: headers["x-mapped"] ?? "" },
            new Uint8Array()
          )
        )
        return () => {}
      }).pipe(
        HttpClient.mapRequest(HttpClientRequest.setHeader("x-mapped", "1")),
        HttpClient.filterStatusOk,
        HttpClient.retry({ times: 3 })
      )
      const response = yield* client.execute(post)
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers["seen"], "1")
      assert.strictEqual(calls, 3)
    })
  )
})

describe("HttpTransport.readLimited over a Node.js stream", () => {
  const stream = (chunks: ReadonlyArray<string>, endless = false) => {
    let i = 0
    return new Readable({
      read() {
        if (i < chunks.length) this.push(Buffer.from(chunks[i++]!))
        else if (endless) this.push(Buffer.alloc(10, 66))
        else this.push(null)
      }
    })
  }

  it("reads its chunks whole by its events, joined in order", async () => {
    const bytes = await HttpTransport.readLimited(stream(["ab", "cde", "f"]), undefined, 6)
    assert.strictEqual(new TextDecoder().decode(bytes), "abcdef")
    const empty = await HttpTransport.readLimited(stream([]), "0", 1)
    assert.strictEqual(empty.byteLength, 0)
  })

  it("past the limit, AnswerTooLarge, and the stream left to its caller to destroy (its later errors ignored)", async () => {
    const endless = stream([], true)
    const error = await HttpTransport.readLimited(endless, undefined, 25).then(
      () => assert.fail("expected AnswerTooLarge"),
      (error: unknown) => error
    )
    assert.instanceOf(error, AnswerTooLarge)
    assert.strictEqual((error as AnswerTooLarge).declaredBytes, undefined)
    assert.strictEqual(endless.listenerCount("data"), 0)
    endless.destroy(new Error("after the fact"))
    await new Promise((resolve) => endless.once("close", resolve))
  })

  it("an error, or a close before the end, rejects", async () => {
    const broken = new Readable({ read() {} })
    const read = HttpTransport.readLimited(broken, undefined, 100)
    broken.push(Buffer.from("x"))
    broken.destroy(new Error("reset"))
    assert.strictEqual(((await read.catch((e: unknown) => e)) as Error).message, "reset")
    const closed = new Readable({ read() {} })
    const early = HttpTransport.readLimited(closed, undefined, 100)
    closed.destroy()
    assert.instanceOf(await early.catch((e: unknown) => e), Error)
  })
})
