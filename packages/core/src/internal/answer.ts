/**
 * What an answer means, as pure functions of what came back: the status and body read into data
 * or a typed error (docs/protocol.md 1.7, 3.1), the texts kept from it scrubbed of the call's
 * signatures, and the failures after which a call that is not safe to repeat has an unknown
 * outcome.
 * @internal
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as ApiError from "../ApiError.ts"

/** The envelope (docs/protocol.md 1.7), as far as the client relies on it. @internal */
export interface Envelope {
  readonly code: number
  readonly message: string
  readonly serverTime: number | undefined
  readonly requestId: string | undefined
  readonly data: unknown
}

/**
 * Reads the envelope of a parsed answer, tolerantly: only `code` decides, an integer or the text of
 * one (`200`, `"200"`); `message`, `serverTime` and `requestId` are taken when they have a usable
 * value (a number or its text, a string or a number) and left out otherwise. `undefined` when the
 * answer is not an object with such a code. @internal
 */
export const readEnvelope = (json: unknown): Envelope | undefined => {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined
  const { code, data, message, requestId, serverTime } = json as Record<string, unknown>
  const integer =
    typeof code === "number"
      ? code
      : typeof code === "string" && /^-?\d{1,15}$/.test(code.trim())
        ? Number(code.trim())
        : Number.NaN
  if (!Number.isSafeInteger(integer)) return undefined
  const time = typeof serverTime === "string" && serverTime.trim() !== "" ? Number(serverTime) : serverTime
  return {
    code: integer === 0 ? 0 : integer, // -0 is 0
    message:
      typeof message === "string"
        ? message
        : typeof message === "number" || typeof message === "boolean"
          ? String(message)
          : "",
    serverTime: typeof time === "number" && Number.isFinite(time) ? time : undefined,
    requestId:
      typeof requestId === "string"
        ? requestId
        : typeof requestId === "number" && Number.isFinite(requestId)
          ? String(requestId)
          : undefined,
    data
  }
}

/** The most characters of a body an error keeps. @internal */
export const EXCERPT = 512

/**
 * The ways a character of a signature (base64: letters, digits, `+`, `/`, `=`) may stand in a text
 * that quotes it: as itself, JSON-escaped (`\/`, `\u002B`), URL-encoded (`%2B`) or as an HTML
 * character reference (`&#43;`, `&#x2B;`, `&sol;`). Letters match in any case (the regular
 * expression is case-insensitive).
 */
const forms = (char: string): string => {
  const hex = char.charCodeAt(0).toString(16).padStart(2, "0")
  const dec = String(char.charCodeAt(0))
  const named = char === "/" ? "|&sol;" : char === "+" ? "|&plus;" : char === "=" ? "|&equals;" : ""
  return `(?:\\${char}|\\\\\\${char}|\\\\u00${hex}|%${hex}|&#0*${dec};|&#x0*${hex};${named})`
}

/**
 * A function that replaces, in a text, every occurrence of the given secrets (signatures) in any of
 * the forms a proxy or service may quote them in (see `forms`) with `[redacted]`. With no secret,
 * the identity. @internal
 */
export const scrubberOf = (secrets: ReadonlyArray<string>): ((text: string) => string) => {
  const patterns = secrets
    .filter((secret) => secret.length >= 8)
    .map((secret) => [...secret].map((char) => (/[A-Za-z0-9]/.test(char) ? char : forms(char))).join(""))
  if (patterns.length === 0) return (text) => text
  const pattern = new RegExp(patterns.join("|"), "gi")
  return (text) => text.replace(pattern, "[redacted]")
}

/** A body's start, scrubbed first (so that a cut never leaves part of a secret behind). @internal */
export const excerpt = (text: string, scrub: (text: string) => string): string => {
  // Only the start is kept: scrubbing the whole of a large page would cost for nothing; a secret
  // that straddles the cut is caught by scrubbing a little more than is kept.
  const head = scrub(text.length > EXCERPT * 4 ? text.slice(0, EXCERPT * 4) : text)
  return head.length > EXCERPT || text.length > EXCERPT * 4 ? `${head.slice(0, EXCERPT)}…` : head
}

/** What an answer is, read: the envelope's `data` and its `requestId`, or the error it means. @internal */
export type Answer =
  | { readonly _tag: "Data"; readonly data: unknown; readonly requestId: string | undefined }
  | {
      readonly _tag: "Failure"
      readonly error: ApiError.HttpStatusError | ApiError.MalformedResponse | ApiError.ServiceError
      /** The service may have acted (an HTTP 5xx, a body that is not an envelope). */
      readonly mayHaveActed: boolean
    }

const failure = (
  error: ApiError.HttpStatusError | ApiError.MalformedResponse | ApiError.ServiceError,
  mayHaveActed: boolean
): Answer => ({ _tag: "Failure", error, mayHaveActed })

/**
 * Reads an answer: a status other than 2xx is an `HttpStatusError` (after which the service may
 * have acted when it is 5xx), a body that is not JSON or not an envelope a `MalformedResponse`
 * (the service may have acted), a code other than 200 the error of that code (it did not act), and
 * 200 the envelope's `data`. Every text kept (body excerpt, server message, requestId) is scrubbed
 * with `scrub`. @internal
 */
export const interpret = (path: string, status: number, text: string, scrub: (text: string) => string): Answer => {
  if (status < 200 || status >= 300) {
    return failure(new ApiError.HttpStatusError({ path, status, bodyExcerpt: excerpt(text, scrub) }), status >= 500)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return failure(
      new ApiError.MalformedResponse({ path, reason: "the body is not JSON", bodyExcerpt: excerpt(text, scrub) }),
      true
    )
  }
  const envelope = readEnvelope(json)
  if (envelope === undefined) {
    const reason =
      typeof json === "object" && json !== null && !Array.isArray(json)
        ? "the envelope has no integer code"
        : "the body is not a JSON object"
    return failure(new ApiError.MalformedResponse({ path, reason, bodyExcerpt: excerpt(text, scrub) }), true)
  }
  const { code, data, message, requestId, serverTime } = envelope
  if (code !== 200) {
    return failure(
      ApiError.fromEnvelope({
        path,
        code,
        serverMessage: scrub(message),
        requestId: requestId === undefined ? undefined : scrub(requestId),
        serverTime
      }),
      false
    )
  }
  // Not scrubbed here: the requestId of a success is kept only by a decoding failure, which scrubs it.
  return { _tag: "Data", data, requestId }
}

/** A failure after which the service may have acted. @internal */
export type LostAnswer =
  | ApiError.TransportError
  | ApiError.RequestTimeout
  | ApiError.HttpStatusError
  | ApiError.MalformedResponse
  | ApiError.ResponseTooLarge

/**
 * A failure after which the service may have acted, as the call reports it: as it is when the call
 * is safe to repeat (transient ones are retried), else as `OutcomeUnknown`, since repeating the
 * call could act twice. @internal
 */
export const answerLost = <E extends LostAnswer>(
  endpoint: { readonly operation: string; readonly path: string; readonly idempotent: boolean },
  failure: E
): E | ApiError.OutcomeUnknown =>
  endpoint.idempotent
    ? failure
    : new ApiError.OutcomeUnknown({
        path: endpoint.path,
        operation: endpoint.operation,
        after: failure._tag,
        // One line, however many lines the failure quoted (a proxy's HTML page, say).
        reason: failure.message.replace(/\s+/g, " ").slice(0, 300)
      })

/** Error codes of a connection that was never made: the request did not reach the service. */
const NEVER_CONNECTED = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ConnectionRefused"
])

/** The causes of a client failure, outermost first (where runtimes put the system error). */
const causesOf = function* (error: HttpClientError.HttpClientError): Generator<unknown> {
  let cause: unknown = error.cause
  for (let depth = 0; depth < 5 && typeof cause === "object" && cause !== null; depth++) {
    yield cause
    cause = (cause as { cause?: unknown }).cause
  }
}

/**
 * Whether a client failure proves that nothing reached the service: the request could not be
 * built, the connection was refused or its host unknown, or the runtime did not permit connecting.
 * @internal
 */
export const neverSent = (error: HttpClientError.HttpClientError): boolean => {
  if (error._tag === "RequestError" && error.reason !== "Transport") return true
  for (const cause of causesOf(error)) {
    const { code, message, name } = cause as { code?: unknown; message?: unknown; name?: unknown }
    if (typeof code === "string" && NEVER_CONNECTED.has(code)) return true
    // Deno refused the client a permission it needs to connect (network, or the root certificates).
    if (name === "NotCapable" || name === "PermissionDenied") return true
    if (typeof message === "string" && /ECONNREFUSED|ENOTFOUND|connection refused/i.test(message)) return true
  }
  return false
}

/**
 * The answer's size limit a client failure reports (`AnswerTooLarge` along its causes), if any.
 * @internal
 */
export const tooLargeOf = (error: HttpClientError.HttpClientError): AnswerTooLarge | undefined => {
  for (const cause of causesOf(error)) if (cause instanceof AnswerTooLarge) return cause
  return undefined
}

/**
 * Thrown (or failed with) by a client reading an answer past the limit: the transport reports it
 * as `ResponseTooLarge`. @internal
 */
export class AnswerTooLarge extends Error {
  constructor(
    readonly limitBytes: number,
    readonly declaredBytes: number | undefined
  ) {
    super(
      declaredBytes === undefined
        ? `the answer grew past ${limitBytes} bytes`
        : `the answer declares ${declaredBytes} bytes, more than ${limitBytes}`
    )
    this.name = "AnswerTooLarge"
  }
}

/** What a client failure says, in one line, scrubbed. @internal */
export const transportReason = (error: HttpClientError.HttpClientError, scrub: (text: string) => string): string => {
  const cause = error.cause
  const detail =
    cause instanceof Error ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ""}` : ""
  return scrub(`${error.reason}${detail === "" ? "" : `: ${detail}`}`)
}

/**
 * Whether the service refused a request before acting on it, so that sending it once more, with a
 * fresh nonce and timestamp, is safe on any endpoint: the codes the table marks `resent`, a 610
 * only when it says the service's time (to move the clock to). @internal
 */
export const refusedBeforeActing = (
  error: ApiError.ApiError
): error is ApiError.IllegalProtocol | (ApiError.SignatureExpired & { readonly serverTime: number }) =>
  "code" in error &&
  ApiError.serviceCodeOf(error.code)?.resent === true &&
  (error._tag !== "SignatureExpired" || error.serverTime !== undefined)

/** What a failure is reported as, on spans and metrics: the service code, or the error's tag. @internal */
export const codeOf = (error: ApiError.ApiError): number | string => ("code" in error ? error.code : error._tag)
