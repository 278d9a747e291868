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
export class UserProfile extends Schema.Class<UserProfile>("@rayvision/core/UserProfile")({
  userId: Schema.Number,
  userName: opt(Schema.String),
  platform: opt(Schema.Number),
  phone: opt(Schema.String),
  email: opt(Schema.String),
  company: opt(Schema.String),
  companySite: opt(Schema.String),
  name: opt(Schema.String),
  job: opt(Schema.String),
  communicationNumber: opt(Schema.String),
  softType: opt(Schema.Number),
  softStatus: opt(Schema.Number),
  businessType: opt(Schema.Number),
  status: opt(Schema.Number),
  infoStatus: opt(Schema.Number),
  accountType: opt(Schema.Number),
  userType: opt(Schema.Number),
  mainUserId: opt(Schema.Number),
  level: opt(Schema.Number),
  pictureLever: opt(Schema.Number),
  zone: opt(Schema.Number),
  rmbbalance: opt(Schema.Number),
  usdbalance: opt(Schema.Number),
  rmbCumulative: opt(Schema.Number),
  usdCumulative: opt(Schema.Number),
  credit: opt(Schema.Number),
  coupon: opt(Schema.Number),
  availableCredit: opt(Schema.Number),
  totalCredit: opt(Schema.Number),
  description: opt(Schema.String),
  country: opt(Schema.String),
  city: opt(Schema.String),
  address: opt(Schema.String),
  cpuPrice: opt(Schema.Number),
  gpuPrice: opt(Schema.Number),
  gpuSingleDiscount: opt(Schema.Number),
  extraRamRate: opt(Schema.Number),
  shareMainCapital: opt(Schema.Number),
  subDeleteTask: opt(Schema.Number),
  subDeleteCapital: opt(Schema.Number),
  useMainBalance: opt(Schema.Number),
  hideBalance: opt(Schema.Number),
  hideJobCharge: opt(Schema.Number),
  useLevelDirectory: opt(Schema.Number),
  downloadDisable: opt(Schema.Number),
  displaySubaccount: opt(Schema.Number),
  subaccountLimits: opt(Schema.Number),
  houdiniFlag: opt(Schema.Number),
  c4dFlag: opt(Schema.Number),
  blenderFlag: opt(Schema.Number),
  keyshotFlag: opt(Schema.Number),
  studentEndTime: opt(Schema.Number),
  commonCoupon: opt(Schema.Number),
  qyCoupon: opt(Schema.Number),
  commonCouponCount: opt(Schema.Number),
  qyCouponCount: opt(Schema.Number),
  exportFrameConsume: opt(Schema.Number),
  inviterId: opt(NumberOrString),
  inviterName: opt(Schema.String),
  enableNodeDetails: opt(Schema.Number),
  taskNodeLimitPermission: opt(Schema.Number)
}) {}

/**
 * The account settings (`queryUserSetting`, docs/protocol.md 4.1.2).
 *
 * @since 0.1.0
 * @category models
 */
export class UserSettings extends Schema.Class<UserSettings>("@rayvision/core/UserSettings")({
  infoStatus: opt(Schema.Number),
  accountType: opt(Schema.Number),
  shareMainCapital: opt(Schema.Number),
  subDeleteTask: opt(Schema.Number),
  useMainBalance: opt(Schema.Number),
  singleNodeRenderFrames: opt(Schema.String),
  maxIgnoreMapFlag: opt(NumberOrString),
  autoCommit: opt(Schema.String),
  separateAccountFlag: opt(Schema.Number),
  mifileSwitchFlag: opt(Schema.Number),
  assfileSwitchFlag: opt(Schema.Number),
  manuallyStartAnalysisFlag: opt(Schema.Number),
  downloadDisable: opt(Schema.Number),
  /** Task timeout in hours. */
  taskOverTime: opt(Schema.Number),
  /** Task timeout in seconds. */
  taskOverTimeSec: opt(Schema.Number),
  ignoreMapFlag: opt(Schema.Number),
  isVrayLicense: opt(Schema.Number),
  justUploadConfigFlag: opt(Schema.Number),
  justUploadCgFlag: opt(Schema.Number),
  mandatoryAnalyseAllAgent: opt(Schema.Number),
  downloadLimit: opt(Schema.Number)
}) {}

/**
 * Input of `updateSettings` (`updateUserSetting`, docs/protocol.md 4.1.3): the task timeout in
 * seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateSettingsInput = Schema.Struct({
  taskOverTimeSec: Schema.Int.pipe(Schema.positive({ message: () => "must be a positive whole number of seconds" }))
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
export const ZoneSchema = Schema.Literal(Zone.China, Zone.Abroad).annotations({
  message: () => ({ message: "must be 1 (China) or 2 (abroad)", override: true })
})

/**
 * Input of `platforms` (`queryPlatforms`, docs/protocol.md 4.7.1) as it goes on the wire. The
 * service method fills in `zone` from the configured domain when it is not given.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PlatformsInput = Schema.Struct({ zone: ZoneSchema })

/**
 * A render-farm cluster (`queryPlatforms`, docs/protocol.md 4.7.1): the value of the `platform`
 * setting.
 *
 * @since 0.1.0
 * @category models
 */
export class Platform extends Schema.Class<Platform>("@rayvision/core/Platform")({
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
export const NotSupportCodes = Schema.transform(
  Schema.Union(Schema.Array(NumberOrString), Schema.String),
  Schema.Array(Schema.String),
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
export class HardwareConfig extends Schema.Class<HardwareConfig>("@rayvision/core/HardwareConfig")({
  /** The `hardwareConfigId` of task.json. */
  id: Schema.Number,
  /** See {@link HardwareType}. */
  type: opt(Schema.Number),
  /** 1 = enabled, 0 = disabled. */
  status: opt(Schema.Number),
  /** The platform (cluster) it belongs to. */
  platform: Schema.Number,
  /** E.g. `"Default"`, `"1080Ti"`, `"2080Ti"`. */
  model: Schema.String,
  /** E.g. `"64GB"`. */
  ram: Schema.String,
  /** Number of GPU cards, e.g. `"2"`; absent on CPU configurations. */
  gpuNum: opt(Schema.String),
  /** DCC ids it cannot render. */
  notSupportCgId: list(Schema.Number),
  /** Analysis tip codes it cannot handle. */
  notSupportCode: Schema.optionalWith(NotSupportCodes, { nullable: true, default: () => [] }),
  /**
   * Plugin patterns it cannot render: case-insensitive regular expressions (once parentheses are
   * removed) matched against `"<plugin name> <plugin version>"`.
   */
  notSupportPluginList: list(Schema.String),
  /** With task ids: whether this is the task's current configuration. */
  current: opt(Schema.Boolean)
}) {}

/**
 * Input of `hardwareConfigs` (`hardwareConfig/list`, docs/protocol.md 4.1.4): optional task ids. On
 * the wire the body always holds `"cloneTask": "false"` (a string), and the ids as strings.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HardwareConfigsInput = Schema.transform(
  Schema.Struct({
    /** Mark the current configuration of these tasks. */
    taskIds: Schema.optional(
      Schema.transform(TaskIds, Schema.Array(Schema.String), {
        strict: true,
        decode: (ids) => ids.map(String),
        encode: (ids) => ids.map(Number)
      })
    )
  }),
  Schema.Struct({
    cloneTask: Schema.Literal("false"),
    taskIds: Schema.optional(Schema.Array(Schema.String))
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
