/**
 * HMAC-SHA256 in plain JavaScript (FIPS 180-4, RFC 2104), synchronous. A runtime whose native
 * HMAC costs a call into the host per update and digest (Deno's `node:crypto`, about 10 µs a
 * small signature against about 3 µs here) signs a short string to sign faster this way; native
 * code hashes long messages several times faster, so adapters hand those to it.
 * @internal
 */
import { base64 } from "./hmac.ts"

const K = /* @__PURE__ */ new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
const W = /* @__PURE__ */ new Int32Array(64)

/** Runs the compression function over the 64-byte blocks of `bytes[0, end)`, updating `state`. */
const compress = (state: Int32Array, bytes: Uint8Array, end: number): void => {
  let h0 = state[0]!,
    h1 = state[1]!,
    h2 = state[2]!,
    h3 = state[3]!
  let h4 = state[4]!,
    h5 = state[5]!,
    h6 = state[6]!,
    h7 = state[7]!
  for (let p = 0; p < end; p += 64) {
    for (let i = 0; i < 16; i++) {
      const j = p + i * 4
      W[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!
    }
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15]!,
        y = W[i - 2]!
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      h = h7
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
  state[5] = h5
  state[6] = h6
  state[7] = h7
}

/** Appends the padding for a message of `length` bytes (`prefix` bytes hashed before it) at `bytes[length]`; the end of the last block. */
const pad = (bytes: Uint8Array, length: number, prefix: number): number => {
  const end = (((length + 8) >>> 6) + 1) << 6
  bytes[length] = 0x80
  bytes.fill(0, length + 1, end)
  const bits = (length + prefix) * 8
  const high = Math.floor(bits / 0x1_0000_0000)
  bytes[end - 8] = high >>> 24
  bytes[end - 7] = high >>> 16
  bytes[end - 6] = high >>> 8
  bytes[end - 5] = high
  bytes[end - 4] = bits >>> 24
  bytes[end - 3] = bits >>> 16
  bytes[end - 2] = bits >>> 8
  bytes[end - 1] = bits
  return end
}

const writeState = (state: Int32Array, bytes: Uint8Array): void => {
  for (let i = 0; i < 8; i++) {
    const v = state[i]!
    bytes[i * 4] = v >>> 24
    bytes[i * 4 + 1] = v >>> 16
    bytes[i * 4 + 2] = v >>> 8
    bytes[i * 4 + 3] = v
  }
}

const encoder = /* @__PURE__ */ new TextEncoder()
/** Kept for the next message: at most this many bytes (a longer message gets a buffer of its own). */
const KEPT_BYTES = 65_536
let kept = /* @__PURE__ */ new Uint8Array(1_024)

/**
 * The UTF-8 bytes of `text` (a lone surrogate as U+FFFD, as `TextEncoder` and `node:crypto` write
 * it) in a buffer with room for the padding after them, and their count.
 */
const utf8 = (text: string): { readonly bytes: Uint8Array; readonly length: number } => {
  const n = text.length
  const room = n * 3 + 72
  let bytes = kept
  if (bytes.length < room) {
    bytes = new Uint8Array(room)
    if (room <= KEPT_BYTES) kept = bytes
  }
  let i = 0
  for (; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c > 0x7f) break
    bytes[i] = c
  }
  const length = i === n ? n : i + encoder.encodeInto(text.slice(i), bytes.subarray(i)).written
  return { bytes, length }
}

/** SHA-256 of bytes, a new array of 32. */
const sha256 = (bytes: Uint8Array): Uint8Array => {
  const padded = new Uint8Array(bytes.length + 72)
  padded.set(bytes)
  const state = new Int32Array(IV)
  compress(state, padded, pad(padded, bytes.length, 0))
  const out = new Uint8Array(32)
  writeState(state, out)
  return out
}

/**
 * HMAC-SHA256 keyed once (the key's UTF-8 bytes; a key over 64 bytes is hashed first, RFC 2104),
 * Base64 of each message's UTF-8 bytes. The states after the key's inner and outer blocks are
 * computed once, so a message costs its own blocks and one outer block.
 * @internal
 */
export const jsHmac = (key: string): ((message: string) => string) => {
  let secret: Uint8Array = encoder.encode(key)
  if (secret.length > 64) secret = sha256(secret)
  const inner = new Int32Array(IV)
  const outer = new Int32Array(IV)
  const block = new Uint8Array(64)
  for (let i = 0; i < 64; i++) block[i] = (secret[i] ?? 0) ^ 0x36
  compress(inner, block, 64)
  for (let i = 0; i < 64; i++) block[i] = (secret[i] ?? 0) ^ 0x5c
  compress(outer, block, 64)
  const state = new Int32Array(8)
  return (message) => {
    state.set(inner)
    const { bytes, length } = utf8(message)
    compress(state, bytes, pad(bytes, length, 64))
    writeState(state, block)
    pad(block, 32, 64)
    state.set(outer)
    compress(state, block, 64)
    writeState(state, block)
    return base64(block.subarray(0, 32))
  }
}
