/**
 * UserService against the simulator: the account endpoints added next to profile and settings,
 * hardware configurations and platforms (docs/protocol.md 4.1.4, 4.7.1, 5.6), with the Python SDK's
 * `KeyError` on configurations without `notSupportCode` / `notSupportPluginList` fixed (7.10),
 * and `userInfo` still gathering the bucket ids from `getBid` (docs/protocol.md 6.1).
 */
import { assert, describe, it } from "@effect/vitest"
import { TaskService, TransferService, User } from "@rayvision/core"
import { Simulator } from "@rayvision/simulator"
import { Effect } from "effect"
import { callsTo, failureOf, inProcess, lastBody, overSocket, raw, refused, withUser } from "../support.ts"
import { paths } from "../paths.ts"

const { HardwareType, Zone } = User
/** The lists of a configuration, `notSupportCode` as a comma-separated string. */
const LISTED = { notSupportCgId: [2012], notSupportCode: "15010,15045", notSupportPluginList: ["vray 3"] }

/** Reserves one task id (on the client's platform, 2). */
const newTask = Effect.flatMap(TaskService.TaskService, (t) => t.createTaskIds()).pipe(
  Effect.map((c) => c.taskIdList[0]!)
)

describe("UserService.hardwareConfigs", () => {
  it.effect(
    'sends exactly {"cloneTask": "false"} (spec V11) and decodes CPU and GPU configurations of every platform',
    () =>
      Effect.gen(function* () {
        const configs = yield* withUser((u) => u.hardwareConfigs())
        assert.strictEqual(yield* lastBody(paths.hardwareConfigList), '{"cloneTask": "false"}')
        assert.isAbove(configs.length, 3)
        const kinds = new Set(configs.map((c) => c.type))
        assert.isTrue(kinds.has(HardwareType.CPU) && kinds.has(HardwareType.GPU))
        assert.isTrue(new Set(configs.map((c) => c.platform)).size > 1)
        for (const c of configs) {
          assert.isTrue(Number.isInteger(c.id))
          assert.match(c.ram, /^\d+GB$/)
          assert.strictEqual(c.current, false)
          if (c.type === HardwareType.CPU) assert.isUndefined(c.gpuNum, "null gpuNum is absent")
          if (c.type === HardwareType.GPU) assert.match(c.gpuNum ?? "", /^\d+$/)
        }
        assert.isTrue(
          configs.some((c) => c.status === 0),
          "a disabled configuration is listed too"
        )
        assert.isTrue(configs.some((c) => c.notSupportCgId.length > 0))
        assert.isTrue(configs.some((c) => c.notSupportPluginList.length > 0))
      }).pipe(Effect.provide(inProcess()))
  )

  it.effect(
    "tolerates absent lists and a string notSupportCode: lists default to [], codes are split (spec 7.10)",
    () =>
      Effect.gen(function* () {
        const configs = yield* withUser((u) => u.hardwareConfigs())
        // An account whose service leaves the three lists out of one configuration, as the
        // supplementary example does (the simulator's default configurations carry them all).
        const answer = (yield* raw(paths.hardwareConfigList, { cloneTask: "false" })) as ReadonlyArray<
          Record<string, unknown>
        >
        const bare = answer.find((c) => !("notSupportCode" in c) && !("notSupportPluginList" in c))
        assert.isDefined(bare)
        const decodedBare = configs.find((c) => c.id === bare!["id"])!
        assert.deepStrictEqual(decodedBare.notSupportCode, [])
        assert.deepStrictEqual(decodedBare.notSupportPluginList, [])
        assert.deepStrictEqual(decodedBare.notSupportCgId, [])
        // notSupportCode sent as a string is a list of codes.
        const strings = answer.filter((c) => typeof c["notSupportCode"] === "string")
        assert.isAbove(strings.length, 0)
        for (const sent of strings) {
          const decoded = configs.find((c) => c.id === sent["id"])!
          assert.deepStrictEqual(decoded.notSupportCode, (sent["notSupportCode"] as string).split(","))
        }
        for (const c of configs) assert.isTrue(c.notSupportCode.every((code) => /^\d+$/.test(code)))
      }).pipe(
        Effect.provide(
          inProcess({
            accounts: [
              {
                ...Simulator.demoAccount,
                hardwareConfigs: [
                  { id: 301, type: 1, status: 1, platform: 2, model: "Default", ram: "64GB", gpuNum: null },
                  { ...LISTED, id: 302, type: 1, status: 1, platform: 2, model: "Default", ram: "128GB", gpuNum: null },
                  { ...LISTED, id: 303, type: 2, status: 1, platform: 21, model: "2080Ti", ram: "64GB", gpuNum: "2" }
                ]
              }
            ]
          })
        )
      )
  )

  it.effect("with task ids: sent as strings after cloneTask; the tasks' configurations are marked current", () =>
    Effect.gen(function* () {
      const taskId = yield* newTask
      const configs = yield* withUser((u) => u.hardwareConfigs({ taskIds: [taskId] }))
      assert.strictEqual(yield* lastBody(paths.hardwareConfigList), `{"cloneTask": "false", "taskIds": ["${taskId}"]}`)
      const current = configs.filter((c) => c.current === true)
      assert.lengthOf(current, 1)
      assert.strictEqual(current[0]!.platform, 2, "the platform the task was created on")
      // A task.json naming another configuration of the platform makes that one current.
      const other = configs.find((c) => c.platform === 2 && c.status === 1 && c.id !== current[0]!.id)!
      yield* Effect.flatMap(TransferService.TransferService, (t) =>
        t.uploadTaskJson({
          taskId,
          fileName: "task.json",
          content: { task_info: { hardwareConfigId: String(other.id) } }
        })
      )
      const after = yield* withUser((u) => u.hardwareConfigs({ taskIds: [taskId] }))
      assert.deepStrictEqual(
        after.filter((c) => c.current === true).map((c) => c.id),
        [other.id]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a task id the account does not own is a ResourceNotFound (404)", () =>
    Effect.gen(function* () {
      const error = yield* failureOf(withUser((u) => u.hardwareConfigs({ taskIds: [1] })))
      assert.strictEqual(error._tag, "ResourceNotFound")
      // Sent anyway, a malformed body is refused by the simulator.
      const noClone = yield* failureOf(raw(paths.hardwareConfigList, {}))
      assert.strictEqual(noClone._tag, "ParameterCantBeEmpty")
      const boolClone = yield* failureOf(raw(paths.hardwareConfigList, { cloneTask: false }))
      assert.strictEqual(boolClone._tag, "ParameterInvalid")
      const intIds = yield* failureOf(raw(paths.hardwareConfigList, { cloneTask: "false", taskIds: [1] }))
      assert.strictEqual(intIds._tag, "ParameterInvalid")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an empty or malformed list of task ids is refused before sending", () =>
    Effect.gen(function* () {
      yield* refused(
        withUser((u) => u.hardwareConfigs({ taskIds: [] })),
        paths.hardwareConfigList,
        "taskIds"
      )
      yield* refused(
        withUser((u) => u.hardwareConfigs({ taskIds: [12.5] })),
        paths.hardwareConfigList,
        "taskIds.0"
      )
      yield* refused(
        withUser((u) => u.hardwareConfigs({ cloneTask: "true" } as unknown as User.HardwareConfigsInput)),
        paths.hardwareConfigList,
        "cloneTask"
      )
      assert.lengthOf(yield* callsTo(paths.hardwareConfigList), 0, "nothing was ever sent")
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("UserService.platforms", () => {
  it.effect("a Renderbus domain asks for zone 1 (China); an explicit zone wins", () =>
    Effect.gen(function* () {
      const china = yield* withUser((u) => u.platforms())
      assert.strictEqual(yield* lastBody(paths.queryPlatforms), '{"zone": 1}')
      assert.isTrue(china.some((p) => p.platform === 2))
      for (const p of china) assert.match(p.name, /^query_platform_/)
      const abroad = yield* withUser((u) => u.platforms({ zone: Zone.Abroad }))
      assert.strictEqual(yield* lastBody(paths.queryPlatforms), '{"zone": 2}')
      assert.isFalse(abroad.some((p) => p.platform === 2))
      assert.isAbove(abroad.length, 0)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a Fox Renderfarm domain asks for zone 2 (abroad)", () =>
    Effect.gen(function* () {
      const abroad = yield* withUser((u) => u.platforms())
      assert.strictEqual(yield* lastBody(paths.queryPlatforms), '{"zone": 2}')
      assert.isFalse(abroad.some((p) => p.platform === 2))
    }).pipe(Effect.provide(inProcess({}, { domain: "task.foxrenderfarm.com" })))
  )

  it.effect("a zone other than 1 or 2 is refused before sending; sent anyway, a missing zone is a 601", () =>
    Effect.gen(function* () {
      yield* refused(
        withUser((u) => u.platforms({ zone: 0 as User.Zone })),
        paths.queryPlatforms,
        "zone"
      )
      assert.lengthOf(yield* callsTo(paths.queryPlatforms), 0, "nothing was ever sent")
      const missing = yield* failureOf(raw(paths.queryPlatforms, {}))
      assert.strictEqual(missing._tag, "ParameterCantBeEmpty")
      const wrong = yield* failureOf(raw(paths.queryPlatforms, { zone: 3 }))
      assert.strictEqual(wrong._tag, "ParameterInvalid")
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("UserService.userInfo", () => {
  it.effect("gathers profile, settings and the getBid bucket ids, one call each", () =>
    Effect.gen(function* () {
      const info = yield* withUser((u) => u.userInfo())
      assert.strictEqual(info.profile.userName, "rayvision_demo")
      assert.strictEqual(info.settings.taskOverTimeSec, 43_200)
      assert.strictEqual(info.bucketIds.inputBid, "10201")
      assert.lengthOf(yield* callsTo(paths.getBid), 1)
      assert.strictEqual(yield* lastBody(paths.getBid), "{}")
      const ids = yield* Effect.flatMap(TransferService.TransferService, (t) => t.bucketIds())
      assert.deepStrictEqual(ids, info.bucketIds)
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("UserService over a socket", () => {
  it.live("a loopback domain is abroad for platforms; hardware configurations decode", () =>
    Effect.gen(function* () {
      const platforms = yield* withUser((u) => u.platforms())
      assert.strictEqual(yield* lastBody(paths.queryPlatforms), '{"zone": 2}')
      assert.isAbove(platforms.length, 0)
      const configs = yield* withUser((u) => u.hardwareConfigs())
      assert.strictEqual(yield* lastBody(paths.hardwareConfigList), '{"cloneTask": "false"}')
      assert.isTrue(configs.some((c) => c.type === HardwareType.GPU))
    }).pipe(Effect.provide(overSocket()))
  )
})
