import { assert, describe, it } from "@effect/vitest"
import { RenderEnv, RenderEnvService } from "@rayvision/core"
import { Effect } from "effect"
import { callsTo, inProcess, lastBody, overSocket, refused } from "../support.ts"
import { paths } from "../paths.ts"

const { CgId, OsName, RenderSystem } = RenderEnv

const envs = RenderEnvService.RenderEnvService

/** A Maya version and two plugins on `osName`, picked from the service's own answer. */
const mayaOn = (osName: RenderEnv.OsName) =>
  Effect.gen(function* () {
    const detail = yield* Effect.flatMap(envs, (s) => s.softwareDetail({ cgId: CgId.Maya, osName }))
    const version = detail.cgVersion[detail.cgVersion.length - 1]!
    const groups = detail.cgPlugin.filter((g) => g.cvId === version.id)
    const plugins = groups.map((g) => g.pluginVersions[0]!)
    return { detail, version, plugins }
  })

describe("DCC ids and OS enumerations", () => {
  it("maps the SDK's names to ids and back, case-insensitively, without throwing", () => {
    assert.strictEqual(CgId.Maya, 2000)
    assert.strictEqual(CgId.Max, 2001)
    assert.strictEqual(CgId.Katana, 2016)
    assert.strictEqual(RenderEnv.cgIdOf("maya"), CgId.Maya)
    assert.strictEqual(RenderEnv.cgIdOf("3ds max"), CgId.Max)
    assert.strictEqual(RenderEnv.cgIdOf(" 3ds Max "), CgId.Max)
    assert.strictEqual(RenderEnv.cgIdOf("3dsmax"), CgId.Max)
    assert.strictEqual(RenderEnv.cgIdOf("CINEMA 4D"), CgId.Cinema4D)
    assert.strictEqual(RenderEnv.cgIdOf("Cinema4D"), CgId.Cinema4D)
    assert.strictEqual(RenderEnv.cgIdOf("VR Standalone"), CgId.VrStandalone)
    // Nuke is 2015 since the Python SDK 3.0.3.23 (docs/protocol.md 5.3).
    assert.strictEqual(CgId.Nuke, 2015)
    assert.strictEqual(RenderEnv.cgIdOf("Nuke"), CgId.Nuke)
    assert.isUndefined(RenderEnv.cgIdOf("zbrush"))
    assert.isUndefined(RenderEnv.cgIdOf("constructor"))
    for (const id of Object.values(CgId)) {
      const name = RenderEnv.cgNameOf(id)
      assert.isString(name)
      assert.strictEqual(RenderEnv.cgIdOf(name!), id)
    }
    assert.strictEqual(RenderEnv.cgNameOf(2015), "nuke")
    assert.isUndefined(RenderEnv.cgNameOf(2017))
    assert.strictEqual(RenderEnv.osNameOf(RenderSystem.Linux), OsName.Linux)
    assert.strictEqual(RenderEnv.renderSystemOf(OsName.Windows), RenderSystem.Windows)
  })
})

describe("RenderEnvService.softwareList", () => {
  it.effect("lists the supported DCCs; sends {}", () =>
    Effect.gen(function* () {
      const list = yield* Effect.flatMap(envs, (s) => s.softwareList())
      assert.strictEqual(yield* lastBody(paths.querySoftwareList), "{}")
      const ids = list.renderInfoList.map((s) => s.cgId)
      for (const id of [
        CgId.Maya,
        CgId.Max,
        CgId.Houdini,
        CgId.Cinema4D,
        CgId.Blender,
        CgId.KeyShot,
        CgId.Katana,
        CgId.Nuke
      ]) {
        assert.include(ids, id)
      }
      const max = list.renderInfoList.find((s) => s.cgId === CgId.Max)!
      assert.strictEqual(RenderEnv.cgIdOf(max.cgName), CgId.Max)
      assert.strictEqual(max.isSupportLinux, 0)
      assert.strictEqual(list.renderInfoList.find((s) => s.cgId === CgId.Maya)?.cgType, "ma;mb")
      assert.isTrue(list.defaultCgId === undefined || ids.includes(list.defaultCgId))
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an unknown access id is NeedUserLogin", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.flatMap(envs, (s) => s.softwareList()))
      assert.strictEqual(error._tag, "NeedUserLogin")
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOT-AN-ACCOUNT" })))
  )
})

describe("RenderEnvService.softwareDetail", () => {
  it.effect("gives versions and per-OS plugins; wire body is {cgId: int, osName: str}", () =>
    Effect.gen(function* () {
      const windows = yield* mayaOn(OsName.Windows)
      assert.strictEqual(yield* lastBody(paths.querySoftwareDetail), '{"cgId": 2000, "osName": "windows"}')
      const linux = yield* mayaOn(OsName.Linux)
      assert.strictEqual(yield* lastBody(paths.querySoftwareDetail), '{"cgId": 2000, "osName": "linux"}')
      assert.isAbove(windows.detail.cgVersion.length, 0)
      for (const v of windows.detail.cgVersion) {
        assert.strictEqual(v.cgId, CgId.Maya)
        assert.strictEqual(v.cgName, "Maya")
      }
      // every plugin group refers to one of the listed versions
      const versionIds = windows.detail.cgVersion.map((v) => v.id)
      for (const g of windows.detail.cgPlugin) {
        assert.include(versionIds, g.cvId)
        for (const p of g.pluginVersions) assert.strictEqual(p.pluginName, g.pluginName)
      }
      // some plugins exist only on Windows
      const names = (d: RenderEnv.SoftwareDetail) => new Set(d.cgPlugin.map((g) => g.pluginName))
      const windowsOnly = [...names(windows.detail)].filter((n) => !names(linux.detail).has(n))
      assert.isAbove(windowsOnly.length, 0)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("3ds Max has no Linux versions", () =>
    Effect.gen(function* () {
      const detail = yield* Effect.flatMap(envs, (s) => s.softwareDetail({ cgId: CgId.Max, osName: OsName.Linux }))
      assert.deepStrictEqual(detail.cgVersion, [])
      assert.deepStrictEqual(detail.cgPlugin, [])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a DCC the farm does not render is ResourceNotFound", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.flatMap(envs, (s) => s.softwareDetail({ cgId: CgId.LightWave, osName: OsName.Windows }))
      )
      assert.strictEqual(error._tag, "ResourceNotFound")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("fixes 7.11: the OS is required, never the local machine's", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const missing = yield* refused(
        s.softwareDetail({ cgId: CgId.Maya } as unknown as RenderEnv.SoftwareDetailInput),
        paths.querySoftwareDetail,
        "osName"
      )
      assert.match(missing.issue, /is missing|windows/)
      const capital = yield* refused(
        s.softwareDetail({ cgId: CgId.Maya, osName: "Windows" as RenderEnv.OsName }),
        paths.querySoftwareDetail,
        "osName"
      )
      assert.match(capital.issue, /"windows" or "linux"/)
      yield* refused(s.softwareDetail({ cgId: 1234, osName: OsName.Linux }), paths.querySoftwareDetail, "cgId")
      const text = yield* refused(
        s.softwareDetail({ cgId: "2000" as unknown as number, osName: OsName.Linux }),
        paths.querySoftwareDetail,
        "cgId"
      )
      assert.match(text.issue, /integer/)
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("RenderEnvService.addEnv", () => {
  it.effect("creates an environment and returns its editName; exact wire body", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const { plugins, version } = yield* mayaOn(OsName.Linux)
      const name = yield* s.addEnv({
        cgId: version.cgId,
        cgName: version.cgName,
        cgVersion: version.cgVersion,
        renderLayerType: 0,
        editName: "maya-linux",
        renderSystem: RenderSystem.Linux,
        pluginIds: plugins.map((p) => p.pluginId),
        projectPath: "/proj"
      })
      assert.strictEqual(name, "maya-linux")
      assert.strictEqual(
        yield* lastBody(paths.addUserPluginConfig),
        `{"cgId": 2000, "cgName": "Maya", "cgVersion": "${version.cgVersion}", "renderLayerType": 0, ` +
          `"editName": "maya-linux", "renderSystem": 0, "pluginIds": [${plugins.map((p) => p.pluginId).join(", ")}], ` +
          `"projectPath": "/proj"}`
      )
      // pluginIds default to none, sent as []
      yield* s.addEnv({
        cgId: version.cgId,
        cgName: version.cgName,
        cgVersion: version.cgVersion,
        editName: "bare",
        renderSystem: RenderSystem.Windows
      })
      assert.strictEqual(
        yield* lastBody(paths.addUserPluginConfig),
        `{"cgId": 2000, "cgName": "Maya", "cgVersion": "${version.cgVersion}", "editName": "bare", "renderSystem": 1, "pluginIds": []}`
      )
      const listed = yield* s.listEnvs()
      assert.deepStrictEqual(
        listed.map((e) => [e.editName, e.osName, e.isDefault]),
        [
          ["maya-linux", RenderSystem.Linux, 1],
          ["bare", RenderSystem.Windows, 0]
        ]
      )
      const env = listed[0]!
      assert.strictEqual(env.cgVersion, version.cgVersion)
      assert.strictEqual(env.projectPath, "/proj")
      assert.deepStrictEqual(
        env.respUserPluginInfoVos.map((p) => [p.pluginId, p.pluginVersion]),
        plugins.map((p) => [p.pluginId, p.pluginVersion])
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect(
    "a duplicate name, an unknown version or a plugin not on that OS is ParameterInvalid; add is not idempotent",
    () =>
      Effect.gen(function* () {
        const s = yield* envs
        assert.isFalse(RenderEnvService.endpoints.addEnv.idempotent)
        const { version } = yield* mayaOn(OsName.Linux)
        const base = {
          cgId: version.cgId,
          cgName: version.cgName,
          cgVersion: version.cgVersion,
          editName: "dup",
          renderSystem: RenderSystem.Linux
        }
        yield* s.addEnv(base)
        const dup = yield* Effect.flip(s.addEnv(base))
        assert.strictEqual(dup._tag, "ParameterInvalid")
        assert.strictEqual((yield* callsTo(paths.addUserPluginConfig)).length, 2, "the refused add was sent once")
        // a Windows-only plugin of this version in a Linux environment
        const windows = yield* mayaOn(OsName.Windows)
        const linux = yield* mayaOn(OsName.Linux)
        const linuxIds = new Set(linux.detail.cgPlugin.flatMap((g) => g.pluginVersions.map((p) => p.pluginId)))
        const windowsOnly = windows.detail.cgPlugin
          .filter((g) => g.cvId === version.id)
          .flatMap((g) => g.pluginVersions)
          .find((p) => !linuxIds.has(p.pluginId))!
        const wrongOs = yield* Effect.flip(s.addEnv({ ...base, editName: "other", pluginIds: [windowsOnly.pluginId] }))
        assert.strictEqual(wrongOs._tag, "ParameterInvalid")
        const unknownVersion = yield* Effect.flip(s.addEnv({ ...base, editName: "other", cgVersion: "1999" }))
        assert.strictEqual(unknownVersion._tag, "ParameterInvalid")
        assert.deepStrictEqual(
          (yield* s.listEnvs()).map((e) => e.editName),
          ["dup"]
        )
      }).pipe(Effect.provide(inProcess({}, { retry: { times: 3 } })))
  )

  it.effect("fixes 7.7: renderSystem as a string is refused before sending, as are other bad fields", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const good = {
        cgId: CgId.Maya,
        cgName: "Maya",
        cgVersion: "2024",
        editName: "env",
        renderSystem: RenderSystem.Linux,
        pluginIds: []
      }
      const text = yield* refused(
        s.addEnv({ ...good, renderSystem: "0" as unknown as RenderEnv.RenderSystem }),
        paths.addUserPluginConfig,
        "renderSystem"
      )
      assert.match(text.issue, /integer 0 .* or 1 .*not the string "0"/)
      yield* refused(
        s.addEnv({ ...good, renderSystem: 2 as RenderEnv.RenderSystem }),
        paths.addUserPluginConfig,
        "renderSystem"
      )
      yield* refused(s.addEnv({ ...good, editName: "" }), paths.addUserPluginConfig, "editName")
      yield* refused(s.addEnv({ ...good, cgVersion: "" }), paths.addUserPluginConfig, "cgVersion")
      yield* refused(s.addEnv({ ...good, pluginIds: [1.5] }), paths.addUserPluginConfig, "pluginIds.0")
      yield* refused(s.addEnv({ ...good, cgId: 2017 as RenderEnv.CgId }), paths.addUserPluginConfig, "cgId")
      yield* refused(s.addEnv({ ...good, extra: 1 } as RenderEnv.EnvInput), paths.addUserPluginConfig, "extra")
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("RenderEnvService.editEnv", () => {
  it.effect("replaces an environment's settings; same wire schema as add", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const { detail, version } = yield* mayaOn(OsName.Windows)
      const older = detail.cgVersion[0]!
      yield* s.addEnv({
        cgId: CgId.Maya,
        cgName: version.cgName,
        cgVersion: version.cgVersion,
        editName: "e",
        renderSystem: RenderSystem.Windows
      })
      const plugin = detail.cgPlugin.find((g) => g.cvId === older.id)!.pluginVersions[0]!
      yield* s.editEnv({
        cgId: CgId.Maya,
        cgName: older.cgName,
        cgVersion: older.cgVersion,
        editName: "e",
        renderSystem: RenderSystem.Windows,
        pluginIds: [plugin.pluginId]
      })
      assert.strictEqual(
        yield* lastBody(paths.editUserPluginConfig),
        `{"cgId": 2000, "cgName": "Maya", "cgVersion": "${older.cgVersion}", "editName": "e", "renderSystem": 1, "pluginIds": [${plugin.pluginId}]}`
      )
      const [env] = yield* s.listEnvs()
      assert.strictEqual(env?.cgVersion, older.cgVersion)
      assert.deepStrictEqual(
        env?.respUserPluginInfoVos.map((p) => p.pluginId),
        [plugin.pluginId]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an unknown environment is ResourceNotFound; bad input is refused before sending", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const input = {
        cgId: CgId.Maya,
        cgName: "Maya",
        cgVersion: "2024",
        editName: "missing",
        renderSystem: RenderSystem.Windows
      }
      const error = yield* Effect.flip(s.editEnv(input))
      assert.strictEqual(error._tag, "ResourceNotFound")
      yield* refused(
        s.editEnv({ ...input, renderSystem: "1" as unknown as RenderEnv.RenderSystem }),
        paths.editUserPluginConfig,
        "renderSystem"
      )
      yield* refused(
        s.editEnv({ ...input, pluginIds: ["12" as unknown as number] }),
        paths.editUserPluginConfig,
        "pluginIds.0"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("RenderEnvService.deleteEnv and setDefaultEnv", () => {
  it.effect("set-default keeps one default per DCC; delete removes; wire body {editName}", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const add = (editName: string, cgId: number, cgName: string, cgVersion: string) =>
        s.addEnv({ cgId, cgName, cgVersion, editName, renderSystem: RenderSystem.Windows })
      const maya = (yield* mayaOn(OsName.Windows)).version
      const max = (yield* s.softwareDetail({ cgId: CgId.Max, osName: OsName.Windows })).cgVersion[0]!
      yield* add("a", CgId.Maya, maya.cgName, maya.cgVersion)
      yield* add("b", CgId.Maya, maya.cgName, maya.cgVersion)
      yield* add("m", CgId.Max, max.cgName, max.cgVersion)
      const defaults = Effect.map(s.listEnvs(), (list) => list.filter((e) => e.isDefault === 1).map((e) => e.editName))
      assert.deepStrictEqual(yield* defaults, ["a", "m"])
      yield* s.setDefaultEnv("b")
      assert.strictEqual(yield* lastBody(paths.setDefaultUserPluginConfig), '{"editName": "b"}')
      assert.deepStrictEqual(yield* defaults, ["b", "m"])
      yield* s.deleteEnv("b")
      assert.strictEqual(yield* lastBody(paths.deleteUserPluginConfig), '{"editName": "b"}')
      assert.deepStrictEqual(
        (yield* s.listEnvs()).map((e) => [e.editName, e.isDefault]),
        [
          ["a", 1],
          ["m", 1]
        ]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("unknown names are ResourceNotFound; empty names are refused before sending", () =>
    Effect.gen(function* () {
      const s = yield* envs
      assert.strictEqual((yield* Effect.flip(s.deleteEnv("nope")))._tag, "ResourceNotFound")
      assert.strictEqual((yield* Effect.flip(s.setDefaultEnv("nope")))._tag, "ResourceNotFound")
      yield* refused(s.deleteEnv(""), paths.deleteUserPluginConfig, "editName")
      yield* refused(s.setDefaultEnv(""), paths.setDefaultUserPluginConfig, "editName")
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("RenderEnvService.listEnvs", () => {
  it.effect("fixes 7.6: cgId is sent as an integer and the filter works; cgIds and osName too", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const maya = (yield* mayaOn(OsName.Linux)).version
      const houdini = (yield* s.softwareDetail({ cgId: CgId.Houdini, osName: OsName.Windows })).cgVersion[0]!
      yield* s.addEnv({
        cgId: maya.cgId,
        cgName: maya.cgName,
        cgVersion: maya.cgVersion,
        editName: "maya",
        renderSystem: RenderSystem.Linux
      })
      yield* s.addEnv({
        cgId: houdini.cgId,
        cgName: houdini.cgName,
        cgVersion: houdini.cgVersion,
        editName: "houdini",
        renderSystem: RenderSystem.Windows
      })
      const onlyMaya = yield* s.listEnvs({ cgId: CgId.Maya })
      assert.strictEqual(yield* lastBody(paths.getUserPluginConfig), '{"cgId": 2000}')
      assert.deepStrictEqual(
        onlyMaya.map((e) => e.editName),
        ["maya"]
      )
      const both = yield* s.listEnvs({ cgIds: [CgId.Maya, CgId.Houdini] })
      assert.strictEqual(yield* lastBody(paths.getUserPluginConfig), '{"cgIds": [2000, 2004]}')
      assert.strictEqual(both.length, 2)
      const linux = yield* s.listEnvs({ osName: RenderSystem.Linux })
      assert.strictEqual(yield* lastBody(paths.getUserPluginConfig), '{"osName": 0}')
      assert.deepStrictEqual(
        linux.map((e) => e.editName),
        ["maya"]
      )
      assert.strictEqual((yield* s.listEnvs()).length, 2)
      assert.strictEqual(yield* lastBody(paths.getUserPluginConfig), "{}")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a string cgId, string ids in cgIds and an osName other than 0/1 are refused before sending", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const text = yield* refused(s.listEnvs({ cgId: "2000" as unknown as number }), paths.getUserPluginConfig, "cgId")
      assert.match(text.issue, /integer/)
      yield* refused(s.listEnvs({ cgIds: [2000, "2004" as unknown as number] }), paths.getUserPluginConfig, "cgIds.1")
      yield* refused(s.listEnvs({ osName: 3 as RenderEnv.RenderSystem }), paths.getUserPluginConfig, "osName")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an unknown access id is NeedUserLogin", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.flatMap(envs, (s) => s.listEnvs({ cgId: CgId.Maya })))
      assert.strictEqual(error._tag, "NeedUserLogin")
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOT-AN-ACCOUNT" })))
  )
})

describe("RenderEnvService over a socket", () => {
  it.live("lists software, creates, lists and deletes an environment", () =>
    Effect.gen(function* () {
      const s = yield* envs
      const list = yield* s.softwareList()
      assert.isAbove(list.renderInfoList.length, 0)
      const detail = yield* s.softwareDetail({ cgId: CgId.Blender, osName: OsName.Linux })
      const version = detail.cgVersion[0]!
      const name = yield* s.addEnv({
        cgId: version.cgId,
        cgName: version.cgName,
        cgVersion: version.cgVersion,
        editName: "blender-linux",
        renderSystem: RenderSystem.Linux,
        pluginIds: detail.cgPlugin.filter((g) => g.cvId === version.id).map((g) => g.pluginVersions[0]!.pluginId)
      })
      const listed = yield* s.listEnvs({ cgId: CgId.Blender, osName: RenderSystem.Linux })
      assert.deepStrictEqual(
        listed.map((e) => [e.editName, e.cgId, e.osName, e.isDefault]),
        [[name, CgId.Blender, RenderSystem.Linux, 1]]
      )
      yield* s.deleteEnv(name)
      assert.deepStrictEqual(yield* s.listEnvs(), [])
    }).pipe(Effect.provide(overSocket()))
  )
})
