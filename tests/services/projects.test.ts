/**
 * ProjectService against the simulator: project labels, task tags and the `ensureProject`
 * workflow (docs/protocol.md 4.4, 6.5, 7.12).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import { ApiError, Project, ProjectService, Rayvision, TaskService } from "@rayvision/core"
import { SimulatorService } from "@rayvision/simulator"
import { Effect, Layer, Schema } from "effect"
import { callsTo, demoOptions, inProcess, lastBody, overSocket, simTasks, type WrapClient } from "../support.ts"
import { paths } from "../paths.ts"

const { ProjectScope, ProjectStatus } = Project
const projects = <A, E>(f: (service: ProjectService.Service) => Effect.Effect<A, E>) =>
  Effect.flatMap(ProjectService.ProjectService, f)

/** The project list of the account, as `[id, name]` pairs. */
const listed = projects((s) => s.list()).pipe(
  Effect.map((list) => list.projectNameList.map((p) => [p.projectId, p.projectName] as const))
)

/** Reserves task ids with the task service. */
const reserve = (count: number) =>
  Effect.flatMap(TaskService.TaskService, (t) => t.createTaskIds({ count })).pipe(Effect.map((c) => c.taskIdList))

/** The tags (`[id, label]`) of one task, as the simulator holds them. */
const tagsOf = (taskId: number) =>
  Effect.map(simTasks(), (tasks) =>
    (tasks.find((t) => t.id === taskId)?.tags ?? []).map((t) => [t.id, t.label] as const)
  )

/**
 * A client whose HttpClient is built around the simulator's in-process one by `wrap`: to make
 * the network or another client act at a chosen moment.
 */
const wrapped = (wrap: WrapClient) => inProcess({}, {}, wrap)

/** A client on the same simulator as `inner`, for "another client" in the race tests. */
const otherClient = (inner: HttpClient.HttpClient) =>
  Rayvision.layer(demoOptions("task.renderbus.com")).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, inner)))

describe("ProjectService.add", () => {
  it.effect("creates a project; the wire body is {newName, status} with status 1 by default", () =>
    Effect.gen(function* () {
      yield* projects((s) => s.add({ name: "Hero shot" }))
      assert.strictEqual(yield* lastBody(paths.projectAdd), '{"newName": "Hero shot", "status": 1}')
      yield* projects((s) => s.add({ name: "Crowd", status: ProjectStatus.On }))
      assert.strictEqual(yield* lastBody(paths.projectAdd), '{"newName": "Crowd", "status": 0}')
      const list = yield* listed
      assert.deepStrictEqual(
        list.map(([, name]) => name),
        ["Hero shot", "Crowd"]
      )
      const [[first], [second]] = list as [readonly [number, string], readonly [number, string]]
      assert.isTrue(Number.isInteger(first) && Number.isInteger(second) && first !== second)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an existing name is a ParameterInvalid (600) and creates nothing", () =>
    Effect.gen(function* () {
      yield* projects((s) => s.add({ name: "Dup" }))
      const error = yield* Effect.flip(projects((s) => s.add({ name: "Dup" })))
      assert.instanceOf(error, ApiError.ParameterInvalid)
      assert.strictEqual(error.code, 600)
      assert.include(error.serverMessage, "already exists")
      assert.strictEqual((yield* listed).length, 1)
      assert.strictEqual((yield* callsTo(paths.projectAdd)).length, 2, "add is sent once per call, never retried")
    }).pipe(Effect.provide(inProcess({}, { retry: { times: 3 } })))
  )

  it.effect("bad input is an InvalidRequest naming the field, and nothing is sent", () =>
    Effect.gen(function* () {
      const empty = yield* Effect.flip(projects((s) => s.add({ name: "" })))
      assert.instanceOf(empty, ApiError.InvalidRequest)
      assert.strictEqual(empty.field, "name")
      assert.strictEqual(empty.operation, "ProjectService.add")
      const status = yield* Effect.flip(projects((s) => s.add({ name: "x", status: 2 as Project.ProjectStatus })))
      assert.instanceOf(status, ApiError.InvalidRequest)
      assert.strictEqual(status.field, "status")
      const extra = yield* Effect.flip(projects((s) => s.add({ name: "x", newName: "y" } as Project.AddProjectInput)))
      assert.instanceOf(extra, ApiError.InvalidRequest)
      assert.strictEqual(extra.field, "newName")
      assert.strictEqual((yield* callsTo(paths.projectAdd)).length, 0)
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("ProjectService.delete", () => {
  it.effect("deletes by exact name; the wire body is {delName}", () =>
    Effect.gen(function* () {
      yield* projects((s) => s.add({ name: "Keep" }))
      yield* projects((s) => s.add({ name: "Drop" }))
      yield* projects((s) => s.delete("Drop"))
      assert.strictEqual(yield* lastBody(paths.projectDelete), '{"delName": "Drop"}')
      assert.deepStrictEqual(
        (yield* listed).map(([, name]) => name),
        ["Keep"]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an unknown name is a ResourceNotFound (404); an empty one an InvalidRequest, not sent", () =>
    Effect.gen(function* () {
      yield* projects((s) => s.add({ name: "Shot" }))
      const unknown = yield* Effect.flip(projects((s) => s.delete("shot")))
      assert.instanceOf(unknown, ApiError.ResourceNotFound)
      assert.strictEqual((yield* listed).length, 1)
      const sent = (yield* callsTo(paths.projectDelete)).length
      const empty = yield* Effect.flip(projects((s) => s.delete("")))
      assert.instanceOf(empty, ApiError.InvalidRequest)
      assert.strictEqual(empty.field, "name")
      assert.strictEqual((yield* callsTo(paths.projectDelete)).length, sent)
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("ProjectService.list and listByScope", () => {
  it.effect("getList sends {} and decodes the project labels; a new account has none", () =>
    Effect.gen(function* () {
      const empty = yield* projects((s) => s.list())
      assert.instanceOf(empty, Project.ProjectList)
      assert.deepStrictEqual(empty.projectNameList, [])
      assert.strictEqual(yield* lastBody(paths.projectGetList), "{}")
      yield* projects((s) => s.add({ name: "A" }))
      const one = yield* projects((s) => s.list())
      assert.instanceOf(one.projectNameList[0], Project.ProjectLabel)
      assert.strictEqual(one.projectNameList[0]?.projectName, "A")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("every scope sends {flag} and returns the account's projects (main accounts only)", () =>
    Effect.gen(function* () {
      yield* projects((s) => s.add({ name: "A" }))
      yield* projects((s) => s.add({ name: "B" }))
      const all = yield* projects((s) => s.list())
      for (const scope of [ProjectScope.Own, ProjectScope.OwnAndMain, ProjectScope.AllUnderMain]) {
        const scoped = yield* projects((s) => s.listByScope(scope))
        assert.strictEqual(yield* lastBody(paths.projectList), `{"flag": ${scope}}`)
        assert.deepStrictEqual(scoped.projectNameList, all.projectNameList)
      }
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a scope outside 0..2 is an InvalidRequest naming scope, not sent", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(projects((s) => s.listByScope(3 as Project.ProjectScope)))
      assert.instanceOf(error, ApiError.InvalidRequest)
      assert.strictEqual(error.field, "scope")
      assert.strictEqual((yield* callsTo(paths.projectList)).length, 0)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an account the service does not know is a NeedUserLogin (602) for both lists", () =>
    Effect.gen(function* () {
      const a = yield* Effect.flip(projects((s) => s.list()))
      assert.instanceOf(a, ApiError.NeedUserLogin)
      const b = yield* Effect.flip(projects((s) => s.listByScope(ProjectScope.Own)))
      assert.instanceOf(b, ApiError.NeedUserLogin)
    }).pipe(Effect.provide(inProcess({}, { accessId: "NOBODY" })))
  )

  it("a missing or null projectNameList decodes as an empty list", () => {
    const decode = Schema.decodeUnknownSync(Project.ProjectList)
    assert.deepStrictEqual(decode({}).projectNameList, [])
    assert.deepStrictEqual(decode({ projectNameList: null }).projectNameList, [])
    assert.strictEqual(
      decode({ projectNameList: [{ projectId: 3671, projectName: "myLabel" }] }).projectNameList[0]?.projectId,
      3671
    )
  })
})

describe("ProjectService.tagTasks and untagTasks", () => {
  it.effect("tags owned tasks; the wire body is {label, taskIds}; tagging again adds nothing", () =>
    Effect.gen(function* () {
      const [a, b] = (yield* reserve(2)) as [number, number]
      yield* projects((s) => s.tagTasks({ label: "hero", taskIds: [a, b] }))
      assert.strictEqual(yield* lastBody(paths.addTaskLabel), `{"label": "hero", "taskIds": [${a}, ${b}]}`)
      const tagsA = yield* tagsOf(a)
      const tagsB = yield* tagsOf(b)
      assert.deepStrictEqual(
        [...tagsA, ...tagsB].map(([, label]) => label),
        ["hero", "hero"]
      )
      assert.notStrictEqual(tagsA[0]?.[0], tagsB[0]?.[0], "each attached tag has its own id")
      yield* projects((s) => s.tagTasks({ label: "hero", taskIds: [a] }))
      assert.deepStrictEqual(yield* tagsOf(a), tagsA)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a task the account does not own is a ResourceNotFound (404) and tags nothing", () =>
    Effect.gen(function* () {
      const [a] = (yield* reserve(1)) as [number]
      const error = yield* Effect.flip(projects((s) => s.tagTasks({ label: "hero", taskIds: [a, 1] })))
      assert.instanceOf(error, ApiError.ResourceNotFound)
      assert.deepStrictEqual(yield* tagsOf(a), [])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an empty tag, no task ids or a bad id is an InvalidRequest naming the field, not sent", () =>
    Effect.gen(function* () {
      const cases = [
        [{ label: "", taskIds: [1] }, "label"],
        [{ label: "hero", taskIds: [] }, "taskIds"],
        [{ label: "hero", taskIds: [0] }, "taskIds.0"],
        [{ label: "hero", taskIds: [1.5] }, "taskIds.0"]
      ] as const
      for (const [input, field] of cases) {
        const error = yield* Effect.flip(projects((s) => s.tagTasks(input)))
        assert.instanceOf(error, ApiError.InvalidRequest)
        assert.strictEqual(error.field, field)
      }
      assert.strictEqual((yield* callsTo(paths.addTaskLabel)).length, 0)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("untagTasks removes tags by name from the listed tasks; the wire body has all three fields", () =>
    Effect.gen(function* () {
      const [a, b, c] = (yield* reserve(3)) as [number, number, number]
      yield* projects((s) => s.tagTasks({ label: "hero", taskIds: [a, b, c] }))
      yield* projects((s) => s.tagTasks({ label: "night", taskIds: [a] }))
      const [, [nightId]] = (yield* tagsOf(a)) as [readonly [number, string], readonly [number, string]]
      yield* projects((s) => s.untagTasks({ taskIds: [a, b], labelNames: ["hero"] }))
      assert.strictEqual(
        yield* lastBody(paths.deleteTaskLabel),
        `{"taskIds": [${a}, ${b}], "labelNames": ["hero"], "labelIds": []}`
      )
      assert.deepStrictEqual(yield* tagsOf(a), [[nightId, "night"]])
      assert.deepStrictEqual(yield* tagsOf(b), [])
      assert.deepStrictEqual(
        (yield* tagsOf(c)).map(([, label]) => label),
        ["hero"]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("untagTasks by id (the older form), alone or with names", () =>
    Effect.gen(function* () {
      const [a] = (yield* reserve(1)) as [number]
      yield* projects((s) => s.tagTasks({ label: "hero", taskIds: [a] }))
      yield* projects((s) => s.tagTasks({ label: "night", taskIds: [a] }))
      yield* projects((s) => s.tagTasks({ label: "day", taskIds: [a] }))
      const [[heroId], [nightId]] = (yield* tagsOf(a)) as [readonly [number, string], readonly [number, string]]
      yield* projects((s) => s.untagTasks({ taskIds: [a], labelIds: [heroId] }))
      assert.strictEqual(
        yield* lastBody(paths.deleteTaskLabel),
        `{"taskIds": [${a}], "labelNames": [], "labelIds": [${heroId}]}`
      )
      yield* projects((s) => s.untagTasks({ taskIds: [a], labelNames: ["day"], labelIds: [nightId] }))
      assert.deepStrictEqual(yield* tagsOf(a), [])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an unknown tag id or task id is a ResourceNotFound (404), all or nothing", () =>
    Effect.gen(function* () {
      const [a] = (yield* reserve(1)) as [number]
      yield* projects((s) => s.tagTasks({ label: "hero", taskIds: [a] }))
      const [[heroId]] = (yield* tagsOf(a)) as [readonly [number, string]]
      const unknownTag = yield* Effect.flip(
        projects((s) => s.untagTasks({ taskIds: [a], labelIds: [heroId, heroId + 1000] }))
      )
      assert.instanceOf(unknownTag, ApiError.ResourceNotFound)
      const unknownTask = yield* Effect.flip(projects((s) => s.untagTasks({ taskIds: [a, 1], labelNames: ["hero"] })))
      assert.instanceOf(unknownTask, ApiError.ResourceNotFound)
      assert.strictEqual((yield* tagsOf(a)).length, 1, "all or nothing")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect(
    "no task ids, no tag at all, an empty name or a bad id is an InvalidRequest naming the field, not sent",
    () =>
      Effect.gen(function* () {
        const cases = [
          [{ taskIds: [], labelNames: ["hero"] }, "taskIds"],
          [{ taskIds: [0], labelNames: ["hero"] }, "taskIds.0"],
          [{ taskIds: [1] }, "labelNames"],
          [{ taskIds: [1], labelNames: [], labelIds: [] }, "labelNames"],
          [{ taskIds: [1], labelNames: [""] }, "labelNames.0"],
          [{ taskIds: [1], labelIds: [1.5] }, "labelIds.0"]
        ] as const
        for (const [input, field] of cases) {
          const error = yield* Effect.flip(projects((s) => s.untagTasks(input)))
          assert.instanceOf(error, ApiError.InvalidRequest)
          assert.strictEqual(error.field, field, JSON.stringify(input))
        }
        assert.strictEqual((yield* callsTo(paths.deleteTaskLabel)).length, 0)
      }).pipe(Effect.provide(inProcess()))
  )

  it.live("untagTasks is never repeated, even on a transient failure: it removes tags by name, like delete", () =>
    Effect.gen(function* () {
      const [a] = (yield* reserve(1)) as [number]
      yield* projects((s) => s.tagTasks({ label: "hero", taskIds: [a] }))
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.deleteTaskLabel, code: 500 })
      const error = yield* Effect.flip(projects((s) => s.untagTasks({ taskIds: [a], labelNames: ["hero"] })))
      assert.strictEqual(error._tag, "InternalError")
      assert.strictEqual((yield* callsTo(paths.deleteTaskLabel)).length, 1)
      assert.strictEqual((yield* tagsOf(a)).length, 1)
    }).pipe(Effect.provide(inProcess({}, { retry: { times: 3, base: "1 millis", cap: "1 millis" } })))
  )
})

describe("ProjectService.ensureProject (check_and_add_project_name without its bugs, spec 6.5, 7.12)", () => {
  it.effect("creates the project once (status 0) and returns the same id on the next call", () =>
    Effect.gen(function* () {
      const id = yield* projects((s) => s.ensureProject("Shot 042"))
      assert.strictEqual(yield* lastBody(paths.projectList), '{"flag": 2}')
      assert.strictEqual(yield* lastBody(paths.projectAdd), '{"newName": "Shot 042", "status": 0}')
      assert.deepStrictEqual(yield* listed, [[id, "Shot 042"]])
      const again = yield* projects((s) => s.ensureProject("Shot 042"))
      assert.strictEqual(again, id)
      assert.strictEqual((yield* callsTo(paths.projectAdd)).length, 1)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("concurrent calls for one name from one client add it exactly once", () =>
    Effect.gen(function* () {
      const ids = yield* Effect.all(
        Array.from({ length: 6 }, () => projects((s) => s.ensureProject("Concurrent"))),
        { concurrency: "unbounded" }
      )
      const adds = yield* callsTo(paths.projectAdd)
      assert.strictEqual(adds.length, 1)
      assert.strictEqual(adds[0]?.code, 200)
      assert.strictEqual(new Set(ids).size, 1)
      assert.deepStrictEqual(yield* listed, [[ids[0]!, "Concurrent"]])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("concurrent calls for different names each add their own project", () =>
    Effect.gen(function* () {
      const ids = yield* Effect.all(
        ["a", "b", "a", "c", "b"].map((name) => projects((s) => s.ensureProject(name))),
        { concurrency: "unbounded" }
      )
      assert.strictEqual((yield* callsTo(paths.projectAdd)).length, 3)
      assert.strictEqual(ids[0], ids[2])
      assert.strictEqual(ids[1], ids[4])
      assert.strictEqual(new Set(ids).size, 3)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("names match exactly: an existing 'Shot' does not satisfy 'shot' (case-sensitive)", () =>
    Effect.gen(function* () {
      yield* projects((s) => s.add({ name: "Shot" }))
      const [[shotId]] = (yield* listed) as [readonly [number, string]]
      const lower = yield* projects((s) => s.ensureProject("shot"))
      assert.notStrictEqual(lower, shotId)
      assert.strictEqual(yield* lastBody(paths.projectAdd), '{"newName": "shot", "status": 0}')
      assert.strictEqual(yield* projects((s) => s.ensureProject("Shot")), shotId)
      assert.strictEqual((yield* callsTo(paths.projectAdd)).length, 2, "the explicit add and the one for 'shot'")
      assert.deepStrictEqual(yield* listed, [
        [shotId, "Shot"],
        [lower, "shot"]
      ])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("an empty name is an InvalidRequest and nothing is sent", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(projects((s) => s.ensureProject("")))
      assert.instanceOf(error, ApiError.InvalidRequest)
      assert.strictEqual(error.operation, "ProjectService.ensureProject")
      assert.strictEqual(error.field, "name")
      assert.strictEqual((yield* callsTo(paths.projectList)).length + (yield* callsTo(paths.projectAdd)).length, 0)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("another client adding the name in between: add fails (600), one more look finds it", () => {
    let raced = false
    // Just before this client's add goes out, another client on the same account adds the name.
    const layer = wrapped((inner) =>
      HttpClient.make((request, url) =>
        Effect.gen(function* () {
          if (url.pathname === paths.projectAdd && !raced) {
            raced = true
            yield* projects((s) => s.add({ name: "Raced" })).pipe(Effect.provide(otherClient(inner)), Effect.orDie)
          }
          return yield* inner.execute(request)
        })
      )
    )
    return Effect.gen(function* () {
      const id = yield* projects((s) => s.ensureProject("Raced"))
      assert.deepStrictEqual(yield* listed, [[id, "Raced"]])
      assert.deepStrictEqual(
        (yield* callsTo(paths.projectAdd)).map((c) => c.code),
        [200, 600],
        "the other client's add, then this client's, refused as a duplicate and not repeated"
      )
      assert.strictEqual((yield* callsTo(paths.projectList)).length, 2, "the first look and one more")
    }).pipe(Effect.provide(layer))
  })

  it.effect("the answer of add is lost: one more look finds the project, no second add", () => {
    const layer = wrapped((inner) =>
      HttpClient.make((request, url) =>
        url.pathname === paths.projectAdd
          ? Effect.zipRight(
              inner.execute(request),
              Effect.fail(
                new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("connection reset") })
              )
            )
          : inner.execute(request)
      )
    )
    return Effect.gen(function* () {
      const id = yield* projects((s) => s.ensureProject("Lost"))
      assert.deepStrictEqual(yield* listed, [[id, "Lost"]])
      assert.strictEqual((yield* callsTo(paths.projectAdd)).length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("added but never listed: a typed error after exactly one add, never an empty id", () => {
    // The list lags behind the add (the project exists, the list answers do not show it): the
    // case where the Python SDK sends a second add and returns "".
    const hidden = "Lagging"
    const layer = wrapped((inner) =>
      HttpClient.make((request, url) =>
        Effect.gen(function* () {
          const response = yield* inner.execute(request)
          if (url.pathname !== paths.projectList && url.pathname !== paths.projectGetList) return response
          const envelope = (yield* response.json) as { data: { projectNameList: Array<{ projectName: string }> } }
          envelope.data.projectNameList = envelope.data.projectNameList.filter((p) => p.projectName !== hidden)
          return HttpClientResponse.fromWeb(request, new Response(JSON.stringify(envelope), { status: 200 }))
        })
      )
    )
    return Effect.gen(function* () {
      const error = yield* Effect.flip(projects((s) => s.ensureProject(hidden)))
      assert.instanceOf(error, Project.ProjectNotFoundAfterAdd)
      assert.strictEqual(error.projectName, hidden)
      assert.include(error.message, "no second add")
      assert.deepStrictEqual(
        (yield* callsTo(paths.projectAdd)).map((c) => c.code),
        [200]
      )
      assert.strictEqual((yield* callsTo(paths.projectList)).length, 2)
      // A later call adds once more, is refused as a duplicate, and reports that refusal.
      const later = yield* Effect.flip(projects((s) => s.ensureProject(hidden)))
      assert.instanceOf(later, ApiError.ParameterInvalid)
      assert.deepStrictEqual(
        (yield* callsTo(paths.projectAdd)).map((c) => c.code),
        [200, 600]
      )
    }).pipe(Effect.provide(layer))
  })
})

describe("ProjectService over a socket", () => {
  it.live("ensures, lists, tags and deletes over HTTP on 127.0.0.1", () =>
    Effect.gen(function* () {
      const id = yield* projects((s) => s.ensureProject("Socket"))
      assert.strictEqual(yield* projects((s) => s.ensureProject("Socket")), id)
      assert.strictEqual((yield* callsTo(paths.projectAdd)).length, 1)
      const scoped = yield* projects((s) => s.listByScope(ProjectScope.Own))
      assert.deepStrictEqual(
        scoped.projectNameList.map((p) => [p.projectId, p.projectName]),
        [[id, "Socket"]]
      )
      const [task] = (yield* reserve(1)) as [number]
      yield* projects((s) => s.tagTasks({ label: "socket", taskIds: [task] }))
      const [[tagId]] = (yield* tagsOf(task)) as [readonly [number, string]]
      yield* projects((s) => s.untagTasks({ taskIds: [task], labelIds: [tagId] }))
      assert.deepStrictEqual(yield* tagsOf(task), [])
      yield* projects((s) => s.delete("Socket"))
      assert.deepStrictEqual(yield* listed, [])
    }).pipe(Effect.provide(overSocket()))
  )
})
