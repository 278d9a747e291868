/**
 * HMAC-SHA256 and Base64: through WebCrypto, which Node, Deno and Bun all provide, and through
 * a `node:crypto`-shaped `createHmac` handed in by a runtime adapter (core imports no platform
 * module).
 * @internal
 */
import type { CreateHmac, Hmac } from "../Signer.ts"
import { PART_LENGTH, partsOf } from "./canonical.ts"

const encoder = /* @__PURE__ */ new TextEncoder()

/** Imports a signing key; the key material never leaves WebCrypto afterwards. @internal */
export const importKey = (secret: string): Promise<CryptoKey> =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])

/** Base64 (standard alphabet, padded) of bytes. @internal */
export const base64 = (bytes: Uint8Array): string => {
  let binary = ""
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return btoa(binary)
}

/** The UTF-8 bytes of a message; of a large string to sign just written, from its parts. */
const utf8 = (message: string): Uint8Array<ArrayBuffer> => {
  const parts = message.length > PART_LENGTH ? partsOf(message) : undefined
  if (parts === undefined) return encoder.encode(message)
  const bytes = new Uint8Array(message.length * 3)
  let written = 0
  for (const part of parts) written += encoder.encodeInto(part, bytes.subarray(written)).written
  return bytes.subarray(0, written)
}

/** Base64 HMAC-SHA256 of the UTF-8 bytes of `message`. @internal */
export const hmacBase64 = async (key: CryptoKey, message: string): Promise<string> =>
  base64(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(message))))

/** HMAC-SHA256 of the concatenation of `parts`, each hashed as it is. */
const hmacOfParts =
  (createHmac: CreateHmac, secret: Uint8Array) =>
  (parts: ReadonlyArray<string>): string => {
    const hmac = createHmac("sha256", secret)
    let updated = hmac.update(parts.length > 0 ? parts[0]! : "", "utf8")
    for (let i = 1; i < parts.length; i++) updated = hmac.update(parts[i]!, "utf8")
    return updated.digest("base64")
  }

/**
 * The native HMAC of a `createHmac`: the key's UTF-8 bytes taken once, each message signed
 * synchronously. A message of up to `canonical.PART_LENGTH` characters is written as UTF-8 into
 * a buffer of the signer's own (48 KiB at most) and hashed from there: Bun's `node:crypto` hashes
 * bytes about a quarter faster than a string (Node and Deno, as fast). One view of the buffer is
 * kept for the length last signed (most strings to sign of an endpoint have the same length).
 * `TextEncoder` writes a lone surrogate as U+FFFD, as `update(string, "utf8")` does. A longer
 * string to sign just written by `canonical.stringToSignJs` is hashed part by part
 * (`canonical.partsOf`), never copied whole into one string (at that size hashing dominates: a
 * buffer gains nothing, on Bun either); any other, as a string.
 * @internal
 */
export const nodeHmac =
  (createHmac: CreateHmac): Hmac =>
  (key) => {
    const secret = encoder.encode(key)
    const signParts = hmacOfParts(createHmac, secret)
    let buffer = new Uint8Array(0) // up to 3 bytes a UTF-16 code unit: never too short
    let view = buffer
    return (message) => {
      if (message.length <= PART_LENGTH) {
        if (buffer.length < message.length * 3) {
          buffer = new Uint8Array(Math.max(1_024, message.length * 3))
          view = buffer.subarray(0, 0)
        }
        const written = encoder.encodeInto(message, buffer).written
        if (view.length !== written) view = buffer.subarray(0, written)
        return createHmac("sha256", secret).update(view).digest("base64")
      }
      const parts = partsOf(message)
      return parts === undefined
        ? createHmac("sha256", secret).update(message, "utf8").digest("base64")
        : signParts(parts)
    }
  }

/**
 * The native HMAC of a `createHmac` over a message given in parts (the message is their
 * concatenation), each hashed as it is. Parts must not split a surrogate pair. @internal
 */
export const nodeHmacParts =
  (createHmac: CreateHmac) =>
  (key: string): ((parts: ReadonlyArray<string>) => string) =>
    hmacOfParts(createHmac, encoder.encode(key))
