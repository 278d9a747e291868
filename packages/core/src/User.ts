/**
 * Models of the account endpoints (docs/protocol.md 4.1, 4.7.1), and the zone (China or abroad)
 * some endpoints take (docs/protocol.md 1.4, 5.5).
 *
 * Response fields the service may omit or send as `null` are optional properties; lists the
 * service may omit or send as `null` decode to an empty list; extra fields the service adds
 * are ignored.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { NumberOrString, opt, TaskIds } from "./internal/schema.ts"
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
