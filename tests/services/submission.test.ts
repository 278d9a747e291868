import { assert, describe, it } from "@effect/vitest"
import { ProjectService, type Submission, SubmissionService, Task, TaskService } from "@rayvision/core"
import { Simulator } from "@rayvision/simulator"
import { Effect } from "effect"
import { callsTo, inProcess, overSocket } from "../support.ts"

const submission = SubmissionService.SubmissionService

/** A Maya 2023 job with V-Ray on Windows, platform 2, the default 64 GB CPU machine. */
const valid = (overrides: Partial<Submission.SubmissionInput> = {}): Submission.SubmissionInput => ({
  taskJson: {
    task_info: {
      cg_id: "2000",
      os_name: "1",
      project_name: "Forest",
      frames_per_task: 1,
      time_out: "43200",
      input_cg_file: "D:/shots/forest_010.mb"
    },
    software_config: { cg_name: "Maya", cg_version: "2023", plugins: { redshift: "3.5.16" } },
    scene_info_render: { defaultRenderLayer: { renderable: "1" } }
  },
  hardware: { model: "Default", ram: "64GB", gpuNum: null },
  producer: "lead",
  ...overrides
})

/** Paths whose calls would mean something was created, uploaded or submitted. */
const WRITES = [
  "/api/render/submit/createTask",
  "/api/render/submit/taskJsonFile",
  "/api/render/submit/task",
  "/api/render/project/add"
]

const nothingWritten = Effect.gen(function* () {
  for (const path of WRITES) assert.deepStrictEqual(yield* callsTo(path), [], `no call to ${path}`)
})

const refusedWith = (input: Submission.SubmissionInput, fields: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(Effect.flatMap(submission, (s) => s.submit(input)))
    assert.strictEqual(error._tag, "TaskCheckFailed", String(error))
    if (error._tag !== "TaskCheckFailed") return
    assert.deepStrictEqual(
      error.issues.map((i) => i.field),
      fields,
      error.message
    )
    assert.match(error.message, /nothing was created/)
    yield* nothingWritten
    return error
  })

describe("SubmissionService: a checked submission from a task description", () => {
  it.effect("reserves an id, fills in user, project and hardware, uploads task.json and submits", () =>
    Effect.gen(function* () {
      const done = yield* Effect.flatMap(submission, (s) => s.submit(valid()))
      const info = done.taskJson.task_info
      assert.strictEqual(info["task_id"], String(done.taskId))
      assert.strictEqual(info["hardwareConfigId"], String(done.hardwareConfigId))
      assert.strictEqual(info["ram"], "64")
      assert.strictEqual(info["frames_per_task"], "1", "numbers are written as strings, as the SDK does")
      assert.strictEqual(info["platform"], "2")

      // What the farm received is what we returned: the hardware choice is in the uploaded file
      // (the Python SDK lost it for a dict task.json, docs/protocol.md 7.10).
      const sim = yield* Simulator.SimulatorTag
      const files = yield* sim.taskFiles(Simulator.demoAccount.accessId, done.taskId)
      const uploaded = JSON.parse(files["task.json"] ?? "null")
      assert.deepStrictEqual(uploaded, JSON.parse(JSON.stringify(done.taskJson)))

      // The project label exists and its id is in the task.json.
      const projects = yield* Effect.flatMap(ProjectService.ProjectService, (p) => p.list())
      const forest = projects.projectNameList.find((p) => p.projectName === "Forest")
      assert.strictEqual(info["project_id"], String(forest?.projectId))

      // The task is submitted, with its producer.
      const page = yield* Effect.flatMap(TaskService.TaskService, (t) => t.info([done.taskId]))
      assert.strictEqual(page.items[0]?.taskStatus, Task.TaskStatus.Waiting)
      const submits = yield* callsTo("/api/render/submit/task")
      assert.deepStrictEqual(JSON.parse(submits[0]!.bodyText), { taskId: done.taskId, producer: "lead" })
      assert.strictEqual((yield* callsTo("/api/render/submit/createTask")).length, 1)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("uses a task id given in task_info instead of reserving one, and uploads the other files", () =>
    Effect.gen(function* () {
      const { taskIdList } = yield* Effect.flatMap(TaskService.TaskService, (t) => t.createTaskIds())
      const taskId = taskIdList[0]!
      const input = valid({ uploadJson: { asset: [{ local: "D:/a.tx", server: "/D/a.tx" }] } })
      const done = yield* Effect.flatMap(submission, (s) =>
        s.submit({
          ...input,
          taskJson: { ...input.taskJson, task_info: { ...input.taskJson.task_info, task_id: taskId } }
        })
      )
      assert.strictEqual(done.taskId, taskId)
      assert.strictEqual((yield* callsTo("/api/render/submit/createTask")).length, 1, "only the test's own reservation")
      const sim = yield* Simulator.SimulatorTag
      const files = yield* sim.taskFiles(Simulator.demoAccount.accessId, taskId)
      assert.deepStrictEqual(Object.keys(files).sort(), ["task.json", "upload.json"])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("check() reports warnings from the analysis tips and creates nothing", () =>
    Effect.gen(function* () {
      const checked = yield* Effect.flatMap(submission, (s) => s.check(valid({ tipsJson: { "10010": ["camera1"] } })))
      assert.deepStrictEqual(
        checked.warnings.map((w) => w.code),
        ["10010"]
      )
      yield* nothingWritten
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("SubmissionService: invalid descriptions are refused with every problem, nothing created", () => {
  it.effect("an unsupported software version", () =>
    refusedWith(
      valid({
        taskJson: { ...valid().taskJson, software_config: { cg_name: "Maya", cg_version: "2019", plugins: {} } }
      }),
      ["taskJson.software_config.cg_version"]
    ).pipe(Effect.provide(inProcess()))
  )

  it.effect(
    "a plugin the version lacks, and a Windows-only plugin on a Linux task (the task's OS, not the local one)",
    () =>
      Effect.gen(function* () {
        const base = valid().taskJson
        const error = yield* refusedWith(
          valid({
            taskJson: {
              ...base,
              task_info: { ...base.task_info, os_name: "0" },
              software_config: { cg_name: "Maya", cg_version: "2023", plugins: { golaem: "8.1.4", yeti: "9.9" } }
            }
          }),
          ["taskJson.software_config.plugins.golaem", "taskJson.software_config.plugins.yeti"]
        )
        assert.match(error?.message ?? "", /golaem 8\.1\.4 is not available for Maya 2023 on linux/)
      }).pipe(Effect.provide(inProcess()))
  )

  it.effect("hardware that does not exist on the platform, naming the choices", () =>
    Effect.gen(function* () {
      const error = yield* refusedWith(valid({ hardware: { model: "Default", ram: "96GB", gpuNum: null } }), [
        "hardware"
      ])
      assert.match(error?.message ?? "", /choose from: Default\/64GB, Default\/128GB/)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("hardware that cannot render the DCC (ids compared as numbers, spec 7.10)", () =>
    Effect.gen(function* () {
      const base = valid().taskJson
      yield* refusedWith(
        valid({
          taskJson: {
            ...base,
            task_info: { ...base.task_info, cg_id: "2012" },
            software_config: { cg_name: "KeyShot", cg_version: keyshotVersion, plugins: {} }
          },
          hardware: { model: "Default", ram: "128GB", gpuNum: null }
        }),
        ["hardware"]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a GPU configuration refusing a plugin and an analysis tip, and an analysis error", () =>
    Effect.gen(function* () {
      const base = valid().taskJson
      yield* refusedWith(
        valid({
          taskJson: {
            ...base,
            task_info: { ...base.task_info, cg_id: "2004", platform: "21" },
            software_config: { cg_name: "Houdini", cg_version: "19.5.640", plugins: { octane: octaneForHoudini } }
          },
          hardware: { model: "1080Ti", ram: "64GB", gpuNum: "2" },
          tipsJson: { "15010": ["missing texture"] }
        }),
        ["tipsJson.15010", "taskJson.software_config.plugins.octane", "hardware"]
      )
    }).pipe(Effect.provide(inProcess({}, { platform: 2 })))
  )

  it.effect("task_info keys that are not parameters, filled-in keys, and a missing scene", () =>
    refusedWith(
      {
        ...valid(),
        taskJson: {
          task_info: { cg_id: "2000", user_id: "1", priority: "99" },
          software_config: { cg_name: "Maya", cg_version: "2023", plugins: {} }
        }
      },
      ["taskJson.task_info.user_id", "taskJson.task_info.priority", "taskJson.scene_info_render"]
    ).pipe(Effect.provide(inProcess()))
  )

  it.effect("a malformed description (shape) names the field", () =>
    refusedWith({ ...valid(), hardware: { model: "Default", ram: "64", gpuNum: null } }, ["hardware.ram"]).pipe(
      Effect.provide(inProcess())
    )
  )
})

describe("SubmissionService over a socket", () => {
  it.live("submits a checked task through the Node adapter", () =>
    Effect.gen(function* () {
      const done = yield* Effect.flatMap(submission, (s) => s.submit(valid()))
      assert.isAbove(done.taskId, 0)
    }).pipe(Effect.provide(overSocket()))
  )
})

// Catalogue facts the tests rely on (looked up, not assumed).
const keyshotVersion = "11"
const octaneForHoudini = "2022.1"
