/**
 * The request pipeline, then the response envelope (spec 1.7) and the call record. Every answer
 * is HTTP 200 with an envelope (spec 1.8); the first failing step decides the code:
 *
 * 1. a body over `maxBodyBytes` (UTF-8): `600 parameter_invalid`;
 * 2. a method other than POST (the only method of the API, spec 1.6): `603 illegal_protocol`;
 * 3. authentication (`verify.ts`): `601`, `602`, `610`, `600` (body not JSON), `611`, `603`;
 * 4. a JSON body that is not an object: `600`;
 * 5. routing: an unknown path answers `404 resource_not_found`. It comes after authentication,
 *    so a request signed for one path and sent to another is a `611`, not a `404`;
 * 6. the farm is brought up to the request's time (`farm.ts`), then the endpoint's validator
 *    (`600`/`601`) and handler (`endpoints/`) run on it.
 *
 * Total: every input, however malformed, gets an envelope; an unexpected defect becomes
 * `500 internal_error`.
 *
 * Before all of this, an injected fault (`Simulator.injectFault`) for the request's path answers
 * instead: its envelope code, or its HTTP status with an HTML page, and nothing is processed.
 *
 * @internal
 */
import { Cause, Chunk, Clock, Effect, Either, Ref } from "effect"
import type { Fault, RecordedCall, ResolvedOptions, SimRequest, SimResponse } from "../Simulator.ts"
import { Code, messageOf, type ServiceError } from "./codes.ts"
import { byPath } from "./endpoints/index.ts"
import { advanceFarm } from "./farm.ts"
import { isObject } from "./json.ts"
import { token } from "./random.ts"
import type { State } from "./state.ts"
import { headerLookup, type NonceStore, verify } from "./verify.ts"

/** The refs the pipeline works on. @internal */
export interface Deps {
  readonly options: ResolvedOptions
  readonly state: Ref.Ref<State>
  readonly nonces: NonceStore
  readonly calls: Ref.Ref<Chunk.Chunk<RecordedCall>>
  readonly requestCount: Ref.Ref<number>
  /** Injected faults still pending, oldest first, each with the requests it has left to answer. */
  readonly faults: Ref.Ref<ReadonlyArray<PendingFault>>
}

/** An injected fault and the requests it has left to answer. @internal */
export interface PendingFault {
  readonly fault: Fault
  readonly left: number
}

/** Why an injected fault is refused, or undefined when it is well formed. @internal */
export const faultProblem = (fault: Fault): string | undefined => {
  if (typeof fault.path !== "string" || !fault.path.startsWith("/"))
    return "path must be an endpoint path starting with /"
  if (fault.code !== undefined && (!Number.isInteger(fault.code) || fault.code === 200))
    return "code must be an integer other than 200"
  if (
    fault.httpStatus !== undefined &&
    (!Number.isInteger(fault.httpStatus) || fault.httpStatus < 200 || fault.httpStatus > 599)
  )
    return "httpStatus must be an integer from 200 to 599"
  const times = fault.times ?? 1
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1)))
    return "times must be a whole number, at least 1, or Infinity"
  return undefined
}

/** A pending fault for a well-formed fault (see {@link faultProblem}). @internal */
export const pendingFault = (fault: Fault): PendingFault => ({ fault, left: fault.times ?? 1 })

/** Takes the oldest pending fault for `path`, if any: it answers this request. @internal */
const takeFault = (
  faults: ReadonlyArray<PendingFault>,
  path: string
): readonly [Fault | undefined, ReadonlyArray<PendingFault>] => {
  const index = faults.findIndex((f) => f.fault.path === path)
  if (index === -1) return [undefined, faults]
  const taken = faults[index]!
  const rest =
    taken.left <= 1
      ? [...faults.slice(0, index), ...faults.slice(index + 1)]
      : faults.map((f, i) => (i === index ? { fault: f.fault, left: f.left - 1 } : f))
  return [taken.fault, rest]
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

/** The HTML error page a front proxy answers with (nginx's shape). @internal */
const htmlPage = (status: number): string => {
  const title = `${status} ${REASONS[status] ?? "Error"}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}

/** The UTF-8 length of a string, without encoding it. @internal */
export const utf8Length = (text: string): number => {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4
        i++
      } else n += 3
    } else n += 3
  }
  return n
}

/** The path without a query string or fragment (the service uses neither, spec 1.6). @internal */
const pathOf = (raw: string): string => {
  const cut = raw.search(/[?#]/)
  return cut === -1 ? raw : raw.slice(0, cut)
}

/** How much of an oversized body a call record keeps. @internal */
const RECORDED_PREFIX = 1024

/** Runs the checks and the handler; the result is the envelope's `data` or the error. @internal */
const process = (
  deps: Deps,
  request: SimRequest,
  path: string,
  now: number
): Effect.Effect<Either.Either<unknown, ServiceError>> =>
  Effect.gen(function* () {
    const { options } = deps
    if (utf8Length(request.bodyText) > options.maxBodyBytes) {
      return Either.left({ code: Code.PARAMETER_INVALID, detail: `body is larger than ${options.maxBodyBytes} bytes` })
    }
    if (request.method.toUpperCase() !== "POST") {
      return Either.left({ code: Code.ILLEGAL_PROTOCOL, detail: `method ${request.method} is not allowed, use POST` })
    }
    const accounts = (yield* Ref.get(deps.state)).accounts
    const auth = yield* verify({
      request: { ...request, path },
      keyOf: (accessId) => accounts.get(accessId)?.accessKey,
      nowMillis: now,
      windowSeconds: options.timestampWindowSeconds,
      nonces: deps.nonces
    })
    if (Either.isLeft(auth)) return auth
    const { accessId, body, headers } = auth.right
    if (!isObject(body)) return Either.left({ code: Code.PARAMETER_INVALID, detail: "body must be a JSON object" })
    const endpoint = byPath.get(path)
    if (endpoint === undefined) return Either.left({ code: Code.RESOURCE_NOT_FOUND, detail: `no endpoint at ${path}` })
    return yield* Ref.modify(deps.state, (state) => {
      const outcome = endpoint.run({ accessId, headers, now, options }, body, advanceFarm(state, now, options))
      return [outcome.result, outcome.state] as const
    })
  })

/** The JSON envelope of a result (spec 1.7). @internal */
const envelope = (
  result: Either.Either<unknown, ServiceError>,
  serverTime: number,
  requestId: string,
  message?: string
): string =>
  JSON.stringify(
    Either.match(result, {
      onRight: (data) => ({
        version: "1.0.0",
        result: true,
        message: "success",
        code: Code.SUCCESS,
        serverTime,
        data: data ?? null,
        requestId
      }),
      onLeft: (error) => ({
        version: "1.0.0",
        result: false,
        message: message ?? messageOf(error),
        code: error.code,
        serverTime,
        data: null,
        requestId
      })
    })
  )

const RESPONSE_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json;charset=UTF-8" }
const HTML_HEADERS: Readonly<Record<string, string>> = { "content-type": "text/html" }

/** The answer of an injected fault: its code's envelope, or an HTML page. @internal */
const faultResponse = (fault: Fault, now: number, requestId: string): SimResponse => {
  const status = fault.httpStatus ?? 200
  if (fault.code === undefined && fault.httpStatus !== undefined)
    return { status, headers: HTML_HEADERS, body: htmlPage(status) }
  const body = envelope(Either.left({ code: fault.code ?? Code.INTERNAL_ERROR }), now, requestId, fault.message)
  return { status, headers: RESPONSE_HEADERS, body }
}

/** Builds the simulator's `handle`. @internal */
export const makeHandle =
  (deps: Deps) =>
  (request: SimRequest): Effect.Effect<SimResponse> =>
    Effect.gen(function* () {
      const now = (yield* Clock.currentTimeMillis) + deps.options.clockOffsetMillis
      const n = yield* Ref.getAndUpdate(deps.requestCount, (k) => k + 1)
      const requestId = `${token(6, deps.options.seed, "requestId", n)}-${now}`
      const path = pathOf(String(request.path))
      const bodyText = String(request.bodyText)
      const record = (code: number, httpStatus: number) => {
        const call: RecordedCall = {
          path,
          accessId: headerLookup(request.headers ?? {})("accessId"),
          code,
          bodyText: bodyText.length > deps.options.maxBodyBytes ? bodyText.slice(0, RECORDED_PREFIX) : bodyText,
          ...(httpStatus === 200 ? {} : { httpStatus })
        }
        const max = deps.options.maxRecordedCalls
        return Ref.update(deps.calls, (calls) => {
          const next = Chunk.append(calls, call)
          return Chunk.size(next) > max ? Chunk.drop(next, Chunk.size(next) - max) : next
        })
      }

      const fault = yield* Ref.modify(deps.faults, (faults) => takeFault(faults, path))
      if (fault !== undefined) {
        const response = faultResponse(fault, now, requestId)
        yield* record(
          fault.code ?? (fault.httpStatus === undefined ? Code.INTERNAL_ERROR : fault.httpStatus),
          response.status
        )
        return response
      }

      const result = yield* process(deps, request, path, now).pipe(
        Effect.catchAllCause((cause) =>
          Effect.succeed(
            Either.left<ServiceError>({ code: Code.INTERNAL_ERROR, detail: Cause.pretty(cause).split("\n")[0] ?? "" })
          )
        )
      )
      yield* record(Either.isRight(result) ? Code.SUCCESS : result.left.code, 200)
      return { status: 200, headers: RESPONSE_HEADERS, body: envelope(result, now, requestId) }
    }).pipe(
      // Last resort: even a defect while building the envelope (or recording) answers an envelope.
      Effect.catchAllCause((cause) =>
        Effect.map(Clock.currentTimeMillis, (now) => ({
          status: 200,
          headers: RESPONSE_HEADERS,
          body: envelope(
            Either.left({ code: Code.INTERNAL_ERROR, detail: Cause.pretty(cause).split("\n")[0] ?? "" }),
            now + deps.options.clockOffsetMillis,
            `internal-${now}`
          )
        }))
      )
    )
