/**
 * A TCP connection over `Bun.connect`, shaped as core's `Http1.Socket` (what `node:net`'s `Socket`
 * offers): Bun's own sockets write straight to the connection, where its `node:net` goes through a
 * stream and costs more CPU a request. Plain TCP only: `https:` goes through `node:tls`.
 */
import type { Http1 } from "@rayvision/core"
import * as net from "node:net"

/** The part of a `Bun.connect` socket used here. */
interface BunSocket {
  write(data: string | Uint8Array): number
  end(): void
  terminate(): void
  ref(): void
  unref(): void
}

/** The handlers `Bun.connect` calls. */
interface Handlers {
  open(socket: BunSocket): void
  data(socket: BunSocket, data: Uint8Array): void
  drain(socket: BunSocket): void
  end(socket: BunSocket): void
  close(socket: BunSocket, error?: Error): void
  error(socket: BunSocket, error: Error): void
  connectError(socket: BunSocket, error: Error): void
}

declare const Bun:
  { connect(options: { hostname: string; port: number; socket: Handlers }): Promise<BunSocket> } | undefined

const encoder = /* @__PURE__ */ new TextEncoder()

/** One connection: writes wait for it to open, and for the kernel to take what it could not at once. */
class Connection implements Http1.Socket {
  private socket: BunSocket | undefined = undefined
  /** What is still to write, in order (before the connection opened, or after a partial write). */
  private queued: Array<Uint8Array> = []
  private destroyed = false
  private referenced = true
  private onData: (chunk: Uint8Array) => void = noop
  private onError: (error: Error) => void = noop
  private onClose: () => void = noop

  constructor(host: string, port: number) {
    Bun!
      .connect({
        hostname: host,
        port,
        socket: {
          open: (socket) => {
            if (this.destroyed) return socket.terminate()
            this.socket = socket
            if (!this.referenced) socket.unref()
            this.flush()
          },
          data: (_socket, data) => {
            if (!this.destroyed) this.onData(data)
          },
          drain: () => this.flush(),
          end: (socket) => socket.end(),
          close: () => this.closed(),
          error: (_socket, error) => this.failed(error),
          connectError: (_socket, error) => this.failed(error)
        }
      })
      .catch((error: unknown) => this.failed(error instanceof Error ? error : new Error(String(error))))
  }

  on(event: "data", listener: (chunk: Uint8Array) => void): this
  on(event: "error", listener: (error: Error) => void): this
  on(event: "close", listener: () => void): this
  on(
    event: "data" | "error" | "close",
    listener: ((chunk: Uint8Array) => void) | ((error: Error) => void) | (() => void)
  ) {
    if (event === "data") this.onData = listener as (chunk: Uint8Array) => void
    else if (event === "error") this.onError = listener as (error: Error) => void
    else this.onClose = listener as () => void
    return this
  }

  write(data: string | Uint8Array): boolean {
    if (this.destroyed) return false
    const socket = this.socket
    if (socket === undefined || this.queued.length > 0) {
      this.queued.push(typeof data === "string" ? encoder.encode(data) : data)
      return false
    }
    const written = socket.write(data)
    const bytes = typeof data === "string" ? undefined : data
    const total = bytes === undefined ? -1 : bytes.byteLength
    if (written === total) return true
    // A string's length is not its size in bytes: only its bytes tell what is left.
    const whole = bytes ?? encoder.encode(data as string)
    if (written < 0) return false // closed: the close handler reports it
    if (written < whole.byteLength) this.queued.push(whole.subarray(written))
    return this.queued.length === 0
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.queued = []
    this.socket?.terminate()
  }

  ref(): void {
    this.referenced = true
    this.socket?.ref()
  }

  unref(): void {
    this.referenced = false
    this.socket?.unref()
  }

  private flush(): void {
    const socket = this.socket
    if (socket === undefined || this.destroyed) return
    while (this.queued.length > 0) {
      const next = this.queued[0]!
      const written = socket.write(next)
      if (written < 0) return
      if (written < next.byteLength) {
        this.queued[0] = next.subarray(written)
        return
      }
      this.queued.shift()
    }
  }

  private failed(error: Error): void {
    if (this.destroyed) return
    this.destroy()
    this.onError(error)
    this.onClose()
  }

  private closed(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.onClose()
  }
}

const noop = () => {}

/**
 * Opens a plain TCP connection with `Bun.connect` (`Http1.Options.connect`); outside Bun (the
 * package runs on Node.js too), with `node:net`.
 *
 * @since 0.1.0
 * @category sockets
 */
export const connect = (options: { host: string; port: number; noDelay: boolean }): Http1.Socket =>
  typeof Bun === "undefined" ? net.connect(options) : new Connection(options.host, options.port)
