/**
 * An answer that never ends, or declares more than the client reads: the call fails with
 * `ResponseTooLarge` naming the limit, as soon as the `Content-Length` or the bytes read pass it;
 * the connection is dropped there (the server stops writing); an idempotent call counts it as
 * transient (retried), any other as `OutcomeUnknown`. Over a real socket with the Node adapter's
 * client, and with `@effect/platform`'s own fetch client (read as a stream by the transport).
 */
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { type ApiError, type ClientConfig, Rayvision, TaskService, UserService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Effect, Either, Layer, Redacted } from "effect"
import { createServer, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

const LIMIT = 1024 * 1024

/** What the server does with each request. */
type Answer = (res: ServerResponse, stats: Stats) => void

interface Stats {
  requests: number
  /** Bytes written to answers so far. */
  written: number
  /** Answers whose connection closed before they were complete. */
  cutOff: number
}

/** Writes 64 KiB chunks of a JSON string until the client hangs up (or 256 MiB, to end the test). */
const endless =
  (declared?: number): Answer =>
  (res, stats) => {
    res.writeHead(200, {
      "content-type": "application/json",
      ...(declared === undefined ? {} : { "content-length": String(declared) })
    })
    const chunk = Buffer.alloc(64 * 1024, "x")
    res.write('{"code":200,"data":{"userName":"')
    const pump = () => {
      while (!res.destroyed && stats.written < 256 * 1024 * 1024) {
        stats.written += chunk.length
        if (!res.write(chunk)) return void res.once("drain", pump)
      }
    }
    res.on("close", () => {
      if (!res.writableFinished) stats.cutOff++
    })
    pump()
  }

const serve = (answer: Answer) =>
  Effect.acquireRelease(
    Effect.async<{ port: number; stats: Stats; close: () => Promise<void> }>((resume) => {
      const stats: Stats = { requests: 0, written: 0, cutOff: 0 }
      const server = createServer((req, res) => {
        req.resume()
        req.on("end", () => {
          stats.requests++
          answer(res, stats)
        })
      })
      server.listen(0, "127.0.0.1", () =>
        resume(
          Effect.succeed({
            port: (server.address() as AddressInfo).port,
            stats,
            close: () =>
              new Promise<void>((done) => {
                server.close(() => done())
                server.closeAllConnections()
              })
          })
        )
      )
    }),
    (server) => Effect.promise(server.close)
  )

const options = (port: number): ClientConfig.Options => ({
  accessId: "AKID-SIZE",
  accessKey: Redacted.make("size-key-0123456789"),
  domain: `127.0.0.1:${port}`,
  protocol: "http",
  maxResponseBytes: LIMIT,
  timeout: "10 seconds",
  retry: { times: 1, base: "1 millis", cap: "1 millis" }
})

const profile = Effect.flatMap(UserService.UserService, (user) => Effect.either(user.profile()))
const createIds = Effect.flatMap(TaskService.TaskService, (tasks) => Effect.either(tasks.createTaskIds()))

const tooLarge = (result: Either.Either<unknown, ApiError.ApiError>) => {
  assert.isTrue(Either.isLeft(result))
  const error = (result as Either.Left<ApiError.ApiError, unknown>).left
  assert.strictEqual(error._tag, "ResponseTooLarge")
  assert.include(error.message, `${LIMIT} bytes`)
  return error
}

describe("an answer larger than maxResponseBytes", () => {
  it.scopedLive("that never ends: the Node client stops reading at the limit, and the idempotent call is retried", () =>
    Effect.gen(function* () {
      const server = yield* serve(endless())
      const result = yield* profile.pipe(Effect.provide(RayvisionNode.layer(options(server.port))))
      tooLarge(result)
      // Transient: sent twice (one retry), each answer cut off near the limit, not at 256 MiB.
      assert.strictEqual(server.stats.requests, 2)
      yield* Effect.sleep("100 millis")
      assert.strictEqual(server.stats.cutOff, 2)
      assert.isBelow(server.stats.written, 2 * (LIMIT + 16 * 1024 * 1024), `${server.stats.written} bytes written`)
    })
  )

  it.scopedLive(
    "that declares it in Content-Length: refused before reading, OutcomeUnknown on a call not safe to repeat",
    () =>
      Effect.gen(function* () {
        const server = yield* serve(endless(1024 * 1024 * 1024))
        const result = yield* createIds.pipe(Effect.provide(RayvisionNode.layer(options(server.port))))
        assert.isTrue(Either.isLeft(result))
        const error = (result as Either.Left<ApiError.UnsafeCallError, unknown>).left
        assert.strictEqual(error._tag, "OutcomeUnknown")
        if (error._tag === "OutcomeUnknown") {
          assert.strictEqual(error.after, "ResponseTooLarge")
          assert.include(error.reason, `${LIMIT} bytes`)
        }
        assert.strictEqual(server.stats.requests, 1, "not repeated")
      })
  )

  it.scopedLive(
    "from another HttpClient (@effect/platform's fetch): the transport reads its stream up to the limit",
    () =>
      Effect.gen(function* () {
        for (const declared of [undefined, 1024 * 1024 * 1024]) {
          const server = yield* serve(endless(declared))
          const layer = Rayvision.layer({ ...options(server.port), retry: { times: 0 } }).pipe(
            Layer.provide(FetchHttpClient.layer)
          )
          tooLarge(yield* profile.pipe(Effect.provide(layer)))
          assert.strictEqual(server.stats.requests, 1)
          assert.isBelow(server.stats.written, LIMIT + 16 * 1024 * 1024, `${server.stats.written} bytes written`)
        }
      })
  )
})
