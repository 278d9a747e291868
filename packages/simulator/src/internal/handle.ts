/**
 * The request pipeline, then the response envelope (docs/protocol.md 1.7) and the call record.
 * Every answer is HTTP 200 with an envelope (docs/protocol.md 1.8); the first failing step decides
 * the code:
 *
 * 1. a body over `maxBodyBytes` (UTF-8): `600 parameter_invalid`;
 * 2. a method other than POST (the only method of the API, docs/protocol.md 1.6):
 *    `603 illegal_protocol`;
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
 * Before all of this, the injected faults (`Simulator.injectFault`) are consulted: the one that
 * takes the request decides what happens instead (see `Fault` in Simulator.ts): an error answer
 * without processing, processing then latency, a lost answer (`reset`, `hang`, `truncate`: a
 * directive to the transport in `SimResponse.transport`), a body that is not JSON, data of the
 * wrong shape, or a second delivery of the same request.
 *
 * @internal
 */
import { Cause, Chunk, Clock, Effect, Either, Ref } from "effect"
import type { Fault, FaultKind, RecordedCall, ResolvedOptions, SimRequest, SimResponse } from "../Simulator.ts"
import { Code, messageOf, type ServiceError } from "./codes.ts"
import { byPath } from "./endpoints/index.ts"
import { advanceFarm } from "./farm.ts"
import { isObject } from "./json.ts"
import { hash, token } from "./random.ts"
import type { State } from "./state.ts"
import { headerLookup, type ReplayStore, verify } from "./verify.ts"

/** The refs the pipeline works on. @internal */
export interface Deps {
  readonly options: ResolvedOptions
  readonly state: Ref.Ref<State>
  /** The requests the replay check remembers (`603`). */
  readonly replays: ReplayStore
  readonly calls: Ref.Ref<Chunk.Chunk<RecordedCall>>
  readonly requestCount: Ref.Ref<number>
  /** Injected faults still pending, oldest first, each with the requests it has left to answer. */
  readonly faults: Ref.Ref<ReadonlyArray<PendingFault>>
  /** How far the server clock runs ahead of Effect's `Clock`, ms (`Simulator.setClockOffset`). */
  readonly clockOffset: Ref.Ref<number>
}

/** An injected fault, the requests it has left to affect and to let through, and its PRNG draws so far. @internal */
export interface PendingFault {
  readonly fault: Fault
  readonly left: number
  readonly skip: number
  readonly draws: number
}

/** Every fault kind. @internal */
export const FAULT_KINDS: ReadonlyArray<FaultKind> = [
  "error",
  "delay",
  "reset",
  "hang",
  "truncate",
  "notJson",
  "wrongShape",
  "duplicate"
]

/** Why an injected fault is refused, or undefined when it is well formed. @internal */
export const faultProblem = (fault: Fault): string | undefined => {
  if (typeof fault !== "object" || fault === null) return "a fault must be an object"
  if (fault.path !== undefined && (typeof fault.path !== "string" || !fault.path.startsWith("/")))
    return "path must be an endpoint path starting with /"
  if (fault.kind !== undefined && !FAULT_KINDS.includes(fault.kind))
    return `kind must be one of ${FAULT_KINDS.join(", ")}`
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
  const skip = fault.skip ?? 0
  if (!(Number.isInteger(skip) && skip >= 0)) return "skip must be a whole number, at least 0"
  const delay = fault.delayMillis ?? 0
  if (!(Number.isFinite(delay) && delay >= 0)) return "delayMillis must be a finite number, at least 0"
  const p = fault.probability ?? 1
  if (!(typeof p === "number" && p > 0 && p <= 1)) return "probability must be above 0 and at most 1"
  if (fault.seed !== undefined && !Number.isInteger(fault.seed)) return "seed must be an integer"
  if (fault.acted !== undefined && typeof fault.acted !== "boolean") return "acted must be a boolean"
  return undefined
}

/** A pending fault for a well-formed fault (see {@link faultProblem}). @internal */
export const pendingFault = (fault: Fault): PendingFault => ({
  fault,
  left: fault.times ?? 1,
  skip: fault.skip ?? 0,
  draws: 0
})

/**
 * Finds the fault that affects a request to `path`, if any. Matching faults (same path, or no
 * path) are consulted oldest first: one with requests left to skip lets this one through (and
 * counts it), one with a probability draws from its PRNG (a pure function of its seed, its path,
 * its kind and the number of draws so far) and lets the request through when the draw misses;
 * otherwise it takes the request, and later faults are not consulted. @internal
 */
export const takeFault = (
  faults: ReadonlyArray<PendingFault>,
  path: string,
  defaultSeed: number
): readonly [Fault | undefined, ReadonlyArray<PendingFault>] => {
  let taken: Fault | undefined
  const next: Array<PendingFault> = []
  for (const pending of faults) {
    const { fault } = pending
    if (taken !== undefined || (fault.path !== undefined && fault.path !== path)) {
      next.push(pending)
      continue
    }
    if (pending.skip > 0) {
      next.push({ ...pending, skip: pending.skip - 1 })
      continue
    }
    let current = pending
    const p = fault.probability ?? 1
    if (p < 1) {
      const draw = hash(fault.seed ?? defaultSeed, "fault", fault.path ?? "*", fault.kind ?? "error", pending.draws)
      current = { ...pending, draws: pending.draws + 1 }
      if (draw / 0x100000000 >= p) {
        next.push(current)
        continue
      }
    }
    taken = fault
    if (current.left > 1) next.push({ ...current, left: current.left - 1 })
  }
  return [taken, next]
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

/**
 * The path without a query string or fragment (the service uses neither, docs/protocol.md 1.6).
 * @internal
 */
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
      replays: deps.replays
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

/** The JSON envelope of a result (docs/protocol.md 1.7). @internal */
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

/** What a `notJson` fault answers: HTTP 200, a JSON content type, and a body that is not JSON. @internal */
const NOT_JSON = "<html><body>Service temporarily redirected</body></html>\r\n"

/** A value of another JSON type than `value` (for `wrongShape`). @internal */
const otherType = (value: unknown): unknown => {
  if (typeof value === "number") return String(value)
  if (typeof value === "string") return value.length
  if (typeof value === "boolean") return String(value)
  if (value === null) return 0
  if (Array.isArray(value)) return { wrongShape: value.length }
  return ["wrongShape"]
}

/**
 * `data` with the wrong shape: an object keeps its keys but every value gets another JSON type
 * (an empty object becomes a string); anything else becomes a string or a number. @internal
 */
export const wrongShape = (data: unknown): unknown => {
  if (typeof data === "object" && data !== null && !Array.isArray(data)) {
    const entries = Object.entries(data)
    if (entries.length === 0) return "wrongShape"
    return Object.fromEntries(entries.map(([key, value]) => [key, otherType(value)]))
  }
  if (typeof data === "string") return 42
  return "wrongShape"
}

/** Builds the simulator's `handle`. @internal */
export const makeHandle =
  (deps: Deps) =>
  (request: SimRequest): Effect.Effect<SimResponse> =>
    Effect.gen(function* () {
      const now = (yield* Clock.currentTimeMillis) + (yield* Ref.get(deps.clockOffset))
      const n = yield* Ref.getAndUpdate(deps.requestCount, (k) => k + 1)
      const requestId = `${token(6, deps.options.seed, "requestId", n)}-${now}`
      const path = pathOf(String(request.path))
      const bodyText = String(request.bodyText)
      const record = (
        code: number,
        httpStatus: number,
        extra: { readonly fault?: FaultKind; readonly redelivered?: true } = {}
      ) => {
        const call: RecordedCall = {
          path,
          accessId: headerLookup(request.headers ?? {})("accessId"),
          code,
          bodyText: bodyText.length > deps.options.maxBodyBytes ? bodyText.slice(0, RECORDED_PREFIX) : bodyText,
          ...(httpStatus === 200 ? {} : { httpStatus }),
          ...extra
        }
        const max = deps.options.maxRecordedCalls
        return Ref.update(deps.calls, (calls) => {
          const next = Chunk.append(calls, call)
          return Chunk.size(next) > max ? Chunk.drop(next, Chunk.size(next) - max) : next
        })
      }
      const run = process(deps, request, path, now).pipe(
        Effect.catchAllCause((cause) =>
          Effect.succeed(
            Either.left<ServiceError>({ code: Code.INTERNAL_ERROR, detail: Cause.pretty(cause).split("\n")[0] ?? "" })
          )
        )
      )
      const codeOf = (result: Either.Either<unknown, ServiceError>) =>
        Either.isRight(result) ? Code.SUCCESS : result.left.code
      const answer = (result: Either.Either<unknown, ServiceError>): SimResponse => ({
        status: 200,
        headers: RESPONSE_HEADERS,
        body: envelope(result, now, requestId)
      })

      const fault = yield* Ref.modify(deps.faults, (faults) => takeFault(faults, path, deps.options.seed))
      if (fault === undefined) {
        const result = yield* run
        yield* record(codeOf(result), 200)
        return answer(result)
      }

      const kind = fault.kind ?? "error"
      const delay = fault.delayMillis ?? 0
      const latency = delay > 0 ? Effect.sleep(delay) : Effect.void
      // The fault's own answer, when the request is not processed.
      const refused = () => {
        const response = faultResponse(fault, now, requestId)
        const code = fault.code ?? (fault.httpStatus === undefined ? Code.INTERNAL_ERROR : fault.httpStatus)
        return { response, code }
      }
      switch (kind) {
        case "error": {
          const { code, response } = refused()
          yield* record(code, response.status, { fault: kind })
          yield* latency
          return response
        }
        case "notJson": {
          yield* record(200, 200, { fault: kind })
          yield* latency
          return { status: 200, headers: RESPONSE_HEADERS, body: NOT_JSON }
        }
        case "delay": {
          const result = yield* run
          yield* record(codeOf(result), 200, { fault: kind })
          yield* latency
          return answer(result)
        }
        case "wrongShape": {
          const result = yield* run
          yield* record(codeOf(result), 200, { fault: kind })
          yield* latency
          return answer(Either.right(wrongShape(Either.getOrNull(result))))
        }
        case "duplicate": {
          const first = yield* run
          yield* record(codeOf(first), 200, { fault: kind })
          // The same request delivered again, as a proxy resending it: the replay check refuses it.
          const second = yield* run
          yield* record(codeOf(second), 200, { fault: kind, redelivered: true })
          yield* latency
          return answer(first)
        }
        case "reset":
        case "hang":
        case "truncate": {
          const acted = fault.acted ?? kind === "truncate"
          let response: SimResponse
          if (acted) {
            const result = yield* run
            yield* record(codeOf(result), 200, { fault: kind })
            response = answer(result)
          } else if (kind === "truncate") {
            const refusal = refused()
            yield* record(refusal.code, refusal.response.status, { fault: kind })
            response = refusal.response
          } else {
            yield* record(0, 200, { fault: kind })
            response = { status: 200, headers: {}, body: "" }
          }
          yield* latency
          return { ...response, transport: kind }
        }
      }
    }).pipe(
      // Last resort: even a defect while building the envelope (or recording) answers an envelope.
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.failCause(cause as Cause.Cause<never>)
          : Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.map(Ref.get(deps.clockOffset), (offset) => ({
                status: 200,
                headers: RESPONSE_HEADERS,
                body: envelope(
                  Either.left({ code: Code.INTERNAL_ERROR, detail: Cause.pretty(cause).split("\n")[0] ?? "" }),
                  now + offset,
                  `internal-${now}`
                )
              }))
            )
      )
    )
