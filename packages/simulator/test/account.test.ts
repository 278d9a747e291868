/**
 * The account endpoints (docs/protocol.md 4.1, 4.6.1, 4.7.1) through raw signed requests:
 * platforms, profile, settings, bucket ids, and a body that is not an object.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { demoAccount } from "../src/Simulator.ts"
import { make } from "../src/SimulatorService.ts"
import { invalid, missing, ok } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

describe("account endpoints", () => {
  it.effect("queryPlatforms lists {platform, name} per zone; zone is a required int 1|2", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const china = yield* ok<ReadonlyArray<{ platform: number; name: string }>>(sim, {
        path: paths.queryPlatforms,
        body: { zone: 1 }
      })
      assert.isAbove(china.length, 0)
      for (const p of china) {
        assert.isTrue(Number.isInteger(p.platform))
        assert.match(p.name, /^query_platform_/)
      }
      const abroad = yield* ok<ReadonlyArray<{ platform: number }>>(sim, {
        path: paths.queryPlatforms,
        body: { zone: 2 }
      })
      assert.notDeepEqual(abroad, china)
      yield* missing(sim, { path: paths.queryPlatforms, body: {} })
      yield* invalid(sim, { path: paths.queryPlatforms, body: { zone: 3 } })
      yield* invalid(sim, { path: paths.queryPlatforms, body: { zone: "1" } })
      yield* invalid(sim, { path: paths.queryPlatforms, body: { zone: null } })
      yield* invalid(sim, { path: paths.queryPlatforms, body: { zone: true } })
      yield* invalid(sim, { path: paths.queryPlatforms, bodyText: `{"zone": 1.0}` })
      yield* invalid(sim, { path: paths.queryPlatforms, bodyText: `{"zone": 1e0}` })
    })
  )

  it.effect("queryUserProfile answers the profile fields, with the seed's overrides", () =>
    Effect.gen(function* () {
      const sim = yield* make({
        accounts: [{ ...demoAccount, userId: 10001136, userName: "rayvision", profile: { rmbbalance: 12.5, zone: 2 } }]
      })
      const profile = yield* ok<Record<string, unknown>>(sim, {
        path: paths.queryUserProfile,
        body: { unknownField: 1 }
      })
      assert.strictEqual(profile["userId"], 10001136)
      assert.strictEqual(profile["userName"], "rayvision")
      assert.strictEqual(profile["rmbbalance"], 12.5)
      assert.strictEqual(profile["zone"], 2)
      assert.strictEqual(profile["platform"], 2)
      assert.strictEqual(profile["mainUserId"], 0)
      assert.strictEqual(profile["cpuPrice"], 0.67)
      assert.isNull(profile["studentEndTime"])
      for (const field of ["email", "usdbalance", "credit", "gpuPrice", "c4dFlag", "taskNodeLimitPermission"]) {
        assert.property(profile, field)
      }
    })
  )

  it.effect("queryUserSetting and updateUserSetting (taskOverTimeSec, required int; hours follow)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const before = yield* ok<Record<string, unknown>>(sim, { path: paths.queryUserSetting })
      assert.strictEqual(before["taskOverTime"], 12)
      assert.strictEqual(before["taskOverTimeSec"], 43_200)
      assert.isNull(yield* ok(sim, { path: paths.updateUserSetting, body: { taskOverTimeSec: 7_200 } }))
      const after = yield* ok<Record<string, unknown>>(sim, { path: paths.queryUserSetting })
      assert.strictEqual(after["taskOverTimeSec"], 7_200)
      assert.strictEqual(after["taskOverTime"], 2)
      yield* missing(sim, { path: paths.updateUserSetting, body: {} })
      yield* missing(sim, { path: paths.updateUserSetting, body: { taskOverTime: 2 } })
      yield* invalid(sim, { path: paths.updateUserSetting, body: { taskOverTimeSec: "7200" } })
      yield* invalid(sim, { path: paths.updateUserSetting, body: { taskOverTimeSec: 7_200.5 } })
      yield* invalid(sim, { path: paths.updateUserSetting, body: { taskOverTimeSec: -1 } })
      yield* invalid(sim, { path: paths.updateUserSetting, bodyText: `{"taskOverTimeSec": 7200.0}` })
      // Failed updates changed nothing.
      const last = yield* ok<Record<string, unknown>>(sim, { path: paths.queryUserSetting })
      assert.strictEqual(last["taskOverTimeSec"], 7_200)
    })
  )

  it.effect("getBid answers snake_case bucket ids", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts: [{ ...demoAccount, bids: { input_bid: "10202" } }] })
      const bids = yield* ok<Record<string, unknown>>(sim, { path: paths.getBid })
      assert.strictEqual(bids["config_bid"], "30201")
      assert.strictEqual(bids["output_bid"], "20201")
      assert.strictEqual(bids["input_bid"], "10202")
    })
  )

  it.effect("a body that is not a JSON object answers 600 on every endpoint", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      for (const path of Object.values(paths)) {
        yield* invalid(sim, { path, bodyText: "[]" })
        yield* invalid(sim, { path, bodyText: '"text"' })
      }
    })
  )
})
