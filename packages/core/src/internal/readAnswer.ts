/**
 * Reading an answer's text within the size limit, from whatever `HttpClient` answered: the
 * adapters' answers read whole already (`BufferedResponse`, possibly wrapped by `HttpClient.make`),
 * a web `Response` read directly, anything else as a stream.
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import { BufferedResponse, utf8 } from "../HttpClientKit.ts"
import { AnswerTooLarge } from "./answer.ts"
import { join } from "./readBody.ts"

/** The answer's text, read up to `limit` bytes (past it, `AnswerTooLarge`). @internal */
export const readText = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<string, HttpClientError.ResponseError | AnswerTooLarge> => {
  // `HttpClient.make` hands out its clients' responses wrapped (to abort on interruption); the
  // wrapper's `text` is read, so that it lets go of the request.
  const inner = unwrap(response)
  if (inner instanceof BufferedResponse) {
    return inner.byteLength > limit ? Effect.fail(new AnswerTooLarge(limit, undefined)) : response.text
  }
  // Over a web `Response` (`HttpClientResponse.fromWeb`, as the platform's fetch client answers,
  // possibly wrapped to abort on interruption): its body read directly, which costs a fraction of
  // a `Stream` over it (about 240 µs of CPU on Node); through the wrapper, as its own readers do.
  const source = webSource(response)
  if (source !== undefined) return throughWrapper(response, readWebBody(response, source, limit))
  const declared = Number(response.headers["content-length"])
  if (declared > limit) {
    // Not read, but released: ending the stream after its first chunk cancels the body (a stream
    // opens its source only when pulled).
    return Effect.zipRight(
      Effect.ignore(Stream.runHead(response.stream)),
      Effect.fail(new AnswerTooLarge(limit, declared))
    )
  }
  const parts: Array<Uint8Array> = []
  let size = 0
  return response.stream.pipe(
    Stream.runForEach((chunk) => {
      size += chunk.byteLength
      if (size > limit) return Effect.fail(new AnswerTooLarge(limit, undefined))
      parts.push(chunk)
      return Effect.void
    }),
    Effect.map(() => {
      const bytes = new Uint8Array(size)
      let offset = 0
      for (const part of parts) {
        bytes.set(part, offset)
        offset += part.byteLength
      }
      return utf8.decode(bytes)
    })
  )
}

/**
 * The text of an answer read whole already (a `BufferedResponse`, as the adapters' exchanges
 * hand them out), at once: its text, or `AnswerTooLarge` past `limit` bytes; `undefined` for any
 * other answer ({@link readText} reads those). @internal
 */
export const textNow = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): string | AnswerTooLarge | undefined =>
  response instanceof BufferedResponse
    ? response.byteLength > limit
      ? new AnswerTooLarge(limit, undefined)
      : response.decoded()
    : undefined

/** The response an `HttpClient.make` client's answer wraps, or the answer itself. */
const unwrap = (response: HttpClientResponse.HttpClientResponse): unknown =>
  (response as { readonly original?: unknown }).original ?? response

/**
 * `read`, run as the wrapper `HttpClient.make` puts on its answers runs its own readers: the
 * request is let go of (else a `FinalizationRegistry` aborts it once the answer is collected,
 * which costs a `DOMException` with its stack a call: about 4 µs on Deno) and aborted if the
 * reading is interrupted. An answer without the wrapper is read as it is.
 */
const throughWrapper = <A, E>(
  response: HttpClientResponse.HttpClientResponse,
  read: Effect.Effect<A, E>
): Effect.Effect<A, E> => {
  const wrapper = response as { readonly applyInterrupt?: unknown }
  return typeof wrapper.applyInterrupt === "function"
    ? (wrapper.applyInterrupt as (effect: Effect.Effect<A, E>) => Effect.Effect<A, E>).call(response, read)
    : read
}

/** The web `Response` a platform response was made from, if any. */
const webSource = (response: HttpClientResponse.HttpClientResponse): Response | undefined => {
  if (typeof Response !== "function") return undefined
  const source = (unwrap(response) as { readonly source?: unknown }).source
  return source instanceof Response ? source : undefined
}

/**
 * The text of a web `Response`'s body, read up to `limit` bytes with a reader of its own: refused by
 * its `Content-Length` (nothing read), past the limit or interrupted, the body is cancelled. The
 * interruption is handled from an `onExit`, not by a canceler the `Effect.async` returns (which V8's
 * pretenuring turns into garbage that survives: internal/direct.ts, `exchangeDirect`).
 */
const readWebBody = (
  response: HttpClientResponse.HttpClientResponse,
  source: Response,
  limit: number
): Effect.Effect<string, HttpClientError.ResponseError | AnswerTooLarge> =>
  Effect.suspend(() => {
    let done = false
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
    const cancel = () => void reader?.cancel().catch(() => {})
    const read = Effect.async<string, HttpClientError.ResponseError | AnswerTooLarge>((resume) => {
      const body = source.body
      if (body === null) return resume(Effect.succeed(""))
      const declared = Number(source.headers.get("content-length") ?? Number.NaN)
      if (declared > limit) {
        body.cancel().catch(() => {})
        return resume(Effect.fail(new AnswerTooLarge(limit, declared)))
      }
      try {
        reader = body.getReader()
      } catch (cause) {
        return resume(Effect.fail(decodeError(response, cause)))
      }
      const parts: Array<Uint8Array> = []
      let size = 0
      const pump = (): Promise<void> =>
        reader!.read().then((chunk) => {
          if (done) return
          if (chunk.done) {
            done = true
            return resume(Effect.succeed(utf8.decode(join(parts, size))))
          }
          size += chunk.value.byteLength
          if (size > limit) {
            done = true
            cancel()
            return resume(Effect.fail(new AnswerTooLarge(limit, undefined)))
          }
          parts.push(chunk.value)
          return pump()
        })
      pump().catch((cause: unknown) => {
        if (done) return
        done = true
        cancel()
        resume(Effect.fail(decodeError(response, cause)))
      })
    })
    // Interrupted: the body is cancelled.
    return Effect.onExit(read, (exit) =>
      Exit.isInterrupted(exit) && !done
        ? Effect.sync(() => {
            done = true
            cancel()
          })
        : Effect.void
    )
  })

const decodeError = (response: HttpClientResponse.HttpClientResponse, cause: unknown) =>
  new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })
