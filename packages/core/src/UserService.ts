/**
 * The account: profile, settings, hardware configurations, platforms (docs/protocol.md 4.1, 4.7.1).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type { ApiError } from "./ApiError.ts"
import { ClientConfig } from "./ClientConfig.ts"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { endpoints as transferEndpoints } from "./TransferService.ts"
import {
  HardwareConfig,
  HardwareConfigsInput,
  Platform,
  PlatformsInput,
  UpdateSettingsInput,
  UserProfile,
  UserSettings,
  zoneForDomain
} from "./User.ts"
import type { UserInfo, Zone } from "./User.ts"
import { NoInput } from "./internal/schema.ts"

/**
 * The endpoints this service calls.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  profile: /* @__PURE__ */ Endpoint.make({
    operation: "UserService.profile",
    path: "/api/render/setUp/queryUserProfile",
    idempotent: true,
    request: NoInput,
    response: UserProfile
  }),
  settings: /* @__PURE__ */ Endpoint.make({
    operation: "UserService.settings",
    path: "/api/render/setUp/queryUserSetting",
    idempotent: true,
    request: NoInput,
    response: UserSettings
  }),
  updateSettings: /* @__PURE__ */ Endpoint.make({
    operation: "UserService.updateSettings",
    path: "/api/render/setUp/updateUserSetting",
    idempotent: true,
    request: UpdateSettingsInput,
    response: Schema.Unknown
  }),
  hardwareConfigs: /* @__PURE__ */ Endpoint.make({
    operation: "UserService.hardwareConfigs",
    path: "/api/render/hardwareConfig/list",
    idempotent: true,
    request: HardwareConfigsInput,
    response: /* @__PURE__ */ Schema.Array(HardwareConfig)
  }),
  platforms: /* @__PURE__ */ Endpoint.make({
    operation: "UserService.platforms",
    path: "/api/render/common/queryPlatforms",
    idempotent: true,
    request: PlatformsInput,
    response: /* @__PURE__ */ Schema.Array(Platform)
  })
}

/**
 * The user service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The account profile (`queryUserProfile`). */
  readonly profile: () => Effect.Effect<UserProfile, ApiError>
  /** The account settings (`queryUserSetting`). */
  readonly settings: () => Effect.Effect<UserSettings, ApiError>
  /** Sets the task timeout, in seconds (`updateUserSetting`). */
  readonly updateSettings: (input: { readonly taskOverTimeSec: number }) => Effect.Effect<void, ApiError>
  /**
   * The hardware configurations of every platform (`hardwareConfig/list`); with `taskIds`, the
   * tasks' current configurations are marked (`current`).
   */
  readonly hardwareConfigs: (input?: HardwareConfigsInput) => Effect.Effect<ReadonlyArray<HardwareConfig>, ApiError>
  /**
   * The platforms (clusters) of a zone (`queryPlatforms`). `zone` defaults to the zone of the
   * configured domain: 1 (China) for a Renderbus domain, 2 (abroad) otherwise.
   */
  readonly platforms: (input?: { readonly zone?: Zone }) => Effect.Effect<ReadonlyArray<Platform>, ApiError>
  /**
   * Profile, settings and transfer bucket ids at once, as the Python SDK's login gathers them
   * (the bucket ids come from `getBid`, as `TransferService.bucketIds` reads them).
   */
  readonly userInfo: () => Effect.Effect<UserInfo, ApiError>
}

/**
 * The user service of the client in scope.
 *
 * @example
 * ```ts
 * import { UserService } from "@rayvision/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const user = yield* UserService.UserService
 *   const profile = yield* user.profile()
 *   return profile.userName
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class UserService extends /* @__PURE__ */ Context.Tag("@rayvision/core/UserService")<UserService, Service>() {}

/**
 * Builds the service on the transport and configuration in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const transport = yield* HttpTransport
  const config = yield* ClientConfig
  const defaultZone = zoneForDomain(config.domain)
  const profile = () => transport.call(endpoints.profile, {})
  const settings = () => transport.call(endpoints.settings, {})
  const bucketIds = () => transport.call(transferEndpoints.bucketIds, {})
  return UserService.of({
    profile,
    settings,
    updateSettings: (input) => Effect.asVoid(transport.call(endpoints.updateSettings, input)),
    hardwareConfigs: (input = {}) => transport.call(endpoints.hardwareConfigs, input),
    platforms: (input = {}) => transport.call(endpoints.platforms, { zone: input.zone ?? defaultZone }),
    userInfo: () =>
      Effect.all({ profile: profile(), settings: settings(), bucketIds: bucketIds() }, { concurrency: 3 }).pipe(
        Effect.withSpan("UserService.userInfo", { captureStackTrace: false })
      )
  })
})

/**
 * The service layer; needs an `HttpTransport` and the `ClientConfig` (for the default zone).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<UserService, never, HttpTransport | ClientConfig> = /* @__PURE__ */ Layer.effect(
  UserService,
  make
)
