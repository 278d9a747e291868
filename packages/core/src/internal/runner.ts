/**
 * What the Promise facade runs its calls with: one client's `ManagedRuntime`, its service objects
 * turned into plain async methods, and the streams' async iterators, which run and release
 * everything on that runtime.
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/** The errors of the facade, which the runner throws but does not define. @internal */
export interface Errors {
  /** What a call made after `close` rejects with. */
  readonly closed: (operation: string) => unknown
  /** What a call throws for a failed exit. */
  readonly thrown: (cause: Cause.Cause<unknown>, signal: AbortSignal | undefined) => unknown
}

/** Runs a client's calls, and closes it. @internal */
export interface Runner<R> {
  readonly run: <A>(
    operation: string,
    effect: Effect.Effect<A, unknown, R>,
    signal: AbortSignal | undefined
  ) => Promise<A>
  readonly iterate: <A>(
    operation: string,
    stream: Stream.Stream<A, unknown, R>,
    signal: AbortSignal | undefined
  ) => AsyncIterable<A>
  /**
   * Refuses further calls, stops the streams still being read (on the runtime, which is still
   * there), then disposes the runtime. Idempotent.
   */
  readonly close: () => Promise<void>
}

/** @internal */
export const makeRunner = <R>(runtime: ManagedRuntime.ManagedRuntime<R, unknown>, errors: Errors): Runner<R> => {
  let closed = false
  let closing: Promise<void> | undefined
  // The release of every iterator whose stream is open.
  const open = new Set<() => Promise<void>>()

  const run = <A>(operation: string, effect: Effect.Effect<A, unknown, R>, signal: AbortSignal | undefined) => {
    if (closed) return Promise.reject(errors.closed(operation))
    if (signal?.aborted === true) return Promise.reject(signal.reason)
    return runtime
      .runPromiseExit(effect, signal === undefined ? undefined : { signal })
      .then((exit) => (Exit.isSuccess(exit) ? exit.value : Promise.reject(errors.thrown(exit.cause, signal))))
  }

  const iterate = <A>(
    operation: string,
    stream: Stream.Stream<A, unknown, R>,
    signal: AbortSignal | undefined
  ): AsyncIterable<A> => ({
    [Symbol.asyncIterator]: (): AsyncIterator<A> => {
      let scope: Scope.CloseableScope | undefined
      let pull: Effect.Effect<Chunk.Chunk<A>, Option.Option<unknown>, R> | undefined
      // The fiber of the step in flight (opening the stream, or a pull).
      let running: Fiber.RuntimeFiber<unknown, unknown> | undefined
      let buffer: ReadonlyArray<A> = []
      let index = 0
      // Ended: read to its end, failed, or left by the caller (`return`).
      let finished = false
      let released: Promise<void> | undefined
      const done: IteratorReturnResult<undefined> = { done: true, value: undefined }

      // Stops the stream on the client's runtime: interrupts the step in flight, then closes the
      // stream's scope, which runs its finalizers and interrupts the fibers it forked (requests
      // ahead of the consumer included).
      const release = (): Promise<void> => {
        if (released !== undefined) return released
        open.delete(release)
        const fiber = running
        const opened = scope
        buffer = []
        pull = undefined
        running = undefined
        scope = undefined
        released =
          opened === undefined
            ? Promise.resolve()
            : runtime
                .runPromiseExit(
                  Effect.zipRight(
                    fiber === undefined ? Effect.void : Fiber.interrupt(fiber),
                    Scope.close(opened, Exit.void)
                  )
                )
                .then(() => undefined)
        return released
      }
      const end = async (): Promise<IteratorReturnResult<undefined>> => {
        finished = true
        await release()
        return done
      }
      const fail = async (error: unknown): Promise<never> => {
        finished = true
        await release()
        throw error
      }

      // One step on the runtime, as a fiber that `release` (or the signal) can interrupt.
      const start = <T>(effect: Effect.Effect<T, unknown, R>): Promise<Exit.Exit<T, unknown>> =>
        new Promise((resolve) => {
          const fiber = runtime.runFork(effect)
          running = fiber
          const abort = () => fiber.unsafeInterruptAsFork(fiber.id())
          signal?.addEventListener("abort", abort, { once: true })
          fiber.addObserver((exit) => {
            signal?.removeEventListener("abort", abort)
            if (running === fiber) running = undefined
            resolve(exit)
          })
        })

      const step = async (): Promise<IteratorResult<A>> => {
        for (;;) {
          if (index < buffer.length) return { done: false, value: buffer[index++]! }
          if (finished) return done
          if (closed) return fail(errors.closed(operation))
          if (signal?.aborted === true) return fail(signal.reason)
          if (pull === undefined) {
            const opened = Effect.runSync(Scope.make())
            scope = opened
            open.add(release)
            const exit = await start(Scope.extend(Stream.toPull(stream), opened))
            // Left or closed meanwhile: the loop's next turn says which.
            if (finished || closed) continue
            if (Exit.isFailure(exit)) return fail(errors.thrown(exit.cause, signal))
            pull = exit.value
          }
          const exit = await start(pull)
          if (finished || closed) continue
          if (Exit.isSuccess(exit)) {
            buffer = Chunk.toReadonlyArray(exit.value)
            index = 0
            continue
          }
          // The layer is built already: the only failures are the pull's.
          const failure = Cause.failureOption(exit.cause as Cause.Cause<Option.Option<unknown>>)
          if (Option.isSome(failure)) {
            // `None` is the end of the stream; `Some` its error.
            return Option.isNone(failure.value) ? end() : fail(failure.value.value)
          }
          return fail(errors.thrown(exit.cause, signal))
        }
      }

      // `next` calls run one after the other, whatever the caller does; `return` does not wait
      // for a `next` in flight: it interrupts it (that `next` then ends the iteration).
      let queue: Promise<unknown> = Promise.resolve()
      return {
        next: () => {
          const result = queue.then(step)
          queue = result.catch(() => undefined)
          return result
        },
        return: end
      }
    }
  })

  const close = () =>
    (closing ??= (() => {
      closed = true
      return Promise.all(Array.from(open, (release) => release())).then(() => runtime.dispose())
    })())

  return { run, iterate, close }
}

const isAbortSignal = (u: unknown): u is AbortSignal =>
  typeof u === "object" &&
  u !== null &&
  typeof (u as AbortSignal).aborted === "boolean" &&
  typeof (u as AbortSignal).addEventListener === "function"

/** Splits the trailing `{ signal }` off the arguments, when it is there. */
const splitOptions = (
  args: ReadonlyArray<unknown>
): { readonly args: ReadonlyArray<unknown>; readonly signal: AbortSignal | undefined } => {
  const last = args[args.length - 1]
  if (typeof last === "object" && last !== null && !Array.isArray(last)) {
    const keys = Object.keys(last)
    const signal = (last as { readonly signal?: unknown }).signal
    if (keys.length === 1 && keys[0] === "signal" && (signal === undefined || isAbortSignal(signal))) {
      return { args: args.slice(0, -1), signal }
    }
  }
  return { args, signal: undefined }
}

const isStream = (u: unknown): u is Stream.Stream<unknown, unknown, unknown> =>
  (typeof u === "object" || typeof u === "function") && u !== null && Stream.StreamTypeId in u

/** Every member name of a service object: own ones and those of its classes. */
const memberNames = (service: object): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (let o: object | null = service; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) if (name !== "constructor") names.add(name)
  }
  return Array.from(names)
}

/** The facade of one service object. @internal */
export const promisify = <R>(service: object, serviceName: string, runner: Runner<R>): Record<string, unknown> => {
  const facade: Record<string, unknown> = {}
  for (const name of memberNames(service)) {
    const member: unknown = (service as Record<string, unknown>)[name]
    const operation = `${serviceName}.${name}`
    if (typeof member === "function") {
      facade[name] = (...all: ReadonlyArray<unknown>) => {
        const { args, signal } = splitOptions(all)
        let result: unknown
        try {
          result = member.apply(service, args)
        } catch (error) {
          return Promise.reject(error)
        }
        // Effects first: some of them (tags, options, errors) are streams of one element too.
        if (Effect.isEffect(result)) return runner.run(operation, result as Effect.Effect<unknown, unknown, R>, signal)
        if (isStream(result)) return runner.iterate(operation, result as Stream.Stream<unknown, unknown, R>, signal)
        return result
      }
    } else if (Effect.isEffect(member)) {
      facade[name] = (...all: ReadonlyArray<unknown>) =>
        runner.run(operation, member as Effect.Effect<unknown, unknown, R>, splitOptions(all).signal)
    } else {
      facade[name] = member
    }
  }
  return Object.freeze(facade)
}
