/**
 * Fault injection (`SimulatorFault`), a wrapper around the request pipeline (`pipeline.ts`): the
 * injected faults are consulted for each exchange, and the one that takes it decides what happens
 * instead of the plain answer: an error answer without processing, processing then latency, a
 * lost answer (`reset`, `hang`, `truncate`: a directive to the transport in
 * `SimResponse.transport`), a body that is not JSON, data of the wrong shape, or a second
 * delivery of the same request.
 *
 * @internal
 */
import { Effect, Either, Ref } from "effect"
import type { Fault, FaultKind } from "../SimulatorFault.ts"
import type { SimResponse } from "../SimulatorService.ts"
import { codeOf, serviceError } from "./codes.ts"
import { answer, type Exchange, envelope, JSON_HEADERS, respond, resultCode } from "./pipeline.ts"
import { hash } from "./random.ts"

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

/** The pending fault of a fault; dies when it is malformed (see {@link faultProblem}). */
const pendingFault = (fault: Fault): Effect.Effect<PendingFault> => {
  const problem = faultProblem(fault)
  return problem === undefined
    ? Effect.succeed({ fault, left: fault.times ?? 1, skip: fault.skip ?? 0, draws: 0 })
    : Effect.dieMessage(`Simulator fault ${JSON.stringify(fault)}: ${problem}`)
}

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

/** The HTML error page a front proxy answers with (nginx's shape). */
const htmlPage = (status: number): string => {
  const title = `${status} ${REASONS[status] ?? "Error"}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}

/** What a `notJson` fault answers: HTTP 200, a JSON content type, and a body that is not JSON. */
const NOT_JSON = "<html><body>Service temporarily redirected</body></html>\r\n"

/** A value of another JSON type than `value` (for `wrongShape`). */
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

/** How a fault answers the exchange it took (see `FaultKind`), latency included. */
const takeOver = (fault: Fault, exchange: Exchange): Effect.Effect<SimResponse> => {
  const kind = fault.kind ?? "error"
  const note = { fault: kind }
  // The request delivered to the pipeline, and recorded.
  const processed = Effect.tap(exchange.process, (result) => exchange.record(resultCode(result), 200, note))
  // The fault's own answer, without processing: its code's envelope, or an HTML page.
  const refused = Effect.suspend(() => {
    const status = fault.httpStatus ?? 200
    const htmlOnly = fault.code === undefined && fault.httpStatus !== undefined
    const error = fault.code === undefined ? serviceError("InternalError") : { code: fault.code }
    const response: SimResponse = htmlOnly
      ? { status, headers: { "content-type": "text/html" }, body: htmlPage(status) }
      : {
          status,
          headers: JSON_HEADERS,
          body: envelope(Either.left(error), exchange.now, exchange.requestId, fault.message)
        }
    const code = fault.code ?? (fault.httpStatus === undefined ? codeOf("InternalError") : fault.httpStatus)
    return Effect.as(exchange.record(code, status, note), response)
  })
  const answered = (): Effect.Effect<SimResponse> => {
    switch (kind) {
      case "error":
        return refused
      case "notJson":
        return Effect.as(exchange.record(200, 200, note), { status: 200, headers: JSON_HEADERS, body: NOT_JSON })
      case "delay":
        return Effect.map(processed, (result) => respond(exchange, result))
      case "wrongShape":
        return Effect.map(processed, (result) => respond(exchange, Either.right(wrongShape(Either.getOrNull(result)))))
      case "duplicate": {
        // The same request delivered again, as a proxy resending it: the replay check refuses it.
        const again = Effect.tap(exchange.process, (result) =>
          exchange.record(resultCode(result), 200, { ...note, redelivered: true })
        )
        return Effect.map(Effect.zipLeft(processed, again), (first) => respond(exchange, first))
      }
      case "reset":
      case "hang":
      case "truncate": {
        const acted = fault.acted ?? kind === "truncate"
        const lost = acted
          ? Effect.map(processed, (result) => respond(exchange, result))
          : kind === "truncate"
            ? refused
            : Effect.as(exchange.record(0, 200, note), { status: 200, headers: {}, body: "" })
        return Effect.map(lost, (response) => ({ ...response, transport: kind }))
      }
    }
  }
  const delay = fault.delayMillis ?? 0
  return Effect.zipLeft(answered(), delay > 0 ? Effect.sleep(delay) : Effect.void)
}

/** The injected faults of a simulator and the wrapper that applies them. @internal */
export interface FaultInjector {
  /** Appends a fault; dies when it is malformed. */
  readonly inject: (fault: Fault) => Effect.Effect<void>
  /** The faults still pending, as the service's `faults` shows them. */
  readonly pending: Effect.Effect<ReadonlyArray<Fault>>
  readonly clear: Effect.Effect<void>
  /** Answers an exchange: as the fault that takes it says, or the pipeline's plain answer. */
  readonly around: (exchange: Exchange) => Effect.Effect<SimResponse>
}

/** A fault injector with `initial` pending (dies when one is malformed). @internal */
export const makeFaultInjector = (initial: ReadonlyArray<Fault>, seed: number): Effect.Effect<FaultInjector> =>
  Effect.gen(function* () {
    const faults = yield* Ref.make<ReadonlyArray<PendingFault>>(yield* Effect.forEach(initial, pendingFault))
    return {
      inject: (fault) =>
        Effect.flatMap(pendingFault(fault), (pending) => Ref.update(faults, (all) => [...all, pending])),
      pending: Effect.map(Ref.get(faults), (all) =>
        all.map((f) => ({ ...f.fault, times: f.left, ...(f.skip > 0 ? { skip: f.skip } : {}) }))
      ),
      clear: Ref.set(faults, []),
      around: (exchange) =>
        Effect.flatMap(
          Ref.modify(faults, (all) => takeFault(all, exchange.path, seed)),
          (fault) => (fault === undefined ? answer(exchange) : takeOver(fault, exchange))
        )
    }
  })
