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
import { ClientConfig } from "./ClientConfig.ts"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import * as Transfer from "./Transfer.ts"
import { zoneForDomain } from "./User.ts"
import { Ignored, NoInput } from "./internal/schema.ts"

/**
 * The endpoints this service calls, and the methods they make. Uploading a task JSON file is not
 * idempotent and is never repeated after a transient failure; the queries are.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = /* @__PURE__ */ Endpoint.table("TransferService", {
  /** The transfer bucket ids (`getBid`). */
  bucketIds: {
    path: "/api/render/transfer/getBid",
    idempotent: true,
    request: NoInput,
    response: Transfer.TransferBucketIds
  },
  /**
   * The Raysync transfer server (`getServerInfo`). `zone` defaults to the zone of the configured
   * domain: 1 (China) for a Renderbus domain, 2 (abroad) otherwise, as the document defines it.
   */
  serverInfo: {
    path: "/api/render/transfer/getServerInfo",
    idempotent: true,
    request: Transfer.ServerInfoInput,
    response: Transfer.ServerInfo
  },
  /** The account's Raysync login (`getRaySyncUserKey`); its keys are `Redacted`. */
  raySyncUserKey: {
    path: "/api/render/transfer/getRaySyncUserKey",
    idempotent: true,
    request: NoInput,
    response: Transfer.RaySyncUserKey
  },
  /** Bucket ids and transfer engines with their lines (`getConfig`). */
  transferConfig: {
    path: "/api/render/transfer/getConfig",
    idempotent: true,
    request: NoInput,
    response: Transfer.TransferConfig
  },
  /**
   * Uploads one analysis file of a task (`taskJsonFile`): `content` is an object or an array
   * (written with `JSON.stringify`) or text that is valid JSON. Never retried.
   */
  uploadTaskJson: {
    path: "/api/render/submit/taskJsonFile",
    idempotent: false,
    request: Transfer.UploadTaskJsonInput,
    response: Ignored
  },
  /**
   * Lists a folder of the output storage (`getOutputUserDirFile`): `treePath` (default `"/"`),
   * of the task's output when `taskId` is given. `treePath` is sent as given, also with `taskId`.
   */
  outputFiles: {
    path: "/api/render/file/operate/getOutputUserDirFile",
    idempotent: true,
    request: Transfer.OutputFilesInput,
    response: /* @__PURE__ */ Schema.Array(Transfer.OutputFile)
  }
})

/**
 * The transfer service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Endpoint.Methods<typeof endpoints> {}

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
  const methods = Endpoint.bind(transport.call, endpoints)
  const defaultZone = zoneForDomain(config.domain)
  return TransferService.of({
    ...methods,
    serverInfo: (input = {}) => methods.serverInfo({ zone: input.zone ?? defaultZone })
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
