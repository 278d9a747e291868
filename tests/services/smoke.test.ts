import { assert, describe, it } from "@effect/vitest"
import { ProjectService, RenderEnvService, TaskService, TransferService, UserService } from "@rayvision/core"
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

describe("the endpoint paths of the tests (tests/paths.ts)", () => {
  it("are the paths of the services' endpoints, each once", () => {
    const tables = [
      UserService.endpoints,
      TaskService.endpoints,
      ProjectService.endpoints,
      RenderEnvService.endpoints,
      TransferService.endpoints
    ]
    const sdk = tables.flatMap((table) => Object.values(table).map((endpoint) => endpoint.path))
    const listed = Object.values(paths)
    assert.strictEqual(new Set(listed).size, listed.length, "each path once in the table")
    assert.deepStrictEqual([...sdk].sort(), [...listed].sort())
  })
})
