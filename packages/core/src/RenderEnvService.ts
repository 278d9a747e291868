/**
 * Supported software, plugins and render environments (docs/protocol.md 4.5).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type { ApiError } from "./ApiError.ts"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { NoInput } from "./internal/schema.ts"
import {
  AddedEnv,
  EditNameInput,
  EnvInput,
  ListEnvsInput,
  RenderEnv,
  SoftwareDetail,
  SoftwareDetailInput,
  SoftwareList
} from "./RenderEnv.ts"

/**
 * The endpoints this service calls. Adding an environment is not idempotent and is never
 * repeated after a transient failure; the queries, edit, delete and set-default are.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  softwareList: /* @__PURE__ */ Endpoint.make({
    operation: "RenderEnvService.softwareList",
    path: "/api/render/plugin/querySoftwareList",
    idempotent: true,
    request: NoInput,
    response: SoftwareList
  }),
  softwareDetail: /* @__PURE__ */ Endpoint.make({
    operation: "RenderEnvService.softwareDetail",
    path: "/api/render/plugin/querySoftwareDetail",
    idempotent: true,
    request: SoftwareDetailInput,
    response: SoftwareDetail
  }),
  addEnv: /* @__PURE__ */ Endpoint.make({
    operation: "RenderEnvService.addEnv",
    path: "/api/render/plugin/addUserPluginConfig",
    idempotent: false,
    request: EnvInput,
    response: AddedEnv
  }),
  editEnv: /* @__PURE__ */ Endpoint.make({
    operation: "RenderEnvService.editEnv",
    path: "/api/render/plugin/editUserPluginConfig",
    idempotent: true,
    request: EnvInput,
    response: Schema.Unknown
  }),
  deleteEnv: /* @__PURE__ */ Endpoint.make({
    operation: "RenderEnvService.deleteEnv",
    path: "/api/render/plugin/deleteUserPluginConfig",
    idempotent: true,
    request: EditNameInput,
    response: Schema.Unknown
  }),
  setDefaultEnv: /* @__PURE__ */ Endpoint.make({
    operation: "RenderEnvService.setDefaultEnv",
    path: "/api/render/plugin/setDefaultUserPluginConfig",
    idempotent: true,
    request: EditNameInput,
    response: Schema.Unknown
  }),
  listEnvs: /* @__PURE__ */ Endpoint.make({
    operation: "RenderEnvService.listEnvs",
    path: "/api/render/plugin/getUserPluginConfig",
    idempotent: true,
    request: ListEnvsInput,
    response: /* @__PURE__ */ Schema.Array(RenderEnv)
  })
}

/**
 * The render-environment service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The DCCs the farm supports (`querySoftwareList`). */
  readonly softwareList: () => Effect.Effect<SoftwareList, ApiError>
  /**
   * The versions and plugins of one DCC on one OS (`querySoftwareDetail`). `osName` is
   * required: it is the farm's OS, not the OS of the machine the client runs on (the Python
   * SDK's default, docs/protocol.md 7.11).
   */
  readonly softwareDetail: (input: typeof SoftwareDetailInput.Encoded) => Effect.Effect<SoftwareDetail, ApiError>
  /**
   * Creates a render environment (`addUserPluginConfig`) and returns its `editName`. Never
   * retried: a lost answer must not create it twice. `renderSystem` is the integer 0 (Linux)
   * or 1 (Windows); the string `"0"` of the document's example is refused before sending.
   */
  readonly addEnv: (input: typeof EnvInput.Encoded) => Effect.Effect<string, ApiError>
  /** Replaces the settings of the environment named `editName` (`editUserPluginConfig`). */
  readonly editEnv: (input: typeof EnvInput.Encoded) => Effect.Effect<void, ApiError>
  /**
   * Deletes an environment (`deleteUserPluginConfig`). Repeating it is harmless, so it is
   * retried after a transient failure; a retry after a delete that did land answers
   * `ResourceNotFound`.
   */
  readonly deleteEnv: (editName: string) => Effect.Effect<void, ApiError>
  /** Makes an environment the default of its DCC (`setDefaultUserPluginConfig`). */
  readonly setDefaultEnv: (editName: string) => Effect.Effect<void, ApiError>
  /**
   * The account's render environments, optionally filtered (`getUserPluginConfig`). On the
   * wire `cgId` is an integer, `cgIds` a list of integers and `osName` the integer 0 (Linux)
   * or 1 (Windows): the Python SDK sent `cgId` as a string and failed its own validation on
   * every such call (docs/protocol.md 7.6).
   */
  readonly listEnvs: (input?: typeof ListEnvsInput.Encoded) => Effect.Effect<ReadonlyArray<RenderEnv>, ApiError>
}

/**
 * The render-environment service of the client in scope.
 *
 * @example
 * ```ts
 * import { RenderEnv, RenderEnvService } from "@rayvision/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const envs = yield* RenderEnvService.RenderEnvService
 *   const detail = yield* envs.softwareDetail({ cgId: RenderEnv.CgId.Maya, osName: RenderEnv.OsName.Linux })
 *   const version = detail.cgVersion[0]!
 *   yield* envs.addEnv({
 *     cgId: version.cgId,
 *     cgName: version.cgName,
 *     cgVersion: version.cgVersion,
 *     editName: "maya-linux",
 *     renderSystem: RenderEnv.RenderSystem.Linux,
 *     pluginIds: []
 *   })
 *   return yield* envs.listEnvs({ cgId: RenderEnv.CgId.Maya })
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class RenderEnvService
  extends /* @__PURE__ */ Context.Tag("@rayvision/core/RenderEnvService")<RenderEnvService, Service>() {}

/**
 * Builds the service on the transport in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const transport = yield* HttpTransport
  return RenderEnvService.of({
    softwareList: () => transport.call(endpoints.softwareList, {}),
    softwareDetail: (input) => transport.call(endpoints.softwareDetail, input),
    addEnv: (input) => Effect.map(transport.call(endpoints.addEnv, input), (added) => added.editName),
    editEnv: (input) => Effect.asVoid(transport.call(endpoints.editEnv, input)),
    deleteEnv: (editName) => Effect.asVoid(transport.call(endpoints.deleteEnv, { editName })),
    setDefaultEnv: (editName) => Effect.asVoid(transport.call(endpoints.setDefaultEnv, { editName })),
    listEnvs: (input = {}) => transport.call(endpoints.listEnvs, input)
  })
})

/**
 * The service layer; needs an `HttpTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<RenderEnvService, never, HttpTransport> = /* @__PURE__ */ Layer.effect(
  RenderEnvService,
  make
)
