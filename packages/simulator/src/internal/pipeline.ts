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
 * Each request becomes an {@link Exchange}, which a wrapper answers: {@link answer} runs the
 * pipeline once and records the call; the fault injection (`faults.ts`) may answer otherwise.
 *
 * @internal
 */
import { Cause, Chunk, Clock, Effect, Either, Ref } from "effect"
import type { ResolvedOptions } from "../Simulator.ts"
import type { RecordedCall, SimRequest, SimResponse } from "../SimulatorService.ts"
import { fail, messageOf, serviceError, type ServiceError, SUCCESS } from "./codes.ts"
import { byPath } from "./endpoints/index.ts"
import { advanceFarm } from "./farm.ts"
import { isObject } from "./json.ts"
import { token } from "./random.ts"
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
  /** How far the server clock runs ahead of Effect's `Clock`, ms (`setClockOffset`). */
  readonly clockOffset: Ref.Ref<number>
}

/** The envelope's `data`, or the error the envelope carries. @internal */
export type Result = Either.Either<unknown, ServiceError>

/** What a wrapper adds to the record of a call. @internal */
export type CallNote = Pick<RecordedCall, "fault" | "redelivered">

/**
 * One request on its way through the pipeline: the path, server time and request id of its
 * answer, and the steps a wrapper runs, repeats or skips. @internal
 */
export interface Exchange {
  readonly path: string
  /** Server time of the request, epoch ms. */
  readonly now: number
  readonly requestId: string
  /** The checks and the endpoint; each run is one delivery of the request. Never fails. */
  readonly process: Effect.Effect<Result>
  /** Records the call with the code it answered and its HTTP status. */
  readonly record: (code: number, httpStatus: number, note?: CallNote) => Effect.Effect<void>
}

/** The server clock: Effect's `Clock` plus the offset. @internal */
export const serverTime = (deps: Deps): Effect.Effect<number> =>
  Effect.zipWith(Clock.currentTimeMillis, Ref.get(deps.clockOffset), (clock, offset) => clock + offset)

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

/** The path without a query string or fragment (the service uses neither, docs/protocol.md 1.6). */
const pathOf = (raw: string): string => {
  const cut = raw.search(/[?#]/)
  return cut === -1 ? raw : raw.slice(0, cut)
}

/** How much of an oversized body a call record keeps. */
const RECORDED_PREFIX = 1024

/** Runs the checks and the handler; the result is the envelope's `data` or the error. */
const process = (deps: Deps, request: SimRequest, path: string, now: number): Effect.Effect<Result> =>
  Effect.gen(function* () {
    const { options } = deps
    if (utf8Length(request.bodyText) > options.maxBodyBytes) {
      return fail("ParameterInvalid", `body is larger than ${options.maxBodyBytes} bytes`)
    }
    if (request.method.toUpperCase() !== "POST") {
      return fail("IllegalProtocol", `method ${request.method} is not allowed, use POST`)
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
    if (!isObject(body)) return fail("ParameterInvalid", "body must be a JSON object")
    const endpoint = byPath.get(path)
    if (endpoint === undefined) return fail("ResourceNotFound", `no endpoint at ${path}`)
    return yield* Ref.modify(deps.state, (state) => {
      const outcome = endpoint.run({ accessId, headers, now, options }, body, advanceFarm(state, now, options))
      return [outcome.result, outcome.state] as const
    })
  })

/** An unexpected defect as `500 internal_error`, with the first line of its cause. */
const defect = (cause: Cause.Cause<unknown>): Result =>
  Either.left(serviceError("InternalError", Cause.pretty(cause).split("\n")[0] ?? ""))

/** The envelope code of a result. @internal */
export const resultCode = (result: Result): number => (Either.isRight(result) ? SUCCESS : result.left.code)

/**
 * The JSON envelope of a result (docs/protocol.md 1.7); `message` replaces the code's name on
 * an error. @internal
 */
export const envelope = (result: Result, serverTime: number, requestId: string, message?: string): string =>
  JSON.stringify(
    Either.match(result, {
      onRight: (data) => ({
        version: "1.0.0",
        result: true,
        message: "success",
        code: SUCCESS,
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

/** The headers of an envelope. @internal */
export const JSON_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json;charset=UTF-8" }

/** The envelope of a result as the answer to an exchange. @internal */
export const respond = (exchange: Exchange, result: Result): SimResponse => ({
  status: 200,
  headers: JSON_HEADERS,
  body: envelope(result, exchange.now, exchange.requestId)
})

/** The plain answer to an exchange: the pipeline runs once, the call is recorded. @internal */
export const answer = (exchange: Exchange): Effect.Effect<SimResponse> =>
  Effect.flatMap(exchange.process, (result) =>
    Effect.as(exchange.record(resultCode(result), 200), respond(exchange, result))
  )

/** The exchange of a request. */
const exchangeOf = (deps: Deps, request: SimRequest): Effect.Effect<Exchange> =>
  Effect.gen(function* () {
    const now = yield* serverTime(deps)
    const n = yield* Ref.getAndUpdate(deps.requestCount, (k) => k + 1)
    const path = pathOf(String(request.path))
    const bodyText = String(request.bodyText)
    const { maxBodyBytes, maxRecordedCalls } = deps.options
    return {
      path,
      now,
      requestId: `${token(6, deps.options.seed, "requestId", n)}-${now}`,
      process: process(deps, request, path, now).pipe(Effect.catchAllCause((cause) => Effect.succeed(defect(cause)))),
      record: (code, httpStatus, note = {}) => {
        const call: RecordedCall = {
          path,
          accessId: headerLookup(request.headers ?? {})("accessId"),
          code,
          bodyText: bodyText.length > maxBodyBytes ? bodyText.slice(0, RECORDED_PREFIX) : bodyText,
          ...(httpStatus === 200 ? {} : { httpStatus }),
          ...note
        }
        return Ref.update(deps.calls, (calls) => {
          const next = Chunk.append(calls, call)
          return Chunk.size(next) > maxRecordedCalls ? Chunk.drop(next, Chunk.size(next) - maxRecordedCalls) : next
        })
      }
    }
  })

/**
 * Builds the simulator's `handle`: each request becomes an exchange that `around` answers
 * ({@link answer}, or a wrapper of it). @internal
 */
export const makeHandle =
  (deps: Deps, around: (exchange: Exchange) => Effect.Effect<SimResponse>) =>
  (request: SimRequest): Effect.Effect<SimResponse> =>
    Effect.flatMap(exchangeOf(deps, request), around).pipe(
      // Last resort: even a defect while building the envelope (or recording) answers an envelope.
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.failCause(cause as Cause.Cause<never>)
          : Effect.flatMap(Clock.currentTimeMillis, (clock) =>
              Effect.map(Ref.get(deps.clockOffset), (offset) => ({
                status: 200,
                headers: JSON_HEADERS,
                body: envelope(defect(cause), clock + offset, `internal-${clock}`)
              }))
            )
      )
    )
