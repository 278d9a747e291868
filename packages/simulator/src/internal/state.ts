/**
 * The simulator's model: accounts (profile, settings, transfer bucket ids) and tasks, as one
 * immutable value that endpoint handlers turn into the next value. Everything random here is
 * derived from the seed (see `random.ts`).
 *
 * @internal
 */
import type { AccountSeed, ResolvedOptions, SimTask } from "../Simulator.ts"
import type { SimRenderEnv } from "./catalogue.ts"
import { defaultHardwareConfigs, type SimHardwareConfig } from "./hardware.ts"
import { intBetween, pick } from "./random.ts"
import { emptyRecords, type SimRecords } from "./records.ts"
import { TaskStatus } from "./statuses.ts"

/** One account of the simulated service. @internal */
export interface AccountState {
  readonly accessId: string
  readonly accessKey: string
  readonly userId: number
  readonly userName: string
  /** `queryUserProfile` data (docs/protocol.md 4.1.1). */
  readonly profile: Readonly<Record<string, unknown>>
  /** `queryUserSetting` data (docs/protocol.md 4.1.2). */
  readonly settings: Readonly<Record<string, unknown>>
  /** `getBid` data (docs/protocol.md 4.6.1), snake_case keys. */
  readonly bids: Readonly<Record<string, unknown>>
  /** Render environments (docs/protocol.md 4.5.3-4.5.5), in creation order. */
  readonly renderEnvs: ReadonlyArray<SimRenderEnv>
  /** Project labels (docs/protocol.md 4.4), in creation order; names are unique (case-sensitive). */
  readonly projects: ReadonlyArray<SimProject>
  /** Hardware configurations of every platform (docs/protocol.md 4.1.4), seeded; see `hardware.ts`. */
  readonly hardwareConfigs: ReadonlyArray<SimHardwareConfig>
  /** Task JSON files uploaded with `taskJsonFile` (docs/protocol.md 4.2.2): task id -> file name -> JSON text. */
  readonly taskJsonFiles: ReadonlyMap<number, Readonly<Record<string, string>>>
  /** Operation records of tasks and login records (docs/protocol.md 4.1.5, 4.1.6); see `records.ts`. */
  readonly records: SimRecords
}

/** A project label of an account (docs/protocol.md 4.4.1). @internal */
export interface SimProject {
  readonly projectId: number
  readonly projectName: string
  /** 0 = on, 1 = off (docs/protocol.md 5.4). */
  readonly status: number
}

/** The whole mutable world of the simulator, held in one `Ref`. @internal */
export interface State {
  readonly accounts: ReadonlyMap<string, AccountState>
  /** Every task of every account, by id. */
  readonly tasks: ReadonlyMap<number, SimTask>
  /** The id the next `createTask` hands out; ids ascend from a seeded start. */
  readonly nextTaskId: number
  /** The id the next `project/add` hands out; ids ascend from a seeded start. */
  readonly nextProjectId: number
  /** The id the next task tag (`addTaskLabel`) gets; ids ascend from a seeded start. */
  readonly nextTaskLabelId: number
  /** The id the next frame gets (frames are made at submission); ids ascend from a seeded start. */
  readonly nextFrameId: number
}

const round2 = (x: number): number => Math.round(x * 100) / 100

/**
 * The default `queryUserProfile` fields of an account (docs/protocol.md 4.1.1), before the seed's
 * overrides.
 * @internal
 */
const defaultProfile = (seed: number, userId: number, userName: string, index: number): Record<string, unknown> => {
  const balance = round2(intBetween(5_000, 500_000, seed, "balance", index) / 100)
  return {
    userId,
    userName,
    platform: 2,
    phone: `138${String(intBetween(0, 99_999_999, seed, "phone", index)).padStart(8, "0")}`,
    email: `${userName}@example.com`,
    company: "Rayvision Simulator Studio",
    companySite: "https://example.com",
    name: userName,
    job: "Lighting artist",
    communicationNumber: "",
    softType: 2001,
    softStatus: 1,
    businessType: 1,
    status: 1,
    infoStatus: 0,
    accountType: 1,
    userType: 1,
    mainUserId: 0,
    level: 49,
    pictureLever: null,
    zone: 1,
    rmbbalance: balance,
    usdbalance: 0,
    rmbCumulative: round2(balance * 3),
    usdCumulative: 0,
    credit: 0,
    coupon: 20,
    availableCredit: 0,
    totalCredit: 0,
    description: "",
    country: "China",
    city: "Shenzhen",
    address: "",
    cpuPrice: 0.67,
    gpuPrice: 20,
    gpuSingleDiscount: 1,
    extraRamRate: 0.18,
    shareMainCapital: 0,
    subDeleteTask: 0,
    subDeleteCapital: 0,
    useMainBalance: 0,
    hideBalance: 0,
    hideJobCharge: 0,
    useLevelDirectory: 1,
    downloadDisable: 0,
    displaySubaccount: 1,
    subaccountLimits: 5,
    houdiniFlag: 1,
    c4dFlag: 1,
    blenderFlag: 1,
    keyshotFlag: 0,
    studentEndTime: null,
    commonCoupon: 20,
    qyCoupon: 0,
    commonCouponCount: 1,
    qyCouponCount: 0,
    exportFrameConsume: 0,
    inviterId: null,
    inviterName: null,
    enableNodeDetails: 1,
    taskNodeLimitPermission: 0
  }
}

/** The default `queryUserSetting` fields (docs/protocol.md 4.1.2): a 12 hour task timeout. @internal */
const defaultSettings = (): Record<string, unknown> => ({
  infoStatus: null,
  accountType: 1,
  shareMainCapital: 0,
  subDeleteTask: 0,
  useMainBalance: 0,
  singleNodeRenderFrames: "1",
  maxIgnoreMapFlag: "1",
  autoCommit: "2",
  separateAccountFlag: 0,
  mifileSwitchFlag: 0,
  assfileSwitchFlag: 0,
  manuallyStartAnalysisFlag: 0,
  downloadDisable: 0,
  taskOverTime: 12,
  taskOverTimeSec: 43_200,
  ignoreMapFlag: 1,
  isVrayLicense: 0,
  justUploadConfigFlag: 0,
  justUploadCgFlag: 0,
  mandatoryAnalyseAllAgent: 0,
  downloadLimit: 0
})

/** The default `getBid` data (docs/protocol.md 4.6.1). @internal */
const defaultBids = (): Record<string, unknown> => ({
  config_bid: "30201",
  output_bid: "20201",
  input_bid: "10201",
  parent_input_bid: "10201",
  sub_user_output_bids: []
})

/**
 * The initial state. Accounts keep the order given; a repeated access id replaces the earlier
 * account. User ids not given are derived from the seed and kept unique.
 * @internal
 */
export const initialState = (options: ResolvedOptions): State => {
  const accounts = new Map<string, AccountState>()
  const usedIds = new Set<number>(options.accounts.flatMap((a) => (a.userId === undefined ? [] : [a.userId])))
  options.accounts.forEach((seed: AccountSeed, index) => {
    let userId = seed.userId
    if (userId === undefined) {
      userId = intBetween(10_000_000, 99_999_999, options.seed, "userId", index)
      while (usedIds.has(userId)) userId++
      usedIds.add(userId)
    }
    const userName = seed.userName ?? `user${userId}`
    const profile = { ...defaultProfile(options.seed, userId, userName, index), ...seed.profile, userId, userName }
    accounts.set(seed.accessId, {
      accessId: seed.accessId,
      accessKey: seed.accessKey,
      userId,
      userName,
      profile,
      settings: { ...defaultSettings(), ...seed.settings },
      bids: { ...defaultBids(), ...seed.bids },
      renderEnvs: [],
      projects: [],
      hardwareConfigs: seed.hardwareConfigs ?? defaultHardwareConfigs(options.seed),
      taskJsonFiles: new Map(),
      records: emptyRecords
    })
  })
  return {
    accounts,
    tasks: new Map(),
    nextTaskId: intBetween(1_000_000, 9_000_000, options.seed, "firstTaskId"),
    nextProjectId: intBetween(1_000, 9_000, options.seed, "firstProjectId"),
    nextTaskLabelId: intBetween(10_000, 90_000, options.seed, "firstTaskLabelId"),
    nextFrameId: intBetween(10_000_000, 90_000_000, options.seed, "firstFrameId")
  }
}

/** Scene files a reserved task is given, per DCC id (docs/protocol.md 5.3). @internal */
const SCENES: readonly [readonly [number, string], ...Array<readonly [number, string]>] = [
  [2001, "cloakroom.max"],
  [2001, "interior_livingroom_v02.max"],
  [2000, "street_night_v03.mb"],
  [2000, "character_turntable.ma"],
  [2004, "pyro_explosion.hip"],
  [2005, "product_shot.c4d"],
  [2007, "classroom.blend"],
  [2012, "watch_closeup.bip"]
]

/** A freshly reserved task (`createTask`, docs/protocol.md 4.2.1): it exists but is not submitted. @internal */
export const reservedTask = (input: {
  readonly seed: number
  readonly id: number
  readonly account: AccountState
  readonly platform: string
  readonly channel: string
  readonly now: number
  readonly taskUserLevel: number
  readonly outUserId: number | undefined
  readonly labels: ReadonlyArray<string> | undefined
  readonly cloneOriginalId: number | undefined
  readonly artist: string | undefined
}): SimTask => {
  const [cgId, sceneName] = pick(SCENES, input.seed, "scene", input.id)
  return {
    id: input.id,
    taskAlias: `${input.platform}W${input.id}`,
    accessId: input.account.accessId,
    userId: input.account.userId,
    userName: input.account.userName,
    platform: input.platform,
    channel: input.channel,
    submitted: false,
    taskStatus: TaskStatus.Waiting,
    isDelete: 1,
    taskUserLevel: input.taskUserLevel,
    overTimeStop: null,
    fullSpeed: false,
    stopType: 0,
    producer: input.artist ?? null,
    artist: input.artist ?? null,
    labels: input.labels ?? [],
    outUserId: input.outUserId ?? null,
    cloneOriginalId: input.cloneOriginalId ?? null,
    createDate: input.now,
    submitDate: null,
    sceneName,
    cgId,
    totalFrames: 0,
    taskOverTime: 43_200,
    taskRam: 64,
    frames: [],
    waitingSince: null,
    startTime: null,
    completedDate: null,
    renderingSince: null,
    renderedMillis: 0,
    layerParentId: 0,
    layerName: null,
    childIds: []
  }
}

/** A number from account settings, or a fallback. @internal */
export const numberSetting = (account: AccountState, name: string, fallback: number): number => {
  const v = account.settings[name]
  return typeof v === "number" ? v : fallback
}
