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

/**
 * The signed POST of `body` (already validated; `bodyText` is its JSON as sent) to `path`, stamped
 * `nowMillis` with `nonce`. Signed with these header names, sent with these names. @internal
 */
export const signedRequest = (
  config: ResolvedConfig,
  path: string,
  body: unknown,
  bodyText: string,
  nowMillis: number,
  nonce: string,
  sign: (stringToSign: string) => Effect.Effect<string>
): Effect.Effect<SignedRequest> => {
  const headers: Record<string, string> = {
    [HeaderName.accessId]: config.accessId,
    [HeaderName.channel]: "4",
    [HeaderName.platform]: config.platform,
    [HeaderName.utcTimestamp]: String(Math.floor(nowMillis / 1000)),
    [HeaderName.nonce]: nonce,
    [HeaderName.version]: "2.0.0",
    ...config.headers
  }
  return Effect.map(sign(canonical.stringToSignJs({ domain: config.domain, path, headers }, body)), (signature) => {
    headers[HeaderName.signature] = signature
    // Not signed (docs/protocol.md 1.5).
    headers[HeaderName.languageFlag] = config.languageFlag
    const request = HttpClientRequest.post(config.baseUrl + path).pipe(
      HttpClientRequest.setHeaders(headers),
      HttpClientRequest.bodyText(bodyText, "application/json")
    )
    return { request, signature }
  })
}
