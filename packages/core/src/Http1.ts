/**
 * A small HTTP/1.1 client over a runtime's sockets (`node:net`'s and `node:tls`'s `connect`,
 * handed over by the adapter: this module imports no platform module), for the runtime adapters
 * whose own clients cost more than the SDK (Bun's `fetch`) or cannot keep connections alive
 * safely (Deno's `node:http`). What the Renderbus API needs, and no more:
 *
 * - header names written exactly as given (`accessId`, `UTCTimestamp`, ...), `Content-Length`
 *   bodies held in memory;
 * - connections kept alive, a pool per origin, one request in flight on each; a connection the
 *   server closes while idle leaves the pool, one idle for longer than the server's
 *   `Keep-Alive: timeout` (4 s when it names none) is not used again;
 * - the answer read whole (`Content-Length`, chunked, or up to the close), up to the size limit:
 *   refused by its `Content-Length` before reading, or as soon as the body passes the limit;
 * - never a request sent twice: a connection that fails or closes before the full answer fails
 *   that request, and nothing is re-sent (the caller's retry policy decides);
 * - an interrupted call closes its connection; releasing the layer closes every connection.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { bufferedResponse, type Exchange, makeExchangeClient } from "./HttpClientKit.ts"
import { Reader, utf8Length } from "./internal/http1Reader.ts"

/**
 * What the client needs of a socket: `node:net`'s `Socket` (and `node:tls`'s `TLSSocket`) have it
 * on Node.js, Bun and Deno.
 *
 * @since 0.1.0
 * @category models
 */
export interface Socket {
  write(data: string | Uint8Array): unknown
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown
  on(event: "error", listener: (error: Error) => void): unknown
  on(event: "close", listener: () => void): unknown
  destroy(): unknown
  ref(): unknown
  unref(): unknown
  setNoDelay?(noDelay?: boolean): unknown
}

/**
 * How the client opens connections: `connect` is `node:net`'s `connect` (plain `http:`),
 * `connectTls` `node:tls`'s (`https:`; without it, `https:` URLs fail). `keepAliveMillis` is how
 * long an idle connection may be used again when the server does not say (`Keep-Alive:
 * timeout`); 4000 unless given.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly connect: (options: { host: string; port: number; noDelay: boolean }) => Socket
  readonly connectTls?:
    ((options: { host: string; port: number; servername?: string; noDelay: boolean }) => Socket) | undefined
  readonly keepAliveMillis?: number | undefined
}

/**
 * The client: its {@link Exchange} (for `HttpTransport.makeExchangeClient`) and `close`, which
 * closes every connection, and fails every request after it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Client {
  readonly exchange: Exchange
  readonly close: () => void
}

/** One connection: its socket, and the request in flight on it (the reader of its answer). */
class Connection {
  reader: Reader | undefined = undefined
  idleSince = 0
  keepAliveMillis: number
  closed = false
  constructor(
    readonly socket: Socket,
    readonly pool: Pool,
    readonly key: string
  ) {
    this.keepAliveMillis = pool.keepAliveMillis
    socket.on("data", (chunk) => {
      const reader = this.reader
      // Bytes nobody asked for: the connection cannot be trusted with another request.
      if (reader === undefined) this.destroy()
      else reader.data(chunk)
    })
    socket.on("error", (error) => {
      const reader = this.reader
      this.destroy()
      reader?.failed(error)
    })
    socket.on("close", () => {
      const reader = this.reader
      this.destroy()
      reader?.closed()
    })
  }
  /** The answer was read whole: back to the pool if it can carry another request, else closed. */
  release(reusable: boolean, keepAliveMillis: number | undefined): void {
    this.reader = undefined
    if (!reusable || this.closed || this.pool.closed) return this.destroy()
    if (keepAliveMillis !== undefined) this.keepAliveMillis = keepAliveMillis
    this.idleSince = Date.now()
    this.socket.unref()
    const idle = this.pool.idle.get(this.key)
    if (idle === undefined) this.pool.idle.set(this.key, [this])
    else idle.push(this)
  }
  destroy(): void {
    if (this.closed) return
    this.closed = true
    this.reader = undefined
    this.pool.open.delete(this)
    this.socket.destroy()
  }
}

/**
 * The connections of one client: idle ones by origin (most recently used last), and every open
 * one (joined when made, left when closed: no `Set` operation at each request).
 */
class Pool {
  readonly idle = new Map<string, Array<Connection>>()
  readonly open = new Set<Connection>()
  closed = false
  readonly keepAliveMillis: number
  constructor(readonly options: Options) {
    this.keepAliveMillis = options.keepAliveMillis ?? 4000
  }
  /** A connection to `url`'s origin: an idle one still fresh, or a new one. */
  connection(url: URL, secure: boolean): Connection {
    const key = url.protocol + url.host
    const idle = this.idle.get(key)
    if (idle !== undefined) {
      const now = Date.now()
      for (let connection = idle.pop(); connection !== undefined; connection = idle.pop()) {
        if (connection.closed) continue
        if (now - connection.idleSince >= connection.keepAliveMillis) {
          connection.destroy()
          continue
        }
        connection.socket.ref()
        return connection
      }
    }
    // An IPv6 host without its brackets (the Host header keeps them).
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname
    const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port)
    let socket: Socket
    if (secure) {
      const connectTls = this.options.connectTls
      if (connectTls === undefined) throw new Error("this client has no TLS connect function for an https: URL")
      // No server name for an IP address (TLS allows none; the certificate is checked against the IP).
      socket = connectTls(
        /^[\d.]+$|:/.test(host) ? { host, port, noDelay: true } : { host, port, servername: host, noDelay: true }
      )
      socket.setNoDelay?.(true)
    } else {
      socket = this.options.connect({ host, port, noDelay: true })
    }
    const connection = new Connection(socket, this, key)
    this.open.add(connection)
    return connection
  }
  close(): void {
    this.closed = true
    this.idle.clear()
    for (const connection of [...this.open]) connection.destroy()
  }
}

/** A header name as HTTP allows it (a token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** What a header value may not hold: a line break would end the header, or the head. */
const BREAK = /[\r\n\0]/

/** The request's head and body as written: one string when the body is text. */
const serialize = (
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array | string | null
): string => {
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`
  let host = true
  for (const name in headers) {
    const value = headers[name]!
    if (!TOKEN.test(name)) throw invalid(`the header name ${JSON.stringify(name)} is not a token`)
    if (BREAK.test(value)) throw invalid(`the value of the header ${name} holds a line break`)
    if (name.length === 4 && name.toLowerCase() === "host") host = false
    head += `${name}: ${value}\r\n`
  }
  if (host) head += `Host: ${url.host}\r\n`
  const length = body === null ? 0 : typeof body === "string" ? utf8Length(body) : body.byteLength
  if (body !== null || (method !== "GET" && method !== "HEAD")) head += `Content-Length: ${length}\r\n`
  head += "\r\n"
  return typeof body === "string" ? head + body : head
}

const invalid = (message: string) => Object.assign(new TypeError(message), { code: "ERR_INVALID_CHAR" })

/**
 * A client over `options`' sockets: see the module's description. Its {@link Exchange} throws
 * (nothing sent) for a header name that is not a token or a value with a line break.
 *
 * @example
 * ```ts
 * import { Http1, HttpTransport } from "@rayvision/core"
 * import * as net from "node:net"
 * import * as tls from "node:tls"
 * const client = Http1.make({ connect: net.connect, connectTls: tls.connect })
 * const httpClient = HttpTransport.makeExchangeClient(client.exchange)
 * // ... and client.close() when done.
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Client => {
  const pool = new Pool(options)
  const exchange: Exchange = (request, url, headers, body, limit, succeed, fail, tooLarge) => {
    if (pool.closed) {
      fail(new Error("the HTTP client is closed (its layer was released)"))
      return noop
    }
    const secure = url.protocol === "https:"
    if (!secure && url.protocol !== "http:") throw new TypeError(`unsupported protocol ${url.protocol}`)
    const method = request.method
    const text = serialize(method, url, headers, body)
    const connection = pool.connection(url, secure)
    const reader = new Reader(
      method === "HEAD",
      limit,
      (status, responseHeaders, bytes, reusable, keepAliveMillis) => {
        connection.release(reusable, keepAliveMillis)
        succeed(bufferedResponse(request, status, responseHeaders, bytes))
      },
      (cause) => {
        connection.destroy()
        fail(cause)
      },
      (declared) => {
        connection.destroy()
        tooLarge(declared)
      }
    )
    connection.reader = reader
    connection.socket.write(text)
    if (body !== null && typeof body !== "string") connection.socket.write(body)
    return () => {
      if (reader.done) return
      reader.done = true
      connection.destroy()
    }
  }
  return { exchange, close: () => pool.close() }
}

const noop = () => {}

/**
 * An `HttpClient` layer over {@link make}'s client (`HttpTransport.makeExchangeClient`): every
 * connection closed when the layer is released.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<HttpClient.HttpClient> =>
  Layer.scoped(
    HttpClient.HttpClient,
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => make(options)),
        (client) => Effect.sync(client.close)
      ),
      (client) => makeExchangeClient(client.exchange)
    )
  )
