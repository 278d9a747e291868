// UserService.profile, settings and updateSettings against the simulator (the other UserService
// methods are in user.test.ts).
import { assert, describe, it } from "@effect/vitest"
import { UserService } from "@rayvision/core"
import { Effect, Redacted } from "effect"
import { callsTo, inProcess, lastBody } from "../support.ts"
import { paths } from "../paths.ts"

const user = UserService.UserService

describe("UserService: profile and settings", () => {
  it.effect("profile: sends {} and decodes the account", () =>
    Effect.gen(function* () {
      const profile = yield* Effect.flatMap(user, (u) => u.profile())
      assert.strictEqual(yield* lastBody(paths.queryUserProfile), "{}")
      assert.isAbove(profile.userId, 0)
      assert.isString(profile.userName)
      assert.isNumber(profile.cpuPrice)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("profile with the wrong key: SignatureInvalid (611)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.flatMap(user, (u) => u.profile()))
      assert.strictEqual(error._tag, "SignatureInvalid")
      assert.strictEqual((yield* callsTo(paths.queryUserProfile))[0]?.code, 611)
    }).pipe(Effect.provide(inProcess({}, { accessKey: Redacted.make("not-the-key") })))
  )

  it.effect("settings: sends {} and decodes the timeout in hours and seconds", () =>
    Effect.gen(function* () {
      const settings = yield* Effect.flatMap(user, (u) => u.settings())
      assert.strictEqual(yield* lastBody(paths.queryUserSetting), "{}")
      assert.strictEqual(settings.taskOverTimeSec, (settings.taskOverTime ?? 0) * 3600)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("settings for an unknown access id: NeedUserLogin (602)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.flatMap(user, (u) => u.settings()))
      assert.strictEqual(error._tag, "NeedUserLogin")
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOBODY" })))
  )

  it.effect('updateSettings: sends {"taskOverTimeSec": n} as an integer; settings follow', () =>
    Effect.gen(function* () {
      yield* Effect.flatMap(user, (u) => u.updateSettings({ taskOverTimeSec: 5400 }))
      assert.strictEqual(yield* lastBody(paths.updateUserSetting), '{"taskOverTimeSec": 5400}')
      const settings = yield* Effect.flatMap(user, (u) => u.settings())
      assert.strictEqual(settings.taskOverTimeSec, 5400)
      assert.strictEqual(settings.taskOverTime, 1)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("updateSettings with a fraction or 0 seconds is refused before sending", () =>
    Effect.gen(function* () {
      for (const taskOverTimeSec of [1.5, 0, -60]) {
        const error = yield* Effect.flip(Effect.flatMap(user, (u) => u.updateSettings({ taskOverTimeSec })))
        assert.strictEqual(error._tag, "InvalidRequest")
        if (error._tag === "InvalidRequest") assert.strictEqual(error.field, "taskOverTimeSec")
      }
      assert.deepStrictEqual(yield* callsTo(paths.updateUserSetting), [])
    }).pipe(Effect.provide(inProcess()))
  )
})
