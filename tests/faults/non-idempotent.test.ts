/**
 * Non-idempotent calls under faults (createTask, submit, project add): never blindly repeated.
 * When the request may have reached the service but the answer was lost, the caller gets
 * `OutcomeUnknown` after exactly one attempt, and the simulator's state shows what happened.
 */
import { assert, describe, it } from "@effect/vitest"
import { ProjectService, Task, TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { Effect, Exit, Scope } from "effect"
import { demoOptions } from "../support.ts"
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

const createIds = Effect.flatMap(TaskService.TaskService, (t) => t.createTaskIds())
const submit = (taskId: number) => Effect.flatMap(TaskService.TaskService, (t) => t.submit({ taskId }))
const addProject = (name: string) => Effect.flatMap(ProjectService.ProjectService, (p) => p.add({ name }))
const projectNames = Effect.flatMap(ProjectService.ProjectService, (p) =>
  Effect.map(p.list(), (list) => list.projectNameList.map((label) => label.projectName))
)
/** The row of a task as queryTaskInfo lists it, if it does (submitted tasks only). */
const infoRow = (taskId: number) =>
  Effect.flatMap(TaskService.TaskService, (t) =>
    Effect.map(t.info([taskId]), (page) => page.items.find((item) => item.id === taskId))
  )

describe("createTask: a lost answer is OutcomeUnknown after one attempt", () => {
  it.effect("reset after the service acted: OutcomeUnknown, one attempt, exactly one task reserved", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, kind: "reset", acted: true })
      const error = failedWith(yield* settle(createIds), "OutcomeUnknown")
      assert.strictEqual(error.after, "TransportError")
      assert.strictEqual(error.operation, "TaskService.createTaskIds")
      assert.strictEqual(error.path, paths.createTask)
      assert.deepStrictEqual(yield* codes(paths.createTask), [[200, "reset"]])
      assert.strictEqual((yield* simTasks()).length, 1)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("reset before the service acted: still OutcomeUnknown (the client cannot tell), no task", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, kind: "reset" })
      failedWith(yield* settle(createIds), "OutcomeUnknown")
      assert.deepStrictEqual(yield* codes(paths.createTask), [[0, "reset"]])
      assert.strictEqual((yield* simTasks()).length, 0)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("hang past the timeout after the service acted: OutcomeUnknown after RequestTimeout, one task", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, kind: "hang", acted: true })
      const error = failedWith(yield* settle(createIds), "OutcomeUnknown")
      assert.strictEqual(error.after, "RequestTimeout")
      assert.strictEqual((yield* attempts(paths.createTask)).length, 1)
      assert.strictEqual((yield* simTasks()).length, 1)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a 502 page from a proxy: OutcomeUnknown after HttpStatusError, one attempt, no task", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, httpStatus: 502 })
      const error = failedWith(yield* settle(createIds), "OutcomeUnknown")
      assert.strictEqual(error.after, "HttpStatusError")
      assert.deepStrictEqual(yield* codes(paths.createTask), [[502, "error"]])
      assert.strictEqual((yield* simTasks()).length, 0)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a 500 envelope: the service said it failed, InternalError, not repeated", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, code: 500 })
      failedWith(yield* settle(createIds), "InternalError")
      assert.strictEqual((yield* attempts(paths.createTask)).length, 1)
      assert.strictEqual((yield* simTasks()).length, 0)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("data of the wrong shape: ResponseDecodeError (an answer came), one attempt, the task exists", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, kind: "wrongShape" })
      failedWith(yield* settle(createIds), "ResponseDecodeError")
      assert.strictEqual((yield* attempts(paths.createTask)).length, 1)
      assert.strictEqual((yield* simTasks()).length, 1)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("delivered twice by a proxy: the caller gets the ids, the duplicate got 603, one task", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, kind: "duplicate" })
      const created = success(yield* settle(createIds))
      assert.deepStrictEqual(yield* codes(paths.createTask), [
        [200, "duplicate"],
        [603, "duplicate"]
      ])
      assert.strictEqual((yield* attempts(paths.createTask)).length, 1)
      assert.deepStrictEqual(
        (yield* simTasks()).map((t) => t.id),
        [...created.taskIdList]
      )
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a server clock 10 minutes ahead: one 610, the clock corrected, one more attempt, one task", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.setClockOffset(10 * 60_000)
      const created = success(yield* settle(createIds))
      assert.deepStrictEqual(yield* codes(paths.createTask), [
        [610, undefined],
        [200, undefined]
      ])
      assert.deepStrictEqual(
        (yield* simTasks()).map((t) => t.id),
        [...created.taskIdList]
      )
    }).pipe(Effect.provide(inProcess()), observed)
  )
})

describe("submit: never repeated; resolve OutcomeUnknown by querying the task", () => {
  it.effect("a truncated answer after the submission: OutcomeUnknown, one attempt, the task is queued", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const { taskIdList } = yield* createIds
      const taskId = taskIdList[0]!
      yield* sim.injectFault({ path: paths.submitTask, kind: "truncate" })
      const error = failedWith(yield* settle(submit(taskId)), "OutcomeUnknown")
      assert.strictEqual(error.after, "TransportError")
      assert.deepStrictEqual(yield* codes(paths.submitTask), [[200, "truncate"]])
      // The resolution: query the task; it is listed, so it was submitted and must not be again.
      const row = yield* infoRow(taskId)
      assert.strictEqual(row?.taskStatus, Task.TaskStatus.Waiting)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("a 503 page: OutcomeUnknown, one attempt; the query shows no submission, so submit again", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const { taskIdList } = yield* createIds
      const taskId = taskIdList[0]!
      yield* sim.injectFault({ path: paths.submitTask, httpStatus: 503 })
      const error = failedWith(yield* settle(submit(taskId)), "OutcomeUnknown")
      assert.strictEqual(error.after, "HttpStatusError")
      assert.strictEqual((yield* attempts(paths.submitTask)).length, 1)
      assert.isUndefined(yield* infoRow(taskId), "not submitted")
      yield* submit(taskId)
      assert.strictEqual((yield* infoRow(taskId))?.taskStatus, Task.TaskStatus.Waiting)
      assert.strictEqual((yield* attempts(paths.submitTask)).length, 2)
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("delivered twice: success, the second delivery got 603 and submitted nothing more", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      const { taskIdList } = yield* createIds
      const taskId = taskIdList[0]!
      yield* sim.injectFault({ path: paths.submitTask, kind: "duplicate" })
      success(yield* settle(submit(taskId)))
      assert.deepStrictEqual(yield* codes(paths.submitTask), [
        [200, "duplicate"],
        [603, "duplicate"]
      ])
      const task = (yield* simTasks()).find((t) => t.id === taskId)
      assert.isTrue(task?.submitted)
      assert.strictEqual(task?.totalFrames, 10, "one submission's frames")
    }).pipe(Effect.provide(inProcess()), observed)
  )
})

describe("project add: never repeated", () => {
  it.effect("an answer that is not JSON: OutcomeUnknown after MalformedResponse; not added, so add again", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.projectAdd, kind: "notJson" })
      const error = failedWith(yield* settle(addProject("shot-010")), "OutcomeUnknown")
      assert.strictEqual(error.after, "MalformedResponse")
      assert.strictEqual((yield* attempts(paths.projectAdd)).length, 1)
      assert.deepStrictEqual(yield* projectNames, [])
      yield* addProject("shot-010")
      assert.deepStrictEqual(yield* projectNames, ["shot-010"])
    }).pipe(Effect.provide(inProcess()), observed)
  )

  it.effect("reset after the service acted: OutcomeUnknown; the list shows it was added once", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.projectAdd, kind: "reset", acted: true })
      failedWith(yield* settle(addProject("shot-020")), "OutcomeUnknown")
      assert.strictEqual((yield* attempts(paths.projectAdd)).length, 1)
      assert.deepStrictEqual(yield* projectNames, ["shot-020"])
      // Adding it again would be refused: names are unique.
      yield* failsWith(addProject("shot-020"), "ParameterInvalid")
    }).pipe(Effect.provide(inProcess()), observed)
  )
})

describe("non-idempotent calls over a real socket", () => {
  it.live("reset and truncated answer after acting: OutcomeUnknown, one attempt each, one task each", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, kind: "reset", acted: true })
      const reset = yield* failsWith(createIds, "OutcomeUnknown")
      assert.strictEqual(reset.after, "TransportError")
      yield* sim.injectFault({ path: paths.createTask, kind: "truncate" })
      yield* failsWith(createIds, "OutcomeUnknown")
      yield* sim.injectFault({ path: paths.createTask, kind: "hang" })
      const hang = yield* failsWith(createIds, "OutcomeUnknown")
      assert.strictEqual(hang.after, "RequestTimeout")
      assert.deepStrictEqual(yield* codes(paths.createTask), [
        [200, "reset"],
        [200, "truncate"],
        [0, "hang"]
      ])
      assert.strictEqual((yield* simTasks()).length, 2)
      yield* keepConfig
    }).pipe(Effect.provide(overSocket({}, { timeout: "300 millis" })), observed)
  )

  it.live("a connection refused is a TransportError, not OutcomeUnknown: nothing reached the service", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.make()
      const scope = yield* Scope.make()
      const server = yield* SimulatorServer.serve(sim).pipe(Scope.extend(scope))
      yield* Scope.close(scope, Exit.void)
      const error = yield* failsWith(createIds, "TransportError").pipe(
        Effect.provide(
          RayvisionNode.layer(demoOptions(`127.0.0.1:${server.port}`, { protocol: "http", timeout: "2 seconds" }))
        )
      )
      assert.strictEqual(error.path, paths.createTask)
      assert.deepStrictEqual(yield* sim.calls, [])
    }).pipe(observed)
  )
})

describe("secrets", () => {
  it.effect("no access key or signature in the logs, spans, metrics, errors or config of this file's calls", () =>
    Effect.gen(function* () {
      yield* keepConfig
      yield* assertNoSecrets
    }).pipe(Effect.provide(inProcess()), observed)
  )
})
