/**
 * Models of the account endpoints (spec 4.1 and 4.6.1).
 *
 * Response fields the service may omit or send as `null` are optional properties; extra
 * fields the service adds are ignored.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { NumberOrString, opt } from "./internal/schema.ts"

/**
 * The account profile (`queryUserProfile`, spec 4.1.1).
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
 * The account settings (`queryUserSetting`, spec 4.1.2).
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
 * Input of `updateSettings` (`updateUserSetting`, spec 4.1.3): the task timeout in seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateSettingsInput = Schema.Struct({
  taskOverTimeSec: Schema.Int.pipe(Schema.positive({ message: () => "must be a positive whole number of seconds" }))
})

/**
 * A sub-account's output bucket id (`getBid`, supplementary fields).
 *
 * @since 0.1.0
 * @category models
 */
export class SubUserOutputBid extends Schema.Class<SubUserOutputBid>("@rayvision/core/SubUserOutputBid")({
  userId: NumberOrString,
  outputBid: Schema.String
}) {}

/**
 * Transfer bucket ids (`getBid`, spec 4.6.1). The wire uses snake_case keys; the model uses
 * camelCase like every other model.
 *
 * @since 0.1.0
 * @category models
 */
export class TransferBucketIds extends Schema.Class<TransferBucketIds>("@rayvision/core/TransferBucketIds")({
  /** Bucket for configuration files. */
  configBid: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("config_bid")),
  /** Bucket for downloads (render output). */
  outputBid: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("output_bid")),
  /** Bucket for asset uploads. */
  inputBid: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("input_bid")),
  parentInputBid: opt(Schema.String).pipe(Schema.fromKey("parent_input_bid")),
  subUserOutputBids: opt(Schema.Array(SubUserOutputBid)).pipe(Schema.fromKey("sub_user_output_bids"))
}) {}

/**
 * What the Python SDK gathers at login (spec 6.1): profile, settings and bucket ids, kept
 * apart and typed instead of merged into one snake_case dict.
 *
 * @since 0.1.0
 * @category models
 */
export interface UserInfo {
  readonly profile: UserProfile
  readonly settings: UserSettings
  readonly bucketIds: TransferBucketIds
}
