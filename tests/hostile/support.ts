/**
 * Support for the hostile-input tests: every endpoint of every core service (from the services'
 * `endpoints` tables, no hand list), a client whose `HttpClient` records each request and answers
 * with a chosen body, and generators of hostile JSON.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Simulator } from "@rayvision/simulator"
import {
  type Endpoint,
  HttpTransport,
  Signer,
  ProjectService,
  Rayvision,
  RenderEnvService,
  TaskService,
  TransferService,
  UserService
} from "@rayvision/core"
import {
  Arbitrary,
  Cause,
  Effect,
  Exit,
  FastCheck as fc,
  Layer,
  ManagedRuntime,
  Option,
  Redacted,
  Schema
} from "effect"

/** Any endpoint, with its types erased. */
export type AnyEndpoint = Endpoint.Endpoint<any, any, any, any>

/** Every endpoint of every service, from the services' `endpoints` tables. */
export const allEndpoints: ReadonlyArray<AnyEndpoint> = [
  UserService.endpoints,
  TaskService.endpoints,
  ProjectService.endpoints,
  RenderEnvService.endpoints,
  TransferService.endpoints
].flatMap((table) => Object.values(table) as ReadonlyArray<AnyEndpoint>)

/**
 * The number of endpoints of the current SDK (docs/protocol.md 4.0.1, the endpoint index): the 44
 * of the 2024 client and the 3 that release 3.0.3.23 added (`updateTaskLimit`, `taskRecord`,
 * `loginRecord`).
 */
export const SPEC_ENDPOINT_COUNT = 47

/** A request the fake `HttpClient` received. */
export interface Sent {
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly bodyText: string
}

/**
 * A client whose `HttpClient` records every request and answers with the current `answer`
 * (HTTP 200). Built once; {@link Harness.run} resets the record and sets the answer.
 */
export interface Harness {
  readonly run: <A, E>(
    effect: Effect.Effect<A, E, HttpTransport.HttpTransport>,
    answer?: string | ((sent: Sent) => string)
  ) => Promise<{ readonly exit: Exit.Exit<A, unknown>; readonly sent: ReadonlyArray<Sent> }>
  readonly dispose: () => Promise<void>
}

/** Builds a {@link Harness}. */
export const makeHarness = (): Harness => {
  let sent: Array<Sent> = []
  let answer: string | ((sent: Sent) => string) = envelopeText(null)
  const client = HttpClient.make((request, url) =>
    Effect.sync(() => {
      const body = request.body
      const bodyText = body._tag === "Uint8Array" ? new TextDecoder().decode(body.body) : ""
      const record = { path: url.pathname, headers: { ...request.headers }, bodyText }
      sent.push(record)
      const text = typeof answer === "string" ? answer : answer(record)
      return HttpClientResponse.fromWeb(request, new Response(text, { status: 200 }))
    })
  )
  const runtime = ManagedRuntime.make(
    Rayvision.layer({
      accessId: "AKID-HOSTILE",
      accessKey: Redacted.make("hostile-secret"),
      domain: "task.renderbus.com",
      platform: 2,
      retry: { times: 0 }
    }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, client)))
  )
  return {
    run: (effect, reply = envelopeText(null)) => {
      sent = []
      answer = reply
      const mine = sent
      return runtime.runPromiseExit(effect).then((exit) => ({ exit, sent: mine }))
    },
    dispose: () => runtime.dispose()
  }
}

/**
 * Calls `endpoint` with `input` through the transport (types erased: the input is hostile). A
 * synchronous throw of `transport.call` itself becomes a defect whose message says so.
 */
export const callEndpoint = (endpoint: AnyEndpoint, input: unknown) =>
  Effect.flatMap(HttpTransport.HttpTransport, (transport) => {
    try {
      return transport.call(endpoint, input)
    } catch (error) {
      return Effect.die(new Error(`transport.call threw synchronously: ${String(error)}`, { cause: error }))
    }
  })

/** Describes an exit's defect or non-typed failure, or undefined when it is a success or a typed failure. */
export const defectOf = (exit: Exit.Exit<unknown, unknown>): string | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && Cause.isFailType(exit.cause)) return undefined
  return Cause.pretty(exit.cause).slice(0, 2000)
}

/** The `_tag` of a typed failure (throws on a defect or success). */
export const failureTag = (exit: Exit.Exit<unknown, unknown>): string | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) throw new Error(`not a typed failure: ${Cause.pretty(exit.cause)}`)
  return (failure.value as { _tag: string })._tag
}

/** An envelope (docs/protocol.md 1.7) around `data`, as JSON text. */
export const envelopeText = (data: unknown, code = 200): string =>
  JSON.stringify({
    version: "1.0.0",
    result: code === 200,
    message: code === 200 ? "success" : "error",
    code,
    serverTime: 1_700_000_000_000,
    data,
    requestId: "hostile-1"
  })

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

/** Numbers a JSON reader or writer may mishandle. */
export const nastyNumbers: ReadonlyArray<number> = [
  0,
  -0,
  NaN,
  Infinity,
  -Infinity,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  5e-324,
  2 ** 53,
  2 ** 53 + 1,
  -(2 ** 53) - 1,
  Number.MAX_SAFE_INTEGER,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 64,
  1e21,
  1e16,
  0.1,
  -1,
  1.5,
  123456.789
]

/** Strings a JSON reader or writer may mishandle. */
export const nastyStrings: ReadonlyArray<string> = [
  "",
  " ",
  "😀",
  "\ud800",
  "\udfff",
  "a\ud800b",
  "\udc00\ud800",
  "\u0000",
  "\u2028\u2029",
  "\uffff\ufffe",
  "测试标签",
  "\"'\\",
  "a&b=c",
  "__proto__",
  "constructor",
  "toString",
  "1e400",
  "NaN",
  "-0",
  "2.0",
  "null",
  "true",
  "[]",
  "{}"
]

/** A scalar a hostile caller may pass. */
export const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...nastyNumbers),
  fc.constantFrom(...nastyStrings),
  fc.double(),
  fc.integer(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n })
)

/** Keys a hostile caller may use. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom(...nastyStrings),
  fc.string({ unit: "binary", maxLength: 4 })
)

/** Arbitrary JS values built from hostile scalars (what a caller could pass as input). */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyScalar,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(nastyKey, tie("value"), { maxKeys: 5 })
  )
})).value

/** Plain JSON values (what JSON text can hold), with non-BMP and lone-surrogate strings. */
export const jsonValue: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 })

/** A value nested `depth` levels deep, alternating arrays and objects. */
export const deeplyNested = (depth: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value }
  return value
}

/** The JSON text of {@link deeplyNested} (built as text, so no serializer recursion is involved). */
export const deeplyNestedText = (depth: number, leaf = "1"): string => {
  let open = ""
  let close = ""
  for (let i = depth - 1; i >= 0; i--) open += i % 2 === 0 ? "[" : '{"k":'
  for (let i = 0; i < depth; i++) close += i % 2 === 0 ? "]" : "}"
  return open + leaf + close
}

/** Replaces the value at a path of `value` (an array of keys and indexes) with `replacement`. */
export const replaceAt = (value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown => {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value) && typeof head === "number") {
    const copy = [...value]
    copy[head] = replaceAt(copy[head], rest, replacement)
    return copy
  }
  if (value !== null && typeof value === "object" && typeof head === "string") {
    return { ...(value as object), [head]: replaceAt((value as Record<string, unknown>)[head], rest, replacement) }
  }
  return replacement
}

/** Every path to a node of a JSON-like value (the root included). */
export const pathsOf = (value: unknown): Array<Array<string | number>> => {
  const out: Array<Array<string | number>> = [[]]
  const walk = (v: unknown, prefix: Array<string | number>) => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), walk(x, [...prefix, i])))
    else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) (out.push([...prefix, k]), walk(x, [...prefix, k]))
  }
  walk(value, [])
  return out
}

/**
 * Valid inputs of an endpoint: values of its request schema's encoded side (refinements kept, up
 * to the first transformation) that the schema decodes.
 */
export const validInputs = (endpoint: AnyEndpoint): fc.Arbitrary<unknown> => {
  const request = endpoint.request as Schema.Schema<unknown, unknown>
  const decode = Schema.decodeUnknownOption(request, { onExcessProperty: "error" })
  return Arbitrary.make(Schema.encodedBoundSchema(request)).filter((input) => Option.isSome(decode(input)))
}

/** Valid `data` of an endpoint's response: values of its response schema's encoded side that it decodes. */
export const validData = (endpoint: AnyEndpoint): fc.Arbitrary<unknown> => {
  const response = endpoint.response as Schema.Schema<unknown, unknown>
  const decode = Schema.decodeUnknownOption(response)
  return Arbitrary.make(Schema.encodedBoundSchema(response)).filter((data) => Option.isSome(decode(data)))
}

/** A valid input with one node (possibly the root) replaced by a hostile value. */
export const mutatedInputs = (endpoint: AnyEndpoint): fc.Arbitrary<unknown> =>
  fc.tuple(validInputs(endpoint), nastyValue, fc.nat()).map(([input, replacement, pick]) => {
    const paths = pathsOf(input)
    return replaceAt(input, paths[pick % paths.length]!, replacement)
  })

let nonce = 100_000
/**
 * The headers of a request signed with the demo key over `bodyText` for `host` (the signing
 * domain) and `path`, each with a fresh nonce; a body that is not JSON gets a garbage signature.
 */
export const signedHeaders = async (host: string, path: string, bodyText: string): Promise<Record<string, string>> => {
  const headers: Record<string, string> = {
    accessId: Simulator.demoAccount.accessId,
    channel: "4",
    platform: "2",
    UTCTimestamp: String(Math.floor(Date.now() / 1000)),
    nonce: String(nonce++),
    version: "2.0.0"
  }
  let signature = "bm90IGEgc2lnbmF0dXJl"
  try {
    const text = Signer.stringToSignFromJson({ domain: host, path, headers, bodyText })
    signature = await Effect.runPromise(Signer.signature(Simulator.demoAccount.accessKey, text))
  } catch {
    // not JSON: the signature cannot be computed
  }
  return { ...headers, signature, "content-type": "application/json" }
}
