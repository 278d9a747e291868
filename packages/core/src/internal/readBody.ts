/**
 * Reading an answer's body whole, up to a limit, from a Node.js stream by its events (a fraction
 * of the CPU of its async iterator), and joining the chunks read.
 * @internal
 */
import { AnswerTooLarge } from "./answer.ts"

/** A Node.js `Readable`, as far as {@link collect} uses it. @internal */
export interface Emitter {
  on(event: string, listener: (...args: Array<any>) => void): unknown
  removeListener(event: string, listener: (...args: Array<any>) => void): unknown
  pause?: () => unknown
}

/** Whether `chunks` is a Node.js stream (`on` and `removeListener`). @internal */
export const isEmitter = (chunks: unknown): chunks is Emitter =>
  typeof (chunks as Partial<Emitter>).on === "function" &&
  typeof (chunks as Partial<Emitter>).removeListener === "function"

const ignore = () => {}

/**
 * A Node.js stream's chunks, joined, read by its `data` and `end` events; past `limit` bytes it
 * rejects with `AnswerTooLarge`, paused, and stops listening (the caller destroys the stream). @internal
 */
export const collect = (stream: Emitter, limit: number): Promise<Uint8Array<ArrayBuffer>> =>
  new Promise((resolve, reject) => {
    const parts: Array<Uint8Array> = []
    let size = 0
    const settle = () => {
      stream.removeListener("data", onData)
      stream.removeListener("end", onEnd)
      stream.removeListener("close", onClose)
      stream.removeListener("error", onError)
    }
    const onError = (error: unknown) => {
      settle()
      // Whatever the stream says after this has nobody to tell (and must not crash the process).
      stream.on("error", ignore)
      reject(error)
    }
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength
      if (size > limit) {
        // Read no further (removing the listener would leave it flowing).
        stream.pause?.()
        onError(new AnswerTooLarge(limit, undefined))
      } else parts.push(chunk)
    }
    const onEnd = () => {
      settle()
      resolve(join(parts, size))
    }
    const onClose = () => onError(new Error("the answer's body closed before its end"))
    stream.on("data", onData)
    stream.on("end", onEnd)
    stream.on("close", onClose)
    stream.on("error", onError)
  })

/** The parts as one array of `size` bytes (the part itself when it is one whole buffer). @internal */
export const join = (parts: ReadonlyArray<Uint8Array>, size: number): Uint8Array<ArrayBuffer> => {
  if (parts.length === 1 && parts[0]!.byteOffset === 0 && parts[0]!.buffer instanceof ArrayBuffer) {
    return parts[0] as Uint8Array<ArrayBuffer>
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.byteLength
  }
  return bytes
}
