/**
 * Supported software, plugins and render environments (docs/protocol.md 4.5).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { Ignored, NoInput } from "./internal/schema.ts"
import * as RenderEnv from "./RenderEnv.ts"

/** The arguments of the methods that take an environment's name alone. */
const editName = (editName: string) => ({ editName })

/**
 * The name `addUserPluginConfig` answers with: what `addEnv` returns.
 */
const AddedEditName = /* @__PURE__ */ Schema.transform(RenderEnv.AddedEnv, Schema.String, {
  strict: true,
  decode: (added) => added.editName,
  encode: (editName) => new RenderEnv.AddedEnv({ editName })
})

/**
 * The endpoints this service calls, and the methods they make. Adding an environment is not
 * idempotent and is never repeated after a transient failure; the queries, edit, delete and
 * set-default are.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = /* @__PURE__ */ Endpoint.table("RenderEnvService", {
  /** The DCCs the farm supports (`querySoftwareList`). */
  softwareList: {
    path: "/api/render/plugin/querySoftwareList",
    idempotent: true,
    request: NoInput,
    response: RenderEnv.SoftwareList
  },
  /**
   * The versions and plugins of one DCC on one OS (`querySoftwareDetail`). `osName` is
   * required: it is the farm's OS, not the OS of the machine the client runs on (the Python
   * SDK's default, docs/protocol.md 7.11).
   */
  softwareDetail: {
    path: "/api/render/plugin/querySoftwareDetail",
    idempotent: true,
    request: RenderEnv.SoftwareDetailInput,
    response: RenderEnv.SoftwareDetail
  },
  /**
   * Creates a render environment (`addUserPluginConfig`) and returns its `editName`. Never
   * retried: a lost answer must not create it twice. `renderSystem` is the integer 0 (Linux)
   * or 1 (Windows); the string `"0"` of the document's example is refused before sending.
   */
  addEnv: {
    path: "/api/render/plugin/addUserPluginConfig",
    idempotent: false,
    request: RenderEnv.EnvInput,
    response: AddedEditName
  },
  /** Replaces the settings of the environment named `editName` (`editUserPluginConfig`). */
  editEnv: {
    path: "/api/render/plugin/editUserPluginConfig",
    idempotent: true,
    request: RenderEnv.EnvInput,
    response: Ignored
  },
  /**
   * Deletes an environment (`deleteUserPluginConfig`). Repeating it is harmless, so it is
   * retried after a transient failure; a retry after a delete that did land answers
   * `ResourceNotFound`.
   */
  deleteEnv: {
    path: "/api/render/plugin/deleteUserPluginConfig",
    idempotent: true,
    request: RenderEnv.EditNameInput,
    response: Ignored,
    args: editName
  },
  /** Makes an environment the default of its DCC (`setDefaultUserPluginConfig`). */
  setDefaultEnv: {
    path: "/api/render/plugin/setDefaultUserPluginConfig",
    idempotent: true,
    request: RenderEnv.EditNameInput,
    response: Ignored,
    args: editName
  },
  /**
   * The account's render environments, optionally filtered (`getUserPluginConfig`). On the
   * wire `cgId` is an integer, `cgIds` a list of integers and `osName` the integer 0 (Linux)
   * or 1 (Windows): the Python SDK sent `cgId` as a string and failed its own validation on
   * every such call (docs/protocol.md 7.6).
   */
  listEnvs: {
    path: "/api/render/plugin/getUserPluginConfig",
    idempotent: true,
    request: RenderEnv.ListEnvsInput,
    response: /* @__PURE__ */ Schema.Array(RenderEnv.RenderEnv)
  }
})

/**
 * The render-environment service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Endpoint.Methods<typeof endpoints> {}

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
export const make = /* @__PURE__ */ Effect.map(HttpTransport, (transport) =>
  RenderEnvService.of(Endpoint.bind(transport.call, endpoints))
)

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
