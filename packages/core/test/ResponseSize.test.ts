/**
 * Answers larger than `maxResponseBytes`: through a generic `HttpClient` whose answers are web
 * `Response`s with a streamed body (read by the transport as a stream, not the adapters' buffered
 * answers), and through `HttpTransport.readLimited`, which the adapters read bodies with.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ApiError, HttpTransport, type Rayvision } from "@rayvision/core"
import { Effect, Exit } from "effect"
import { AnswerTooLarge } from "../src/internal/answer.ts"
import { clientLayer, failure, success } from "./support.ts"
import { createTaskIds, profile } from "./transport.ts"

const LIMIT = 4096
const CHUNK = 1000
const utf8 = new TextEncoder()

/** What a streamed body has given so far: chunks pulled, and whether its reader cancelled it. */
interface Source {
  pulled: number
  cancelled: boolean
}

/**
 * A body of `text` followed by `CHUNK`-byte chunks of filler, endless unless `total` bytes are
 * given; each chunk is produced only when read (no read-ahead).
 */
const streamedBody = (source: Source, text: string, total = Number.POSITIVE_INFINITY) => {
  const first = utf8.encode(text)
  let written = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (written >= total) return controller.close()
        source.pulled++
        const chunk = source.pulled === 1 ? first : new Uint8Array(Math.min(CHUNK, total - written)).fill(32)
        written += chunk.byteLength
        controller.enqueue(chunk)
      },
      cancel() {
        source.cancelled = true
      }
    },
    { highWaterMark: 0 }
  )
}

/** An answer: its body (from the first chunk's text on) and its headers. */
interface Streamed {
  readonly text: string
  readonly total?: number
  readonly headers?: Record<string, string>
}

/**
 * Runs `program` with a client whose `HttpClient` answers the i-th request with `answer(i)`,
 * reading at most `LIMIT` bytes; returns the exit and each answer's source.
 */
const runStreamed = <A, E>(
  answer: (index: number) => Streamed,
  program: Effect.Effect<A, E, Rayvision.Services>,
  retryTimes = 0
) =>
  Effect.gen(function* () {
    const sources: Array<Source> = []
    const client = HttpClient.make((request) =>
      Effect.sync(() => {
        const { headers, text, total } = answer(sources.length)
        const source: Source = { pulled: 0, cancelled: false }
        sources.push(source)
        return HttpClientResponse.fromWeb(
          request,
          new Response(streamedBody(source, text, total), { headers: headers ?? {} })
        )
      })
    )
    const layer = clientLayer(
      { client, requests: Effect.succeed([]) },
      { maxResponseBytes: LIMIT, retry: { times: retryTimes, base: "1 millis", cap: "1 millis" } }
    )
    const exit = yield* Effect.exit(Effect.provide(program, layer))
    return { exit, sources }
  })

const profileEnvelope = '{"code": 200, "data": {"userId": 7, "userName": "'
/** A whole envelope padded with spaces to `bytes` bytes. */
const paddedTo = (bytes: number): Streamed => ({ text: `${profileEnvelope}r"}}`, total: bytes })
const endless: Streamed = { text: profileEnvelope }

describe("maxResponseBytes through a generic HttpClient (a streamed web Response)", () => {
  it.effect("reads an answer of exactly the limit; one byte more is ResponseTooLarge naming the limit", () =>
    Effect.gen(function* () {
      const whole = yield* runStreamed(() => paddedTo(LIMIT), profile)
      assert.strictEqual(success(whole.exit).userId, 7)
      const over = yield* runStreamed(() => paddedTo(LIMIT + 1), profile)
      const error = failure(over.exit)
      assert.instanceOf(error, ApiError.ResponseTooLarge)
      if (error._tag !== "ResponseTooLarge") return
      assert.strictEqual(error.limitBytes, LIMIT)
      assert.include(error.message, String(LIMIT))
    })
  )

  it.effect("an endless answer: reading stops at the first chunk past the limit and the body is cancelled", () =>
    Effect.gen(function* () {
      const { exit, sources } = yield* runStreamed(() => endless, profile)
      const error = failure(exit)
      assert.strictEqual(error._tag === "ResponseTooLarge" ? error.limitBytes : error._tag, LIMIT)
      assert.strictEqual(sources.length, 1)
      // The first chunk (the envelope's start) and the filler chunks up to the one that passes the limit.
      const firstPast = 1 + Math.floor((LIMIT - utf8.encode(profileEnvelope).byteLength) / CHUNK) + 1
      assert.strictEqual(sources[0]!.pulled, firstPast)
      assert.isTrue(sources[0]!.cancelled)
    })
  )

  it.live("an answer that stops coming: the attempt times out, its body is cancelled and its request aborted", () =>
    Effect.gen(function* () {
      const source: Source = { pulled: 0, cancelled: false }
      const signals: Array<AbortSignal> = []
      // The envelope's start, then nothing: the next pull never settles.
      const stalled = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            source.pulled++
            if (source.pulled === 1) return controller.enqueue(utf8.encode(profileEnvelope))
            return new Promise<void>(() => {})
          },
          cancel() {
            source.cancelled = true
          }
        },
        { highWaterMark: 0 }
      )
      const client = HttpClient.make((request, _url, signal) =>
        Effect.sync(() => {
          signals.push(signal)
          return HttpClientResponse.fromWeb(request, new Response(stalled))
        })
      )
      const layer = clientLayer({ client, requests: Effect.succeed([]) }, { timeout: "50 millis", retry: { times: 0 } })
      const exit = yield* Effect.exit(Effect.provide(profile, layer))
      assert.strictEqual(failure(exit)._tag, "RequestTimeout")
      assert.strictEqual(source.pulled, 2)
      assert.isTrue(source.cancelled)
      // Read through the wrapper `HttpClient.make` puts on its answers, as its own readers are: the
      // caller's client sees its request aborted (its signal), not only the body cancelled.
      assert.strictEqual(signals.length, 1)
      assert.isTrue(signals[0]!.aborted)
    })
  )

  it.effect("a Content-Length larger than the limit: refused after one chunk at most, the body cancelled", () =>
    Effect.gen(function* () {
      for (const declared of [LIMIT + 1, 10 * LIMIT]) {
        const { exit, sources } = yield* runStreamed(
          () => ({ ...endless, headers: { "content-length": String(declared) } }),
          profile
        )
        const error = failure(exit)
        assert.strictEqual(error._tag === "ResponseTooLarge" ? error.limitBytes : error._tag, LIMIT)
        assert.isAtMost(sources[0]!.pulled, 1, String(declared))
        // Released all the same: the body is cancelled, not left to the garbage collector.
        assert.isTrue(sources[0]!.cancelled, String(declared))
      }
      // A Content-Length within the limit is no reason to refuse: the bytes decide.
      const declaredSmall = yield* runStreamed(
        () => ({ ...paddedTo(LIMIT), headers: { "content-length": "10" } }),
        profile
      )
      assert.isTrue(Exit.isSuccess(declaredSmall.exit))
      // Nor does it bound what is read: an endless body declared short is still cut at the limit.
      const lying = yield* runStreamed(() => ({ ...endless, headers: { "content-length": "10" } }), profile)
      assert.strictEqual(failure(lying.exit)._tag, "ResponseTooLarge")
      assert.isTrue(lying.sources[0]!.cancelled)
    })
  )

  it.live("transient: an idempotent call is retried, and succeeds when a later answer fits", () =>
    Effect.gen(function* () {
      const retried = yield* runStreamed(() => endless, profile, 2)
      assert.strictEqual(failure(retried.exit)._tag, "ResponseTooLarge")
      assert.strictEqual(retried.sources.length, 3)
      const recovered = yield* runStreamed((i) => (i === 0 ? endless : paddedTo(100)), profile, 2)
      assert.strictEqual(success(recovered.exit).userId, 7)
      assert.strictEqual(recovered.sources.length, 2)
    })
  )

  it.effect("a call that is not safe to repeat: OutcomeUnknown after ResponseTooLarge, sent once", () =>
    Effect.gen(function* () {
      for (const answer of [endless, { ...endless, headers: { "content-length": String(LIMIT * 2) } }]) {
        const { exit, sources } = yield* runStreamed(() => answer, createTaskIds, 3)
        const error = failure(exit)
        assert.strictEqual(error._tag, "OutcomeUnknown")
        if (error._tag !== "OutcomeUnknown") return
        assert.strictEqual(error.after, "ResponseTooLarge")
        assert.include(error.reason, String(LIMIT))
        assert.strictEqual(sources.length, 1)
      }
    })
  )
})

describe("HttpTransport.readLimited", () => {
  /** Chunks of `sizes` bytes (then endless 10-byte chunks when `endless`), counting what is pulled. */
  const chunks = (sizes: ReadonlyArray<number>, endlessAfter = false) => {
    const seen = { iterators: 0, pulled: 0, closed: false }
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: async function* () {
        seen.iterators++
        try {
          for (let i = 0; i < sizes.length || endlessAfter; i++) {
            seen.pulled++
            yield new Uint8Array(sizes[i] ?? 10).fill(65 + (i % 26))
          }
        } finally {
          seen.closed = true
        }
      }
    }
    return { iterable, seen }
  }

  const rejection = async (promise: Promise<unknown>): Promise<AnswerTooLarge> => {
    try {
      await promise
    } catch (error) {
      assert.instanceOf(error, AnswerTooLarge)
      return error as AnswerTooLarge
    }
    return assert.fail("expected readLimited to throw")
  }

  it("a declared length over the limit throws before reading: the iterator is never asked for", async () => {
    for (const declared of [LIMIT + 1, String(LIMIT + 1), "1e9"]) {
      const { iterable, seen } = chunks([5])
      const error = await rejection(HttpTransport.readLimited(iterable, declared, LIMIT))
      assert.deepStrictEqual([error.limitBytes, error.declaredBytes], [LIMIT, Number(declared)])
      assert.deepStrictEqual([seen.iterators, seen.pulled], [0, 0], String(declared))
    }
  })

  it("chunks past the limit: reading stops at the first chunk past it, and the iterator is closed", async () => {
    for (const declared of [undefined, null, "", "not a number", "20"]) {
      const { iterable, seen } = chunks([], true)
      const error = await rejection(HttpTransport.readLimited(iterable, declared, 25))
      assert.deepStrictEqual([error.limitBytes, error.declaredBytes], [25, undefined])
      // 10 + 10 + 10 bytes: the third chunk is the first past 25.
      assert.strictEqual(seen.pulled, 3, String(declared))
      assert.isTrue(seen.closed)
    }
  })

  it("reads up to exactly the limit, the chunks joined in order; the declared length does not decide the bytes", async () => {
    const sizes = [10, 3, 12]
    const limit = sizes.reduce((a, b) => a + b)
    const { iterable, seen } = chunks(sizes)
    const bytes = await HttpTransport.readLimited(iterable, 1, limit)
    const expected = Uint8Array.from(sizes.flatMap((size, i) => Array.from({ length: size }, () => 65 + i)))
    assert.deepStrictEqual(bytes, expected)
    assert.strictEqual(seen.pulled, sizes.length)
    const empty = await HttpTransport.readLimited(chunks([]).iterable, 0, 1)
    assert.strictEqual(empty.byteLength, 0)
  })
})
