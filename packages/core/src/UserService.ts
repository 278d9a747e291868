/**
 * The account: profile, settings, transfer bucket ids (spec 4.1, 4.6.1).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { ApiError } from "./ApiError.ts"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { TransferBucketIds, UpdateSettingsInput, UserProfile, UserSettings } from "./User.ts"
import type { UserInfo } from "./User.ts"

const NoInput = Schema.Struct({})

/**
 * The endpoints this service calls.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  profile: Endpoint.make({
    operation: "UserService.profile",
    path: "/api/render/setUp/queryUserProfile",
    idempotent: true,
    request: NoInput,
    response: UserProfile
  }),
  settings: Endpoint.make({
    operation: "UserService.settings",
    path: "/api/render/setUp/queryUserSetting",
    idempotent: true,
    request: NoInput,
    response: UserSettings
  }),
  updateSettings: Endpoint.make({
    operation: "UserService.updateSettings",
    path: "/api/render/setUp/updateUserSetting",
    idempotent: true,
    request: UpdateSettingsInput,
    response: Schema.Unknown
  }),
  transferBucketIds: Endpoint.make({
    operation: "UserService.transferBucketIds",
    path: "/api/render/transfer/getBid",
    idempotent: true,
    request: NoInput,
    response: TransferBucketIds
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
  /** The transfer bucket ids (`getBid`). */
  readonly transferBucketIds: () => Effect.Effect<TransferBucketIds, ApiError>
  /** Profile, settings and bucket ids at once, as the Python SDK's login gathers them. */
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
export class UserService extends Context.Tag("@rayvision/core/UserService")<UserService, Service>() {}

/**
 * Builds the service on the transport in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function* () {
  const transport = yield* HttpTransport
  const profile = () => transport.call(endpoints.profile, {})
  const settings = () => transport.call(endpoints.settings, {})
  const transferBucketIds = () => transport.call(endpoints.transferBucketIds, {})
  return UserService.of({
    profile,
    settings,
    updateSettings: (input) => Effect.asVoid(transport.call(endpoints.updateSettings, input)),
    transferBucketIds,
    userInfo: () =>
      Effect.all({ profile: profile(), settings: settings(), bucketIds: transferBucketIds() }, { concurrency: 3 }).pipe(
        Effect.withSpan("UserService.userInfo", { captureStackTrace: false })
      )
  })
})

/**
 * The service layer; needs an `HttpTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<UserService, never, HttpTransport> = Layer.effect(UserService, make)
