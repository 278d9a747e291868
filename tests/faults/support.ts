/**
 * Support for the fault suite: a client wired to a simulator (in-process on TestClock, or over a
 * real socket on 127.0.0.1), whose HttpClient keeps every signature it sends, run with logs at
 * `LogLevel.All` and an in-memory tracer; every typed error a test sees is kept too. At the end of
 * each file, {@link assertNoSecrets} looks for the access key and the signatures in all of it
 * (plus the metrics and the client's config). The client layers and the checks of an exit are
 * those of the service tests (`tests/support.ts`), the recording logger and tracer those of the
 * core secrets test (`packages/core/test/support.ts`).
 */
import { HttpClient } from "@effect/platform"
import { assert } from "@effect/vitest"
import { type ApiError, ClientConfig, HttpTransport } from "@rayvision/core"
import { Simulator } from "@rayvision/simulator"
import { Duration, Effect, Exit, Fiber, Inspectable, Layer, Logger, LogLevel, Metric, Option, TestClock } from "effect"
import { inspect } from "node:util"
import { recordingLogger, recordingTracer } from "../../packages/core/test/support.ts"
import * as base from "../support.ts"

export { simTasks, success } from "../support.ts"

/** What this file's calls left behind, searched by {@link assertNoSecrets}. */
const recorded = {
  logs: recordingLogger(),
  traces: recordingTracer(),
  signatures: new Set<string>(),
  errors: [] as Array<unknown>,
  texts: [] as Array<string>
}

/** The client settings of the suite: three retries, 5 s timeout (unless a test says otherwise). */
const CLIENT: Partial<ClientConfig.Options> = {
  retry: { times: 3, base: "200 millis", cap: "2 seconds" },
  timeout: "5 seconds"
}

/** Wraps a client so it records the signature of every request it sends. */
const keepingSignatures = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.tapRequest(client, (request) =>
    Effect.sync(() => {
      const signature = request.headers["signature"]
      if (signature !== undefined) recorded.signatures.add(signature)
    })
  )

/** Every client service plus the simulator, in-process (no socket: TestClock drives every timer). */
export const inProcess = (options: Simulator.Options = {}, client: Partial<ClientConfig.Options> = {}) =>
  base.inProcess(options, { ...CLIENT, ...client }, keepingSignatures)

/** Every client service plus the simulator, over a real socket on 127.0.0.1 (the Node adapter). */
export const overSocket = (options: Simulator.Options = {}, client: Partial<ClientConfig.Options> = {}) =>
  base.overSocket(options, { ...CLIENT, ...client }, keepingSignatures)

/** Runs a test body with the suite's logger (every level) and tracer. */
export const observed = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  effect.pipe(
    Effect.withTracer(recorded.traces.tracer),
    Effect.provide(
      Layer.mergeAll(Logger.replace(Logger.defaultLogger, recorded.logs.logger), Logger.minimumLogLevel(LogLevel.All))
    )
  )

/**
 * Runs `effect` to its end while TestClock moves one `step` at a time (so backoff sleeps and
 * timeouts elapse); its exit. Gives up (fails the test) after `maxSteps`.
 */
export const settle = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  step: Duration.DurationInput = "1 second",
  maxSteps = 600
) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    for (let i = 0; i < maxSteps; i++) {
      yield* TestClock.adjust(step)
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return exit.value
    }
    yield* Fiber.interrupt(fiber)
    throw new Error(`still running after ${maxSteps} steps of the clock`)
  })

/** Keeps a typed error a test saw, for the secrets check. */
const kept = <E>(error: E): E => {
  recorded.errors.push(error)
  return error
}

/** The typed failure of `effect` (kept for the secrets check), which must fail with tag `tag`. */
export const failsWith = <E extends { readonly _tag: string }, Tag extends E["_tag"], R>(
  effect: Effect.Effect<unknown, E, R>,
  tag: Tag
) => Effect.map(Effect.exit(effect), (exit) => failedWith(exit, tag))

/** The typed failure of an exit (kept for the secrets check), which must have tag `tag`. */
export const failedWith = <A, E extends { readonly _tag: string }, Tag extends E["_tag"]>(
  exit: Exit.Exit<A, E>,
  tag: Tag
): Extract<E, { readonly _tag: Tag }> => {
  if (Exit.isFailure(exit) && exit.cause._tag === "Fail") kept(exit.cause.error)
  return base.failedWith(exit, tag)
}

/** The requests the client sent to `path` (a `duplicate` fault's second delivery is not one). */
export const attempts = (path: string) =>
  Effect.map(base.callsTo(path), (calls) => calls.filter((c) => c.redelivered !== true))

/** Every call the simulator recorded on `path`, as `[code, fault kind]`. */
export const codes = (path: string) =>
  Effect.map(base.callsTo(path), (calls) => calls.map((c) => [c.code, c.fault] as const))

/** Keeps the client's config and transport (as text) for the secrets check. */
export const keepConfig = Effect.gen(function* () {
  const config = yield* ClientConfig.ClientConfig
  const transport = yield* HttpTransport.HttpTransport
  recorded.texts.push(
    JSON.stringify(config),
    inspect(config, { depth: 10 }),
    Inspectable.format(config),
    String(config),
    inspect(transport, { depth: 5 })
  )
})

/** Everything this file's calls left behind, as text. */
const haystack = Effect.gen(function* () {
  const metrics = yield* Metric.snapshot
  const errorTexts = recorded.errors.flatMap((e) => [
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: 10 }),
    e instanceof Error ? `${e.message} ${e.stack ?? ""}` : ""
  ])
  const spanTexts = recorded.traces.spans.flatMap((s) => [
    s.name,
    ...[...s.attributes].map(([k, v]) => `${k}=${String(v)}`),
    ...s.events.map((e) => `${e.name} ${inspect(e.attributes, { depth: 5 })}`),
    s.exit === undefined ? "" : inspect(s.exit, { depth: 10 })
  ])
  const metricTexts = metrics.map((pair) => inspect(pair, { depth: 10 }))
  return {
    texts: [...recorded.logs.lines, ...spanTexts, ...errorTexts, ...metricTexts, ...recorded.texts],
    counts: {
      logs: recorded.logs.lines.length,
      spans: recorded.traces.spans.length,
      errors: recorded.errors.length,
      metrics: metrics.length,
      signatures: recorded.signatures.size
    }
  }
})

/**
 * Checks that neither the demo access key nor any signature this file's calls sent appears in
 * the logs (every level), spans (names, attributes, events, exits), metrics, typed errors
 * (message, JSON, `util.inspect`, stack) or the client's config and transport.
 */
export const assertNoSecrets = Effect.gen(function* () {
  const { counts, texts } = yield* haystack
  assert.isAbove(counts.signatures, 0, "requests were signed")
  assert.isAbove(counts.logs, 0, "debug logs were written")
  assert.isAbove(counts.spans, 0, "spans were recorded")
  assert.isAbove(counts.errors, 0, "errors were seen")
  assert.isAbove(counts.metrics, 0, "metrics were updated")
  assert.isAbove(recorded.texts.length, 0, "the config was kept")
  const all = texts.join("\n")
  assert.notInclude(all, Simulator.demoAccount.accessKey)
  for (const signature of recorded.signatures)
    assert.deepStrictEqual(
      texts.filter((t) => t.includes(signature)),
      [],
      "a signature leaked"
    )
  return counts
})

/** Narrows `error` to an `ApiError` with this tag (for the typed checks of a test). */
export type Tagged<Tag extends ApiError.ApiError["_tag"]> = Extract<ApiError.ApiError, { readonly _tag: Tag }>

/** The delay, in ms, TestClock must pass for `n` steps of `step`. */
export const millis = (d: Duration.DurationInput) => Duration.toMillis(Duration.decode(d))
