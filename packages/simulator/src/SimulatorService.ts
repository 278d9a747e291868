/**
 * The simulator as a service: a local stand-in for the Renderbus service, as strict as the
 * protocol (docs/protocol.md): it checks the headers, the timestamp window, the HMAC signature
 * (over the raw body text, exactly as the service verifies the official Python client) and replays
 * (see `Simulator.ReplayCheck`), validates every request body against the endpoint's schema, and
 * keeps accounts and tasks in memory (the models are in `Simulator`).
 *
 * Errors are answered as the service does: HTTP 200 with an envelope whose `code` is not 200
 * (docs/protocol.md 1.8). All time comes from Effect's `Clock` (tests can drive it with
 * `TestClock`), and every id is derived from the seed. Faults (`SimulatorFault`) are injected
 * around the request pipeline, not inside it.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Chunk, Context, Effect, Layer, Ref, Stream } from "effect"
import { advanceFarm } from "./internal/farm.ts"
import { makeFaultInjector } from "./internal/faults.ts"
import { type Deps, makeHandle, serverTime } from "./internal/pipeline.ts"
import { initialState } from "./internal/state.ts"
import { ReplayStore } from "./internal/verify.ts"
import { type Options, type ResolvedOptions, resolveOptions, type SimTask } from "./Simulator.ts"
import type { Fault, FaultKind } from "./SimulatorFault.ts"

/**
 * A request as the simulator sees it, whatever the transport.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimRequest {
  readonly method: string
  /**
   * The `Host` header (host and optional port): the domain of the string to sign
   * (docs/protocol.md 1.1).
   */
  readonly host: string
  readonly path: string
  /** Header names lower-cased (lookups are case-insensitive anyway). */
  readonly headers: Readonly<Record<string, string>>
  readonly bodyText: string
}

/**
 * A response: HTTP 200 with a JSON envelope (docs/protocol.md 1.7, 1.8), unless an injected
 * {@link SimulatorFault.Fault} says otherwise.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /**
   * A directive to the transport from an injected fault: `"reset"` drops the connection without
   * answering, `"hang"` never answers (the connection stays open), `"truncate"` sends the status,
   * the headers with the full `content-length` and the first half of the body's bytes, then drops
   * the connection. Absent: answer normally. `SimulatorServer.serve` and {@link httpClient} honour it.
   */
  readonly transport?: "reset" | "hang" | "truncate"
}

/**
 * One request the simulator received, with the envelope code it answered.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedCall {
  /** The request path, without a query string. */
  readonly path: string
  /** The `accessId` header, if there was one. */
  readonly accessId: string | undefined
  /**
   * The envelope code answered; for an injected fault's HTML page, its HTTP status; for a request
   * a fault let the service process, the code of that processing (even if the answer was lost or
   * mangled); `0` for a `reset` or `hang` that was not processed.
   */
  readonly code: number
  /** The HTTP status, when it was not 200 (only an injected fault answers another). */
  readonly httpStatus?: number
  /** The kind of the injected fault that took this request, if one did. */
  readonly fault?: FaultKind
  /**
   * `true` on the second delivery of a `duplicate` fault (not a request the client sent): count
   * the client's attempts as the calls without it.
   */
  readonly redelivered?: true
  /** The raw body (only the first KiB of a body over the size limit). */
  readonly bodyText: string
}

/**
 * A running simulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Answers one request. Never fails and never dies, whatever the input. */
  readonly handle: (request: SimRequest) => Effect.Effect<SimResponse>
  /** Every request received, oldest first (for tests: "nothing was sent"). */
  readonly calls: Effect.Effect<ReadonlyArray<RecordedCall>>
  /** The tasks of an account, reserved ones and layer children included, by ascending id, as of the Clock's time. */
  readonly tasks: (accessId: string) => Effect.Effect<ReadonlyArray<SimTask>>
  /** The task JSON files uploaded for a task (`taskJsonFile`), by file name, as the JSON text received. */
  readonly taskFiles: (accessId: string, taskId: number) => Effect.Effect<Readonly<Record<string, string>>>
  /**
   * Makes the next `fault.times` matching requests fail as {@link SimulatorFault.Fault} says. Dies when the
   * fault is malformed (a path without a leading `/`, an unknown kind, code 200, a status outside
   * 200..599, `times` below 1, a negative `skip` or `delayMillis`, a `probability` outside
   * (0, 1], a seed that is not an integer).
   */
  readonly injectFault: (fault: Fault) => Effect.Effect<void>
  /**
   * The injected faults still pending, oldest first, each with the requests it has left as
   * `times` (and, while it has some, the requests it still lets through as `skip`).
   */
  readonly faults: Effect.Effect<ReadonlyArray<Fault>>
  /** Removes every pending fault. */
  readonly clearFaults: Effect.Effect<void>
  /**
   * Sets how far the server clock runs ahead of Effect's `Clock`, in milliseconds (negative:
   * behind), from the next request on; e.g. beyond the timestamp window to make the next
   * requests answer 610. Replaces `clockOffsetMillis` of the options.
   */
  readonly setClockOffset: (millis: number) => Effect.Effect<void>
  /** The current server clock offset, in milliseconds (see {@link Service.setClockOffset}). */
  readonly clockOffsetMillis: Effect.Effect<number>
  /** The options, defaults filled in (`clockOffsetMillis` is the initial offset). */
  readonly options: ResolvedOptions
}

/**
 * The running simulator as a service: what {@link layer} provides, for tests to reach the
 * simulator behind their client (its calls, tasks and faults).
 *
 * @since 0.1.0
 * @category tags
 */
export class SimulatorService extends Context.Tag("@rayvision/simulator/SimulatorService")<
  SimulatorService,
  Service
>() {}

/**
 * Creates a simulator with fresh state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options?: Options): Effect.Effect<Service> =>
  Effect.gen(function* () {
    const resolved = resolveOptions(options)
    const faults = yield* makeFaultInjector(resolved.faults, resolved.seed)
    const deps: Deps = {
      options: resolved,
      state: yield* Ref.make(initialState(resolved)),
      replays: new ReplayStore(resolved.replayCheck),
      calls: yield* Ref.make(Chunk.empty<RecordedCall>()),
      requestCount: yield* Ref.make(0),
      clockOffset: yield* Ref.make(resolved.clockOffsetMillis)
    }
    return {
      handle: makeHandle(deps, faults.around),
      calls: Effect.map(Ref.get(deps.calls), Chunk.toReadonlyArray),
      tasks: (accessId) =>
        Effect.flatMap(serverTime(deps), (now) =>
          Ref.modify(deps.state, (before) => {
            // The farm is brought up to the Clock's time first, as a request would.
            const state = advanceFarm(before, now, resolved)
            const tasks = Array.from(state.tasks.values())
              .filter((t) => t.accessId === accessId)
              .sort((a, b) => a.id - b.id)
            return [tasks, state] as const
          })
        ),
      taskFiles: (accessId, taskId) =>
        Effect.map(Ref.get(deps.state), (state) => ({
          ...state.accounts.get(accessId)?.taskJsonFiles.get(taskId)
        })),
      injectFault: faults.inject,
      faults: faults.pending,
      clearFaults: faults.clear,
      setClockOffset: (millis) =>
        Number.isFinite(millis)
          ? Ref.set(deps.clockOffset, millis)
          : Effect.dieMessage(`Simulator clock offset ${millis}: must be a finite number`),
      clockOffsetMillis: Ref.get(deps.clockOffset),
      options: resolved
    }
  })

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** The body of a client request as text. */
const bodyText = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<string, HttpClientError.RequestError> => {
  const unsupported = (what: string) =>
    Effect.fail(
      new HttpClientError.RequestError({
        request,
        reason: "Encode",
        description: `the simulator cannot read a ${what} body`
      })
    )
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed("")
    case "Uint8Array":
      return Effect.succeed(decoder.decode(body.body))
    case "Raw":
      if (typeof body.body === "string") return Effect.succeed(body.body)
      if (body.body instanceof Uint8Array) return Effect.succeed(decoder.decode(body.body))
      return unsupported("raw non-text")
    case "Stream":
      return body.stream.pipe(
        Stream.runFold([] as Array<Uint8Array>, (chunks, chunk) => {
          chunks.push(chunk)
          return chunks
        }),
        Effect.map((chunks) => {
          const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
          let offset = 0
          for (const c of chunks) {
            all.set(c, offset)
            offset += c.length
          }
          return decoder.decode(all)
        }),
        Effect.mapError((cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause }))
      )
    case "FormData":
      return unsupported("form-data")
  }
}

/**
 * An in-process `HttpClient` answered by the simulator, without a socket. The request's host
 * (with port) is taken from its URL and used as the signing domain.
 *
 * It honours {@link SimResponse.transport}: `"reset"` fails with a `RequestError` of reason
 * `"Transport"` ("connection reset by the simulator"), `"hang"` never completes (interruptible),
 * `"truncate"` answers the status and headers (with the full `content-length`), then its body
 * gives the first half of the bytes and fails (as a connection dropped mid-body: reading it is a
 * `ResponseError`).
 *
 * @since 0.1.0
 * @category clients
 */
export const httpClient = (sim: Service): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const text = yield* bodyText(request)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
      const response = yield* sim.handle({
        method: request.method,
        host: url.host,
        path: url.pathname,
        headers,
        bodyText: text
      })
      switch (response.transport) {
        case "reset":
          return yield* Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              description: "connection reset by the simulator"
            })
          )
        case "hang":
          return yield* Effect.never
        case "truncate": {
          // As over a socket: the full content-length, half of the bytes, then the connection drops.
          const bytes = encoder.encode(response.body)
          const half = bytes.slice(0, Math.floor(bytes.length / 2))
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(half)
              controller.error(new Error("connection reset by the simulator: the answer was cut off"))
            }
          })
          return HttpClientResponse.fromWeb(
            request,
            new Response(body, {
              status: response.status,
              headers: { ...response.headers, "content-length": String(bytes.length) }
            })
          )
        }
        default:
          return HttpClientResponse.fromWeb(
            request,
            new Response(response.body, { status: response.status, headers: { ...response.headers } })
          )
      }
    })
  )

/**
 * A simulator and an in-process `HttpClient` bound to it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<SimulatorService | HttpClient.HttpClient> =>
  Layer.effectContext(
    Effect.map(make(options), (sim) =>
      Context.make(SimulatorService, sim).pipe(Context.add(HttpClient.HttpClient, httpClient(sim)))
    )
  )
