/**
 * The simulator behind a real HTTP server on the loopback interface, built on `node:http` only
 * so it runs unchanged on Node, Bun and Deno.
 *
 * @since 0.1.0
 */
import { Data, Effect, Exit, type Fiber, Runtime, type Scope } from "effect"
import * as Http from "node:http"
import type * as Net from "node:net"
import type { Service, SimRequest, SimResponse } from "./SimulatorService.ts"

/**
 * The server could not start (for example, the port is taken).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServeError extends Data.TaggedError("ServeError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * Where a started server listens.
 *
 * @since 0.1.0
 * @category models
 */
export interface Address {
  /** `http://host:port`, the base URL of every endpoint. */
  readonly url: string
  readonly host: string
  readonly port: number
}

/**
 * Settings of {@link serve}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions {
  /** 0 picks a free port; default 0. */
  readonly port?: number
  /** Default `127.0.0.1`. */
  readonly host?: string
}

const headersOf = (raw: Http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const concat = (chunks: ReadonlyArray<Uint8Array>, length: number): Uint8Array => {
  const all = new Uint8Array(length)
  let offset = 0
  for (const c of chunks) {
    all.set(c.subarray(0, Math.min(c.length, length - offset)), offset)
    offset += c.length
    if (offset >= length) break
  }
  return all
}

/**
 * Serves a simulator over HTTP until the scope closes. Closing stops listening, interrupts the
 * requests still being handled (an injected delay) and destroys every open connection
 * (keep-alive ones and hanging ones included), so nothing is left behind.
 *
 * An answer's `transport` directive (from an injected fault) is honoured: `"reset"` destroys the
 * connection without answering, `"hang"` leaves it open without answering, `"truncate"` sends the
 * headers with the full `content-length` and half of the body, then destroys the connection.
 *
 * A body larger than the simulator's `maxBodyBytes` is not read further: the simulator sees its
 * first bytes (and answers 600), and the connection is closed after the answer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (sim: Service, options?: ServeOptions): Effect.Effect<Address, ServeError, Scope.Scope> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<never>()
    const fork = Runtime.runFork(runtime)
    // Requests being handled (an injected delay sleeps in them): interrupted when the server closes.
    const running = new Set<Fiber.RuntimeFiber<SimResponse>>()
    const run = (effect: Effect.Effect<SimResponse>): Promise<SimResponse> =>
      new Promise((resolve, reject) => {
        const fiber = fork(effect)
        running.add(fiber)
        fiber.addObserver((exit) => {
          running.delete(fiber)
          if (Exit.isSuccess(exit)) resolve(exit.value)
          else reject(new Error("the simulator did not answer"))
        })
      })
    const host = options?.host ?? "127.0.0.1"
    const port = options?.port ?? 0
    const limit = sim.options.maxBodyBytes
    const decoder = new TextDecoder()
    const encoder = new TextEncoder()
    const sockets = new Set<Net.Socket>()

    const fallback = (): SimResponse => ({
      status: 500,
      headers: { "content-type": "text/plain" },
      body: "simulator failure"
    })

    const onRequest = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
      const chunks: Array<Uint8Array> = []
      let length = 0
      let done = false
      const answer = (tooLarge: boolean) => {
        if (done) return
        done = true
        const request: SimRequest = {
          method: req.method ?? "",
          host: req.headers.host ?? "",
          path: req.url ?? "/",
          headers: headersOf(req.headers),
          // Past the limit, the first limit+1 bytes: decoding never shrinks the UTF-8 length,
          // so the simulator still sees an oversized body.
          bodyText: decoder.decode(concat(chunks, tooLarge ? limit + 1 : length))
        }
        run(sim.handle(request))
          .catch(fallback)
          .then((response) => {
            if (res.destroyed) return
            switch (response.transport) {
              case "reset":
                req.socket.destroy()
                return
              case "hang":
                // No answer: the connection stays open until the client gives up or the server closes.
                return
            }
            const bytes = encoder.encode(response.body)
            const headers: Record<string, string | number> = { ...response.headers, "content-length": bytes.length }
            if (tooLarge || response.transport === "truncate") headers["connection"] = "close"
            res.writeHead(response.status, headers)
            if (response.transport === "truncate") {
              res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy())
              return
            }
            res.end(bytes, () => {
              if (tooLarge) req.socket.destroy()
            })
          })
          .catch(() => res.destroy())
      }
      req.on("data", (chunk: Uint8Array) => {
        if (done) return
        chunks.push(chunk)
        length += chunk.length
        if (length > limit) {
          req.pause()
          answer(true)
        }
      })
      req.on("end", () => answer(false))
      req.on("error", () => res.destroy())
    }

    const server = Http.createServer(onRequest)
    server.on("connection", (socket: Net.Socket) => {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    })
    server.on("clientError", (_error, socket: Net.Socket) => {
      // Malformed HTTP: answer 400 if the socket is still writable, then drop it.
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
      socket.destroy()
    })

    const close = Effect.async<void>((resume) => {
      for (const fiber of running) fiber.unsafeInterruptAsFork(fiber.id())
      running.clear()
      server.close(() => resume(Effect.void))
      const closeAll = (server as { closeAllConnections?: () => void }).closeAllConnections
      if (typeof closeAll === "function") closeAll.call(server)
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    })

    return yield* Effect.acquireRelease(
      Effect.async<Address, ServeError>((resume) => {
        const onError = (cause: unknown) =>
          resume(Effect.fail(new ServeError({ message: `cannot listen on ${host}:${port}: ${String(cause)}`, cause })))
        server.once("error", onError)
        server.listen(port, host, () => {
          server.off("error", onError)
          const address = server.address()
          if (address === null || typeof address === "string") {
            server.close()
            resume(Effect.fail(new ServeError({ message: `unexpected server address ${String(address)}` })))
            return
          }
          const shown =
            address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address
          resume(Effect.succeed({ url: `http://${shown}:${address.port}`, host: address.address, port: address.port }))
        })
      }),
      () => close
    )
  })
