/**
 * The whole client in one layer: configuration, signer, transport and every service. It needs
 * only an `HttpClient`, which the runtime adapters (`@rayvision/node`, `@rayvision/deno`,
 * `@rayvision/bun`) supply.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as BulkService from "./BulkService.ts"
import * as ClientConfig from "./ClientConfig.ts"
import * as HttpTransport from "./HttpTransport.ts"
import * as ProjectService from "./ProjectService.ts"
import * as RenderEnvService from "./RenderEnvService.ts"
import * as Signer from "./Signer.ts"
import * as SubmissionService from "./SubmissionService.ts"
import * as TaskService from "./TaskService.ts"
import * as WaitService from "./WaitService.ts"
import * as TransferService from "./TransferService.ts"
import * as UserService from "./UserService.ts"

/**
 * Everything the client layer provides.
 *
 * @since 0.1.0
 * @category models
 */
export type Services =
  | ClientConfig.ClientConfig
  | Signer.Signer
  | HttpTransport.HttpTransport
  | UserService.UserService
  | TaskService.TaskService
  | ProjectService.ProjectService
  | RenderEnvService.RenderEnvService
  | TransferService.TransferService
  | SubmissionService.SubmissionService
  | WaitService.WaitService
  | BulkService.BulkService

const fromOptions = (
  options: ClientConfig.Options,
  hmac?: Signer.Hmac
): Layer.Layer<Services, ConfigError.ConfigError, HttpClient.HttpClient> => {
  const { accessKey, ...rest } = options
  const base = Layer.mergeAll(
    Layer.effect(ClientConfig.ClientConfig, ClientConfig.resolve(rest)),
    // HMAC takes any key but an empty one (WebCrypto refuses it): say so as the other settings do.
    Redacted.value(accessKey) === ""
      ? Layer.fail(ConfigError.InvalidData(["accessKey"], "must not be empty"))
      : Signer.layer(accessKey, hmac)
  )
  const transport = HttpTransport.layer.pipe(Layer.provideMerge(base))
  const services = Layer.mergeAll(
    UserService.layer,
    TaskService.layer,
    ProjectService.layer,
    RenderEnvService.layer,
    TransferService.layer
  ).pipe(Layer.provideMerge(transport))
  // Workflows that combine several services are built on them.
  return Layer.mergeAll(SubmissionService.layer, BulkService.layer, WaitService.layer).pipe(
    Layer.provideMerge(services)
  )
}

/**
 * The client from options. Bad options fail the layer with a `ConfigError` naming the setting.
 *
 * @example
 * ```ts
 * import { Rayvision, UserService } from "@rayvision/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer, Redacted } from "effect"
 *
 * const Client = Rayvision.layer({ accessId: "AK...", accessKey: Redacted.make("secret"), platform: 2 }).pipe(
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * const program = Effect.flatMap(UserService.UserService, (user) => user.profile())
 * // Effect.runPromise(Effect.provide(program, Client))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: ClientConfig.Options
): Layer.Layer<Services, ConfigError.ConfigError, HttpClient.HttpClient> => fromOptions(options)

/**
 * The client from the environment (`RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`, and the
 * optional `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL`), with `overrides`
 * winning. A missing variable fails the layer with a `ConfigError` that names it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  overrides: Partial<ClientConfig.Options> = {}
): Layer.Layer<Services, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(ClientConfig.fromEnv(overrides), fromOptions))

/**
 * The two layer constructors of a runtime adapter, for a given `HttpClient` layer and,
 * optionally, the runtime's native HMAC (see `Signer.Hmac`; WebCrypto without it): what
 * `@rayvision/node`, `@rayvision/deno` and `@rayvision/bun` export.
 *
 * @since 0.1.0
 * @category constructors
 */
export const adapter = (httpClient: Layer.Layer<HttpClient.HttpClient>, hmac?: Signer.Hmac) => ({
  /** Every core service, from options. */
  layer: (options: ClientConfig.Options): Layer.Layer<Services, ConfigError.ConfigError> =>
    fromOptions(options, hmac).pipe(Layer.provide(httpClient)),
  /**
   * Every core service, from the environment (`RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`,
   * `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL`); `overrides` win.
   */
  layerConfig: (overrides: Partial<ClientConfig.Options> = {}): Layer.Layer<Services, ConfigError.ConfigError> =>
    Layer.unwrapEffect(Effect.map(ClientConfig.fromEnv(overrides), (options) => fromOptions(options, hmac))).pipe(
      Layer.provide(httpClient)
    )
})
