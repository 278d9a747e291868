/**
 * Authentication of a request (docs/protocol.md 1.5, 2, 3.1), in this order:
 *
 * 1. the headers `accessId`, `channel`, `platform`, `UTCTimestamp`, `nonce`, `version` and
 *    `signature` (names case-insensitive) must be present and non-empty: `601`;
 * 2. the access id must belong to an account: `602 need_user_login`;
 * 3. `UTCTimestamp` must be a decimal integer of seconds within the window around the server's
 *    clock: `610 signature_expired` (the envelope's `serverTime` lets a client correct its clock);
 * 4. the body must be JSON, or no signature can be computed: `600 parameter_invalid`;
 * 5. the signature, recomputed over the request's host, path, the six signed headers (values as
 *    received) and the raw body text (number tokens as written), must match: `611`;
 * 6. the nonce must not have been used by that account while its timestamp is still inside the
 *    window: `603 illegal_protocol`. Nonces are recorded only after the signature verified, and
 *    forgotten once their timestamp has left the window (a replay would then fail with `610`),
 *    so memory stays bounded.
 *
 * `languageFlag` and `Content-Type` are neither required nor signed.
 *
 * @internal
 */
import { RawJson, Signer } from "@rayvision/core"
import { Effect, Either } from "effect"
import type { SimRequest } from "../Simulator.ts"
import { Code, fail, type ServiceError } from "./codes.ts"
import type { Json } from "./json.ts"

/** The signed headers, in their canonical spelling (docs/protocol.md 1.5). @internal */
export const SIGNED_HEADERS = ["accessId", "channel", "platform", "UTCTimestamp", "nonce", "version"] as const

/** The signed headers of a request, values as received. @internal */
export type SignedHeaders = { readonly [K in (typeof SIGNED_HEADERS)[number]]: string }

/** A request that passed authentication. @internal */
export interface Verified {
  readonly accessId: string
  readonly headers: SignedHeaders
  /** The body, parsed with number tokens kept. */
  readonly body: Json
}

/**
 * Nonces seen per access id, each until its timestamp leaves the window. Expired nonces are
 * swept when an account's set has doubled since the last sweep, so a request costs O(1)
 * amortised and memory stays bounded by the traffic of one window.
 * @internal
 */
export class NonceStore {
  private readonly byAccount = new Map<string, { readonly seen: Map<string, number>; sweepAt: number }>()

  /** Records a nonce; false when it is still remembered (a replay). */
  record(accessId: string, nonce: string, expiresAt: number, now: number): boolean {
    let account = this.byAccount.get(accessId)
    if (account === undefined) {
      account = { seen: new Map(), sweepAt: 1024 }
      this.byAccount.set(accessId, account)
    }
    const until = account.seen.get(nonce)
    if (until !== undefined && until >= now) return false
    account.seen.set(nonce, expiresAt)
    if (account.seen.size >= account.sweepAt) {
      for (const [n, u] of account.seen) if (u < now) account.seen.delete(n)
      account.sweepAt = Math.max(1024, account.seen.size * 2)
    }
    return true
  }
}

/** What {@link verify} needs besides the request. @internal */
export interface VerifyInput {
  readonly request: SimRequest
  /** The access key of an access id, or `undefined` for an unknown id. */
  readonly keyOf: (accessId: string) => string | undefined
  /** The server's clock, epoch milliseconds. */
  readonly nowMillis: number
  readonly windowSeconds: number
  readonly nonces: NonceStore
}

/** Header lookup by case-insensitive name; an empty value counts as missing. @internal */
export const headerLookup = (headers: Readonly<Record<string, string>>): ((name: string) => string | undefined) => {
  const lower = new Map<string, string>()
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string") lower.set(name.toLowerCase(), value)
  }
  return (name) => {
    const v = lower.get(name.toLowerCase())
    return v === undefined || v === "" ? undefined : v
  }
}

const TIMESTAMP = /^\d{1,15}$/

/**
 * Authenticates a request. Never fails: a rejected request is a `Left` with the service code.
 * @internal
 */
export const verify = (input: VerifyInput): Effect.Effect<Either.Either<Verified, ServiceError>> =>
  Effect.gen(function* () {
    const { request } = input
    const header = headerLookup(request.headers)

    // 1. Required headers.
    const missing = [...SIGNED_HEADERS, "signature"].filter((name) => header(name) === undefined)
    if (missing.length > 0) {
      return fail(Code.PARAMETER_CANT_BE_EMPTY, `missing header${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`)
    }
    const headers: SignedHeaders = {
      accessId: header("accessId") ?? "",
      channel: header("channel") ?? "",
      platform: header("platform") ?? "",
      UTCTimestamp: header("UTCTimestamp") ?? "",
      nonce: header("nonce") ?? "",
      version: header("version") ?? ""
    }
    const signature = header("signature") ?? ""

    // 2. Known account.
    const accessKey = input.keyOf(headers.accessId)
    if (accessKey === undefined) return fail(Code.NEED_USER_LOGIN, "unknown accessId")

    // 3. Timestamp window.
    const windowMillis = input.windowSeconds * 1000
    if (!TIMESTAMP.test(headers.UTCTimestamp)) {
      return fail(Code.SIGNATURE_EXPIRED, "UTCTimestamp must be a decimal integer of seconds")
    }
    const timestampMillis = Number(headers.UTCTimestamp) * 1000
    if (Math.abs(timestampMillis - input.nowMillis) > windowMillis) {
      return fail(
        Code.SIGNATURE_EXPIRED,
        `UTCTimestamp ${headers.UTCTimestamp} is more than ${input.windowSeconds}s away from the server time ${Math.floor(
          input.nowMillis / 1000
        )}`
      )
    }

    // 4. A body the signature can be computed over.
    const body = RawJson.parse(request.bodyText)
    if (Either.isLeft(body)) return fail(Code.PARAMETER_INVALID, `body is not valid JSON (${body.left.message})`)
    const stringToSign = Signer.stringToSignFromParsed({
      domain: request.host,
      path: request.path,
      headers,
      body: body.right
    })

    // 5. Signature.
    const expected = yield* Signer.signature(accessKey, stringToSign)
    if (expected !== signature) return fail(Code.SIGNATURE_INVALID, "signature does not match")

    // 6. Replay: check and record the nonce in one synchronous step (no other fiber can interleave).
    const fresh = input.nonces.record(headers.accessId, headers.nonce, timestampMillis + windowMillis, input.nowMillis)
    if (!fresh) return fail(Code.ILLEGAL_PROTOCOL, `nonce ${headers.nonce} was already used`)

    return Either.right({ accessId: headers.accessId, headers, body: body.right })
  })
