/**
 * Models of the account endpoints (docs/protocol.md 4.1, 4.7.1), and the zone (China or abroad)
 * some endpoints take (docs/protocol.md 1.4, 5.5).
 *
 * Response fields the service may omit or send as `null` are optional properties; lists the
 * service may omit or send as `null` decode to an empty list; extra fields the service adds
 * are ignored, except in the operation and login records (docs/protocol.md 4.1.5, 4.1.6), whose
 * shape is not documented: there they are kept.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { DateTimeText, NumberOrString, opt, PageNumber, TaskIds } from "./internal/schema.ts"
import type { TransferBucketIds } from "./Transfer.ts"

/**
 * The account profile (`queryUserProfile`, docs/protocol.md 4.1.1).
 *
 * @since 0.1.0
 * @category models
 */
export class UserProfile
  extends /* @__PURE__ */ Schema.Class<UserProfile>("@rayvision/core/UserProfile")({
    userId: Schema.Number,
    userName: /* @__PURE__ */ opt(Schema.String),
    platform: /* @__PURE__ */ opt(Schema.Number),
    phone: /* @__PURE__ */ opt(Schema.String),
    email: /* @__PURE__ */ opt(Schema.String),
    company: /* @__PURE__ */ opt(Schema.String),
    companySite: /* @__PURE__ */ opt(Schema.String),
    name: /* @__PURE__ */ opt(Schema.String),
    job: /* @__PURE__ */ opt(Schema.String),
    communicationNumber: /* @__PURE__ */ opt(Schema.String),
    softType: /* @__PURE__ */ opt(Schema.Number),
    softStatus: /* @__PURE__ */ opt(Schema.Number),
    businessType: /* @__PURE__ */ opt(Schema.Number),
    status: /* @__PURE__ */ opt(Schema.Number),
    infoStatus: /* @__PURE__ */ opt(Schema.Number),
    accountType: /* @__PURE__ */ opt(Schema.Number),
    userType: /* @__PURE__ */ opt(Schema.Number),
    mainUserId: /* @__PURE__ */ opt(Schema.Number),
    level: /* @__PURE__ */ opt(Schema.Number),
    pictureLever: /* @__PURE__ */ opt(Schema.Number),
    zone: /* @__PURE__ */ opt(Schema.Number),
    rmbbalance: /* @__PURE__ */ opt(Schema.Number),
    usdbalance: /* @__PURE__ */ opt(Schema.Number),
    rmbCumulative: /* @__PURE__ */ opt(Schema.Number),
    usdCumulative: /* @__PURE__ */ opt(Schema.Number),
    credit: /* @__PURE__ */ opt(Schema.Number),
    coupon: /* @__PURE__ */ opt(Schema.Number),
    availableCredit: /* @__PURE__ */ opt(Schema.Number),
    totalCredit: /* @__PURE__ */ opt(Schema.Number),
    description: /* @__PURE__ */ opt(Schema.String),
    country: /* @__PURE__ */ opt(Schema.String),
    city: /* @__PURE__ */ opt(Schema.String),
    address: /* @__PURE__ */ opt(Schema.String),
    cpuPrice: /* @__PURE__ */ opt(Schema.Number),
    gpuPrice: /* @__PURE__ */ opt(Schema.Number),
    gpuSingleDiscount: /* @__PURE__ */ opt(Schema.Number),
    extraRamRate: /* @__PURE__ */ opt(Schema.Number),
    shareMainCapital: /* @__PURE__ */ opt(Schema.Number),
    subDeleteTask: /* @__PURE__ */ opt(Schema.Number),
    subDeleteCapital: /* @__PURE__ */ opt(Schema.Number),
    useMainBalance: /* @__PURE__ */ opt(Schema.Number),
    hideBalance: /* @__PURE__ */ opt(Schema.Number),
    hideJobCharge: /* @__PURE__ */ opt(Schema.Number),
    useLevelDirectory: /* @__PURE__ */ opt(Schema.Number),
    downloadDisable: /* @__PURE__ */ opt(Schema.Number),
    displaySubaccount: /* @__PURE__ */ opt(Schema.Number),
    subaccountLimits: /* @__PURE__ */ opt(Schema.Number),
    houdiniFlag: /* @__PURE__ */ opt(Schema.Number),
    c4dFlag: /* @__PURE__ */ opt(Schema.Number),
    blenderFlag: /* @__PURE__ */ opt(Schema.Number),
    keyshotFlag: /* @__PURE__ */ opt(Schema.Number),
    studentEndTime: /* @__PURE__ */ opt(Schema.Number),
    commonCoupon: /* @__PURE__ */ opt(Schema.Number),
    qyCoupon: /* @__PURE__ */ opt(Schema.Number),
    commonCouponCount: /* @__PURE__ */ opt(Schema.Number),
    qyCouponCount: /* @__PURE__ */ opt(Schema.Number),
    exportFrameConsume: /* @__PURE__ */ opt(Schema.Number),
    inviterId: /* @__PURE__ */ opt(NumberOrString),
    inviterName: /* @__PURE__ */ opt(Schema.String),
    enableNodeDetails: /* @__PURE__ */ opt(Schema.Number),
    taskNodeLimitPermission: /* @__PURE__ */ opt(Schema.Number)
  }) {}

/**
 * The account settings (`queryUserSetting`, docs/protocol.md 4.1.2).
 *
 * @since 0.1.0
 * @category models
 */
export class UserSettings
  extends /* @__PURE__ */ Schema.Class<UserSettings>("@rayvision/core/UserSettings")({
    infoStatus: /* @__PURE__ */ opt(Schema.Number),
    accountType: /* @__PURE__ */ opt(Schema.Number),
    shareMainCapital: /* @__PURE__ */ opt(Schema.Number),
    subDeleteTask: /* @__PURE__ */ opt(Schema.Number),
    useMainBalance: /* @__PURE__ */ opt(Schema.Number),
    singleNodeRenderFrames: /* @__PURE__ */ opt(Schema.String),
    maxIgnoreMapFlag: /* @__PURE__ */ opt(NumberOrString),
    autoCommit: /* @__PURE__ */ opt(Schema.String),
    separateAccountFlag: /* @__PURE__ */ opt(Schema.Number),
    mifileSwitchFlag: /* @__PURE__ */ opt(Schema.Number),
    assfileSwitchFlag: /* @__PURE__ */ opt(Schema.Number),
    manuallyStartAnalysisFlag: /* @__PURE__ */ opt(Schema.Number),
    downloadDisable: /* @__PURE__ */ opt(Schema.Number),
    /** Task timeout in hours. */
    taskOverTime: /* @__PURE__ */ opt(Schema.Number),
    /** Task timeout in seconds. */
    taskOverTimeSec: /* @__PURE__ */ opt(Schema.Number),
    ignoreMapFlag: /* @__PURE__ */ opt(Schema.Number),
    isVrayLicense: /* @__PURE__ */ opt(Schema.Number),
    justUploadConfigFlag: /* @__PURE__ */ opt(Schema.Number),
    justUploadCgFlag: /* @__PURE__ */ opt(Schema.Number),
    mandatoryAnalyseAllAgent: /* @__PURE__ */ opt(Schema.Number),
    downloadLimit: /* @__PURE__ */ opt(Schema.Number)
  }) {}

/**
 * Input of `updateSettings` (`updateUserSetting`, docs/protocol.md 4.1.3): the task timeout in
 * seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateSettingsInput = /* @__PURE__ */ Schema.Struct({
  taskOverTimeSec: /* @__PURE__ */ Schema.Int.pipe(
    /* @__PURE__ */ Schema.positive({ message: () => "must be a positive whole number of seconds" })
  )
})

/**
 * What the Python SDK gathers at login (docs/protocol.md 6.1): profile, settings and bucket ids,
 * kept apart and typed instead of merged into one snake_case dict.
 *
 * @since 0.1.0
 * @category models
 */
export interface UserInfo {
  readonly profile: UserProfile
  readonly settings: UserSettings
  readonly bucketIds: TransferBucketIds
}

// ---------------------------------------------------------------------------------------------
// Zone and platforms
// ---------------------------------------------------------------------------------------------

/**
 * The service's region (`zone`, docs/protocol.md 5.5): 1 = China (Renderbus), 2 = abroad
 * (Fox Renderfarm).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const Zone = {
  China: 1,
  Abroad: 2
} as const

/**
 * A zone.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type Zone = (typeof Zone)[keyof typeof Zone]

/**
 * The zone of a configured domain, with the document's meaning (docs/protocol.md 1.4): China for a
 * domain that contains `renderbus` (in any case), abroad otherwise. The Python SDK's
 * `get_transfer_server_msg` has this inverted (docs/protocol.md 7.2); this rule is used
 * everywhere here.
 *
 * @since 0.1.0
 * @category constructors
 */
export const zoneForDomain = (domain: string): Zone =>
  domain.toLowerCase().includes("renderbus") ? Zone.China : Zone.Abroad

/**
 * A zone in a request: 1 or 2.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ZoneSchema = /* @__PURE__ */ Schema.Literal(Zone.China, Zone.Abroad).annotations({
  message: () => ({ message: "must be 1 (China) or 2 (abroad)", override: true })
})

/**
 * Input of `platforms` (`queryPlatforms`, docs/protocol.md 4.7.1) as it goes on the wire. The
 * service method fills in `zone` from the configured domain when it is not given.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PlatformsInput = /* @__PURE__ */ Schema.Struct({ zone: ZoneSchema })

/**
 * A render-farm cluster (`queryPlatforms`, docs/protocol.md 4.7.1): the value of the `platform`
 * setting.
 *
 * @since 0.1.0
 * @category models
 */
export class Platform
  extends /* @__PURE__ */ Schema.Class<Platform>("@rayvision/core/Platform")({
    platform: Schema.Number,
    /** A label key, e.g. `"query_platform_w2"`. */
    name: Schema.String
  }) {}

// ---------------------------------------------------------------------------------------------
// Hardware configurations
// ---------------------------------------------------------------------------------------------

/** A list the service may omit or send as `null`: both decode to `[]`. */
const list = <S extends Schema.Schema.Any>(item: S) =>
  Schema.optionalWith(Schema.Array(item), { nullable: true, default: () => [] })

/**
 * Kinds of hardware configuration (`type`, docs/protocol.md 5.5).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const HardwareType = {
  CPU: 1,
  GPU: 2
} as const

/**
 * A kind of hardware configuration.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type HardwareType = (typeof HardwareType)[keyof typeof HardwareType]

/**
 * Analysis tip codes as the service sends them: a list, or a single string (a comma-separated
 * list, or one code); both decode to a list of codes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NotSupportCodes = /* @__PURE__ */ Schema.transform(
  /* @__PURE__ */ Schema.Union(/* @__PURE__ */ Schema.Array(NumberOrString), Schema.String),
  /* @__PURE__ */ Schema.Array(Schema.String),
  {
    strict: true,
    decode: (codes) =>
      typeof codes === "string" ? codes.split(/[\s,;]+/).filter((code) => code !== "") : codes.map(String),
    encode: (codes) => codes
  }
)

/**
 * A hardware configuration (`hardwareConfig/list`, docs/protocol.md 4.1.4, 5.6). The lists of what
 * it cannot render are empty when the service leaves them out (the Python SDK fails then,
 * docs/protocol.md 7.10), and `notSupportCode` is always a list.
 *
 * @since 0.1.0
 * @category models
 */
export class HardwareConfig
  extends /* @__PURE__ */ Schema.Class<HardwareConfig>("@rayvision/core/HardwareConfig")({
    /** The `hardwareConfigId` of task.json. */
    id: Schema.Number,
    /** See {@link HardwareType}. */
    type: /* @__PURE__ */ opt(Schema.Number),
    /** 1 = enabled, 0 = disabled. */
    status: /* @__PURE__ */ opt(Schema.Number),
    /** The platform (cluster) it belongs to. */
    platform: Schema.Number,
    /** E.g. `"Default"`, `"1080Ti"`, `"2080Ti"`. */
    model: Schema.String,
    /** E.g. `"64GB"`. */
    ram: Schema.String,
    /** Number of GPU cards, e.g. `"2"`; absent on CPU configurations. */
    gpuNum: /* @__PURE__ */ opt(Schema.String),
    /** DCC ids it cannot render. */
    notSupportCgId: /* @__PURE__ */ list(Schema.Number),
    /** Analysis tip codes it cannot handle. */
    notSupportCode: /* @__PURE__ */ Schema.optionalWith(NotSupportCodes, { nullable: true, default: () => [] }),
    /**
     * Plugin patterns it cannot render: case-insensitive regular expressions (once parentheses are
     * removed) matched against `"<plugin name> <plugin version>"`.
     */
    notSupportPluginList: /* @__PURE__ */ list(Schema.String),
    /** With task ids: whether this is the task's current configuration. */
    current: /* @__PURE__ */ opt(Schema.Boolean)
  }) {}

/**
 * Input of `hardwareConfigs` (`hardwareConfig/list`, docs/protocol.md 4.1.4): optional task ids. On
 * the wire the body always holds `"cloneTask": "false"` (a string), and the ids as strings.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HardwareConfigsInput = /* @__PURE__ */ Schema.transform(
  /* @__PURE__ */ Schema.Struct({
    /** Mark the current configuration of these tasks. */
    taskIds: /* @__PURE__ */ Schema.optional(
      /* @__PURE__ */ Schema.transform(TaskIds, /* @__PURE__ */ Schema.Array(Schema.String), {
        strict: true,
        decode: (ids) => ids.map(String),
        encode: (ids) => ids.map(Number)
      })
    )
  }),
  /* @__PURE__ */ Schema.Struct({
    cloneTask: /* @__PURE__ */ Schema.Literal("false"),
    taskIds: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Array(Schema.String))
  }),
  {
    strict: true,
    decode: (input) => ({ cloneTask: "false" as const, ...input }),
    encode: ({ cloneTask: _, ...rest }) => rest
  }
)

/**
 * What `hardwareConfigs` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type HardwareConfigsInput = typeof HardwareConfigsInput.Encoded

// ---------------------------------------------------------------------------------------------
// Operation and login records
// ---------------------------------------------------------------------------------------------

/** Whatever the service adds to a record or a page: kept, as JSON values. */
const Rest = /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A platform number in a request body: a whole number, 1 or more.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PlatformNumber = /* @__PURE__ */ Schema.Int.pipe(
  /* @__PURE__ */ Schema.positive({ message: () => "must be a platform number, a whole number, 1 or more" })
)

/**
 * A date bound of the record queries: a time `"yyyy-MM-dd HH:mm:ss"` (the form of the other date
 * filters, `Task.ListTasksInput`), or `""` for no bound (what the Python SDK sends by default).
 */
const DateBound = /* @__PURE__ */ Schema.Union(Schema.Literal(""), DateTimeText).annotations({
  message: () => ({ message: 'must be a time written "yyyy-MM-dd HH:mm:ss", or "" for no bound', override: true })
})

const recordQueryFields = {
  /** Page number, from 1. Default 1, as the Python SDK. */
  pageNum: /* @__PURE__ */ Schema.optionalWith(PageNumber, { default: () => 1 }),
  /** Rows per page, 1 or more. Default 10, as the Python SDK. */
  pageSize: /* @__PURE__ */ Schema.optionalWith(PageNumber, { default: () => 10 }),
  /**
   * Only records at or after this time, `"yyyy-MM-dd HH:mm:ss"` in the service's zone; `""` (the
   * default, sent as the Python SDK sends it) for no bound.
   */
  startDate: /* @__PURE__ */ Schema.optionalWith(DateBound, { default: () => "" }),
  /** Only records at or before this time, the same way. */
  endDate: /* @__PURE__ */ Schema.optionalWith(DateBound, { default: () => "" })
}

/**
 * Input of the `taskRecord` endpoint (docs/protocol.md 4.1.5) as it goes on the wire:
 * `{"platform", "pageNum", "pageSize", "startDate", "endDate"}`, every field sent. The service
 * method fills in `platform` from the configured platform when it is not given.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskRecordsInput = /* @__PURE__ */ Schema.Struct(
  // Spread inside a function, so that a bundler can drop it when unused (see Task.TaskInfo).
  /* @__PURE__ */ (() => ({
    /** The platform whose records to read. */
    platform: PlatformNumber,
    ...recordQueryFields
  }))()
)

/**
 * What `UserService.taskRecordsPage` accepts: the filters of {@link TaskRecordsInput}, with
 * `platform` optional (default: the configured platform).
 *
 * @since 0.1.0
 * @category models
 */
export type TaskRecordsInput = Omit<typeof TaskRecordsInput.Encoded, "platform"> & {
  readonly platform?: number
}

/**
 * Input of the `loginRecord` endpoint (docs/protocol.md 4.1.6):
 * `{"pageNum", "pageSize", "startDate", "endDate"}`, every field sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoginRecordsInput = /* @__PURE__ */ Schema.Struct(recordQueryFields)

/**
 * What `UserService.loginRecordsPage` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type LoginRecordsInput = typeof LoginRecordsInput.Encoded

/**
 * One operation record of a task (`taskRecord`, docs/protocol.md 4.1.5). The protocol does not
 * document the shape, so it is decoded leniently: the fields below are the ones the simulator
 * sends (each optional, `null` read as absent, numbers also accepted as strings), and every other
 * field the service sends is kept as it came. Times are epoch milliseconds in the simulator.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskRecord = /* @__PURE__ */ Schema.Struct(
  {
    /** The record's id. */
    id: /* @__PURE__ */ opt(NumberOrString),
    taskId: /* @__PURE__ */ opt(NumberOrString),
    /** The task's display id, e.g. `"2W2433370"`. */
    taskAlias: /* @__PURE__ */ opt(Schema.String),
    /** What was done, e.g. `"submit"`, `"stop"`, `"updateTaskLimit"` in the simulator. */
    operateType: /* @__PURE__ */ opt(NumberOrString),
    /** A description of the operation, e.g. `"taskLimit 2"`. */
    operateContent: /* @__PURE__ */ opt(Schema.String),
    /** When it was done. */
    operateTime: /* @__PURE__ */ opt(NumberOrString),
    userId: /* @__PURE__ */ opt(NumberOrString),
    userName: /* @__PURE__ */ opt(Schema.String),
    platform: /* @__PURE__ */ opt(NumberOrString)
  },
  Rest
)

/**
 * One operation record of a task.
 *
 * @since 0.1.0
 * @category models
 */
export type TaskRecord = typeof TaskRecord.Type

/**
 * One login record (`loginRecord`, docs/protocol.md 4.1.6), decoded leniently like
 * {@link TaskRecord}: the fields the simulator sends, each optional, and every other field kept.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoginRecord = /* @__PURE__ */ Schema.Struct(
  {
    /** The record's id. */
    id: /* @__PURE__ */ opt(NumberOrString),
    userId: /* @__PURE__ */ opt(NumberOrString),
    userName: /* @__PURE__ */ opt(Schema.String),
    /** When the login happened. */
    loginTime: /* @__PURE__ */ opt(NumberOrString),
    platform: /* @__PURE__ */ opt(NumberOrString),
    /** The `channel` header of the login request in the simulator. */
    channel: /* @__PURE__ */ opt(NumberOrString)
  },
  Rest
)

/**
 * One login record.
 *
 * @since 0.1.0
 * @category models
 */
export type LoginRecord = typeof LoginRecord.Type

/**
 * A page of records as the lenient record queries read it: the paging fields of the other pages
 * (docs/protocol.md 4.0.3), each optional, the rows in `items` (a missing or `null` list is
 * empty), every other field kept, and a `null` page read as an empty one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecordPage = <Item extends Schema.Schema.Any>(item: Item) => {
  const page = Schema.Struct(
    {
      /** Number of pages. */
      pageCount: opt(Schema.Number),
      /** This page's number, from 1. */
      pageNum: opt(Schema.Number),
      /** Number of rows in all pages. */
      total: opt(Schema.Number),
      /** Page size. */
      size: opt(Schema.Number),
      items: Schema.optionalWith(Schema.Array(item), { nullable: true, default: () => [] })
    },
    Rest
  )
  return Schema.Union(
    page,
    Schema.transform(Schema.Null, Schema.typeSchema(page), {
      strict: false,
      decode: () => ({ items: [] }),
      encode: () => null
    })
  )
}

/**
 * A page of task operation records.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskRecordPage = /* @__PURE__ */ RecordPage(TaskRecord)

/**
 * A page of task operation records.
 *
 * @since 0.1.0
 * @category models
 */
export type TaskRecordPage = typeof TaskRecordPage.Type

/**
 * A page of login records.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoginRecordPage = /* @__PURE__ */ RecordPage(LoginRecord)

/**
 * A page of login records.
 *
 * @since 0.1.0
 * @category models
 */
export type LoginRecordPage = typeof LoginRecordPage.Type
