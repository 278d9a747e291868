// The migration guide (docs/migration-from-python.md) cannot drift: every method it names must
// exist on the exported services, every service method must be in it, and every Python SDK
// method of the upstream endpoint index (4.0.1), kept in fixtures/python-sdk-methods.json, must
// have a row. Every row must say what differs (or "Same."), each known difference listed in
// fixtures/python-sdk-differences.json must stay in its row, and the differences the simulator
// can show are checked against it. The protocol itself is summarised in docs/protocol.md.
import { assert, describe, it } from "@effect/vitest"
import * as Core from "@rayvision/core"
import {
  ProjectService,
  RenderEnv,
  RenderEnvService,
  type Submission,
  SubmissionService,
  TransferService,
  UserService
} from "@rayvision/core"
import { SimulatorService } from "@rayvision/simulator"
import { Context, Effect } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { callsTo, failsWith, inProcess, lastBody, raw, refused, submitted, withTasks } from "../support.ts"
import { paths } from "../paths.ts"

const root = fileURLToPath(new URL("../..", import.meta.url))
const guide = readFileSync(`${root}/docs/migration-from-python.md`, "utf8")
/** The Python SDK methods of the upstream endpoint index (4.0.1), extracted once into the repository. */
const pythonMethods: { readonly description: string; readonly methods: ReadonlyArray<string> } = JSON.parse(
  readFileSync(`${root}/tests/services/fixtures/python-sdk-methods.json`, "utf8")
)

/** The known differences each row must keep stating (see the fixture's description). */
const known: {
  readonly description: string
  readonly differences: ReadonlyArray<{
    readonly python: string
    readonly mustMention: ReadonlyArray<string>
    readonly why: string
  }>
  readonly exceptionClasses: ReadonlyArray<string>
} = JSON.parse(readFileSync(`${root}/tests/services/fixtures/python-sdk-differences.json`, "utf8"))

/** Table rows of the guide: [python, rayvision, differences]. */
const rows = guide
  .split("\n")
  .filter((line) => line.startsWith("| ") && !line.startsWith("| Python") && !line.startsWith("|---"))
  .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| ?| ?\|$/g, "")))

/** The table rows of each `## ` section of the guide, by heading. */
const sections = new Map<string, Array<ReadonlyArray<string>>>()
{
  let heading = ""
  for (const line of guide.split("\n")) {
    if (line.startsWith("## ")) heading = line.slice(3).trim()
    else if (line.startsWith("| ") && !line.startsWith("| Python") && !line.startsWith("|---")) {
      const section = sections.get(heading) ?? []
      section.push(line.split(" | ").map((cell) => cell.replace(/^\| ?| ?\|$/g, "")))
      sections.set(heading, section)
    }
  }
}

const codeSpans = (cell: string) => Array.from(cell.matchAll(/`([^`]+)`/g), (m) => m[1]!)

/** `Service.method` references of the rayvision column. */
const referenced = new Set(rows.flatMap((r) => codeSpans(r[1] ?? "")).filter((s) => /^\w+Service\.\w+$/.test(s)))

/** The exported services: every module of @rayvision/core with a Tag named like the module. */
const serviceNames = Object.keys(Core).filter((name) => name.endsWith("Service"))

describe("docs/migration-from-python.md", () => {
  it("has a row for every Python SDK method in the protocol reference's endpoint index", () => {
    const pythonColumn = rows.map((r) => r[0] ?? "").join("\n")
    const methods = new Set(pythonMethods.methods)
    assert.strictEqual(methods.size, pythonMethods.methods.length, "the fixture lists a method twice")
    for (const method of methods) assert.match(method, /^(?:user|task|query|tag|env|transmit)\.\w+$/)
    assert.isAtLeast(methods.size, 40)
    const missing = [...methods].filter((m) => !pythonColumn.includes(m))
    assert.deepStrictEqual(missing, [])
    for (const extra of ["check_and_add_project_name", "submit_by_data", "RayvisionCheck", "get_user_id"]) {
      assert.include(pythonColumn, extra)
    }
  })

  it.effect("names only methods that exist, and names every method of every service", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(serviceNames.sort(), [
        "BulkService",
        "ProjectService",
        "RenderEnvService",
        "SubmissionService",
        "TaskService",
        "TransferService",
        "UserService",
        "WaitService"
      ])
      const context = yield* Effect.context<never>()
      const available = new Set<string>()
      for (const name of serviceNames) {
        const module = (Core as unknown as Record<string, Record<string, unknown>>)[name]!
        const tag = module[name] as Context.Tag<unknown, Record<string, unknown>>
        const service = Context.unsafeGet(context, tag)
        for (const [method, value] of Object.entries(service)) {
          if (typeof value === "function") available.add(`${name}.${method}`)
        }
      }
      const unknown = [...referenced].filter((ref) => !available.has(ref))
      assert.deepStrictEqual(unknown, [], "the guide names methods that do not exist")
      const undocumented = [...available].filter((ref) => !referenced.has(ref))
      assert.deepStrictEqual(undocumented, [], "service methods missing from the guide")
    }).pipe(Effect.provide(inProcess()))
  )
})

/** The rows whose Python cell names `python`: as one of its code spans, or as the whole cell. */
const rowsNaming = (python: string) =>
  rows.filter((r) => {
    const cell = r[0] ?? ""
    const spans = codeSpans(cell)
    return spans.length === 0 ? cell === python : spans.includes(python)
  })

describe("docs/migration-from-python.md: the Differences column", () => {
  it('every row has three cells and says what differs (or "Same.")', () => {
    assert.isAtLeast(rows.length, 80)
    const malformed = rows.filter((r) => r.length !== 3).map((r) => r.join(" | "))
    assert.deepStrictEqual(malformed, [], "rows without exactly three cells (a stray ' | ' in a cell?)")
    const silent = rows.filter((r) => (r[2] ?? "").trim() === "" || (r[2] ?? "").trim() === "—").map((r) => r[0])
    assert.deepStrictEqual(silent, [], "rows with an empty Differences cell")
  })

  it("states each known difference in its row (fixtures/python-sdk-differences.json)", () => {
    assert.isAtLeast(known.differences.length, 30)
    const pythons = known.differences.map((d) => d.python)
    assert.strictEqual(new Set(pythons).size, pythons.length, "the fixture names a row twice")
    const problems: Array<string> = []
    for (const { mustMention, python, why } of known.differences) {
      assert.isAbove(why.trim().length, 0, `the fixture gives no reason for ${python}`)
      assert.isAbove(mustMention.length, 0, `the fixture lists nothing to mention for ${python}`)
      const matching = rowsNaming(python)
      if (matching.length !== 1) {
        problems.push(`${python}: ${matching.length} rows name it, expected exactly 1`)
        continue
      }
      const differences = matching[0]![2] ?? ""
      for (const text of mustMention) {
        if (!differences.includes(text))
          problems.push(`${python}: the Differences cell no longer says ${JSON.stringify(text)}`)
      }
    }
    assert.deepStrictEqual(problems, [])
  })

  it("has rows for the client's entry points, the signing helpers and only_id", () => {
    const pythonColumn = rows.map((r) => r[0] ?? "").join("\n")
    for (const name of [
      "api.connect",
      "user.info",
      "api.user_info",
      "only_id",
      "formatted_headers",
      "generate_headers_body_str",
      "RayvisionAPI("
    ]) {
      assert.include(pythonColumn, name)
    }
    const signing = rowsNaming("formatted_headers")[0]!
    for (const helper of ["stringToSign", "stringToSignFromJson", "signature", "encodeBody"]) {
      assert.include(signing[1], `Signer.${helper}`)
      assert.isFunction((Core.Signer as Record<string, unknown>)[helper], `Signer.${helper} is exported`)
    }
  })

  it("maps every exception class of the Python SDK to errors that exist", () => {
    const table = sections.get("How the exceptions map") ?? []
    const named = new Set(table.flatMap((r) => codeSpans(r[0] ?? "")))
    const missing = known.exceptionClasses.filter((name) => !named.has(name))
    assert.deepStrictEqual(missing, [], "Python exception classes without a row")
    // Every error class the rayvision column names is one the SDK exports (or Effect's ConfigError).
    const exported = new Set([
      ...Object.keys(Core.ApiError),
      ...Object.keys(Core.Submission),
      ...Object.keys(Core.Project),
      ...Object.keys(Core.TaskService),
      "ConfigError"
    ])
    const errorNames = table
      .flatMap((r) => codeSpans(r[1] ?? ""))
      .map((span) => span.replace(/^ApiError\./, ""))
      .filter((span) => /^[A-Z]\w+$/.test(span))
    assert.isAtLeast(errorNames.length, 15)
    const unknown = errorNames.filter((name) => !exported.has(name))
    assert.deepStrictEqual(unknown, [], "the exceptions table names errors the SDK does not export")
  })
})

// -------------------------------------------------------------------------------------------------
// The differences the guide states, shown against the simulator
// -------------------------------------------------------------------------------------------------

const envs = <A, E, R>(f: (e: RenderEnvService.Service) => Effect.Effect<A, E, R>) =>
  Effect.flatMap(RenderEnvService.RenderEnvService, f)

/** A farm of three frames per task ("1", "2", "3"). */
const farm = inProcess({ farm: { framesPerTask: 3, queueSeconds: 5, frameSeconds: 30, nodes: 1 } })

/** A valid environment for addEnv, as the service lists Maya. */
const mayaEnv = {
  cgId: RenderEnv.CgId.Maya,
  cgName: "Maya",
  cgVersion: "2023",
  editName: "migration-env",
  renderSystem: RenderEnv.RenderSystem.Windows,
  pluginIds: []
}

describe("docs/migration-from-python.md: the differences, against the simulator", () => {
  it.effect("the layer is lazy (no login); userInfo makes the login's three calls", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      assert.deepStrictEqual(yield* sim.calls, [], "building the layer sent nothing")
      const info = yield* Effect.flatMap(UserService.UserService, (u) => u.userInfo())
      assert.isAbove(info.profile.userId, 0)
      assert.isString(info.bucketIds.inputBid)
      assert.deepStrictEqual(
        (yield* sim.calls).map((c) => c.path).sort(),
        [paths.getBid, paths.queryUserProfile, paths.queryUserSetting].sort()
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("subTaskIds of a task without children is [taskId], where the service sends null (Python: TypeError)", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const wire = (yield* raw(paths.queryTaskInfo, { taskIds: [taskId] })) as {
        readonly items: ReadonlyArray<{ readonly id: number; readonly respRenderingTaskList: unknown }>
      }
      assert.strictEqual(wire.items[0]?.id, taskId)
      assert.isNull(wire.items[0]?.respRenderingTaskList)
      assert.deepStrictEqual(yield* withTasks((t) => t.subTaskIds(taskId)), [taskId])
      // A task the service does not list: TaskNotFound (Python: its own id).
      const error = yield* failsWith(
        withTasks((t) => t.subTaskIds(1)),
        "TaskNotFound"
      )
      assert.strictEqual(error.taskId, 1)
    }).pipe(Effect.provide(farm))
  )

  it.effect("frame indexes that match only partly: FramesNotFound, nothing restarted or stopped", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      const restart = yield* failsWith(
        withTasks((t) => t.restartFramesByIndex(taskId, ["1", "99"])),
        "FramesNotFound"
      )
      assert.deepStrictEqual(restart.frameIndexes, ["99"])
      const stop = yield* failsWith(
        withTasks((t) => t.stopFramesByIndex(taskId, ["2", "98", "3"])),
        "FramesNotFound"
      )
      assert.deepStrictEqual(stop.frameIndexes, ["98"])
      assert.deepStrictEqual(yield* callsTo(paths.recommitTaskFrames), [])
      assert.deepStrictEqual(yield* callsTo(paths.stopTaskFrames), [])
      // Every index known: acted on.
      yield* withTasks((t) => t.stopFramesByIndex(taskId, ["2"]))
      assert.strictEqual((yield* callsTo(paths.stopTaskFrames)).length, 1)
    }).pipe(Effect.provide(farm))
  )

  it.effect("allFrames has no start or end page", () =>
    Effect.gen(function* () {
      const taskId = yield* submitted
      assert.strictEqual((yield* withTasks((t) => t.allFrames(taskId))).length, 3)
      const pythonRange = { startPage: 2 }
      // @ts-expect-error: no startPage option (Python's start_page)
      const fromPage2 = withTasks((t) => t.allFrames(taskId, pythonRange))
      yield* refused(fromPage2, paths.queryTaskFrames, "startPage")
    }).pipe(Effect.provide(farm))
  )

  it.effect('listEnvs() sends {} (Python: {"osName": 1}); DCCs are ids, not names', () =>
    Effect.gen(function* () {
      yield* envs((e) => e.listEnvs())
      assert.strictEqual(yield* lastBody(paths.getUserPluginConfig), "{}")
      yield* envs((e) => e.listEnvs({ osName: RenderEnv.RenderSystem.Windows }))
      assert.strictEqual(yield* lastBody(paths.getUserPluginConfig), `{"osName": 1}`)
      assert.strictEqual(RenderEnv.cgIdOf("maya"), RenderEnv.CgId.Maya)
      yield* refused(
        envs((e) => e.softwareDetail({ cgId: "maya" as never, osName: RenderEnv.OsName.Linux })),
        paths.querySoftwareDetail,
        "cgId"
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("addEnv refuses unknown keys and unknown DCC ids before sending", () =>
    Effect.gen(function* () {
      yield* refused(
        envs((e) => e.addEnv({ ...mayaEnv, projectPathx: "/p" } as never)),
        paths.addUserPluginConfig,
        "projectPathx"
      )
      yield* refused(
        envs((e) => e.addEnv({ ...mayaEnv, cgId: 1999 as RenderEnv.CgId })),
        paths.addUserPluginConfig,
        "cgId"
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("tightened inputs are refused before sending", () =>
    Effect.gen(function* () {
      yield* refused(
        withTasks((t) => t.createTaskIds({ count: 1001 })),
        paths.createTask,
        "count"
      )
      yield* refused(
        withTasks((t) => t.submit({ taskId: 1.5 })),
        paths.submitTask,
        "taskId"
      )
      yield* refused(
        withTasks((t) => t.progressImage({ taskId: 5, frameType: 4 as never })),
        paths.loadTaskProcessImg,
        "frameType"
      )
      yield* refused(
        withTasks((t) => t.setOvertimeStop({ taskIds: [5], overTime: 0 })),
        paths.setTaskOverTimeStop,
        "overTime"
      )
      yield* refused(
        withTasks((t) => t.analysisErrorDetail({})),
        paths.queryAnalyseErrorDetail,
        ""
      )
      yield* refused(
        Effect.flatMap(UserService.UserService, (u) => u.updateSettings({ taskOverTimeSec: 0 })),
        paths.updateUserSetting,
        "taskOverTimeSec"
      )
      yield* refused(
        Effect.flatMap(TransferService.TransferService, (t) =>
          // @ts-expect-error: fileName is required (Python defaults to task.json)
          t.uploadTaskJson({ taskId: 5, content: {} })
        ),
        paths.taskJsonFile,
        "fileName"
      )
      yield* refused(
        // @ts-expect-error: no default scope (Python's flag defaults to 0)
        Effect.flatMap(ProjectService.ProjectService, (p) => p.listByScope()),
        paths.projectList,
        "scope"
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("603 and 610 are sent once more even for calls never retried; a 500 there is not", () =>
    Effect.gen(function* () {
      const sim = yield* SimulatorService.SimulatorService
      yield* sim.injectFault({ path: paths.createTask, code: 603 })
      const created = yield* withTasks((t) => t.createTaskIds())
      assert.strictEqual(created.taskIdList.length, 1)
      assert.deepStrictEqual(
        (yield* callsTo(paths.createTask)).map((c) => c.code),
        [603, 200]
      )
      yield* sim.injectFault({ path: paths.createTask, code: 500 })
      yield* failsWith(
        withTasks((t) => t.createTaskIds()),
        "InternalError"
      )
      assert.strictEqual((yield* callsTo(paths.createTask)).length, 3, "the 500 was not retried")
    }).pipe(Effect.provide(inProcess({}, { retry: { times: 3 } })))
  )

  it.effect("serverInfo sends zone 1 for a Renderbus domain (Python: 2)", () =>
    Effect.gen(function* () {
      yield* Effect.flatMap(TransferService.TransferService, (t) => t.serverInfo())
      assert.strictEqual(yield* lastBody(paths.getServerInfo), `{"zone": 1}`)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("check is queries only: no task id reserved, no project added", () =>
    Effect.gen(function* () {
      const input: Submission.SubmissionInput = {
        taskJson: {
          task_info: { cg_id: "2000", os_name: "1", project_name: "Migration" },
          software_config: { cg_name: "Maya", cg_version: "2023", plugins: {} },
          scene_info_render: { defaultRenderLayer: { renderable: "1" } }
        },
        hardware: { model: "Default", ram: "64GB", gpuNum: null }
      }
      const result = yield* Effect.flatMap(SubmissionService.SubmissionService, (s) => s.check(input))
      assert.isNumber(result.hardwareConfigId)
      for (const path of [paths.createTask, paths.projectAdd, paths.taskJsonFile, paths.submitTask]) {
        assert.deepStrictEqual(yield* callsTo(path), [], `no call to ${path}`)
      }
    }).pipe(Effect.provide(inProcess()))
  )
})
