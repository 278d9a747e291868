import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Catalogue from "../src/internal/catalogue.ts"
import { demoAccount } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { expectCode, ok, other, type Sign } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

interface Detail {
  readonly cgPlugin: ReadonlyArray<{
    readonly cvId: number
    readonly pluginName: string
    readonly pluginVersions: ReadonlyArray<{ pluginId: number; pluginName: string; pluginVersion: string }>
  }>
  readonly cgVersion: ReadonlyArray<{ id: number; cgId: number; cgName: string; cgVersion: string }>
}

interface Env {
  readonly editName: string
  readonly cgId: number
  readonly osName: number
  readonly isDefault: number
  readonly [field: string]: unknown
}

const detail = (sim: Service, cgId: number, osName: string) =>
  ok<Detail>(sim, { path: paths.querySoftwareDetail, body: { cgId, osName } })

const list = (sim: Service, body: object = {}, extra: Partial<Sign> = {}) =>
  ok<ReadonlyArray<Env>>(sim, { ...extra, path: paths.getUserPluginConfig, body })

/** A version of the catalogue by DCC and version text. */
const version = (cgId: number, cgVersion: string) => {
  const v = Catalogue.findVersion({ cgId, cgVersion })
  if (v === undefined) throw new Error(`no ${cgId} ${cgVersion}`)
  return v
}

const maya2024 = version(2000, "2024")
const envBody = (editName: string, extra: Record<string, unknown> = {}) => ({
  cgId: 2000,
  cgName: "Maya",
  cgVersion: "2024",
  editName,
  renderSystem: 1,
  pluginIds: [],
  ...extra
})

describe("software catalogue", () => {
  it("has unique version and plugin ids, realistic versions, and Windows-only plugins", () => {
    const versions = Catalogue.CATALOGUE.flatMap((s) => s.versions)
    const plugins = versions.flatMap((v) => v.plugins)
    assert.strictEqual(new Set(versions.map((v) => v.id)).size, versions.length)
    assert.strictEqual(new Set(plugins.map((p) => p.pluginId)).size, plugins.length)
    const names = (cgId: number) => Catalogue.software(cgId)?.versions.map((v) => v.cgVersion)
    assert.includeMembers(names(2000)!, ["2022", "2023", "2024"])
    assert.includeMembers(names(2001)!, ["2021", "2022", "2023", "2024"])
    assert.includeMembers(names(2005)!, ["R26", "2023", "2024"])
    assert.strictEqual(Catalogue.software(2005)?.cgName, "CINEMA 4D")
    for (const cgId of [2004, 2007, 2012, 2013, 2015, 2016]) assert.isDefined(Catalogue.software(cgId))
    // Nuke (2015, docs/protocol.md 5.3) comes last, so the ids of the DCCs before it did not move.
    assert.strictEqual(Catalogue.CATALOGUE.at(-1)?.cgName, "Nuke")
    assert.includeMembers(names(2015)!, ["13.2v8", "14.1v5", "15.1v3"])
    assert.isTrue(plugins.some((p) => p.os.length === 1 && p.os[0] === "windows"))
    // a plugin is never on an OS its DCC version is not on
    for (const v of versions) for (const p of v.plugins) for (const os of p.os) assert.include(v.os, os)
    for (const p of plugins) assert.strictEqual(p.pluginVersion, `${p.pluginName} ${p.version}`)
  })

  it("answers support questions for other checks (software, version, plugins per OS)", () => {
    const vray = maya2024.plugins.find((p) => p.pluginName === "vray")!
    const golaem = maya2024.plugins.find((p) => p.pluginName === "golaem")!
    assert.isUndefined(
      Catalogue.unsupported({ cgId: 2000, cgVersion: "2024", os: "linux", pluginIds: [vray.pluginId] })
    )
    assert.isUndefined(
      Catalogue.unsupported({ cgId: 2000, cgVersion: "2024", os: "windows", plugins: { golaem: golaem.version } })
    )
    assert.match(
      Catalogue.unsupported({ cgId: 2000, cgVersion: "2024", os: "linux", plugins: { golaem: golaem.version } })!,
      /golaem .* not available/
    )
    assert.match(Catalogue.unsupported({ cgId: 2001, cgVersion: "2024", os: "linux" })!, /not available on linux/)
    assert.match(Catalogue.unsupported({ cgId: 2000, cgVersion: "2019", os: "windows" })!, /not supported/)
    assert.match(Catalogue.unsupported({ cgId: 2002, cgVersion: "1", os: "windows" })!, /not a supported software/)
    assert.match(
      Catalogue.unsupported({ cgId: 2005, cgName: "Maya", cgVersion: "2024", os: "windows" })!,
      /does not match/
    )
    assert.isUndefined(Catalogue.unsupported({ cgId: 2005, cgName: "Cinema 4D", cgVersion: "2024", os: "linux" }))
    assert.strictEqual(Catalogue.osOfRenderSystem(0), "linux")
    assert.strictEqual(Catalogue.osOfRenderSystem(1), "windows")
  })
})

describe("querySoftwareList and querySoftwareDetail", () => {
  it.effect("the list is the catalogue, the same for every seed; settings give isAutoCommit and defaultCgId", () =>
    Effect.gen(function* () {
      type List = { isAutoCommit: number; defaultCgId: number; renderInfoList: ReadonlyArray<{ cgId: number }> }
      const one = yield* ok<List>(yield* make({ seed: 1 }), { path: paths.querySoftwareList })
      const two = yield* ok<List>(yield* make({ seed: 2 }), { path: paths.querySoftwareList })
      assert.deepStrictEqual(one, two)
      assert.deepStrictEqual(
        one.renderInfoList.map((s) => s.cgId),
        Catalogue.CATALOGUE.map((s) => s.cgId)
      )
      const custom = yield* make({
        accounts: [{ ...demoAccount, settings: { autoCommit: "1" }, profile: { softType: 2000 } }]
      })
      const mine = yield* ok<List>(custom, { path: paths.querySoftwareList })
      assert.strictEqual(mine.isAutoCommit, 1)
      assert.strictEqual(mine.defaultCgId, 2000)
    })
  )

  it.effect("detail per OS: plugin groups by version; strict osName; unknown DCC 404", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const windows = yield* detail(sim, 2000, "windows")
      const linux = yield* detail(sim, 2000, "linux")
      const groupsOf = (d: Detail) => d.cgPlugin.filter((g) => g.cvId === maya2024.id).map((g) => g.pluginName)
      assert.include(groupsOf(windows), "golaem")
      assert.notInclude(groupsOf(linux), "golaem")
      assert.include(groupsOf(linux), "vray")
      const vray = windows.cgPlugin.find((g) => g.cvId === maya2024.id && g.pluginName === "vray")!
      assert.deepStrictEqual(
        vray.pluginVersions.map((p) => p.pluginVersion),
        ["vray 6.00.08", "vray 6.10.01"]
      )
      assert.deepStrictEqual((yield* detail(sim, 2001, "linux")).cgVersion, [])
      assert.deepStrictEqual(
        (yield* detail(sim, 2005, "linux")).cgVersion.map((v) => v.cgVersion),
        ["2023", "2024"]
      )
      yield* expectCode(sim, { path: paths.querySoftwareDetail, body: { cgId: 2002, osName: "windows" } }, 404)
      yield* expectCode(sim, { path: paths.querySoftwareDetail, body: { cgId: 2000, osName: "Windows" } }, 600)
      yield* expectCode(sim, { path: paths.querySoftwareDetail, body: { cgId: 2000, osName: "mac" } }, 600)
      yield* expectCode(sim, { path: paths.querySoftwareDetail, body: { cgId: 2000, osName: 1 } }, 600)
      yield* expectCode(sim, { path: paths.querySoftwareDetail, body: { cgId: "2000.0", osName: "linux" } }, 600)
      yield* expectCode(sim, { path: paths.querySoftwareDetail, bodyText: '{"cgId": 2000.0, "osName": "linux"}' }, 600)
      yield* expectCode(sim, { path: paths.querySoftwareDetail, body: { cgId: 2000 } }, 601)
      yield* expectCode(sim, { path: paths.querySoftwareDetail, body: { osName: "linux" } }, 601)
    })
  )
})

describe("render environments", () => {
  it.effect("add validates types strictly (601 missing, 600 wrong type or null)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const add = (body: object) => ({ path: paths.addUserPluginConfig, body })
      const { pluginIds: _p, ...noPlugins } = envBody("x")
      yield* expectCode(sim, add(noPlugins), 601)
      yield* expectCode(sim, add(envBody("")), 601)
      yield* expectCode(sim, add(envBody("x", { renderSystem: "0" })), 600)
      yield* expectCode(sim, add(envBody("x", { renderSystem: 2 })), 600)
      yield* expectCode(sim, add(envBody("x", { renderSystem: true })), 600)
      yield* expectCode(sim, add(envBody("x", { pluginIds: ["1601.0"] })), 600)
      yield* expectCode(sim, add(envBody("x", { pluginIds: null })), 600)
      yield* expectCode(sim, add(envBody("x", { renderLayerType: "1" })), 600)
      yield* expectCode(sim, add(envBody("x", { projectPath: null })), 600)
      assert.deepStrictEqual(yield* list(sim), [])
    })
  )

  it.effect("add checks the catalogue: software, name, version on that OS, plugins of that version and OS", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const add = (body: object) => ({ path: paths.addUserPluginConfig, body })
      const golaem = maya2024.plugins.find((p) => p.pluginName === "golaem")!
      const vrays = maya2024.plugins.filter((p) => p.pluginName === "vray")
      const maya2022Plugin = version(2000, "2022").plugins[0]!
      yield* expectCode(sim, add(envBody("x", { cgId: 2002 })), 600)
      yield* expectCode(sim, add(envBody("x", { cgName: "3ds Max" })), 600)
      yield* expectCode(sim, add(envBody("x", { cgVersion: "2019" })), 600)
      yield* expectCode(sim, add(envBody("x", { cgId: 2001, cgName: "3ds Max", renderSystem: 0 })), 600)
      yield* expectCode(sim, add(envBody("x", { renderSystem: 0, pluginIds: [golaem.pluginId] })), 600)
      yield* expectCode(sim, add(envBody("x", { pluginIds: [maya2022Plugin.pluginId] })), 600)
      yield* expectCode(sim, add(envBody("x", { pluginIds: vrays.map((p) => p.pluginId) })), 600)
      yield* expectCode(sim, add(envBody("x", { pluginIds: [999_999] })), 600)
      assert.deepStrictEqual(yield* list(sim), [])
      // the accepted spelling of the name is the catalogue's; duplicate plugin ids collapse
      const added = yield* ok(
        sim,
        add(envBody("ok", { cgName: "maya", pluginIds: [golaem.pluginId, golaem.pluginId], renderLayerType: 1 }))
      )
      assert.deepStrictEqual(added, { editName: "ok" })
      const [env] = yield* list(sim)
      assert.strictEqual(env?.["cgName"], "Maya")
      assert.strictEqual(env?.["renderLayerType"], 1)
      assert.deepStrictEqual(env?.["respUserPluginInfoVos"], [
        { pluginId: golaem.pluginId, pluginName: "golaem", pluginVersion: golaem.pluginVersion }
      ])
      yield* expectCode(sim, add(envBody("ok")), 600)
    })
  )

  it.effect("one default per DCC through add, edit (moving DCC), set-default and delete; 404 for unknown names", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const add = (editName: string, extra: Record<string, unknown> = {}) =>
        ok(sim, { path: paths.addUserPluginConfig, body: envBody(editName, extra) })
      const defaults = Effect.map(list(sim), (envs) =>
        envs.filter((e) => e.isDefault === 1).map((e) => `${e.cgId}:${e.editName}`)
      )
      yield* add("a")
      yield* add("b")
      yield* add("c")
      assert.deepStrictEqual(yield* defaults, ["2000:a"])
      assert.isNull(yield* ok(sim, { path: paths.setDefaultUserPluginConfig, body: { editName: "b" } }))
      assert.deepStrictEqual(yield* defaults, ["2000:b"])
      // moving the default to Houdini: it becomes Houdini's default, Maya's oldest takes over
      assert.isNull(
        yield* ok(sim, {
          path: paths.editUserPluginConfig,
          body: envBody("b", { cgId: 2004, cgName: "Houdini", cgVersion: "20.0.547" })
        })
      )
      assert.deepStrictEqual(yield* defaults, ["2000:a", "2004:b"])
      assert.isNull(yield* ok(sim, { path: paths.deleteUserPluginConfig, body: { editName: "a" } }))
      assert.deepStrictEqual(yield* defaults, ["2004:b", "2000:c"])
      assert.deepStrictEqual(
        (yield* list(sim)).map((e) => e.editName),
        ["b", "c"]
      )
      yield* expectCode(sim, { path: paths.deleteUserPluginConfig, body: { editName: "a" } }, 404)
      yield* expectCode(sim, { path: paths.setDefaultUserPluginConfig, body: { editName: "a" } }, 404)
      yield* expectCode(sim, { path: paths.editUserPluginConfig, body: envBody("a") }, 404)
      yield* expectCode(sim, { path: paths.deleteUserPluginConfig, body: {} }, 601)
      yield* expectCode(sim, { path: paths.setDefaultUserPluginConfig, body: { editName: 1 } }, 600)
      // an edit the catalogue refuses changes nothing
      yield* expectCode(sim, { path: paths.editUserPluginConfig, body: envBody("c", { cgVersion: "1999" }) }, 600)
      assert.strictEqual((yield* list(sim, { cgId: 2000 }))[0]?.["cgVersion"], "2024")
    })
  )

  it.effect("list filters combine; environments are per account; filters are typed, ids also as digit strings", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts: [demoAccount, other] })
      const add = (editName: string, extra: Record<string, unknown>, who: Partial<Sign> = {}) =>
        ok(sim, { ...who, path: paths.addUserPluginConfig, body: envBody(editName, extra) })
      yield* add("maya-win", {})
      yield* add("maya-linux", { renderSystem: 0 })
      yield* add("c4d", { cgId: 2005, cgName: "CINEMA 4D", cgVersion: "2023", renderSystem: 0 })
      yield* add("theirs", {}, other)
      const names = (body: object) => Effect.map(list(sim, body), (envs) => envs.map((e) => e.editName))
      assert.deepStrictEqual(yield* names({}), ["maya-win", "maya-linux", "c4d"])
      assert.deepStrictEqual(yield* names({ cgId: 2000 }), ["maya-win", "maya-linux"])
      assert.deepStrictEqual(yield* names({ cgIds: [2005, 2004] }), ["c4d"])
      assert.deepStrictEqual(yield* names({ cgIds: [] }), ["maya-win", "maya-linux", "c4d"])
      assert.deepStrictEqual(yield* names({ osName: 0 }), ["maya-linux", "c4d"])
      assert.deepStrictEqual(yield* names({ cgId: 2000, osName: 1 }), ["maya-win"])
      assert.deepStrictEqual(yield* names({ cgId: 2001 }), [])
      assert.deepStrictEqual(
        (yield* list(sim, {}, other)).map((e) => e.editName),
        ["theirs"]
      )
      // the other account cannot touch ours
      yield* expectCode(sim, { ...other, path: paths.deleteUserPluginConfig, body: { editName: "c4d" } }, 404)
      // the official client's string ids (docs/protocol.md 4.5.5, 7.6) filter as the ints do
      assert.deepStrictEqual(yield* names({ cgIds: ["2005", "2004"], osName: 0 }), ["c4d"])
      assert.deepStrictEqual(yield* names({ cgId: "2000" }), ["maya-win", "maya-linux"])
      // other strings are refused
      yield* expectCode(sim, { path: paths.getUserPluginConfig, body: { cgId: "2000.0" } }, 600)
      yield* expectCode(sim, { path: paths.getUserPluginConfig, body: { cgIds: ["2000", " 2001"] } }, 600)
      yield* expectCode(sim, { path: paths.getUserPluginConfig, body: { osName: 2 } }, 600)
      yield* expectCode(sim, { path: paths.getUserPluginConfig, body: { osName: null } }, 600)
    })
  )
})
