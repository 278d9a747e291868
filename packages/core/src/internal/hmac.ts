/**
 * HMAC-SHA256 and Base64 through WebCrypto, which Node, Deno and Bun all provide.
 * @internal
 */

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

/** Base64 HMAC-SHA256 of the UTF-8 bytes of `message`. @internal */
export const hmacBase64 = async (key: CryptoKey, message: string): Promise<string> =>
  base64(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message))))
