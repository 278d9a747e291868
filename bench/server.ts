/**
 * The trivial loopback server of the per-call benchmark: `node:http` on 127.0.0.1, a free port,
 * answering every POST with one fixed success envelope (no verification, no state).
 * `serve.ts` runs it in a process of its own.
 */
import * as Http from "node:http"
import type * as Net from "node:net"

/** A running server. */
export interface Server {
  readonly host: string
  readonly port: number
  readonly close: () => Promise<void>
}

/** Starts a server answering `body` (a JSON envelope) to every request. */
export const startServer = (body: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const bytes = Buffer.from(body, "utf8")
    const sockets = new Set<Net.Socket>()
    const server = Http.createServer((request, response) => {
      request.on("data", () => {})
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/json;charset=UTF-8", "content-length": bytes.length })
        response.end(bytes)
      })
    })
    server.keepAliveTimeout = 60_000
    server.on("connection", (socket) => {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    })
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as Net.AddressInfo
      resolve({
        host: "127.0.0.1",
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })
