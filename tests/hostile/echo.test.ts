/**
 * A service (or a proxy in front of it) that quotes the request back: a loopback server echoes the
 * request head and body, signature header included, in every failure shape the client keeps text
 * from (an HTTP 4xx/5xx page, a 200 that is not JSON, an envelope of the wrong shape, a refusal
 * code with a message and requestId, data of the wrong shape), in the encodings a page may use
 * (plain, JSON-escaped, URL-encoded, HTML character references, upper case). No signature the
 * client sent, this attempt's or an earlier one's, may come back out: not in the error's message,
 * JSON or `util.inspect`, not in the span events, not in the logs.
 */
import { assert, describe, it } from "@effect/vitest"
import { type ApiError, TaskService, UserService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Cause, Effect, Exit, Logger, LogLevel, Option, Redacted } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { recordingLogger, recordingTracer } from "../../packages/core/test/support.ts"

/** How the server quotes the request back. */
type Shape = (echo: Echo, res: ServerResponse) => void

interface Echo {
  /** The request head and body as received. */
  readonly text: string
  /** The signature header of this request. */
  readonly signature: string
  /** Every signature received so far on this path: this call's earlier attempts included. */
  readonly history: ReadonlyArray<string>
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

const entities = (text: string) => text.replace(/[+/=]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`)

const shapes: Record<string, Shape> = {
  "an HTML 502 page quoting the head": (echo, res) => {
    res.writeHead(502, { "content-type": "text/html" })
    res.end(`<html><body><h1>Bad gateway</h1><pre>${echo.text}</pre></body></html>`)
  },
  "a JSON 400 page quoting the head with escaped slashes": (echo, res) => {
    res.writeHead(400, { "content-type": "application/json" })
    res.end(JSON.stringify({ error: "bad request", request: echo.text }).replace(/\//g, "\\/"))
  },
  "a 200 that is not JSON, quoting the head URL-encoded": (echo, res) => {
    res.writeHead(200, { "content-type": "text/plain" })
    res.end(`debug: ${encodeURIComponent(echo.text)}`)
  },
  "an envelope of the wrong shape quoting the head": (echo, res) =>
    json(res, 200, { status: "error", echo: echo.text }),
  "a refusal code whose message and requestId quote the signature": (echo, res) =>
    json(res, 200, { code: 600, message: `bad header signature=${echo.signature}`, requestId: echo.signature }),
  "data of the wrong shape quoting the signature": (echo, res) =>
    json(res, 200, { code: 200, data: `note ${echo.signature}`, requestId: "r-1" }),
  "an upper-case 503 page with HTML character references": (echo, res) => {
    res.writeHead(503, { "content-type": "text/html" })
    res.end(`<pre>${entities(echo.text).toUpperCase()}</pre>`)
  },
  "a 503 quoting the signatures of every attempt so far": (echo, res) => {
    res.writeHead(503, { "content-type": "text/plain" })
    res.end(`seen: ${echo.history.map((s) => `${s} ${encodeURIComponent(s)}`).join(", ")}`)
  }
}

/** A loopback server that answers every request with the current shape. */
const echoServer = Effect.acquireRelease(
  Effect.async<{
    port: number
    close: () => Promise<void>
    state: { shape: Shape; seen: Array<string>; sent: Array<string>; byPath: Record<string, Array<string>> }
  }>((resume) => {
    const state = {
      shape: shapes["an HTML 502 page quoting the head"]!,
      seen: [] as Array<string>,
      sent: [] as Array<string>,
      byPath: {} as Record<string, Array<string>>
    }
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const head = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
        for (let i = 0; i < req.rawHeaders.length; i += 2) head.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
        const signature = String(req.headers["signature"] ?? "")
        state.seen.push(signature)
        const history = (state.byPath[req.url ?? ""] ??= [])
        history.push(signature)
        const text = `${head.join("\r\n")}\r\n\r\n${Buffer.concat(chunks).toString("utf8")}`
        // What went back, to prove the test quoted the signature at all.
        const original = res.end.bind(res)
        res.end = ((body: string) => {
          state.sent.push(body)
          return original(body)
        }) as typeof res.end
        state.shape({ text, signature, history: [...history] }, res)
      })
    })
    server.listen(0, "127.0.0.1", () =>
      resume(
        Effect.succeed({
          port: (server.address() as AddressInfo).port,
          state,
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

/** Every form a signature may be quoted in, to look for. */
const formsOf = (signature: string) => [
  signature,
  signature.slice(0, 16),
  encodeURIComponent(signature),
  signature.replace(/\//g, "\\/"),
  entities(signature)
]

describe("a service that quotes the request back", () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it.scopedLive(`never hands back a signature: ${name}`, () =>
      Effect.gen(function* () {
        const server = yield* echoServer
        server.state.shape = shape
        const { tracer, spans } = recordingTracer()
        const { logger, lines } = recordingLogger()
        const layer = RayvisionNode.layer({
          accessId: "AKID-ECHO",
          accessKey: Redacted.make("echo-secret-key-0123456789"),
          domain: `127.0.0.1:${server.port}`,
          protocol: "http",
          timeout: "5 seconds",
          retry: { times: 2, base: "1 millis", cap: "2 millis" }
        })
        const program = Effect.gen(function* () {
          const user = yield* UserService.UserService
          const tasks = yield* TaskService.TaskService
          // An idempotent call (retried on 5xx) and one that is not (OutcomeUnknown on 5xx).
          const a = yield* Effect.exit(user.profile())
          const b = yield* Effect.exit(tasks.createTaskIds())
          return [a, b] as const
        })
        const exits = yield* program.pipe(
          Effect.provide(layer),
          Effect.withTracer(tracer),
          Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
          Logger.withMinimumLogLevel(LogLevel.All)
        )
        const errors = (exits as ReadonlyArray<Exit.Exit<unknown, ApiError.ApiError>>).map((exit) => {
          assert.isTrue(Exit.isFailure(exit), "the call failed")
          const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
          assert.isTrue(Option.isSome(failure), "with a typed error")
          return Option.getOrThrow(failure) as ApiError.ApiError
        })
        // The server did quote the signatures.
        assert.isAbove(server.state.seen.length, 1)
        const quoted = server.state.sent.join("\n").toLowerCase()
        assert.isTrue(
          server.state.seen.some((s) => formsOf(s).some((form) => quoted.includes(form.toLowerCase()))),
          "the answers quoted a signature"
        )
        const texts = [
          ...errors.flatMap((error) => [
            error.message,
            JSON.stringify(error),
            inspect(error, { depth: 10 }),
            String(error)
          ]),
          JSON.stringify(
            spans.map((span) => ({ name: span.name, events: span.events, attributes: [...span.attributes] }))
          ),
          ...lines
        ]
        const haystack = texts.join("\n").toLowerCase()
        for (const signature of server.state.seen) {
          for (const form of formsOf(signature)) {
            assert.notInclude(haystack, form.toLowerCase(), `a signature came back (${form.slice(0, 6)}…)`)
          }
        }
        // Scrubbed, not dropped: what the answer said is still there.
        assert.isTrue(
          errors.some((error) => error.message.includes("[redacted]")),
          errors.map((e) => e.message).join("\n")
        )
      })
    )
  }
})
