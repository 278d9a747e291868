/**
 * Idempotent calls under faults: transient failures (500 envelope, 502/503 pages, reset, hang past
 * the timeout, truncated answer) are retried with backoff and the call succeeds; other faults give
 * their typed error after one attempt. Every service code (docs/protocol.md 3.1) is its typed
 * class, and a server clock out of the window costs one clock correction.
 */
import { assert, describe, it } from "@effect/vitest"
import { ApiError, HttpTransport, ProjectService, Task, TaskService, UserService } from "@rayvision/core"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Effect } from "effect"
import {
  assertNoSecrets,
  attempts,
  codes,
  failedWith,
  failsWith,
  inProcess,
  keepConfig,
  observed,
  overSocket,
  settle,
  simTasks,
  success
} from "./support.ts"
import { paths } from "../paths.ts"

/** A submitted task (visible to queryTaskInfo); its id. */
const submittedTask = Effect.gen(function* () {
  const tasks = yield* TaskService.TaskService
  const { taskIdList } = yield* tasks.createTaskIds()
  const taskId = taskIdList[0]!
  yield* tasks.submit({ taskId })
  return taskId
})

/** queryTaskInfo of one task, run while TestClock moves: its exit. */
const infoOf = (taskId: number) => settle(Effect.flatMap(TaskService.TaskService, (t) => t.info([taskId])))

describe("idempotent calls recover from transient faults (retried with backoff)", () => {
  it.effect("a 500 envelope twice: three attempts, then the task info", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.queryTaskInfo, code: 500, times: 2 })
      const page = success(yield* infoOf(taskId))
      assert.deepStrictEqual(
        page.items.map((t) => t.id),
        [taskId]
      )
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [
        [500, "error"],
        [500, "error"],
        [200, undefined]
      ])
      assert.strictEqual((yield* simTasks()).length, 1, "a query changes nothing")
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("502 then 503 HTML pages from a proxy: three attempts, then the task list", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.getTaskList, httpStatus: 502 })
      yield* sim.injectFault({ path: paths.getTaskList, httpStatus: 503 })
      const page = success(yield* settle(Effect.flatMap(TaskService.TaskService, (t) => t.listPage())))
      assert.isTrue(page.items.some((t) => t.id === taskId))
      assert.deepStrictEqual(yield* codes(paths.getTaskList), [
        [502, "error"],
        [503, "error"],
        [200, undefined]
      ])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a reset connection: two attempts, then the task info", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "reset" })
      success(yield* infoOf(taskId))
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [
        [0, "reset"],
        [200, undefined]
      ])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a reset after the service acted on a stop: the repeat is harmless, the task is stopped once", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const tasks = yield* TaskService.TaskService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.stopTask, kind: "reset", acted: true })
      success(yield* settle(tasks.stop([taskId])))
      assert.deepStrictEqual(yield* codes(paths.stopTask), [
        [200, "reset"],
        [200, undefined]
      ])
      const row = (yield* simTasks()).find((t) => t.id === taskId)
      assert.strictEqual(row?.taskStatus, Task.TaskStatus.Stopped)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a hang past the 5 s timeout: RequestTimeout, retried, then the task info", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "hang" })
      success(yield* infoOf(taskId))
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [
        [0, "hang"],
        [200, undefined]
      ])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a truncated answer (the connection drops mid-body): retried, then the project list", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const projects = yield* ProjectService.ProjectService
      yield* projects.add({ name: "survivor" })
      yield* sim.injectFault({ path: paths.projectGetList, kind: "truncate" })
      const list = success(yield* settle(projects.list()))
      assert.deepStrictEqual(
        list.projectNameList.map((p) => p.projectName),
        ["survivor"]
      )
      assert.deepStrictEqual(yield* codes(paths.projectGetList), [
        [200, "truncate"],
        [200, undefined]
      ])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a transient fault that does not end: the last error after 1 + 3 attempts", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.queryUserProfile, code: 500, times: Infinity })
      const error = failedWith(
        yield* settle(Effect.flatMap(UserService.UserService, (u) => u.profile())),
        "InternalError"
      )
      assert.strictEqual(error.code, 500)
      assert.strictEqual((yield* attempts(paths.queryUserProfile)).length, 4)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("latency within the timeout: one attempt, the answer", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "delay", delayMillis: 4_000 })
      success(yield* infoOf(taskId))
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [[200, "delay"]])
    }).pipe(Effect.provide(inProcess()), observed)
  )
})

describe("idempotent calls: faults that are not transient are not retried", () => {
  it.effect("an answer that is not JSON: MalformedResponse after one attempt", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "notJson" })
      const error = failedWith(yield* infoOf(taskId), "MalformedResponse")
      assert.strictEqual(error.path, paths.queryTaskInfo)
      assert.strictEqual((yield* attempts(paths.queryTaskInfo)).length, 1)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("data of the wrong shape: ResponseDecodeError after one attempt", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "wrongShape" })
      const error = failedWith(yield* infoOf(taskId), "ResponseDecodeError")
      assert.strictEqual(error.path, paths.queryTaskInfo)
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [[200, "wrongShape"]])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("every service code of the spec is its typed class (ApiError.fromEnvelope), unknown ones too", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      const table = [...Object.entries(ApiError.ServiceErrorByCode), ["999", ApiError.UnknownApiError] as const]
      for (const [text, Class] of table) {
        const code = Number(text)
        // Refused before acting, so re-sent once: a 610 (carrying the server's time, which the
        // client takes) and a 603 (nonce refused).
        const times = code === 610 || code === 603 ? 2 : 1
        yield* sim.injectFault({ path: paths.queryUserProfile, code, times, message: `fault ${code}` })
        const before = (yield* attempts(paths.queryUserProfile)).length
        const error = yield* failsWith(
          user.profile().pipe(HttpTransport.withCallOptions({ retry: { times: 0 } })),
          new Class({ path: paths.queryUserProfile, code, serverMessage: "" })._tag
        )
        assert.isTrue(error instanceof Class, `${code} is a ${Class.name}`)
        assert.strictEqual("code" in error ? error.code : undefined, code)
        assert.strictEqual("serverMessage" in error ? error.serverMessage : undefined, `fault ${code}`)
        assert.strictEqual((yield* attempts(paths.queryUserProfile)).length - before, times, `attempts for ${code}`)
      }
      assert.strictEqual(table.length, 18)
    }).pipe(Effect.provide(inProcess()), observed)
  )
})

describe("clock correction (610)", () => {
  it.effect("the server clock jumps 10 minutes: one 610, the clock is corrected, the call succeeds", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const user = yield* UserService.UserService
      const transport = yield* HttpTransport.HttpTransport
      yield* user.profile()
      yield* sim.setClockOffset(10 * 60_000)
      const profile = success(yield* settle(user.profile()))
      assert.isAbove(profile.userId, 0)
      assert.deepStrictEqual(yield* codes(paths.queryUserProfile), [
        [200, undefined],
        [610, undefined],
        [200, undefined]
      ])
      const offset = yield* transport.clockOffsetMillis
      assert.isTrue(Math.abs(offset - 600_000) < 2_000, `offset ${offset}`)
      // Later calls keep the corrected clock: no further 610.
      yield* user.profile()
      assert.strictEqual((yield* attempts(paths.queryUserProfile)).length, 4)
    }).pipe(Effect.provide(inProcess()), observed)
  )
})

describe("idempotent calls over a real socket (small timeouts)", () => {
  it.live("503 page, reset, truncated answer and hang past the timeout: each retried, the call succeeds", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const taskId = yield* submittedTask
      const tasks = yield* TaskService.TaskService
      yield* sim.injectFault({ path: paths.queryTaskInfo, httpStatus: 503 })
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "reset" })
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "truncate" })
      const page = yield* tasks.info([taskId]).pipe(HttpTransport.withCallOptions({ retry: { times: 3 } }))
      assert.deepStrictEqual(
        page.items.map((t) => t.id),
        [taskId]
      )
      yield* sim.injectFault({ path: paths.queryTaskInfo, kind: "hang" })
      yield* tasks.info([taskId])
      assert.deepStrictEqual(yield* codes(paths.queryTaskInfo), [
        [503, "error"],
        [0, "reset"],
        [200, "truncate"],
        [200, undefined],
        [0, "hang"],
        [200, undefined]
      ])
      yield* keepConfig
    }).pipe(
      Effect.provide(
        overSocket({}, { timeout: "300 millis", retry: { times: 3, base: "5 millis", cap: "20 millis" } })
      ),
      observed
    )
  )
})

describe("secrets", () => {
  it.effect("no access key or signature in the logs, spans, metrics, errors or config of this file's calls", () =>
    Effect.gen(function* () {
      yield* keepConfig
      yield* failsWith(
        Effect.flatMap(UserService.UserService, (u) => u.profile()),
        "SignatureInvalid"
      ).pipe(
        Effect.provide(inProcess({ accounts: [{ accessId: Simulator.demoAccount.accessId, accessKey: "other" }] }))
      )
      const counts = yield* assertNoSecrets
      assert.isAbove(counts.signatures, 20)
    }).pipe(Effect.provide(inProcess()), observed)
  )
})
