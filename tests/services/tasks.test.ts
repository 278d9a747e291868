/**
 * TaskService's task endpoints (docs/protocol.md 4.2, 4.3.1, 4.3.2) against the simulator: for
 * each, a success, typed failures (a simulator-side code, and bad input refused with nothing sent)
 * and the exact body on the wire. Frames, logs and the workflows are in frames.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Task } from "@rayvision/core"
import { SimulatorService } from "@rayvision/simulator"
import { Effect, TestClock } from "effect"
import { callsTo, failsWith, inProcess, lastBody, overSocket, refused, taskRow, withTasks } from "../support.ts"
import { paths } from "../paths.ts"

/** Reserves one task id. */
const reserve = withTasks((t) => Effect.map(t.createTaskIds(), (created) => created.taskIdList[0]!))

/** Reserves and submits one task; returns its id. */
const submitted = Effect.tap(reserve, (taskId) => withTasks((t) => t.submit({ taskId })))

describe("TaskService.createTaskIds", () => {
  it.effect("reserves ids; the body carries the defaults", () =>
    Effect.gen(function* () {
      const created = yield* withTasks((t) => t.createTaskIds({ count: 2 }))
      assert.strictEqual(created.taskIdList.length, 2)
      assert.deepStrictEqual(
        created.aliasTaskIdList,
        created.taskIdList.map((id) => `2W${id}`)
      )
      assert.strictEqual(yield* lastBody(paths.createTask), '{"count": 2, "taskUserLevel": 50}')
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("sends falsy optional values when given (spec 7.16: outUserId 0)", () =>
    Effect.gen(function* () {
      yield* withTasks((t) => t.createTaskIds({ outUserId: 0, taskUserLevel: 0, artist: "", labels: ["a"] }))
      assert.strictEqual(
        yield* lastBody(paths.createTask),
        '{"count": 1, "taskUserLevel": 0, "outUserId": 0, "labels": ["a"], "artist": ""}'
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("cloning an unknown task is ResourceNotFound; count 0 is refused before sending", () =>
    Effect.gen(function* () {
      const error = yield* failsWith(
        withTasks((t) => t.createTaskIds({ cloneOriginalId: 99 })),
        "ResourceNotFound"
      )
      assert.strictEqual(error.code, 404)
      assert.strictEqual(yield* lastBody(paths.createTask), '{"count": 1, "taskUserLevel": 50, "cloneOriginalId": 99}')
      yield* refused(
        withTasks((t) => t.createTaskIds({ count: 0 })),
        paths.createTask,
        "count"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.submit", () => {
  it.effect("submits a reserved task, which then waits", () =>
    Effect.gen(function* () {
      const taskId = yield* reserve
      yield* withTasks((t) => t.submit({ taskId, producer: "alice" }))
      assert.strictEqual(yield* lastBody(paths.submitTask), `{"taskId": ${taskId}, "producer": "alice"}`)
      const task = yield* taskRow(taskId)
      assert.strictEqual(task.taskStatus, Task.TaskStatus.Waiting)
      assert.strictEqual(task.producer, "alice")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a second submit is ParameterInvalid, an unknown id ResourceNotFound, id 0 refused", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      assert.strictEqual(yield* lastBody(paths.submitTask), `{"taskId": ${taskId}}`)
      yield* failsWith(
        withTasks((t) => t.submit({ taskId })),
        "ParameterInvalid"
      )
      yield* failsWith(
        withTasks((t) => t.submit({ taskId: 1 })),
        "ResourceNotFound"
      )
      yield* refused(
        withTasks((t) => t.submit({ taskId: 0 })),
        paths.submitTask,
        "taskId"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.stop / start", () => {
  it.effect("stops a waiting task and starts it again", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* withTasks((t) => t.stop([taskId]))
      assert.strictEqual(yield* lastBody(paths.stopTask), `{"taskIds": [${taskId}]}`)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Stopped)
      yield* withTasks((t) => t.start([taskId]))
      assert.strictEqual(yield* lastBody(paths.startTask), `{"taskIds": [${taskId}]}`)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Waiting)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a task not submitted is ParameterInvalid, an unknown one ResourceNotFound, [] refused", () =>
    Effect.gen(function* () {
      const reserved = yield* reserve
      yield* failsWith(
        withTasks((t) => t.stop([reserved])),
        "ParameterInvalid"
      )
      yield* failsWith(
        withTasks((t) => t.start([reserved])),
        "ParameterInvalid"
      )
      yield* failsWith(
        withTasks((t) => t.stop([1])),
        "ResourceNotFound"
      )
      yield* failsWith(
        withTasks((t) => t.start([1])),
        "ResourceNotFound"
      )
      yield* refused(
        withTasks((t) => t.stop([])),
        paths.stopTask,
        "taskIds"
      )
      yield* refused(
        withTasks((t) => t.start([2.5])),
        paths.startTask,
        "taskIds.0"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.abandon", () => {
  it.effect("abandons a task; a task not submitted is ParameterInvalid; [] is refused", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* withTasks((t) => t.abandon([taskId]))
      assert.strictEqual(yield* lastBody(paths.abandonTask), `{"taskIds": [${taskId}]}`)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Abandoned)
      const reserved = yield* reserve
      yield* failsWith(
        withTasks((t) => t.abandon([reserved])),
        "ParameterInvalid"
      )
      yield* refused(
        withTasks((t) => t.abandon([])),
        paths.abandonTask,
        "taskIds"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.delete", () => {
  it.effect("a deleted task is listed only with recycleFlag 1; an unknown id is ResourceNotFound", () =>
    Effect.gen(function* () {
      const kept = yield* submitted
      const taskId = yield* submitted
      yield* withTasks((t) => t.delete([taskId]))
      assert.strictEqual(yield* lastBody(paths.deleteTask), `{"taskIds": [${taskId}]}`)
      const normal = yield* withTasks((t) => t.listPage())
      assert.deepStrictEqual(
        normal.items.map((task) => task.id),
        [kept]
      )
      const bin = yield* withTasks((t) => t.listPage({ recycleFlag: 1 }))
      assert.deepStrictEqual(
        bin.items.map((task) => task.id),
        [taskId]
      )
      assert.strictEqual(bin.items[0]!.isDelete, 0)
      yield* failsWith(
        withTasks((t) => t.delete([1])),
        "ResourceNotFound"
      )
      yield* refused(
        withTasks((t) => t.delete([-1])),
        paths.deleteTask,
        "taskIds.0"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.updatePriority", () => {
  it.effect("sets taskUserLevel (0 included); an unknown id is ResourceNotFound; a fraction is refused", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* withTasks((t) => t.updatePriority({ taskId, taskUserLevel: 60 }))
      assert.strictEqual(yield* lastBody(paths.updateTaskUserLevel), `{"taskId": ${taskId}, "taskUserLevel": 60}`)
      assert.strictEqual((yield* taskRow(taskId)).taskUserLevel, 60)
      yield* withTasks((t) => t.updatePriority({ taskId, taskUserLevel: 0 }))
      assert.strictEqual(yield* lastBody(paths.updateTaskUserLevel), `{"taskId": ${taskId}, "taskUserLevel": 0}`)
      assert.strictEqual((yield* taskRow(taskId)).taskUserLevel, 0)
      yield* failsWith(
        withTasks((t) => t.updatePriority({ taskId: 1, taskUserLevel: 60 })),
        "ResourceNotFound"
      )
      yield* refused(
        withTasks((t) => t.updatePriority({ taskId, taskUserLevel: 1.5 })),
        paths.updateTaskUserLevel,
        "taskUserLevel"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.updateTaskLimit", () => {
  it.effect("sets the node limit the farm renders the task with; an unknown id is ResourceNotFound", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      assert.strictEqual((yield* taskRow(taskId)).taskLimit, 4, "the farm's nodes before")
      yield* withTasks((t) => t.updateTaskLimit({ taskId, taskLimit: 2 }))
      assert.strictEqual(yield* lastBody(paths.updateTaskLimit), `{"taskId": ${taskId}, "taskLimit": 2}`)
      assert.strictEqual((yield* taskRow(taskId)).taskLimit, 2)
      // Rendering (after the 10 s queue): 2 frames at once, not 4.
      yield* TestClock.adjust("11 seconds")
      assert.strictEqual((yield* taskRow(taskId)).executingFrames, 2)
      yield* failsWith(
        withTasks((t) => t.updateTaskLimit({ taskId: 1, taskLimit: 2 })),
        "ResourceNotFound"
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a limit below 1, a fraction or a bad id is refused before sending", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      for (const taskLimit of [0, -1, 1.5, Number.NaN]) {
        yield* refused(
          withTasks((t) => t.updateTaskLimit({ taskId, taskLimit })),
          paths.updateTaskLimit,
          "taskLimit"
        )
      }
      yield* refused(
        withTasks((t) => t.updateTaskLimit({ taskId: 0, taskLimit: 2 })),
        paths.updateTaskLimit,
        "taskId"
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.live("is repeated after a transient failure, as a setter whose repeat changes nothing", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.updateTaskLimit, code: 500 })
      yield* withTasks((t) => t.updateTaskLimit({ taskId, taskLimit: 3 }))
      const calls = yield* callsTo(paths.updateTaskLimit)
      assert.deepStrictEqual(
        calls.map((c) => c.code),
        [500, 200]
      )
      assert.strictEqual((yield* taskRow(taskId)).taskLimit, 3)
    }).pipe(Effect.provide(inProcess({}, { retry: { times: 3, base: "1 millis", cap: "1 millis" } })))
  )
})

describe("TaskService.setOvertimeStop", () => {
  it.effect("sets the limit in seconds; an unknown id is ResourceNotFound; 0 seconds is refused", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      yield* withTasks((t) => t.setOvertimeStop({ taskIds: [taskId], overTime: 3600 }))
      assert.strictEqual(yield* lastBody(paths.setTaskOverTimeStop), `{"taskIds": [${taskId}], "overTime": 3600}`)
      assert.strictEqual((yield* taskRow(taskId)).overTimeStop, 3600)
      yield* failsWith(
        withTasks((t) => t.setOvertimeStop({ taskIds: [1], overTime: 60 })),
        "ResourceNotFound"
      )
      yield* refused(
        withTasks((t) => t.setOvertimeStop({ taskIds: [taskId], overTime: 0 })),
        paths.setTaskOverTimeStop,
        "overTime"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.fullSpeed", () => {
  it.effect("marks a task for full speed; a task not submitted is ParameterInvalid; [] is refused", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const before = yield* taskRow(taskId)
      yield* withTasks((t) => t.fullSpeed([taskId]))
      assert.strictEqual(yield* lastBody(paths.fullSpeedRendering), `{"taskIds": [${taskId}]}`)
      const after = yield* taskRow(taskId)
      assert.isAbove(after.taskLevel ?? 0, before.taskLevel ?? 0)
      const reserved = yield* reserve
      yield* failsWith(
        withTasks((t) => t.fullSpeed([reserved])),
        "ParameterInvalid"
      )
      yield* refused(
        withTasks((t) => t.fullSpeed([])),
        paths.fullSpeedRendering,
        "taskIds"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.listPage", () => {
  it.effect("lists submitted tasks with the default paging; filters are sent as given", () =>
    Effect.gen(function* () {
      const first = yield* submitted
      const second = yield* submitted
      yield* reserve // reserved only: not listed
      const page = yield* withTasks((t) => t.listPage())
      assert.strictEqual(yield* lastBody(paths.getTaskList), '{"pageNum": 1, "pageSize": 100}')
      assert.strictEqual(page.total, 2)
      assert.sameMembers(
        page.items.map((task) => task.id),
        [first, second]
      )
      const onePerPage = yield* withTasks((t) =>
        t.listPage({ pageNum: 2, pageSize: 1, statusList: [Task.TaskStatus.Waiting] })
      )
      assert.strictEqual(yield* lastBody(paths.getTaskList), '{"pageNum": 2, "pageSize": 1, "statusList": [0]}')
      assert.strictEqual(onePerPage.pageCount, 2)
      assert.strictEqual(onePerPage.items.length, 1)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("recycleFlag 0 and an empty keyword are on the wire (spec 7.16: the SDK dropped them)", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const page = yield* withTasks((t) => t.listPage({ recycleFlag: 0, searchKeyword: "" }))
      assert.strictEqual(
        yield* lastBody(paths.getTaskList),
        '{"pageNum": 1, "pageSize": 100, "searchKeyword": "", "recycleFlag": 0}'
      )
      assert.deepStrictEqual(
        page.items.map((task) => task.id),
        [taskId]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an impossible date passes the client's format check and is ParameterInvalid; a bad one is refused", () =>
    Effect.gen(function* () {
      const error = yield* failsWith(
        withTasks((t) => t.listPage({ startTime: "2024-02-30 10:00:00" })),
        "ParameterInvalid"
      )
      assert.strictEqual(error.code, 600)
      assert.strictEqual(
        yield* lastBody(paths.getTaskList),
        '{"pageNum": 1, "pageSize": 100, "startTime": "2024-02-30 10:00:00"}'
      )
      yield* refused(
        withTasks((t) => t.listPage({ endTime: "2024/02/01" })),
        paths.getTaskList,
        "endTime"
      )
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TaskService.info", () => {
  it.effect("details of submitted tasks; unknown ids are left out", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const page = yield* withTasks((t) => t.info([taskId, 1]))
      assert.strictEqual(yield* lastBody(paths.queryTaskInfo), `{"taskIds": [${taskId}, 1]}`)
      assert.deepStrictEqual(
        page.items.map((task) => task.id),
        [taskId]
      )
      assert.instanceOf(page.items[0], Task.TaskInfo)
      assert.strictEqual(page.items[0]!.statusText, `render_task_status_${Task.TaskStatus.Waiting}`)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an unknown access id is NeedUserLogin; an empty list is refused", () =>
    Effect.gen(function* () {
      const error = yield* failsWith(
        withTasks((t) => t.info([1])),
        "NeedUserLogin"
      )
      assert.strictEqual(error.code, 602)
      assert.strictEqual(yield* lastBody(paths.queryTaskInfo), '{"taskIds": [1]}')
      yield* refused(
        withTasks((t) => t.info([])),
        paths.queryTaskInfo,
        "taskIds"
      )
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOT-A-KNOWN-ACCESS-ID" })))
  )
})

describe("TaskService over a socket", () => {
  it.live("creates, submits, queries, stops and deletes a task through the Node adapter", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      assert.strictEqual(yield* lastBody(paths.submitTask), `{"taskId": ${taskId}}`)
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Waiting)
      yield* withTasks((t) => t.stop([taskId]))
      assert.strictEqual((yield* taskRow(taskId)).taskStatus, Task.TaskStatus.Stopped)
      const listed = yield* withTasks((t) => t.listPage({ recycleFlag: 0 }))
      assert.deepStrictEqual(
        listed.items.map((task) => task.id),
        [taskId]
      )
      yield* withTasks((t) => t.delete([taskId]))
      yield* failsWith(
        withTasks((t) => t.abandon([1])),
        "ResourceNotFound"
      )
      const bin = yield* withTasks((t) => t.listPage({ recycleFlag: 1 }))
      assert.deepStrictEqual(
        bin.items.map((task) => task.id),
        [taskId]
      )
    }).pipe(Effect.provide(overSocket()))
  )
})
