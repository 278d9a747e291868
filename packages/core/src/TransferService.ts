/**
 * Transfer and storage: bucket ids, Raysync server and key, transfer configuration, task-JSON
 * upload, output storage (docs/protocol.md 4.6, 4.2.2).
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
import {
  OutputFile,
  OutputFilesInput,
  RaySyncUserKey,
  ServerInfo,
  ServerInfoInput,
  TransferBucketIds,
  TransferConfig,
  UploadTaskJsonInput
} from "./Transfer.ts"
import { type Zone, zoneForDomain } from "./User.ts"
import { NoInput } from "./internal/schema.ts"

/**
 * The endpoints this service calls. Uploading a task JSON file is not idempotent and is never
 * repeated after a transient failure; the queries are.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  bucketIds: /* @__PURE__ */ Endpoint.make({
    operation: "TransferService.bucketIds",
    path: "/api/render/transfer/getBid",
    idempotent: true,
    request: NoInput,
    response: TransferBucketIds
  }),
  serverInfo: /* @__PURE__ */ Endpoint.make({
    operation: "TransferService.serverInfo",
    path: "/api/render/transfer/getServerInfo",
    idempotent: true,
    request: ServerInfoInput,
    response: ServerInfo
  }),
  raySyncUserKey: /* @__PURE__ */ Endpoint.make({
    operation: "TransferService.raySyncUserKey",
    path: "/api/render/transfer/getRaySyncUserKey",
    idempotent: true,
    request: NoInput,
    response: RaySyncUserKey
  }),
  transferConfig: /* @__PURE__ */ Endpoint.make({
    operation: "TransferService.transferConfig",
    path: "/api/render/transfer/getConfig",
    idempotent: true,
    request: NoInput,
    response: TransferConfig
  }),
  uploadTaskJson: /* @__PURE__ */ Endpoint.make({
    operation: "TransferService.uploadTaskJson",
    path: "/api/render/submit/taskJsonFile",
    idempotent: false,
    request: UploadTaskJsonInput,
    response: Schema.Unknown
  }),
  outputFiles: /* @__PURE__ */ Endpoint.make({
    operation: "TransferService.outputFiles",
    path: "/api/render/file/operate/getOutputUserDirFile",
    idempotent: true,
    request: OutputFilesInput,
    response: /* @__PURE__ */ Schema.Array(OutputFile)
  })
}

/**
 * The transfer service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The transfer bucket ids (`getBid`). */
  readonly bucketIds: () => Effect.Effect<TransferBucketIds, ApiError>
  /**
   * The Raysync transfer server (`getServerInfo`). `zone` defaults to the zone of the configured
   * domain: 1 (China) for a Renderbus domain, 2 (abroad) otherwise, as the document defines it.
   */
  readonly serverInfo: (input?: { readonly zone?: Zone }) => Effect.Effect<ServerInfo, ApiError>
  /** The account's Raysync login (`getRaySyncUserKey`); its keys are `Redacted`. */
  readonly raySyncUserKey: () => Effect.Effect<RaySyncUserKey, ApiError>
  /** Bucket ids and transfer engines with their lines (`getConfig`). */
  readonly transferConfig: () => Effect.Effect<TransferConfig, ApiError>
  /**
   * Uploads one analysis file of a task (`taskJsonFile`): `content` is an object or an array
   * (written with `JSON.stringify`) or text that is valid JSON. Never retried.
   */
  readonly uploadTaskJson: (input: UploadTaskJsonInput) => Effect.Effect<void, ApiError>
  /**
   * Lists a folder of the output storage (`getOutputUserDirFile`): `treePath` (default `"/"`),
   * of the task's output when `taskId` is given. `treePath` is sent as given, also with `taskId`.
   */
  readonly outputFiles: (input?: OutputFilesInput) => Effect.Effect<ReadonlyArray<OutputFile>, ApiError>
}

/**
 * The transfer service of the client in scope.
 *
 * @example
 * ```ts
 * import { TransferService } from "@rayvision/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const transfer = yield* TransferService.TransferService
 *   yield* transfer.uploadTaskJson({ taskId: 1234567, fileName: "task.json", content: { task_info: {} } })
 *   const files = yield* transfer.outputFiles({ taskId: 1234567 })
 *   return files.filter((file) => !file.directory).map((file) => file.filePath)
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class TransferService
  extends /* @__PURE__ */ Context.Tag("@rayvision/core/TransferService")<TransferService, Service>() {}

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
  return TransferService.of({
    bucketIds: () => transport.call(endpoints.bucketIds, {}),
    serverInfo: (input = {}) => transport.call(endpoints.serverInfo, { zone: input.zone ?? defaultZone }),
    raySyncUserKey: () => transport.call(endpoints.raySyncUserKey, {}),
    transferConfig: () => transport.call(endpoints.transferConfig, {}),
    uploadTaskJson: (input) => Effect.asVoid(transport.call(endpoints.uploadTaskJson, input)),
    outputFiles: (input = {}) => transport.call(endpoints.outputFiles, input)
  })
})

/**
 * The service layer; needs an `HttpTransport` and the `ClientConfig` (for the default zone).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TransferService, never, HttpTransport | ClientConfig> = /* @__PURE__ */ Layer.effect(
  TransferService,
  make
)
