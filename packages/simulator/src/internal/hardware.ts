/**
 * Hardware configurations of the simulated farm (`hardwareConfig/list`, docs/protocol.md 4.1.4,
 * 5.6): a seeded table per platform, CPU and GPU kinds. Some configurations refuse DCC ids
 * (`notSupportCgId`), analysis tip codes (`notSupportCode`, as a list or as a string) or plugins
 * (`notSupportPluginList`); one is disabled. Every configuration of the table carries the three
 * lists, empty when it refuses nothing: the official client's task check reads `notSupportCode`
 * and `notSupportPluginList` of every enabled configuration without a default and fails with a
 * `KeyError` on one that lacks them (docs/protocol.md 7.10). Only an account seeded with its own
 * configurations (`AccountSeed.hardwareConfigs`) can leave them out. The lookups below are what a
 * task check needs.
 *
 * @internal
 */
import type { HardwareConfigSeed, SimTask } from "../Simulator.ts"
import { intBetween } from "./random.ts"
import type { AccountState } from "./state.ts"

/** One hardware configuration (see `HardwareConfigSeed` in Simulator.ts). Absent lists are left out of the answer. @internal */
export type SimHardwareConfig = HardwareConfigSeed

/** A row of the default table: every list present. */
type Row = Required<Omit<SimHardwareConfig, "id">>

/** The lists of a configuration that refuses nothing. */
const NONE = { notSupportCgId: [], notSupportCode: [], notSupportPluginList: [] } as const

/** The table, in answer order; ids are assigned from a seeded start. */
const TABLE: ReadonlyArray<Row> = [
  { ...NONE, type: 1, status: 1, platform: 2, model: "Default", ram: "64GB", gpuNum: null },
  {
    type: 1,
    status: 1,
    platform: 2,
    model: "Default",
    ram: "128GB",
    gpuNum: null,
    notSupportCgId: [2012],
    notSupportCode: "15023",
    notSupportPluginList: []
  },
  { ...NONE, type: 1, status: 0, platform: 2, model: "Default", ram: "256GB", gpuNum: null },
  { ...NONE, type: 1, status: 1, platform: 3, model: "Default", ram: "64GB", gpuNum: null },
  { ...NONE, type: 1, status: 1, platform: 6, model: "Default", ram: "64GB", gpuNum: null },
  { ...NONE, type: 1, status: 1, platform: 9, model: "Default", ram: "128GB", gpuNum: null },
  {
    type: 2,
    status: 1,
    platform: 21,
    model: "1080Ti",
    ram: "64GB",
    gpuNum: "2",
    notSupportCgId: [2001],
    notSupportCode: ["15010", "15045"],
    notSupportPluginList: ["(Redshift) 2.6", "octane"]
  },
  { ...NONE, type: 2, status: 1, platform: 21, model: "2080Ti", ram: "128GB", gpuNum: "4" },
  {
    type: 2,
    status: 1,
    platform: 21,
    model: "3090",
    ram: "128GB",
    gpuNum: "8",
    notSupportCgId: [],
    notSupportCode: [],
    notSupportPluginList: ["arnold 6"]
  },
  { ...NONE, type: 1, status: 1, platform: 62, model: "Default", ram: "64GB", gpuNum: null },
  {
    type: 2,
    status: 1,
    platform: 62,
    model: "2080Ti",
    ram: "64GB",
    gpuNum: "2",
    notSupportCgId: [2012],
    notSupportCode: "15010,15045",
    notSupportPluginList: ["vray 3"]
  },
  { ...NONE, type: 1, status: 1, platform: 65, model: "Default", ram: "128GB", gpuNum: null }
]

/** The hardware configurations an account starts with: the table, ids from the seed. @internal */
export const defaultHardwareConfigs = (seed: number): ReadonlyArray<SimHardwareConfig> => {
  const first = intBetween(300, 900, seed, "firstHardwareConfigId")
  return TABLE.map((row, index) => ({ id: first + index, ...row }))
}

/** The account's configuration with this id. @internal */
export const hardwareConfigById = (account: AccountState, id: number): SimHardwareConfig | undefined =>
  account.hardwareConfigs.find((c) => c.id === id)

/** The account's configurations on a platform, enabled or not, in table order. @internal */
export const hardwareConfigsOnPlatform = (account: AccountState, platform: number): ReadonlyArray<SimHardwareConfig> =>
  account.hardwareConfigs.filter((c) => c.platform === platform)

/** `notSupportCode` as a list, whatever its shape (absent: empty). @internal */
export const notSupportCodes = (config: SimHardwareConfig): ReadonlyArray<string> => {
  const codes = config.notSupportCode
  if (codes === undefined) return []
  return typeof codes === "string" ? codes.split(",").filter((c) => c !== "") : codes
}

/** Whether a plugin (`"<name> <version>"`) is refused by the configuration, as the SDK matches it. @internal */
export const refusesPlugin = (config: SimHardwareConfig, nameAndVersion: string): boolean =>
  (config.notSupportPluginList ?? []).some((pattern) => {
    try {
      return new RegExp(pattern.replace(/[()]/g, ""), "i").test(nameAndVersion)
    } catch {
      return false
    }
  })

/**
 * The configuration a task renders on: the `hardwareConfigId` of its uploaded task.json when it
 * names one of the account's configurations, else the first enabled one of the task's platform.
 * @internal
 */
export const currentHardwareConfigId = (account: AccountState, task: SimTask): number | undefined => {
  const taskJson = account.taskJsonFiles.get(task.id)?.["task.json"]
  if (taskJson !== undefined) {
    try {
      const parsed: unknown = JSON.parse(taskJson)
      const info =
        typeof parsed === "object" && parsed !== null ? (parsed as { task_info?: unknown }).task_info : undefined
      const id =
        typeof info === "object" && info !== null
          ? (info as { hardwareConfigId?: unknown }).hardwareConfigId
          : undefined
      const n = typeof id === "string" ? Number(id) : id
      if (typeof n === "number" && hardwareConfigById(account, n) !== undefined) return n
    } catch {
      // not JSON: fall back to the platform's default
    }
  }
  return hardwareConfigsOnPlatform(account, Number(task.platform)).find((c) => c.status === 1)?.id
}

/** A configuration as `hardwareConfig/list` answers it (docs/protocol.md 4.1.4). @internal */
export const hardwareConfigData = (config: SimHardwareConfig, current: boolean): Record<string, unknown> => ({
  id: config.id,
  type: config.type,
  model: config.model,
  gpuNum: config.gpuNum,
  ram: config.ram,
  platform: config.platform,
  current,
  ...(config.notSupportCgId === undefined ? {} : { notSupportCgId: config.notSupportCgId }),
  ...(config.notSupportCode === undefined ? {} : { notSupportCode: config.notSupportCode }),
  ...(config.notSupportPluginList === undefined ? {} : { notSupportPluginList: config.notSupportPluginList }),
  status: config.status
})
