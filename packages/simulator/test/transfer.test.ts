/**
 * Transfer, storage and hardware endpoints of the simulator, against the protocol itself
 * (requests signed by hand): strict validation, ownership, determinism under the seed, and the
 * hardware lookups a task check uses.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { demoAccount } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import {
  hardwareConfigById,
  hardwareConfigsOnPlatform,
  notSupportCodes,
  refusesPlugin
} from "../src/internal/hardware.ts"
import { initialState } from "../src/internal/state.ts"
import { resolveOptions } from "../src/Simulator.ts"
import { accounts, type Created, expectCode, ok, other, type Sign } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

const asOther = { accessId: other.accessId, accessKey: other.accessKey }

/** Reserves one task (and submits it unless `submit` is false) as the given account. */
const task = (sim: Service, submit = true, extra: Partial<Sign> = {}) =>
  Effect.gen(function* () {
    const created = yield* ok<Created>(sim, { ...extra, path: paths.createTask, body: { count: 1, taskUserLevel: 50 } })
    const taskId = created.taskIdList[0]!
    if (submit) yield* ok(sim, { ...extra, path: paths.submitTask, body: { taskId } })
    return taskId
  })

/** A simulator of both accounts, with a reserved task of each. */
const twoAccounts = Effect.gen(function* () {
  const sim = yield* make({ accounts })
  return { sim, mine: yield* task(sim, false), theirs: yield* task(sim, false, asOther) }
})

interface File {
  readonly fileName: string
  readonly filePath: string
  readonly directory: boolean
  readonly fileSize: number | null
  readonly fileType: string | null
  readonly lastModify: string
  readonly isArrears: number
}

describe("getServerInfo, getRaySyncUserKey, getConfig", () => {
  it.effect("getServerInfo: zone is an optional int 1|2; the zones answer different proxies", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const china = yield* ok<{ raysyncTransfer: { proxyIp: string } }>(sim, {
        path: paths.getServerInfo,
        body: { zone: 1 }
      })
      const abroad = yield* ok<{ raysyncTransfer: { proxyIp: string } }>(sim, {
        path: paths.getServerInfo,
        body: { zone: 2 }
      })
      assert.notStrictEqual(china.raysyncTransfer.proxyIp, abroad.raysyncTransfer.proxyIp)
      assert.deepStrictEqual(yield* ok(sim, { path: paths.getServerInfo }), china, "the demo account is in China")
      yield* expectCode(sim, { path: paths.getServerInfo, body: { zone: 3 } }, 600)
      yield* expectCode(sim, { path: paths.getServerInfo, body: { zone: "1" } }, 600)
      yield* expectCode(sim, { path: paths.getServerInfo, body: { zone: null } }, 600)
      yield* expectCode(sim, { path: paths.getServerInfo, bodyText: '{"zone": 1.0}' }, 600)
    })
  )

  it.effect("getRaySyncUserKey: keys depend on the seed and the account only", () =>
    Effect.gen(function* () {
      type Key = { raySyncUserKey: string; userKey: string; signature: string; id: number; loginTime: number }
      const a = yield* ok<Key>(yield* make({ seed: 7, accounts }), { path: paths.getRaySyncUserKey })
      const b = yield* ok<Key>(yield* make({ seed: 7, accounts }), { path: paths.getRaySyncUserKey })
      const c = yield* ok<Key>(yield* make({ seed: 8, accounts }), { path: paths.getRaySyncUserKey })
      const o = yield* ok<Key>(yield* make({ seed: 7, accounts }), { ...asOther, path: paths.getRaySyncUserKey })
      assert.match(a.raySyncUserKey, /^[0-9a-f]{40}$/)
      assert.deepStrictEqual([b.raySyncUserKey, b.userKey, b.signature], [a.raySyncUserKey, a.userKey, a.signature])
      assert.notStrictEqual(c.raySyncUserKey, a.raySyncUserKey)
      assert.notStrictEqual(o.raySyncUserKey, a.raySyncUserKey)
      assert.notStrictEqual(o.id, a.id)
    })
  )

  it.effect("getConfig: bucket ids as getBid's, a default RaySync engine with lines", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts: [{ ...demoAccount, bids: { input_bid: "10555" } }] })
      const config = yield* ok<{
        inputBid: string
        resqEngines: ReadonlyArray<{
          engineName: string
          isDefault: number
          respTaskEngineLines: ReadonlyArray<unknown>
        }>
      }>(sim, { path: paths.getConfig })
      assert.strictEqual(config.inputBid, "10555")
      const defaults = config.resqEngines.filter((e) => e.isDefault === 1)
      assert.deepStrictEqual(
        defaults.map((e) => e.engineName),
        ["RaySync"]
      )
      assert.isAbove(defaults[0]!.respTaskEngineLines.length, 0)
    })
  )
})

describe("taskJsonFile", () => {
  it.effect("stores the file per task and name; codes: 601 missing, 600 wrong, 404 not owned", () =>
    Effect.gen(function* () {
      const { mine, sim, theirs } = yield* twoAccounts
      assert.isNull(
        yield* ok(sim, { path: paths.taskJsonFile, body: { taskId: mine, fileName: "tips.json", content: "{}" } })
      )
      assert.deepStrictEqual(yield* sim.taskFiles(demoAccount.accessId, mine), { "tips.json": "{}" })
      const good = { taskId: mine, fileName: "task.json", content: '{"a": 1}' }
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, taskId: theirs } }, 404)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, taskId: 999 } }, 404)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { fileName: "task.json", content: "{}" } }, 601)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { taskId: mine, content: "{}" } }, 601)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { taskId: mine, fileName: "task.json" } }, 601)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, content: "" } }, 601)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, taskId: `${mine}.0` } }, 600)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, fileName: "Task.json" } }, 600)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, content: "{'a': 1}" } }, 600)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, content: { a: 1 } } }, 600)
      yield* expectCode(sim, { path: paths.taskJsonFile, body: { ...good, content: null } }, 600)
      // The file of another account is unreachable, and failed uploads stored nothing.
      assert.deepStrictEqual(yield* sim.taskFiles(other.accessId, theirs), {})
      assert.deepStrictEqual(yield* sim.taskFiles(demoAccount.accessId, mine), { "tips.json": "{}" })
    })
  )
})

describe("getOutputUserDirFile", () => {
  it.effect("a folder per submitted task at the root; task folders hold frames and a preview folder", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const first = yield* task(sim)
      yield* task(sim, false)
      yield* task(sim, true, asOther)
      const root = yield* ok<ReadonlyArray<File>>(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/" } })
      assert.lengthOf(root, 1)
      assert.isTrue(root[0]!.directory && root[0]!.fileName.startsWith(`${first}_`))
      assert.strictEqual(root[0]!.filePath, `/${root[0]!.fileName}`)
      // The same listing by path and by task id; trailing slashes do not matter.
      const byPath = yield* ok<ReadonlyArray<File>>(sim, {
        path: paths.getOutputUserDirFile,
        body: { treePath: `${root[0]!.filePath}/` }
      })
      const byTask = yield* ok<ReadonlyArray<File>>(sim, {
        path: paths.getOutputUserDirFile,
        body: { treePath: "/", taskId: first }
      })
      assert.deepStrictEqual(byPath, byTask)
      assert.deepStrictEqual(
        byTask.filter((f) => f.directory).map((f) => f.fileName),
        ["preview"]
      )
      for (const f of byTask) {
        assert.strictEqual(f.isArrears, 0)
        assert.strictEqual(f.fileSize === null, f.directory)
        assert.strictEqual(f.fileType === null, f.directory)
      }
      // Asked again, the same listing.
      assert.deepStrictEqual(
        yield* ok(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/", taskId: first } }),
        byTask
      )
      // A reserved task has no output yet.
      const reserved = yield* task(sim, false)
      assert.deepStrictEqual(
        yield* ok(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/", taskId: reserved } }),
        []
      )
    })
  )

  it.effect("codes: 601 missing or empty treePath, 600 wrong types or '..', 404 not owned or no folder", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const mine = yield* task(sim)
      const theirs = yield* task(sim, true, asOther)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: {} }, 601)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { taskId: mine } }, 601)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: "" } }, 601)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: 1 } }, 600)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/", taskId: "1.0" } }, 600)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/", taskId: null } }, 600)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/../x", taskId: mine } }, 600)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/", taskId: theirs } }, 404)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/missing", taskId: mine } }, 404)
      yield* expectCode(sim, { path: paths.getOutputUserDirFile, body: { treePath: "/missing" } }, 404)
    })
  )
})

describe("hardwareConfig/list", () => {
  it.effect("answers every configuration; cloneTask is a required string, taskIds digit strings of owned tasks", () =>
    Effect.gen(function* () {
      const { mine, sim, theirs } = yield* twoAccounts
      type Config = { id: number; platform: number; current: boolean; status: number }
      const all = yield* ok<ReadonlyArray<Config>>(sim, {
        path: paths.hardwareConfigList,
        body: { cloneTask: "false" }
      })
      assert.isTrue(all.every((c) => c.current === false))
      const marked = yield* ok<ReadonlyArray<Config>>(sim, {
        path: paths.hardwareConfigList,
        body: { cloneTask: "false", taskIds: [String(mine)] }
      })
      assert.deepStrictEqual(
        marked.filter((c) => c.current).map((c) => c.platform),
        [2]
      )
      yield* expectCode(sim, { path: paths.hardwareConfigList, body: {} }, 601)
      yield* expectCode(sim, { path: paths.hardwareConfigList, body: { cloneTask: false } }, 600)
      yield* expectCode(sim, { path: paths.hardwareConfigList, body: { cloneTask: "no" } }, 600)
      yield* expectCode(sim, { path: paths.hardwareConfigList, body: { cloneTask: "false", taskIds: [mine] } }, 600)
      yield* expectCode(sim, { path: paths.hardwareConfigList, body: { cloneTask: "false", taskIds: ["12a"] } }, 600)
      yield* expectCode(sim, { path: paths.hardwareConfigList, body: { cloneTask: "false", taskIds: "1" } }, 600)
      yield* expectCode(
        sim,
        { path: paths.hardwareConfigList, body: { cloneTask: "false", taskIds: [String(theirs)] } },
        404
      )
    })
  )

  it.effect(
    "every configuration carries notSupportCgId, notSupportCode and notSupportPluginList (docs/protocol.md 7.10)",
    () =>
      Effect.gen(function* () {
        for (const seed of [1, 2, 3]) {
          const sim = yield* make({ seed })
          const all = yield* ok<ReadonlyArray<Record<string, unknown>>>(sim, {
            path: paths.hardwareConfigList,
            body: { cloneTask: "false" }
          })
          assert.isAbove(all.length, 5)
          for (const c of all) {
            // What the official client's task check reads on every enabled configuration, without a default.
            assert.isArray(c["notSupportCgId"], `${c["id"]}`)
            assert.isTrue(Array.isArray(c["notSupportCode"]) || typeof c["notSupportCode"] === "string", `${c["id"]}`)
            assert.isArray(c["notSupportPluginList"], `${c["id"]}`)
          }
          assert.isTrue(
            all.some((c) => c["status"] === 1 && (c["notSupportPluginList"] as Array<unknown>).length === 0)
          )
        }
      })
  )

  it.effect("an account seeded with its own configurations answers them as given, lists left out included", () =>
    Effect.gen(function* () {
      const bare = { id: 7, type: 1, status: 1, platform: 2, model: "Default", ram: "64GB", gpuNum: null } as const
      const sim = yield* make({ accounts: [{ ...demoAccount, hardwareConfigs: [bare] }] })
      const all = yield* ok<ReadonlyArray<Record<string, unknown>>>(sim, {
        path: paths.hardwareConfigList,
        body: { cloneTask: "false" }
      })
      assert.deepStrictEqual(all, [{ ...bare, current: false }])
    })
  )

  it("ids follow the seed; the lookups normalise notSupportCode and match plugins as the SDK does", () => {
    const a = initialState(resolveOptions({ seed: 3 })).accounts.get(demoAccount.accessId)!
    const b = initialState(resolveOptions({ seed: 3 })).accounts.get(demoAccount.accessId)!
    const c = initialState(resolveOptions({ seed: 4 })).accounts.get(demoAccount.accessId)!
    assert.deepStrictEqual(a.hardwareConfigs, b.hardwareConfigs)
    assert.notDeepEqual(
      a.hardwareConfigs.map((h) => h.id),
      c.hardwareConfigs.map((h) => h.id)
    )
    const gpu = hardwareConfigsOnPlatform(a, 21)
    assert.isTrue(gpu.length > 1 && gpu.every((h) => h.type === 2 && h.gpuNum !== null))
    const first = gpu[0]!
    assert.strictEqual(hardwareConfigById(a, first.id), first)
    assert.isUndefined(hardwareConfigById(a, -1))
    assert.isTrue(refusesPlugin(first, "redshift 2.6.41"))
    assert.isTrue(refusesPlugin(first, "Octane 2020"))
    assert.isFalse(refusesPlugin(first, "redshift 3.0.1"))
    for (const h of a.hardwareConfigs) {
      const codes = notSupportCodes(h)
      assert.isTrue(codes.every((code) => /^\d+$/.test(code)))
    }
    assert.isTrue(a.hardwareConfigs.some((h) => typeof h.notSupportCode === "string" && notSupportCodes(h).length > 1))
  })
})
