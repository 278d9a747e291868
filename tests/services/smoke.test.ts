import { assert, describe, it } from "@effect/vitest"
import { UserService } from "@rayvision/core"
import { Effect } from "effect"
import { inProcess, lastBody, overSocket } from "../support.ts"
import { paths } from "../paths.ts"

describe("service test support", () => {
  it.effect("reaches the in-process simulator and records the wire body", () =>
    Effect.gen(function* () {
      yield* Effect.flatMap(UserService.UserService, (u) => u.updateSettings({ taskOverTimeSec: 7200 }))
      assert.strictEqual(yield* lastBody(paths.updateUserSetting), '{"taskOverTimeSec": 7200}')
      const settings = yield* Effect.flatMap(UserService.UserService, (u) => u.settings())
      assert.strictEqual(settings.taskOverTime, 2)
    }).pipe(Effect.provide(inProcess()))
  )

  it.live("reaches the simulator over a socket", () =>
    Effect.gen(function* () {
      const profile = yield* Effect.flatMap(UserService.UserService, (u) => u.profile())
      assert.isAbove(profile.userId, 0)
    }).pipe(Effect.provide(overSocket()))
  )
})
