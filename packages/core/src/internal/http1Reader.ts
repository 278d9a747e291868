/**
 * Reads one HTTP/1.1 answer off a connection's bytes, for `Http1.ts`: the status line and headers,
 * then the body by its `Content-Length`, chunked, or up to the close, within a size limit. It
 * reports once: the answer (and whether the connection can carry another request), the body past
 * the limit, or a failure (a malformed answer, the connection's error, or its close before the
 * answer was whole). @internal
 */
import { utf8 } from "../HttpClientKit.ts"

const HEAD = 0
const LENGTH = 1
const UNTIL_CLOSE = 2
const CHUNK_SIZE = 3
const CHUNK_DATA = 4
const CHUNK_END = 5
const TRAILER = 6

/** The longest head (status line and headers), and the longest chunk-size or trailer line, read. */
const MAX_HEAD = 65536
const MAX_LINE = 8192

/** The headers of an answer, names in lowercase; a repeated header as an array. */
export type Headers = Record<string, string | Array<string>>

/** A malformed answer (`HPE_...`, as Node's parser names them). @internal */
export const protocolError = (message: string, code = "HPE_INVALID"): Error =>
  Object.assign(new Error(`malformed HTTP answer: ${message}`), { code })

/**
 * The connection closed before the answer was whole: the request may have been acted on, so it is
 * not sent again. @internal
 */
export const closedError = (received: boolean): Error =>
  Object.assign(
    new Error(received ? "other side closed before the whole answer came" : "other side closed before any answer came"),
    { code: "ECONNRESET" }
  )

/** The bytes `s` takes in UTF-8 (a lone surrogate as U+FFFD, as a socket writes it). @internal */
export const utf8Length = (s: string): number => {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2
      i++
    } else n += 2
  }
  return n
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a, 0)
  out.set(b, a.byteLength)
  return out
}

/** Where the first CR LF at or after `from` starts, or -1. */
const lineEnd = (bytes: Uint8Array, from: number): number => {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 13 && bytes[i + 1] === 10) return i
  return -1
}

/** Where the first CR LF CR LF at or after `from` starts, or -1. */
const headEnd = (bytes: Uint8Array, from: number): number => {
  for (let i = from; i + 3 < bytes.length; i++)
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i
  return -1
}

/** One request's answer, fed the connection's bytes. @internal */
export class Reader {
  /** Reported (or abandoned): nothing more is read or reported. */
  done = false
  private state = HEAD
  private rest: Uint8Array | undefined = undefined
  private received = false
  private status = 0
  private headers: Headers = Object.create(null) as Headers
  private reusable = true
  private keepAliveMillis: number | undefined = undefined
  private remaining = 0
  private size = 0
  private readonly parts: Array<Uint8Array> = []
  constructor(
    private readonly headRequest: boolean,
    private readonly limit: number,
    private readonly onAnswer: (
      status: number,
      headers: Headers,
      body: Uint8Array,
      reusable: boolean,
      keepAliveMillis: number | undefined
    ) => void,
    private readonly onFail: (cause: unknown) => void,
    private readonly onTooLarge: (declaredBytes: number | undefined) => void
  ) {}

  /** The connection failed. */
  failed(cause: unknown): void {
    if (this.done) return
    this.done = true
    this.onFail(cause)
  }

  /** The connection closed: the end of an answer read up to the close, or a failure. */
  closed(): void {
    if (this.done) return
    if (this.state === UNTIL_CLOSE) this.finish(false)
    else this.failed(closedError(this.received))
  }

  /** Bytes from the connection. */
  data(chunk: Uint8Array): void {
    if (this.done) return
    this.received = true
    let bytes = chunk
    if (this.rest !== undefined) {
      bytes = concat(this.rest, chunk)
      this.rest = undefined
    }
    let at = 0
    for (;;) {
      switch (this.state) {
        case HEAD: {
          const end = headEnd(bytes, at)
          if (end < 0) {
            if (bytes.length - at > MAX_HEAD) return this.failed(protocolError("head too large", "HPE_HEADER_OVERFLOW"))
            this.rest = bytes.subarray(at)
            return
          }
          if (!this.head(utf8.decode(bytes.subarray(at, end)))) return
          at = end + 4
          if (this.state === HEAD) {
            if (this.done) return
            continue
          }
          if (this.state === LENGTH && this.remaining === 0) return this.finish(at < bytes.length)
          continue
        }
        case LENGTH: {
          at = this.take(bytes, at)
          if (this.remaining === 0) this.finish(at < bytes.length)
          return
        }
        case UNTIL_CLOSE: {
          if (at < bytes.length) {
            this.size += bytes.length - at
            if (this.size > this.limit) return this.tooLarge(undefined)
            this.parts.push(bytes.subarray(at))
          }
          return
        }
        case CHUNK_SIZE: {
          const end = lineEnd(bytes, at)
          if (end < 0) return this.keep(bytes, at)
          let size = 0
          let digits = 0
          for (let i = at; i < end; i++) {
            const c = bytes[i]!
            const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
            if (digit < 0) break // a chunk extension (";...") or whitespace ends the size
            size = size * 16 + digit
            digits++
          }
          if (digits === 0 || digits > 12) return this.failed(protocolError("bad chunk size", "HPE_INVALID_CHUNK_SIZE"))
          at = end + 2
          if (size === 0) this.state = TRAILER
          else {
            if (this.size + size > this.limit) return this.tooLarge(undefined)
            this.remaining = size
            this.state = CHUNK_DATA
          }
          continue
        }
        case CHUNK_DATA: {
          at = this.take(bytes, at)
          if (this.remaining > 0) return
          this.state = CHUNK_END
          continue
        }
        case CHUNK_END: {
          if (bytes.length - at < 2) return this.keep(bytes, at)
          if (bytes[at] !== 13 || bytes[at + 1] !== 10) return this.failed(protocolError("chunk not ended by CR LF"))
          at += 2
          this.state = CHUNK_SIZE
          continue
        }
        default: {
          // TRAILER: lines up to an empty one, skipped.
          const end = lineEnd(bytes, at)
          if (end < 0) return this.keep(bytes, at)
          const empty = end === at
          at = end + 2
          if (empty) return this.finish(at < bytes.length)
          continue
        }
      }
    }
  }

  /** Keeps the unparsed bytes for the next chunk (a line split across chunks). */
  /** Takes up to `remaining` body bytes from `at` (a length body, or a chunk's data); where it stopped. */
  private take(bytes: Uint8Array, at: number): number {
    const take = Math.min(this.remaining, bytes.length - at)
    if (take > 0) this.parts.push(bytes.subarray(at, at + take))
    this.size += take
    this.remaining -= take
    return at + take
  }
  private keep(bytes: Uint8Array, at: number): void {
    if (bytes.length - at > MAX_LINE) return this.failed(protocolError("line too long"))
    if (at < bytes.length) this.rest = bytes.subarray(at)
  }

  /** Reads the status line and headers; false when it failed (reported). */
  private head(text: string): boolean {
    const lines = text.split("\r\n")
    const statusLine = lines[0]!
    const minor = statusLine.charCodeAt(7)
    const status = Number(statusLine.slice(9, 12))
    if (
      !statusLine.startsWith("HTTP/1.") ||
      (minor !== 48 && minor !== 49) ||
      statusLine.charCodeAt(8) !== 32 ||
      !(status >= 100 && status <= 999) ||
      (statusLine.length > 12 && statusLine.charCodeAt(12) !== 32)
    ) {
      this.failed(protocolError(`bad status line ${JSON.stringify(statusLine.slice(0, 64))}`))
      return false
    }
    const headers = Object.create(null) as Headers
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!
      const colon = line.indexOf(":")
      if (colon <= 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) {
        this.failed(protocolError(`bad header line ${JSON.stringify(line.slice(0, 64))}`))
        return false
      }
      const name = line.slice(0, colon).toLowerCase()
      const value = line.slice(colon + 1).trim()
      const known = headers[name]
      if (known === undefined) headers[name] = value
      else if (typeof known === "string") headers[name] = [known, value]
      else known.push(value)
    }
    if (status < 200) {
      // Informational (100 Continue, 103 Early Hints): the answer follows. Never asked to switch.
      if (status === 101) {
        this.failed(protocolError("unexpected 101 Switching Protocols"))
        return false
      }
      return true
    }
    this.status = status
    this.headers = headers
    const connection = headers["connection"]
    const tokens = connection === undefined ? "" : String(connection).toLowerCase()
    this.reusable = minor === 49 ? !/(^|[\s,])close($|[\s,])/.test(tokens) : /(^|[\s,])keep-alive($|[\s,])/.test(tokens)
    const keepAlive = headers["keep-alive"]
    const timeout = keepAlive === undefined ? null : /timeout\s*=\s*(\d+)/i.exec(String(keepAlive))
    if (timeout !== null) this.keepAliveMillis = Math.max(0, Number(timeout[1]) * 1000 - 1000)
    if (this.headRequest || status === 204 || status === 304) {
      this.state = LENGTH
      this.remaining = 0
      return true
    }
    const encoding = headers["transfer-encoding"]
    if (encoding !== undefined) {
      if (/(^|,)\s*chunked\s*$/i.test(String(encoding))) this.state = CHUNK_SIZE
      else {
        this.state = UNTIL_CLOSE
        this.reusable = false
      }
      return true
    }
    const length = headers["content-length"]
    if (length === undefined) {
      this.state = UNTIL_CLOSE
      this.reusable = false
      return true
    }
    const values = typeof length === "string" ? [length] : length
    const declared = values[0]!
    if (!/^\d{1,15}$/.test(declared) || values.some((value) => value !== declared)) {
      this.failed(protocolError(`bad Content-Length ${JSON.stringify(String(length))}`, "HPE_INVALID_CONTENT_LENGTH"))
      return false
    }
    const bytes = Number(declared)
    if (bytes > this.limit) {
      this.tooLarge(bytes)
      return false
    }
    this.state = LENGTH
    this.remaining = bytes
    return true
  }

  private tooLarge(declared: number | undefined): void {
    if (this.done) return
    this.done = true
    this.onTooLarge(declared)
  }

  /** The answer is whole; `extra`: bytes followed it (the connection is not used again). */
  private finish(extra: boolean): void {
    this.done = true
    const parts = this.parts
    // Copied: the body outlives the chunks it came in.
    let body: Uint8Array
    if (parts.length === 1) body = parts[0]!.slice()
    else {
      body = new Uint8Array(this.size)
      let offset = 0
      for (const part of parts) {
        body.set(part, offset)
        offset += part.byteLength
      }
    }
    this.onAnswer(this.status, this.headers, body, this.reusable && !extra, this.keepAliveMillis)
  }
}
