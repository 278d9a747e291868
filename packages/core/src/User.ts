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
import { list, NumberOrString, optionalExcept, optionalFields } from "./internal/fields.ts"
import { oneOf, Seconds, TaskIds } from "./internal/schema.ts"
import type { TransferBucketIds } from "./Transfer.ts"

export * from "./Records.ts"

/**
 * The account profile (`queryUserProfile`, docs/protocol.md 4.1.1).
 *
 * @since 0.1.0
 * @category models
 */
export class UserProfile
  extends /* @__PURE__ */ Schema.Class<UserProfile>("@rayvision/core/UserProfile")(
    /* @__PURE__ */ optionalExcept(["userId"], {
      userId: Schema.Number,
      userName: Schema.String,
      platform: Schema.Number,
      phone: Schema.String,
      email: Schema.String,
      company: Schema.String,
      companySite: Schema.String,
      name: Schema.String,
      job: Schema.String,
      communicationNumber: Schema.String,
      softType: Schema.Number,
      softStatus: Schema.Number,
      businessType: Schema.Number,
      status: Schema.Number,
      infoStatus: Schema.Number,
      accountType: Schema.Number,
      userType: Schema.Number,
      mainUserId: Schema.Number,
      level: Schema.Number,
      pictureLever: Schema.Number,
      zone: Schema.Number,
      rmbbalance: Schema.Number,
      usdbalance: Schema.Number,
      rmbCumulative: Schema.Number,
      usdCumulative: Schema.Number,
      credit: Schema.Number,
      coupon: Schema.Number,
      availableCredit: Schema.Number,
      totalCredit: Schema.Number,
      description: Schema.String,
      country: Schema.String,
      city: Schema.String,
      address: Schema.String,
      cpuPrice: Schema.Number,
      gpuPrice: Schema.Number,
      gpuSingleDiscount: Schema.Number,
      extraRamRate: Schema.Number,
      shareMainCapital: Schema.Number,
      subDeleteTask: Schema.Number,
      subDeleteCapital: Schema.Number,
      useMainBalance: Schema.Number,
      hideBalance: Schema.Number,
      hideJobCharge: Schema.Number,
      useLevelDirectory: Schema.Number,
      downloadDisable: Schema.Number,
      displaySubaccount: Schema.Number,
      subaccountLimits: Schema.Number,
      houdiniFlag: Schema.Number,
      c4dFlag: Schema.Number,
      blenderFlag: Schema.Number,
      keyshotFlag: Schema.Number,
      studentEndTime: Schema.Number,
      commonCoupon: Schema.Number,
      qyCoupon: Schema.Number,
      commonCouponCount: Schema.Number,
      qyCouponCount: Schema.Number,
      exportFrameConsume: Schema.Number,
      inviterId: NumberOrString,
      inviterName: Schema.String,
      enableNodeDetails: Schema.Number,
      taskNodeLimitPermission: Schema.Number
    })
  ) {}

/**
 * The account settings (`queryUserSetting`, docs/protocol.md 4.1.2).
 *
 * @since 0.1.0
 * @category models
 */
export class UserSettings
  extends /* @__PURE__ */ Schema.Class<UserSettings>("@rayvision/core/UserSettings")(
    /* @__PURE__ */ optionalFields({
      infoStatus: Schema.Number,
      accountType: Schema.Number,
      shareMainCapital: Schema.Number,
      subDeleteTask: Schema.Number,
      useMainBalance: Schema.Number,
      singleNodeRenderFrames: Schema.String,
      maxIgnoreMapFlag: NumberOrString,
      autoCommit: Schema.String,
      separateAccountFlag: Schema.Number,
      mifileSwitchFlag: Schema.Number,
      assfileSwitchFlag: Schema.Number,
      manuallyStartAnalysisFlag: Schema.Number,
      downloadDisable: Schema.Number,
      /** Task timeout in hours. */
      taskOverTime: Schema.Number,
      /** Task timeout in seconds. */
      taskOverTimeSec: Schema.Number,
      ignoreMapFlag: Schema.Number,
      isVrayLicense: Schema.Number,
      justUploadConfigFlag: Schema.Number,
      justUploadCgFlag: Schema.Number,
      mandatoryAnalyseAllAgent: Schema.Number,
      downloadLimit: Schema.Number
    })
  ) {}

/**
 * Input of `updateSettings` (`updateUserSetting`, docs/protocol.md 4.1.3): the task timeout in
 * seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateSettingsInput = /* @__PURE__ */ Schema.Struct({
  taskOverTimeSec: Seconds
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
export const Zone = { China: 1, Abroad: 2 } as const

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
export const ZoneSchema = /* @__PURE__ */ oneOf(Zone, ["China", "China"], ["Abroad", "abroad"])

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

/**
 * Kinds of hardware configuration (`type`, docs/protocol.md 5.5).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const HardwareType = { CPU: 1, GPU: 2 } as const

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
  extends /* @__PURE__ */ Schema.Class<HardwareConfig>("@rayvision/core/HardwareConfig")(
    /* @__PURE__ */ optionalExcept(["id", "platform", "model", "ram"], {
      /** The `hardwareConfigId` of task.json. */
      id: Schema.Number,
      /** See {@link HardwareType}. */
      type: Schema.Number,
      /** 1 = enabled, 0 = disabled. */
      status: Schema.Number,
      /** The platform (cluster) it belongs to. */
      platform: Schema.Number,
      /** E.g. `"Default"`, `"1080Ti"`, `"2080Ti"`. */
      model: Schema.String,
      /** E.g. `"64GB"`. */
      ram: Schema.String,
      /** Number of GPU cards, e.g. `"2"`; absent on CPU configurations. */
      gpuNum: Schema.String,
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
      current: Schema.Boolean
    })
  ) {}

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
