/**
 * Request signing, exactly as the Renderbus service verifies it (docs/protocol.md 2, signing).
 *
 * The pure functions {@link stringToSign}, {@link stringToSignFromJson} and {@link signature}
 * are for tests and tools (a server verifying requests uses {@link stringToSignFromJson} on the
 * raw body). The {@link Signer} service holds one account's key (imported once into WebCrypto,
 * or given to the runtime's native HMAC, see {@link Hmac}) and is what `HttpTransport` uses.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as canonical from "./internal/canonical.ts"
import { hmacBase64, importKey, nodeHmac as nodeHmacOf } from "./internal/hmac.ts"
import { jsHmac as jsHmacOf } from "./internal/sha256.ts"
import type * as RawJson from "./RawJson.ts"

/**
 * What a string to sign is computed from, besides the body: the configured domain (host and
 * optional port, no protocol), the request path, and the request headers. `signature` and
 * `Content-Type` are ignored if present; every other header takes part.
 *
 * @since 0.1.0
 * @category models
 */
export interface SigningInput {
  readonly domain: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
}

/**
 * The string to sign for a JavaScript body (docs/protocol.md 2.1): headers merged with the body's
 * top-level fields, flattened (`.` between object keys, bare array indexes, empty containers
 * dropped), sorted by Unicode code point, written as `key=value` with Python's spelling of values
 * (`True`, `False`, `None`, Python float text) and joined with `&` after `[POST]domain:path&`.
 *
 * Integral numbers are signed as integers; the client writes them into the body the same way.
 * Total: it never throws, whatever the body holds.
 *
 * @example
 * ```ts
 * import { Signer } from "@rayvision/core"
 * Signer.stringToSign({
 *   domain: "task.renderbus.com",
 *   path: "/api/render/common/queryPlatforms",
 *   headers: { accessId: "AK", channel: "4", platform: "2", UTCTimestamp: "1", nonce: "123456", version: "2.0.0" },
 *   body: { zone: 1 }
 * })
 * // "[POST]task.renderbus.com:/api/render/common/queryPlatforms&UTCTimestamp=1&accessId=AK&channel=4&nonce=123456&platform=2&version=2.0.0&zone=1"
 * ```
 *
 * @since 0.1.0
 * @category signing
 */
export const stringToSign = (input: SigningInput & { readonly body: unknown }): string =>
  canonical.stringToSignJs(input, input.body)

/**
 * The string to sign for a raw JSON body, reading every number as the token written in the
 * text (so `2.0` signs as `2.0` and `1e+20` as `1e+20`, as the official Python client signs
 * them). This is what a server verifying Python-client requests must compute.
 *
 * Throws a `SyntaxError` (named `JsonSyntaxError`) when `bodyText` is not one JSON value.
 *
 * @since 0.1.0
 * @category signing
 */
export const stringToSignFromJson = (input: SigningInput & { readonly bodyText: string }): string =>
  canonical.stringToSignNode(input, canonical.parseJson(input.bodyText))

/**
 * The string to sign for a body already read with `RawJson.parse` (so a server parses each
 * body once, for both verification and validation).
 *
 * @since 0.1.0
 * @category signing
 */
export const stringToSignFromParsed = (input: SigningInput & { readonly body: RawJson.JsonNode }): string =>
  canonical.stringToSignNode(input, input.body)

/**
 * Base64 HMAC-SHA256 of `stringToSign` keyed with the UTF-8 bytes of `accessKey`, through
 * WebCrypto (the same code on Node, Deno and Bun).
 *
 * @since 0.1.0
 * @category signing
 */
export const signature = (accessKey: Redacted.Redacted<string> | string, stringToSign: string): Effect.Effect<string> =>
  Effect.promise(async () =>
    hmacBase64(await importKey(Redacted.isRedacted(accessKey) ? Redacted.value(accessKey) : accessKey), stringToSign)
  )

/**
 * Writes a request body as the official Python client does (`json.dumps` defaults:
 * `", "`/`": "` separators, non-ASCII as `\uXXXX`, numbers in the same text the signer uses).
 *
 * @since 0.1.0
 * @category signing
 */
export const encodeBody: (body: unknown) => string = canonical.encodeBody

/**
 * Signs strings with one account's access key. The key is imported once into WebCrypto as a
 * non-extractable key, or handed once to a runtime's native {@link Hmac} (what the adapters do);
 * either way the service itself never shows it.
 *
 * @since 0.1.0
 * @category tags
 */
export class Signer
  extends /* @__PURE__ */ Context.Tag("@rayvision/core/Signer")<
    Signer,
    {
      /** The Base64 HMAC-SHA256 signature of a string to sign. */
      readonly sign: (stringToSign: string) => Effect.Effect<string>
      /**
       * The same signature computed at once, when signing needs no waiting (a native {@link Hmac},
       * as {@link makeWith} builds): the transport then signs without a step of its own.
       */
      readonly signSync?: (stringToSign: string) => string
    }
  >() {}

/**
 * Builds a {@link Signer} for an access key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (accessKey: Redacted.Redacted<string>): Effect.Effect<Signer["Type"]> =>
  Effect.map(
    Effect.promise(() => importKey(Redacted.value(accessKey))),
    (key) => Signer.of({ sign: (text) => Effect.promise(() => hmacBase64(key, text)) })
  )

/**
 * A synchronous HMAC-SHA256 from a runtime's native crypto: given the key, a function from a
 * message to the Base64 of its HMAC over the UTF-8 bytes. The runtime adapters supply one
 * ({@link nodeHmac}: `node:crypto`, which Node, Bun and Deno all have); it signs several times
 * faster than WebCrypto's asynchronous `subtle.sign`, which is the portable default.
 *
 * @since 0.1.0
 * @category models
 */
export type Hmac = (key: string) => (message: string) => string

/**
 * The part of `node:crypto`'s `createHmac` that {@link nodeHmac} uses (it hashes a string or the
 * bytes of one). Node, Bun and Deno all have `node:crypto`; core imports no platform module, so a
 * runtime adapter passes its own.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateHmac = (
  algorithm: "sha256",
  key: Uint8Array
) => {
  update(data: string, inputEncoding: "utf8"): { digest(encoding: "base64"): string }
  update(data: Uint8Array): { digest(encoding: "base64"): string }
}

/**
 * The native {@link Hmac} over `node:crypto`'s `createHmac`: what every runtime adapter signs with
 * (its `hmac`). The key's UTF-8 bytes are taken once; each message is signed synchronously, with
 * the same result as WebCrypto's {@link signature}.
 *
 * @example
 * ```ts
 * import { Signer } from "@rayvision/core"
 * import { createHmac } from "node:crypto"
 *
 * const sign = Signer.nodeHmac(createHmac)("secret")
 * console.log(sign("[POST]task.renderbus.com:/api/render/common/queryPlatforms&zone=1"))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const nodeHmac = (createHmac: CreateHmac): Hmac => nodeHmacOf(createHmac)

/**
 * An {@link Hmac} in plain JavaScript (SHA-256 and HMAC written out, no platform module): the
 * same signature as {@link nodeHmac} and WebCrypto, computed synchronously on any runtime. Where
 * the native HMAC costs a call into the host per signature (Deno's `node:crypto`: about 10 µs for
 * a small string to sign, against about 3 µs here) it is the faster for short messages; native
 * code hashes long ones several times faster (a 2 KB string is about even), so `@rayvision/deno`
 * signs a string under 1,024 characters with this and a longer one natively.
 *
 * @example
 * ```ts
 * import { Signer } from "@rayvision/core"
 *
 * const sign = Signer.jsHmac("secret")
 * console.log(sign("[POST]task.renderbus.com:/api/render/common/queryPlatforms&zone=1"))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const jsHmac: Hmac = jsHmacOf

/**
 * Builds a {@link Signer} for an access key from a native {@link Hmac}. The key is handed to
 * `hmac` once and kept only inside the function it returns.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWith = (accessKey: Redacted.Redacted<string>, hmac: Hmac): Effect.Effect<Signer["Type"]> =>
  Effect.sync(() => {
    const sign = hmac(Redacted.value(accessKey))
    return Signer.of({ sign: (text) => Effect.sync(() => sign(text)), signSync: sign })
  })

/**
 * A {@link Signer} layer for an access key: with the given native {@link Hmac}, or WebCrypto.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (accessKey: Redacted.Redacted<string>, hmac?: Hmac): Layer.Layer<Signer> =>
  Layer.effect(Signer, hmac === undefined ? make(accessKey) : makeWith(accessKey, hmac))
