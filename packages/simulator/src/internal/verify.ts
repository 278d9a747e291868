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
 * 6. the request must not be a replay: `603 illegal_protocol`. What counts as one depends on the
 *    simulator's `replayCheck` option (`ReplayCheck` in Simulator.ts, kept by {@link ReplayStore}):
 *    by default a request whose access id, `UTCTimestamp` and nonce were already received, or
 *    whose signature was; with `"nonce"` also a nonce the account used with another timestamp. Requests are recorded only after the
 *    signature verified, and forgotten once their timestamp has left the window (a replay would
 *    then fail with `610`), so memory stays bounded.
 *
 * `languageFlag` and `Content-Type` are neither required nor signed.
 *
 * @internal
 */
import { RawJson, Signer } from "@rayvision/core"
import { Effect, Either } from "effect"
import type { ReplayCheck } from "../Simulator.ts"
import type { SimRequest } from "../SimulatorService.ts"
import { fail, type ServiceError } from "./codes.ts"
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

/** The parts of a verified request the replay check reads. @internal */
export interface Seen {
  readonly accessId: string
  /** `UTCTimestamp`, epoch milliseconds. */
  readonly timestampMillis: number
  readonly nonce: string
  readonly signature: string
}

/**
 * The requests remembered per access id (see `ReplayCheck` in Simulator.ts), each until its timestamp
 * leaves the window. Each request leaves two keys: its timestamp and nonce (or, in `"nonce"`
 * mode, its nonce alone) and its signature. Expired keys are swept when an account's map has
 * doubled since the last sweep, so a request costs O(1) amortised and memory stays bounded by
 * the traffic of one window.
 * @internal
 */
export class ReplayStore {
  private readonly byAccount = new Map<string, { readonly seen: Map<string, number>; sweepAt: number }>()

  constructor(readonly mode: ReplayCheck) {}

  /** How many keys are remembered (expired ones not yet swept included), for tests of the bound. */
  get size(): number {
    let n = 0
    for (const account of this.byAccount.values()) n += account.seen.size
    return n
  }

  /**
   * Records a request; the reason it is a replay of one still remembered, or undefined when it
   * is new (and now recorded).
   */
  record(request: Seen, expiresAt: number, now: number): string | undefined {
    let account = this.byAccount.get(request.accessId)
    if (account === undefined) {
      account = { seen: new Map(), sweepAt: 1024 }
      this.byAccount.set(request.accessId, account)
    }
    const { seen } = account
    const remembered = (key: string) => {
      const until = seen.get(key)
      return until !== undefined && until >= now
    }
    const once = this.mode === "nonce" ? `n ${request.nonce}` : `t ${request.timestampMillis} ${request.nonce}`
    const signed = `s ${request.signature}`
    if (remembered(once)) {
      return this.mode === "nonce"
        ? `nonce ${request.nonce} was already used`
        : `a request with UTCTimestamp ${request.timestampMillis / 1000} and nonce ${request.nonce} was already received`
    }
    if (remembered(signed)) return "a request with this signature was already received"
    seen.set(once, expiresAt)
    seen.set(signed, expiresAt)
    if (seen.size >= account.sweepAt) {
      for (const [key, until] of seen) if (until < now) seen.delete(key)
      account.sweepAt = Math.max(1024, seen.size * 2)
    }
    return undefined
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
  readonly replays: ReplayStore
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
      return fail("ParameterCantBeEmpty", `missing header${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`)
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
    if (accessKey === undefined) return fail("NeedUserLogin", "unknown accessId")

    // 3. Timestamp window.
    const windowMillis = input.windowSeconds * 1000
    if (!TIMESTAMP.test(headers.UTCTimestamp)) {
      return fail("SignatureExpired", "UTCTimestamp must be a decimal integer of seconds")
    }
    const timestampMillis = Number(headers.UTCTimestamp) * 1000
    if (Math.abs(timestampMillis - input.nowMillis) > windowMillis) {
      return fail(
        "SignatureExpired",
        `UTCTimestamp ${headers.UTCTimestamp} is more than ${input.windowSeconds}s away from the server time ${Math.floor(
          input.nowMillis / 1000
        )}`
      )
    }

    // 4. A body the signature can be computed over.
    const body = RawJson.parse(request.bodyText)
    if (Either.isLeft(body)) return fail("ParameterInvalid", `body is not valid JSON (${body.left.message})`)
    const stringToSign = Signer.stringToSignFromParsed({
      domain: request.host,
      path: request.path,
      headers,
      body: body.right
    })

    // 5. Signature.
    const expected = yield* Signer.signature(accessKey, stringToSign)
    if (expected !== signature) return fail("SignatureInvalid", "signature does not match")

    // 6. Replay: check and record in one synchronous step (no other fiber can interleave).
    const replay = input.replays.record(
      { accessId: headers.accessId, timestampMillis, nonce: headers.nonce, signature },
      timestampMillis + windowMillis,
      input.nowMillis
    )
    if (replay !== undefined) return fail("IllegalProtocol", replay)

    return Either.right({ accessId: headers.accessId, headers, body: body.right })
  })
