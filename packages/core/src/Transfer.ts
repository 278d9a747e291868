/**
 * Models of transfer and storage: bucket ids, Raysync server and key, transfer configuration,
 * task-JSON upload, output storage (docs/protocol.md 4.6, 4.2.2).
 *
 * Response fields the service may omit or send as `null` are optional properties; lists the
 * service may omit or send as `null` decode to an empty list; extra fields the service adds
 * are ignored. Credentials in answers (Raysync keys, engine passwords) decode to `Redacted`, so
 * they never show in logs, errors or `JSON.stringify`: read them with `Redacted.value`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as ParseResult from "effect/ParseResult"
import { list, NumberOrString, opt, optionalExcept, optionalFields } from "./internal/fields.ts"
import { Id, nonEmptyText } from "./internal/schema.ts"
import { ZoneSchema } from "./User.ts"

/** A secret: it prints as `<redacted>`. */
const Secret = /* @__PURE__ */ Schema.Redacted(Schema.String)

// ---------------------------------------------------------------------------------------------
// getBid
// ---------------------------------------------------------------------------------------------

/**
 * A sub-account's output bucket id (`getBid` and `getConfig`, supplementary fields).
 *
 * @since 0.1.0
 * @category models
 */
export class SubUserOutputBid
  extends /* @__PURE__ */ Schema.Class<SubUserOutputBid>("@rayvision/core/SubUserOutputBid")({
    userId: NumberOrString,
    outputBid: Schema.String
  }) {}

/**
 * Transfer bucket ids (`getBid`, docs/protocol.md 4.6.1). The wire uses snake_case keys; the model
 * uses camelCase like every other model.
 *
 * @since 0.1.0
 * @category models
 */
export class TransferBucketIds
  extends /* @__PURE__ */ Schema.Class<TransferBucketIds>("@rayvision/core/TransferBucketIds")({
    /** Bucket for configuration files. */
    configBid: /* @__PURE__ */ Schema.propertySignature(Schema.String).pipe(
      /* @__PURE__ */ Schema.fromKey("config_bid")
    ),
    /** Bucket for downloads (render output). */
    outputBid: /* @__PURE__ */ Schema.propertySignature(Schema.String).pipe(
      /* @__PURE__ */ Schema.fromKey("output_bid")
    ),
    /** Bucket for asset uploads. */
    inputBid: /* @__PURE__ */ Schema.propertySignature(Schema.String).pipe(/* @__PURE__ */ Schema.fromKey("input_bid")),
    parentInputBid: /* @__PURE__ */ opt(Schema.String).pipe(/* @__PURE__ */ Schema.fromKey("parent_input_bid")),
    subUserOutputBids: /* @__PURE__ */ opt(/* @__PURE__ */ Schema.Array(SubUserOutputBid)).pipe(
      /* @__PURE__ */ Schema.fromKey("sub_user_output_bids")
    )
  }) {}

// ---------------------------------------------------------------------------------------------
// getServerInfo
// ---------------------------------------------------------------------------------------------

/**
 * Input of `serverInfo` (`getServerInfo`, docs/protocol.md 4.6.2) as it goes on the wire. The
 * service method fills in `zone` from the configured domain when it is not given.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerInfoInput = /* @__PURE__ */ Schema.Struct({
  /** See {@link ZoneSchema}. */
  zone: /* @__PURE__ */ Schema.optional(ZoneSchema)
})

/**
 * Address and ports of the Raysync transfer server (`raysyncTransfer`, docs/protocol.md 4.6.2).
 *
 * @since 0.1.0
 * @category models
 */
export class RaysyncTransfer
  extends /* @__PURE__ */ Schema.Class<RaysyncTransfer>("@rayvision/core/RaysyncTransfer")(
    /* @__PURE__ */ optionalExcept(["serverIp", "serverPort"], {
      serverIp: Schema.String,
      serverPort: Schema.Number,
      proxyIp: Schema.String,
      proxyPort: Schema.Number,
      sslPort: Schema.Number,
      port: Schema.Number
    })
  ) {}

/**
 * The Raysync transfer server of a zone (`getServerInfo`, docs/protocol.md 4.6.2).
 *
 * @since 0.1.0
 * @category models
 */
export class ServerInfo
  extends /* @__PURE__ */ Schema.Class<ServerInfo>("@rayvision/core/ServerInfo")(
    /* @__PURE__ */ optionalExcept(["raysyncTransfer"], {
      clientVersion: Schema.String,
      protocolVersion: Schema.String,
      raysyncTransfer: RaysyncTransfer
    })
  ) {}

// ---------------------------------------------------------------------------------------------
// getRaySyncUserKey
// ---------------------------------------------------------------------------------------------

/**
 * The Raysync login of the account (`getRaySyncUserKey`, docs/protocol.md 4.6.3). The three
 * credentials, `raySyncUserKey`, `userKey` and `signature`, are `Redacted`: they print as
 * `<redacted>` and are read with `Redacted.value`.
 *
 * @since 0.1.0
 * @category models
 */
export class RaySyncUserKey
  extends /* @__PURE__ */ Schema.Class<RaySyncUserKey>("@rayvision/core/RaySyncUserKey")(
    /* @__PURE__ */ optionalExcept(["raySyncUserKey"], {
      /** The Raysync key (40 hexadecimal digits). */
      raySyncUserKey: Secret,
      userKey: Secret,
      signature: Secret,
      channel: Schema.Number,
      platform: Schema.Number,
      version: Schema.String,
      /** The user id. */
      id: Schema.Number,
      userName: Schema.String,
      zone: Schema.Number,
      phone: Schema.String,
      email: Schema.String,
      /** Epoch milliseconds. */
      loginTime: Schema.Number,
      infoStatus: Schema.Number,
      accountType: Schema.Number,
      shareMainCapital: Schema.Number,
      subDeleteTask: Schema.Number,
      subDeleteCapital: Schema.Number,
      useMainBalance: Schema.Number,
      downloadDisable: Schema.Number
    })
  ) {}

// ---------------------------------------------------------------------------------------------
// getConfig
// ---------------------------------------------------------------------------------------------

/**
 * Kinds of transfer line (`type` of a line, docs/protocol.md 4.6.4).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const LineType = { General: 0, Dedicated: 1 } as const

/**
 * A kind of transfer line.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type LineType = (typeof LineType)[keyof typeof LineType]

/**
 * A network line of a transfer engine (`respTaskEngineLines`, docs/protocol.md 4.6.4).
 *
 * @since 0.1.0
 * @category models
 */
export class TransferEngineLine
  extends /* @__PURE__ */ Schema.Class<TransferEngineLine>("@rayvision/core/TransferEngineLine")(
    /* @__PURE__ */ optionalFields({
      name: Schema.String,
      server: Schema.String,
      port: Schema.String,
      /** 1 = the engine's default line. */
      isDefault: Schema.Number,
      lineId: Schema.Number,
      /** See {@link LineType}. */
      type: Schema.Number
    })
  ) {}

/**
 * An account of a transfer engine (`resqEngineAccounts`, docs/protocol.md 4.6.4). The password is
 * `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export class TransferEngineAccount
  extends /* @__PURE__ */ Schema.Class<TransferEngineAccount>("@rayvision/core/TransferEngineAccount")(
    /* @__PURE__ */ optionalFields({
      bid: NumberOrString,
      name: Schema.String,
      password: Secret
    })
  ) {}

/**
 * A transfer engine and its lines (`resqEngines`, docs/protocol.md 4.6.4).
 *
 * @since 0.1.0
 * @category models
 */
export class TransferEngine
  extends /* @__PURE__ */ Schema.Class<TransferEngine>("@rayvision/core/TransferEngine")(
    /* @__PURE__ */ optionalExcept(["engineName"], {
      /** `"RaySync"`, `"Aspera"`, ... */
      engineName: Schema.String,
      checkServer: Schema.String,
      checkPort: Schema.String,
      /** `"1"` = line checking on, `"0"` = off. */
      checkEnable: Schema.String,
      checkExcludType: Schema.String,
      /** 1 = the client checks the lines and switches automatically. */
      automaticCheck: Schema.Number,
      /** 1 = the default engine. */
      isDefault: Schema.Number,
      resqEngineAccounts: /* @__PURE__ */ list(TransferEngineAccount),
      respTaskEngineLines: /* @__PURE__ */ list(TransferEngineLine)
    })
  ) {}

/**
 * The transfer configuration of the account (`getConfig`, docs/protocol.md 4.6.4): bucket ids and
 * engines.
 *
 * @since 0.1.0
 * @category models
 */
export class TransferConfig
  extends /* @__PURE__ */ Schema.Class<TransferConfig>("@rayvision/core/TransferConfig")(
    /* @__PURE__ */ optionalFields({
      inputBid: Schema.String,
      outputBid: Schema.String,
      configBid: Schema.String,
      parentInputBid: Schema.String,
      resqEngines: /* @__PURE__ */ list(TransferEngine),
      subUserOutputBids: /* @__PURE__ */ list(SubUserOutputBid)
    })
  ) {}

// ---------------------------------------------------------------------------------------------
// taskJsonFile
// ---------------------------------------------------------------------------------------------

/**
 * The files of a task's analysis that can be uploaded (`fileName` of `taskJsonFile`,
 * docs/protocol.md 4.2.2).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const TaskJsonFileName = {
  Task: "task.json",
  Upload: "upload.json",
  Asset: "asset.json",
  Tips: "tips.json"
} as const

/**
 * A task JSON file name.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type TaskJsonFileName = (typeof TaskJsonFileName)[keyof typeof TaskJsonFileName]

const FileName = /* @__PURE__ */ Schema.Literal(.../* @__PURE__ */ Object.values(TaskJsonFileName)).annotations({
  message: () => ({
    message: `must be one of ${Object.values(TaskJsonFileName).join(", ")}`,
    override: true
  })
})

/**
 * The content of a task JSON file, given as a JavaScript value (an object or an array, written
 * with `JSON.stringify`) or as text that must already be valid JSON. On the wire it is a string.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskJsonContent = /* @__PURE__ */ Schema.transformOrFail(
  /* @__PURE__ */ Schema.Union(Schema.String, Schema.Object).annotations({
    message: () => ({ message: "must be an object, an array or JSON text", override: true })
  }),
  Schema.String,
  {
    strict: true,
    decode: (content, _options, ast) => {
      if (typeof content === "string") {
        try {
          JSON.parse(content)
          return ParseResult.succeed(content)
        } catch {
          return ParseResult.fail(new ParseResult.Type(ast, content, "must be valid JSON text"))
        }
      }
      try {
        const text = JSON.stringify(content)
        return typeof text === "string"
          ? ParseResult.succeed(text)
          : ParseResult.fail(new ParseResult.Type(ast, content, "cannot be written as JSON"))
      } catch (error) {
        return ParseResult.fail(
          new ParseResult.Type(
            ast,
            content,
            `cannot be written as JSON${error instanceof Error ? ` (${error.message})` : ""}`
          )
        )
      }
    },
    encode: (text) => ParseResult.succeed(text)
  }
)

/**
 * Input of `uploadTaskJson` (`taskJsonFile`, docs/protocol.md 4.2.2).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadTaskJsonInput = /* @__PURE__ */ Schema.Struct({
  taskId: Id,
  /** See {@link TaskJsonFileName}. */
  fileName: FileName,
  content: TaskJsonContent
})

/**
 * What `uploadTaskJson` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type UploadTaskJsonInput = typeof UploadTaskJsonInput.Encoded

// ---------------------------------------------------------------------------------------------
// getOutputUserDirFile
// ---------------------------------------------------------------------------------------------

/**
 * Input of `outputFiles` (`getOutputUserDirFile`, docs/protocol.md 4.6.5). `treePath` defaults to
 * `"/"` and is kept as given when `taskId` is given too (the Python SDK replaces it with `"/"`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputFilesInput = /* @__PURE__ */ Schema.Struct({
  /** The folder to list, from the root of the output storage (of the task, with `taskId`). Default `"/"`. */
  treePath: /* @__PURE__ */ Schema.optionalWith(/* @__PURE__ */ nonEmptyText('must be a folder path such as "/"'), {
    default: () => "/"
  }),
  /** The task whose output to list (for a layered task, the layer's sub-task id). */
  taskId: /* @__PURE__ */ Schema.optional(Id)
})

/**
 * What `outputFiles` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type OutputFilesInput = typeof OutputFilesInput.Encoded

/**
 * A file or folder of the output storage (`getOutputUserDirFile`, docs/protocol.md 4.6.5).
 *
 * @since 0.1.0
 * @category models
 */
export class OutputFile
  extends /* @__PURE__ */ Schema.Class<OutputFile>("@rayvision/core/OutputFile")(
    /* @__PURE__ */ optionalExcept(["fileName", "filePath", "directory"], {
      fileName: Schema.String,
      /** The path from the root of the output storage, e.g. `"/1484861_muti_layer_test"`. */
      filePath: Schema.String,
      /** True for a folder. */
      directory: Schema.Boolean,
      /** Bytes; absent for folders. */
      fileSize: Schema.Number,
      /** The extension, e.g. `"exr"`; absent for folders. */
      fileType: Schema.String,
      iconPath: Schema.String,
      /** `"yyyy-MM-dd HH:mm:ss"`, in the service's time zone. */
      lastModify: Schema.String,
      /** 1 when the account is in arrears (downloads may be refused), 0 otherwise. */
      isArrears: Schema.Number
    })
  ) {}
