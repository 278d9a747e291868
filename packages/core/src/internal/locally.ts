/**
 * Several fiber references set for one effect in a single step, and those the transport sets on
 * the fiber that sends a request through an `HttpClient`.
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { defaults, HeaderName, type ResolvedConfig } from "../ClientConfig.ts"
import { currentHeaderNames, currentMaxResponseBytes } from "../HttpClientKit.ts"

/**
 * A fiber reference and how its value for the effect is made from the current one: made by
 * {@link setting}, which checks the two agree (a list holds references of different types).
 * @internal
 */
export type Setting = readonly [FiberRef.FiberRef<any>, (current: any) => unknown]

/** The setting of `ref` to `f` of its current value. @internal */
export const setting = <A>(ref: FiberRef.FiberRef<A>, f: (current: A) => A): Setting => [ref, f]

/**
 * Settings, with the effect that puts them in force on the fiber that runs it for good: for a fiber
 * of its own, which ends with what it runs, so nothing needs giving back. @internal
 */
export interface Settings {
  readonly list: ReadonlyArray<Setting>
  readonly set: Effect.Effect<void>
}

/** `list`, with the effect that sets them. @internal */
export const settingsOf = (list: ReadonlyArray<Setting>): Settings => ({
  list,
  set: list.reduce<Effect.Effect<void>>((set, [ref, f]) => Effect.zipRight(set, FiberRef.update(ref, f)), Effect.void)
})

/**
 * `effect` with each of `settings` in force on the fiber that runs it, each reference given back
 * its value before when `effect` ends, however it ends: what nesting `Effect.locallyWith` once per
 * reference does, with one uninterruptible region instead of an `acquireUseRelease` for each
 * (about 3 KB and a dozen steps of the run loop apiece). @internal
 */
export const locallyAll = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  settings: ReadonlyArray<Setting>
): Effect.Effect<A, E, R> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.withFiberRuntime((fiber) => {
      let set: Effect.Effect<void> = Effect.void
      let reset: Effect.Effect<void> = Effect.void
      for (const [ref, f] of settings) {
        const current = fiber.getFiberRef(ref)
        set = Effect.zipRight(set, FiberRef.set(ref, f(current)))
        reset = Effect.zipRight(reset, FiberRef.set(ref, current))
      }
      return Effect.zipRight(
        set,
        Effect.matchCauseEffect(restore(effect), {
          onFailure: (cause) => Effect.zipRight(reset, Effect.failCause(cause)),
          onSuccess: (value) => Effect.as(reset, value)
        })
      )
    })
  )

/**
 * What the fiber that sends through the `HttpClient` has in force:
 * - exactly the protocol's headers (docs/protocol.md 1.5) go on the wire (no trace-propagation
 *   headers), and the platform's own HTTP span is off: its exit would hold the request, signature
 *   header included (each call has a span of its own: HttpTransport's `call`);
 * - should anything still list the request headers, the signature is redacted there;
 * - what the adapters' clients read from it: the spelling of the names on the wire and the
 *   answer's size limit, set only when they differ from the defaults.
 * @internal
 */
export const sendingSettings = (config: ResolvedConfig): Settings => {
  const settings: Array<Setting> = [
    setting(HttpClient.currentTracerPropagation, () => false),
    setting(HttpClient.currentTracerDisabledWhen, () => tracerDisabled),
    setting(Headers.currentRedactedNames, withSignatureRedacted)
  ]
  if (Object.keys(config.headers).length > 0) settings.push(setting(currentHeaderNames, () => config.headerNames))
  if (config.maxResponseBytes !== defaults.maxResponseBytes) {
    settings.push(setting(currentMaxResponseBytes, () => config.maxResponseBytes))
  }
  return settingsOf(settings)
}

/** The platform's own HTTP span is off for every request the transport sends. */
const tracerDisabled = () => true

/** The redacted header names with the signature added (the last result kept: they rarely change). */
const withSignatureRedacted = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> => {
  if (names !== redactedBefore[0]) redactedBefore = [names, [...names, HeaderName.signature]]
  return redactedBefore[1]
}
let redactedBefore: readonly [ReadonlyArray<string | RegExp>, ReadonlyArray<string | RegExp>] = [[], []]
