/**
 * Helpers for your own tests: replace one service of the client by a stub that implements only
 * the methods a test needs.
 *
 * For a realistic farm instead, use the in-process simulator of `@rayvision/simulator`:
 * `Rayvision.layer(...)` provided with `SimulatorService.layer({ seed, farm })` runs every call
 * against a simulated service, on `TestClock` under `it.effect`, with faults injectable
 * (`injectFault` of the `SimulatorService`). `docs/testing.md` shows both.
 *
 * @since 0.1.0
 */
import type * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Layer from "effect/Layer"

/**
 * The defect of a call to a method a stub was not given: the test reached code it did not expect.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotStubbed
  extends /* @__PURE__ */ Data.TaggedError("NotStubbed")<{
    /** The service, e.g. `TaskService`. */
    readonly service: string
    /** The method called, e.g. `stop`. */
    readonly method: string
  }>
{
  /** A sentence a person understands: which method was called without a stub. */
  override get message() {
    return `${this.service}.${this.method} is not stubbed in this test (give it to TestKit.layerTest to stub it)`
  }
}

/**
 * Names a stub never answers with a {@link NotStubbed} method, as libraries probe them on any
 * object (promise resolution, printing, test matchers): they read as `undefined`.
 */
const PROBED = /* @__PURE__ */ new Set([
  "then",
  "catch",
  "finally",
  "toJSON",
  "toString",
  "toLocaleString",
  "valueOf",
  "constructor",
  "inspect",
  "asymmetricMatch",
  "nodeType",
  "tagName",
  "length"
])

const isProbe = (name: string) =>
  PROBED.has(name) || name.startsWith("_") || name.startsWith("$") || name.startsWith("@@")

/**
 * A service object with the given members, where every other method throws a
 * {@link NotStubbed} defect when called (`TaskService.stop is not stubbed in this test`). Called
 * inside an Effect (as service methods are), that is a defect of the program: the test fails
 * with it, for an `Effect` method and a `Stream` method alike.
 *
 * @example
 * ```ts
 * import { TaskService, TestKit } from "@rayvision/core"
 * import { Effect } from "effect"
 *
 * const tasks = TestKit.stub(TaskService.TaskService, { stop: () => Effect.void })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const stub = <I, S extends object>(tag: Context.Tag<I, S>, implementation: Partial<S>): S => {
  const service = tag.key.slice(tag.key.lastIndexOf("/") + 1)
  const members: object = { ...implementation }
  return new Proxy(members, {
    get: (target, name, receiver) => {
      if (typeof name === "symbol" || name in target || isProbe(name)) return Reflect.get(target, name, receiver)
      return () => {
        throw new NotStubbed({ service, method: name })
      }
    }
  }) as S
}

/**
 * A layer of `tag` with only the given methods: the others die with {@link NotStubbed} when
 * called. Provide it in place of (or over) the client layer to control one service in a test.
 *
 * @example
 * ```ts
 * import { assert, it } from "@effect/vitest"
 * import { TaskService, TestKit } from "@rayvision/core"
 * import { Effect } from "effect"
 *
 * const stopped: Array<number> = []
 * const Tasks = TestKit.layerTest(TaskService.TaskService, {
 *   stop: (ids) => Effect.sync(() => void stopped.push(...ids))
 * })
 *
 * it.effect("stops the task", () =>
 *   Effect.gen(function* () {
 *     const tasks = yield* TaskService.TaskService
 *     yield* tasks.stop([42])
 *     assert.deepStrictEqual(stopped, [42])
 *   }).pipe(Effect.provide(Tasks))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = <I, S extends object>(tag: Context.Tag<I, S>, implementation: Partial<S>): Layer.Layer<I> =>
  Layer.sync(tag, () => stub(tag, implementation))
