/**
 * The client as plain async methods, for code that does not use Effect
 * (`@rayvision/core/promise`; the runtime adapters add `createClient`, e.g.
 * `@rayvision/node/promise`).
 *
 * {@link make} builds the client layer once, into a `ManagedRuntime`, and exposes every service
 * of a registry ({@link services} by default: `user`, `tasks`, `projects`, ...) as an object of
 * the same methods, derived at runtime from the service objects themselves, so a method added to
 * a service appears here with no change:
 *
 * - a method returning an `Effect<A, E>` returns a `Promise<A>`; a failure rejects it with the
 *   error itself, the same tagged-error instance an Effect program sees
 *   (`error instanceof ApiError.ParameterInvalid`, `error._tag === "ParameterInvalid"`), never a
 *   wrapper; a defect rejects it with the defect;
 * - a method returning a `Stream<A, E>` returns an `AsyncIterable<A>` for `for await`: each
 *   iteration runs the stream afresh, pulls only as the loop asks, fails (throws in the loop)
 *   with the stream's error, and leaving the loop early (`break`, `return`, a throw) stops the
 *   stream on the client's runtime: the step in flight is interrupted, the stream's finalizers
 *   run and its requests in flight (pages read ahead included) are abandoned;
 * - a member that is an `Effect` (not a function) becomes a method with no parameter;
 * - anything else is passed through as it is.
 *
 * Every method takes one more, optional, last argument: {@link CallOptions} `{ signal }`. Aborting
 * the `AbortSignal` interrupts the call: requests in flight are abandoned, no further request
 * (retry, next page, next batch) is sent, and the promise (or the loop) rejects with
 * `signal.reason` (an `AbortError` `DOMException` unless the caller gave another reason). A signal
 * that is already aborted rejects at once, before anything is sent. The options object is
 * recognised by its shape: an object whose only key is `signal` (no input of the API has that
 * field); when a method has optional parameters before it, pass `undefined` for them, e.g.
 * `client.tasks.listPage(undefined, { signal })`.
 *
 * `client.close()` stops the streams still being read, then disposes the runtime (connection
 * pools included); calls made afterwards reject with {@link ClientClosed}.
 *
 * @example
 * ```ts
 * import { ApiError } from "@rayvision/core"
 * import { createClient } from "@rayvision/node/promise"
 *
 * const client = await createClient({ accessId: "AK...", accessKey: "secret", platform: 2 })
 * try {
 *   const profile = await client.user.profile()
 *   await client.tasks.stop([123], { signal: AbortSignal.timeout(10_000) })
 * } catch (error) {
 *   if (error instanceof ApiError.ParameterInvalid) console.error(error.message)
 *   else throw error
 * } finally {
 *   await client.close()
 * }
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
// The main entry by its package name, not the modules by path: the built `promise` entry then
// loads the one copy of the services and error classes the main entry has (CommonJS included),
// so `instanceof` holds between the two.
import {
  BulkService,
  type ClientConfig,
  ProjectService,
  Rayvision,
  RenderEnvService,
  type Signer,
  SubmissionService,
  TaskService,
  WaitService,
  TransferService,
  UserService
} from "@rayvision/core"
import { makeRunner, promisify } from "./internal/runner.ts"

/**
 * The optional last argument of every method of the facade.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  /** Aborting it interrupts the call: nothing more is sent, and the call rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * What a method returning `R` returns in the facade: `Effect<A, E>` gives `Promise<A>`,
 * `Stream<A, E>` gives `AsyncIterable<A>`, anything else stays as it is. (An `Effect` is also a
 * `Stream` of one element to Effect: it is tested first.)
 *
 * @since 0.1.0
 * @category models
 */
export type Async<R> = [R] extends [Effect.Effect<infer A, infer _E, infer _R>]
  ? Promise<A>
  : [R] extends [Stream.Stream<infer A, infer _E, infer _R>]
    ? AsyncIterable<A>
    : R

/**
 * A service as the facade exposes it: every method with the same parameters plus an optional
 * {@link CallOptions}, returning {@link Async} of its result.
 *
 * @since 0.1.0
 * @category models
 */
export type Promisified<S> = {
  readonly [K in keyof S]: S[K] extends (...args: infer Args) => infer R
    ? (...args: [...Args, options?: CallOptions]) => Async<R>
    : [S[K]] extends [Effect.Effect<infer A, infer _E, infer _R>]
      ? (options?: CallOptions) => Promise<A>
      : S[K]
}

/**
 * Services by the name the facade gives them: `{ tasks: TaskService.TaskService, ... }`.
 *
 * @since 0.1.0
 * @category models
 */
export type Registry = { readonly [name: string]: Context.Tag<any, any> }

/**
 * The services a registry names (what a layer must provide for {@link make}).
 *
 * @since 0.1.0
 * @category models
 */
export type ServicesOf<S extends Registry> = Context.Tag.Identifier<S[keyof S]>

/**
 * The client of a registry: each service promisified, plus `close` and the `runtime`.
 * `close` and `runtime` are reserved: no service may be registered under those names.
 *
 * @since 0.1.0
 * @category models
 */
export type Client<S extends Registry = typeof services> = {
  readonly [K in keyof S]: Promisified<Context.Tag.Service<S[K]>>
} & {
  /**
   * Stops the streams still being read (their loops throw {@link ClientClosed}), then disposes the
   * runtime and its resources; calls made afterwards reject with {@link ClientClosed}. Idempotent.
   */
  readonly close: () => Promise<void>
  /** The runtime the methods run on, to run an Effect program on the same client. */
  readonly runtime: ManagedRuntime.ManagedRuntime<ServicesOf<S>, unknown>
}

/**
 * The client `createClient` gives: every service of {@link services}.
 *
 * @since 0.1.0
 * @category models
 */
export type RayvisionClient = Client<typeof services>

/**
 * The services of the default facade, by name. A service added to the client gets one line here;
 * its methods need none.
 *
 * @since 0.1.0
 * @category constants
 */
export const services = /* @__PURE__ */ (() =>
  // In a function, so that a bundler can drop it when unused (it keeps top-level reads of the
  // namespace objects of another module's re-exports, and with them every service).
  ({
    user: UserService.UserService,
    tasks: TaskService.TaskService,
    projects: ProjectService.ProjectService,
    renderEnv: RenderEnvService.RenderEnvService,
    transfer: TransferService.TransferService,
    submission: SubmissionService.SubmissionService,
    bulk: BulkService.BulkService,
    waiter: WaitService.WaitService
  }) as const)()

/**
 * A call made after `client.close()`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ClientClosed extends /* @__PURE__ */ Data.TaggedError("ClientClosed")<{ readonly operation: string }> {
  /** A sentence a person understands. */
  override get message() {
    return `${this.operation}: the client is closed`
  }
}

/**
 * The client layer could not be built: a setting is missing or wrong. `message` names it; `cause`
 * is Effect's `ConfigError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConfigurationError
  extends /* @__PURE__ */ Data.TaggedError("ConfigurationError")<{
    readonly cause: ConfigError.ConfigError
  }>
{
  /** A sentence a person understands: which setting is wrong and why. */
  override get message() {
    return `invalid client configuration: ${String(this.cause)}`
  }
}

/** What a call throws for a failed exit: the error or defect itself, or the abort reason. */
const thrown = (cause: Cause.Cause<unknown>, signal: AbortSignal | undefined): unknown => {
  if (signal?.aborted === true && Cause.isInterruptedOnly(cause)) return signal.reason
  const error = Cause.squash(cause)
  return ConfigError.isConfigError(error) ? new ConfigurationError({ cause: error }) : error
}

/** The name a tag's service is shown with in errors: the last segment of its key. */
const nameOf = (tag: Context.Tag<any, any>): string => tag.key.slice(tag.key.lastIndexOf("/") + 1)

/**
 * Builds a layer once, into a `ManagedRuntime`, and returns its services as plain async methods
 * (see the module notes). The services are those of `registry` ({@link services} by default),
 * under its names. Resolves once the layer is built; a layer that fails rejects with its error
 * (a {@link ConfigurationError} for a `ConfigError`).
 *
 * @example
 * ```ts
 * import { Rayvision } from "@rayvision/core"
 * import { PromiseClient } from "@rayvision/core/promise"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer, Redacted } from "effect"
 *
 * const layer = Rayvision.layer({ accessId: "AK...", accessKey: Redacted.make("secret") }).pipe(
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * const client = await PromiseClient.make(layer)
 * console.log(await client.user.profile())
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: {
  <E>(layer: Layer.Layer<ServicesOf<typeof services>, E>): Promise<Client<typeof services>>
  <const S extends Registry, E>(layer: Layer.Layer<ServicesOf<S>, E>, registry: S): Promise<Client<S>>
} = async (layer: Layer.Layer<any, unknown>, registry: Registry = services): Promise<any> => {
  for (const reserved of ["close", "runtime"]) {
    if (reserved in registry) throw new TypeError(`PromiseClient.make: "${reserved}" cannot name a service`)
  }
  const runtime = ManagedRuntime.make(layer)
  const built = await runtime.runPromiseExit(Effect.context<any>())
  if (Exit.isFailure(built)) {
    await runtime.dispose()
    throw thrown(built.cause, undefined)
  }
  const runner = makeRunner(runtime, { closed: (operation) => new ClientClosed({ operation }), thrown })
  const client: Record<string, unknown> = {}
  for (const [name, tag] of Object.entries(registry)) {
    client[name] = promisify(Context.unsafeGet(built.value, tag), nameOf(tag), runner)
  }
  client["close"] = runner.close
  client["runtime"] = runtime
  return Object.freeze(client)
}

/**
 * Options of `createClient`: those of the Effect client, except that the access key may be a
 * plain string (it is wrapped in `Redacted` at once, and never shown or logged).
 *
 * @since 0.1.0
 * @category models
 */
export type Options = Omit<ClientConfig.Options, "accessKey"> & {
  readonly accessKey: string | Redacted.Redacted<string>
}

const redacted = (key: string | Redacted.Redacted<string>) => (Redacted.isRedacted(key) ? key : Redacted.make(key))

/**
 * The `createClient` / `createClientFromEnv` pair of a runtime adapter, for its `HttpClient`
 * layer and, optionally, the runtime's native HMAC (see `Signer.Hmac`; WebCrypto without it):
 * what `@rayvision/node/promise`, `@rayvision/deno/promise` and `@rayvision/bun/promise` export,
 * each with the `layerHttpClient` and `hmac` of its Effect entry point, so that both sign alike.
 *
 * @since 0.1.0
 * @category constructors
 */
export const adapter = (httpClient: Layer.Layer<HttpClient.HttpClient>, hmac?: Signer.Hmac) => {
  const client = Rayvision.adapter(httpClient, hmac)
  return {
    /** The client from options; rejects with a {@link ConfigurationError} naming a bad setting. */
    createClient: (options: Options): Promise<RayvisionClient> =>
      make(client.layer({ ...options, accessKey: redacted(options.accessKey) })),
    /**
     * The client from the environment (`RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`,
     * `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL`); `overrides` win. Rejects
     * with a {@link ConfigurationError} naming a missing or bad variable.
     */
    createClientFromEnv: (overrides: Partial<Options> = {}): Promise<RayvisionClient> => {
      const { accessKey, ...rest } = overrides
      return make(client.layerConfig(accessKey === undefined ? rest : { ...rest, accessKey: redacted(accessKey) }))
    }
  }
}
