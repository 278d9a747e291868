/**
 * Building one signed request (docs/protocol.md 1.5 headers, 1.6 body, 2 signing) from the
 * configuration, the time, a nonce and a signing function.
 * @internal
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import { HeaderName, type ResolvedConfig } from "../ClientConfig.ts"
import * as canonical from "./canonical.ts"

/** A request ready to send, and the signature it carries (to scrub from what comes back). @internal */
export interface SignedRequest {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly signature: string
}

/** The headers to sign, names as signed and sent. */
const unsigned = (config: ResolvedConfig, nowMillis: number, nonce: string): Record<string, string> => ({
  [HeaderName.accessId]: config.accessId,
  [HeaderName.channel]: "4",
  [HeaderName.platform]: config.platform,
  [HeaderName.utcTimestamp]: String(Math.floor(nowMillis / 1000)),
  [HeaderName.nonce]: nonce,
  [HeaderName.version]: "2.0.0",
  ...config.headers
})

/** Adds the signature and the one header that is not signed (docs/protocol.md 1.5). */
const signed = (config: ResolvedConfig, headers: Record<string, string>, signature: string) => {
  headers[HeaderName.signature] = signature
  headers[HeaderName.languageFlag] = config.languageFlag
  return headers
}

/** The POST of `bodyText` to `path` with these headers. @internal */
export const requestOf = (
  config: ResolvedConfig,
  path: string,
  headers: Record<string, string>,
  bodyText: string
): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.post(config.baseUrl + path).pipe(
    HttpClientRequest.setHeaders(headers),
    HttpClientRequest.bodyText(bodyText, "application/json")
  )

/**
 * The headers of the POST of `body` (already validated) to `path`, stamped `nowMillis` with
 * `nonce` and signed at once by `signNow`; the signature is `headers.signature`. @internal
 */
export const signedHeaders = (
  config: ResolvedConfig,
  path: string,
  body: unknown,
  nowMillis: number,
  nonce: string,
  signNow: (stringToSign: string) => string
): Record<string, string> => {
  const headers = unsigned(config, nowMillis, nonce)
  return signed(config, headers, signNow(canonical.stringToSignJs({ domain: config.domain, path, headers }, body)))
}

/**
 * The headers of the POST of `body` (already validated) to `path`, stamped `nowMillis` with
 * `nonce` and signed by an effect; the signature is `headers.signature`. @internal
 */
export const signedHeadersWith = (
  config: ResolvedConfig,
  path: string,
  body: unknown,
  nowMillis: number,
  nonce: string,
  sign: (stringToSign: string) => Effect.Effect<string>
): Effect.Effect<Record<string, string>> => {
  const headers = unsigned(config, nowMillis, nonce)
  return Effect.map(sign(canonical.stringToSignJs({ domain: config.domain, path, headers }, body)), (signature) =>
    signed(config, headers, signature)
  )
}

/**
 * The signed POST of `body` (already validated; `bodyText` is its JSON as sent) to `path`, stamped
 * `nowMillis` with `nonce`, signed by an effect. @internal
 */
export const signedRequest = (
  config: ResolvedConfig,
  path: string,
  body: unknown,
  bodyText: string,
  nowMillis: number,
  nonce: string,
  sign: (stringToSign: string) => Effect.Effect<string>
): Effect.Effect<SignedRequest> =>
  Effect.map(signedHeadersWith(config, path, body, nowMillis, nonce, sign), (headers) => ({
    request: requestOf(config, path, headers, bodyText),
    signature: headers[HeaderName.signature]!
  }))
