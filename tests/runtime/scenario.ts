/**
 * The program every runtime's integration test drives (Node with vitest, Bun with `bun test`,
 * Deno with `deno test`): the simulator as a real HTTP server on 127.0.0.1, and the runtime's
 * adapter talking to it over the socket. Profile, settings, create -> submit -> stop -> delete a
 * task, and calls that must fail with typed errors. Throws (node:assert) on any mismatch.
 */
import assert from "node:assert/strict"
import type { ClientConfig, Rayvision } from "@rayvision/core"
import { Task, TaskService, UserService } from "@rayvision/core"
import { Simulator, SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { type ConfigError, Effect, Layer, Redacted } from "effect"

/** An adapter's `layer` function. */
export type MakeLayer = (options: ClientConfig.Options) => Layer.Layer<Rayvision.Services, ConfigError.ConfigError>

/** What the scenario saw, for the runtime test to report. */
export interface Report {
  readonly url: string
  readonly userId: number
  readonly taskId: number
  readonly statuses: ReadonlyArray<number | undefined>
  readonly errors: ReadonlyArray<string>
}

export const scenario = (makeLayer: MakeLayer): Effect.Effect<Report, unknown> =>
  Effect.gen(function* () {
    const sim = yield* SimulatorService.make({ seed: 7 })
    const server = yield* SimulatorServer.serve(sim, { port: 0 })
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+/)
    const options: ClientConfig.Options = {
      accessId: Simulator.demoAccount.accessId,
      accessKey: Redacted.make(Simulator.demoAccount.accessKey),
      domain: `${server.host}:${server.port}`,
      protocol: "http",
      platform: 2,
      retry: { times: 0 }
    }

    const main = Effect.gen(function* () {
      const user = yield* UserService.UserService
      const tasks = yield* TaskService.TaskService
      const profile = yield* user.profile()
      const settings = yield* user.settings()
      assert.ok(profile.userId > 0, "profile has a user id")
      assert.equal(typeof settings.taskOverTime, "number", "settings has the task timeout")

      const created = yield* tasks.createTaskIds({ artist: "runtime-test" })
      const taskId = created.taskIdList[0]
      assert.ok(taskId !== undefined && taskId > 0, "a task id was reserved")
      yield* tasks.submit({ taskId })
      const statusOf = Effect.map(tasks.info([taskId]), (page) => page.items[0]?.taskStatus)
      const submitted = yield* statusOf
      yield* tasks.stop([taskId])
      const stopped = yield* statusOf
      yield* tasks.delete([taskId])
      const listed = yield* tasks.listPage({ pageSize: 50 })
      const recycled = yield* tasks.listPage({ pageSize: 50, recycleFlag: 1 })
      assert.equal(submitted, Task.TaskStatus.Waiting)
      assert.equal(stopped, Task.TaskStatus.Stopped)
      assert.ok(!listed.items.some((t) => t.id === taskId), "a deleted task leaves the normal list")
      assert.ok(
        recycled.items.some((t) => t.id === taskId),
        "a deleted task is in the recycle list"
      )

      // Typed failures: refused before sending, and refused by the service.
      const invalid = yield* Effect.flip(tasks.stop([]))
      assert.equal(invalid._tag, "InvalidRequest")
      const twice = yield* Effect.flip(tasks.submit({ taskId }))
      assert.equal(twice._tag, "ParameterInvalid")
      return { userId: profile.userId, taskId, statuses: [submitted, stopped], errors: [invalid._tag, twice._tag] }
    })
    const result = yield* Effect.provide(main, Layer.fresh(makeLayer(options)))

    // Another key for the same access id: the service refuses the signature.
    const wrongKey = yield* Effect.flip(
      Effect.provide(
        Effect.flatMap(UserService.UserService, (u) => u.profile()),
        Layer.fresh(makeLayer({ ...options, accessKey: Redacted.make("not-the-key") }))
      )
    )
    assert.equal(wrongKey._tag, "SignatureInvalid")
    return { url: server.url, ...result, errors: [...result.errors, wrongKey._tag] }
  }).pipe(Effect.scoped)

/** What every runtime must see from {@link scenario}: the same on Node, Bun and Deno. */
export const checkReport = (report: Report): void => {
  assert.match(report.url, /^http:\/\/127\.0\.0\.1:\d+/)
  assert.deepEqual(report.statuses, [0, 10])
  assert.deepEqual(report.errors, ["InvalidRequest", "ParameterInvalid", "SignatureInvalid"])
}
