/**
 * The account: profile, settings, hardware configurations, operation and login records, platforms
 * (docs/protocol.md 4.1, 4.7.1).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { CallError } from "./ApiError.ts"
import { ClientConfig } from "./ClientConfig.ts"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { endpoints as transferEndpoints } from "./TransferService.ts"
import * as User from "./User.ts"
import type { LoginRecord, TaskRecord, UserInfo, Zone } from "./User.ts"
import { lookAheadOf, pagesOf } from "./internal/paging.ts"
import { Ignored, NoInput } from "./internal/schema.ts"

/**
 * The endpoints this service calls, and the methods they make. Every one may be repeated after a
 * transient failure: the queries (the record queries included: reading records adds none) and
 * `updateUserSetting`, which sets a value a repeat leaves as it is.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = /* @__PURE__ */ Endpoint.table("UserService", {
  /** The account profile (`queryUserProfile`). */
  profile: {
    path: "/api/render/setUp/queryUserProfile",
    idempotent: true,
    request: NoInput,
    response: User.UserProfile
  },
  /** The account settings (`queryUserSetting`). */
  settings: {
    path: "/api/render/setUp/queryUserSetting",
    idempotent: true,
    request: NoInput,
    response: User.UserSettings
  },
  /** Sets the task timeout, in seconds (`updateUserSetting`). */
  updateSettings: {
    path: "/api/render/setUp/updateUserSetting",
    idempotent: true,
    request: User.UpdateSettingsInput,
    response: Ignored
  },
  /**
   * The hardware configurations of every platform (`hardwareConfig/list`); with `taskIds`, the
   * tasks' current configurations are marked (`current`).
   */
  hardwareConfigs: {
    path: "/api/render/hardwareConfig/list",
    idempotent: true,
    request: User.HardwareConfigsInput,
    response: /* @__PURE__ */ Schema.Array(User.HardwareConfig)
  },
  /** One page of the operation records of tasks (`taskRecord`); see {@link Service.taskRecordsPage}. */
  taskRecordsPage: {
    path: "/api/render/handle/operate/sdk/taskRecord",
    idempotent: true,
    request: User.TaskRecordsInput,
    response: User.TaskRecordPage
  },
  /**
   * One page of the login records of the account (`loginRecord`, docs/protocol.md 4.1.6; the
   * Python SDK's `user.login_record`), with the defaults and the lenient reading of
   * {@link Service.taskRecordsPage}.
   */
  loginRecordsPage: {
    path: "/api/render/handle/operate/sdk/loginRecord",
    idempotent: true,
    request: User.LoginRecordsInput,
    response: User.LoginRecordPage
  },
  /** The platforms (clusters) of a zone (`queryPlatforms`); see {@link Service.platforms}. */
  platforms: {
    path: "/api/render/common/queryPlatforms",
    idempotent: true,
    request: User.PlatformsInput,
    response: /* @__PURE__ */ Schema.Array(User.Platform)
  }
})

/**
 * Options of the record streams ({@link Service.taskRecords}, {@link Service.loginRecords}).
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordStreamOptions {
  /**
   * Pages requested ahead of the one the consumer is reading, a whole number, 0 or more
   * (default 0), as `TaskService.PagingOptions`. A page that announces no page count allows none.
   */
  readonly lookAhead?: number
}

/**
 * The user service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Omit<Endpoint.Methods<typeof endpoints>, "taskRecordsPage" | "platforms"> {
  /**
   * One page of the operation records of tasks (`taskRecord`, docs/protocol.md 4.1.5; the Python
   * SDK's `user.task_record`): pages of 10 from page 1 by default, the dates (`"yyyy-MM-dd
   * HH:mm:ss"`, the service's zone) sent as `""` when not given, and `platform` the configured
   * platform unless given. The answer's shape is not documented: it is read leniently (see
   * `User.TaskRecord`, `User.RecordPage`).
   */
  readonly taskRecordsPage: (input?: User.TaskRecordsInput) => Effect.Effect<User.TaskRecordPage, CallError>
  /**
   * Every operation record of the filters, page by page (`taskRecord` with the given filters, from
   * page 1), as a stream: pages are requested as the consumer pulls, and the stream ends after the
   * last page (the one numbered `pageCount`, the one that brings the rows up to `total`, an empty
   * one, or, when a page announces neither, one with fewer rows than `pageSize`). A `700`
   * (`NoMoreRecords`) answer ends the stream as an empty page would. Input errors fail the stream
   * with `InvalidRequest` before anything is sent.
   */
  readonly taskRecords: (
    filters?: Omit<User.TaskRecordsInput, "pageNum"> & RecordStreamOptions
  ) => Stream.Stream<TaskRecord, CallError>
  /** Every login record of the filters, as a stream paged as {@link Service.taskRecords} is. */
  readonly loginRecords: (
    filters?: Omit<User.LoginRecordsInput, "pageNum"> & RecordStreamOptions
  ) => Stream.Stream<LoginRecord, CallError>
  /**
   * The platforms (clusters) of a zone (`queryPlatforms`). `zone` defaults to the zone of the
   * configured domain: 1 (China) for a Renderbus domain, 2 (abroad) otherwise.
   */
  readonly platforms: (input?: { readonly zone?: Zone }) => Effect.Effect<ReadonlyArray<User.Platform>, CallError>
  /**
   * Profile, settings and transfer bucket ids at once, as the Python SDK's login gathers them
   * (the bucket ids come from `getBid`, as `TransferService.bucketIds` reads them).
   */
  readonly userInfo: () => Effect.Effect<UserInfo, CallError>
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
  const methods = Endpoint.bind(transport.call, endpoints)
  const operation = Endpoint.operationsOf<Service>("UserService")
  const defaultZone = User.zoneForDomain(config.domain)
  const taskRecordsPage = (input: User.TaskRecordsInput = {}) =>
    methods.taskRecordsPage({ ...input, platform: input.platform ?? Number(config.platform) })

  /**
   * The record stream of `fetch`: every page from 1, a 700 (no more records) read as an empty
   * page, the items of each page in order.
   */
  const records = <I, P extends { readonly items: ReadonlyArray<I> }>(
    operation: string,
    lookAhead: number | undefined,
    pageSize: number | undefined,
    fetch: (pageNum: number) => Effect.Effect<P, CallError>
  ): Stream.Stream<I, CallError> =>
    Stream.unwrap(
      Effect.map(lookAheadOf(operation, lookAhead), (ahead) =>
        pagesOf(
          (pageNum) =>
            Effect.catchTag(fetch(pageNum), "NoMoreRecords", () =>
              Effect.succeed({ items: [] as ReadonlyArray<I> } as P)
            ),
          ahead,
          pageSize ?? 10
        )
      )
    ).pipe(
      Stream.mapConcat((page) => page.items),
      Stream.withSpan(operation, { captureStackTrace: false })
    )

  return UserService.of({
    ...methods,
    taskRecordsPage,
    taskRecords: (filters = {}) => {
      const { lookAhead, ...input } = filters
      return records<TaskRecord, User.TaskRecordPage>(operation("taskRecords"), lookAhead, input.pageSize, (pageNum) =>
        taskRecordsPage({ ...input, pageNum })
      )
    },
    loginRecords: (filters = {}) => {
      const { lookAhead, ...input } = filters
      return records<LoginRecord, User.LoginRecordPage>(
        operation("loginRecords"),
        lookAhead,
        input.pageSize,
        (pageNum) => methods.loginRecordsPage({ ...input, pageNum })
      )
    },
    platforms: (input = {}) => methods.platforms({ zone: input.zone ?? defaultZone }),
    userInfo: () =>
      Effect.all(
        {
          profile: methods.profile(),
          settings: methods.settings(),
          bucketIds: transport.call(transferEndpoints.bucketIds, {})
        },
        { concurrency: 3 }
      ).pipe(Effect.withSpan(operation("userInfo"), { captureStackTrace: false }))
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
