/**
 * SubmissionService with the task files the official DCC analysers write (fixtures in
 * tests/services/fixtures/task-files), as they are: checked, passed through, refused only where the
 * official client refuses; and the Cinema 4D hardware rule of the official client 3.0.3.23.
 */
import { assert, describe, it } from "@effect/vitest"
import { ProjectService, Submission, SubmissionService, Task, TaskService, UserService } from "@rayvision/core"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { callsTo, failsWith, inProcess, taskRow } from "../support.ts"
import { paths } from "../paths.ts"
import { nothingWritten, refusedWith, submission, valid } from "./submitting.ts"

/** The files an official analyser leaves for one DCC (tests/services/fixtures/task-files). */
const analysed = (dcc: string) => {
  // As a pipeline reads them: JSON.parse, untyped.
  const read = (name: string): any =>
    JSON.parse(readFileSync(new URL(`./fixtures/task-files/${dcc}/${name}`, import.meta.url), "utf8"))
  return {
    taskJson: read("task.json"),
    uploadJson: read("upload.json"),
    assetJson: read("asset.json"),
    tipsJson: read("tips.json")
  }
}

/** The same files as a submission on the default platform-2 machine (what the fixtures fit). */
const fromAnalyser = (dcc: string, hardware: Submission.SubmissionInput["hardware"] = defaultMachine) => ({
  ...analysed(dcc),
  hardware
})

const defaultMachine = { model: "Default", ram: "64GB", gpuNum: null }

/** The task_info keys this SDK checks; every other key must reach the farm unchanged. */
const KNOWN = new Set<string>([
  ...Submission.MODIFIABLE_PARAMS,
  ...Submission.DESCRIPTIVE_PARAMS,
  ...Submission.FILLED_PARAMS
])

/** What the simulator stored for the task: each uploaded file, parsed. */
const uploadedFiles = (taskId: number) =>
  Effect.gen(function* () {
    const sim = yield* SimulatorService.SimulatorService
    const files = yield* sim.taskFiles(Simulator.demoAccount.accessId, taskId)
    return Object.fromEntries(Object.entries(files).map(([name, text]) => [name, JSON.parse(text ?? "null")]))
  })

/** Every call the simulator received, on any path. */
const allCalls = Effect.flatMap(SimulatorService.SimulatorService, (sim) => sim.calls)

const DCCS: ReadonlyArray<readonly [string, { readonly warnings: ReadonlyArray<string> }]> = [
  ["maya", { warnings: [] }],
  ["houdini", { warnings: ["10025"] }],
  ["3dsmax", { warnings: ["10013"] }],
  ["c4d", { warnings: ["10015"] }],
  ["blender", { warnings: [] }],
  ["clarisse", { warnings: [] }],
  ["katana", { warnings: [] }]
]

describe("SubmissionService: task files written by the official analysers", () => {
  for (const [dcc, expected] of DCCS) {
    it.effect(`${dcc}: check() accepts it as written, creating nothing`, () =>
      Effect.gen(function* () {
        const checked = yield* Effect.flatMap(submission, (s) => s.check(fromAnalyser(dcc)))
        const configs = yield* Effect.flatMap(UserService.UserService, (u) => u.hardwareConfigs())
        const chosen = configs.find((c) => c.id === checked.hardwareConfigId)
        assert.deepStrictEqual([chosen?.platform, chosen?.model, chosen?.ram], [2, "Default", "64GB"])
        assert.deepStrictEqual(
          checked.warnings.map((w) => w.code),
          expected.warnings
        )
        assert.deepStrictEqual(checked.notices, [], "every plugin of the fixture is in the farm's list")
        yield* nothingWritten
      }).pipe(Effect.provide(inProcess()))
    )

    it.effect(`${dcc}: submit() uploads every key it does not fill in exactly as the analyser wrote it`, () =>
      Effect.gen(function* () {
        const input = fromAnalyser(dcc)
        const original = structuredClone(input.taskJson)
        const done = yield* Effect.flatMap(submission, (s) => s.submit(input))
        assert.deepStrictEqual(input.taskJson, original, "the caller's object is not modified")
        const files = yield* uploadedFiles(done.taskId)

        // The other files go up as they are.
        assert.deepStrictEqual(files["upload.json"], input.uploadJson)
        assert.deepStrictEqual(files["asset.json"], input.assetJson)
        assert.deepStrictEqual(files["tips.json"], input.tipsJson)

        // task.json: what was returned is what the farm received.
        const uploaded = files["task.json"]
        assert.deepStrictEqual(uploaded, JSON.parse(JSON.stringify(done.taskJson)))

        // Every top-level key but task_info (and scene_info_render, filled from scene_info when
        // empty) is unchanged: scene_info, software_config, layers, additional_info, ...
        for (const key of Object.keys(original)) {
          if (key === "task_info" || key === "scene_info_render") continue
          assert.deepStrictEqual(uploaded[key], original[key], key)
        }
        const render = original["scene_info_render"]
        const expectedRender =
          render === undefined || Object.keys(render).length === 0 ? original["scene_info"] : render
        assert.deepStrictEqual(uploaded["scene_info_render"], expectedRender)

        // task_info: unknown keys unchanged, known ones as the analyser wrote them (strings), except
        // those the submission fills in.
        const info = uploaded["task_info"]
        const filled = new Set([
          "task_id",
          "user_id",
          "project_id",
          "hardwareConfigId",
          "ram",
          "graphics_cards_num",
          "platform",
          "os_name"
        ])
        for (const [key, value] of Object.entries(original["task_info"])) {
          if (!filled.has(key)) assert.deepStrictEqual(info[key], value, `task_info.${key}`)
        }
        const unknown = Object.keys(original["task_info"]).filter((key) => !KNOWN.has(key))
        if (dcc === "c4d" || dcc === "katana" || dcc === "clarisse") assert.isNotEmpty(unknown)
        for (const key of unknown) assert.strictEqual(info[key], original["task_info"][key], key)

        // The filled-in values.
        const profile = yield* Effect.flatMap(UserService.UserService, (u) => u.profile())
        const projects = yield* Effect.flatMap(ProjectService.ProjectService, (p) => p.list())
        const project = projects.projectNameList.find((p) => p.projectName === original["task_info"]["project_name"])
        assert.deepStrictEqual(
          [...filled].map((key) => info[key]),
          [
            String(done.taskId),
            String(profile.userId),
            String(project?.projectId),
            String(done.hardwareConfigId),
            "64",
            "2",
            "2",
            original["task_info"]["os_name"]
          ]
        )
        assert.strictEqual(yield* taskRow(done.taskId).pipe(Effect.map((t) => t.taskStatus)), Task.TaskStatus.Waiting)
      }).pipe(Effect.provide(inProcess()))
    )
  }

  it.effect("unknown keys of any JSON type, in task_info and elsewhere, reach the farm unchanged", () =>
    Effect.gen(function* () {
      const input = fromAnalyser("maya")
      const extras = {
        custom_priority: 7,
        render_notes: { lead: "sh010 final", retakes: [1, 2] },
        tags: ["forest", "final"],
        reviewed: true,
        deadline: null,
        frames: "1-120[1]"
      }
      input.taskJson["task_info"] = { ...input.taskJson["task_info"], ...extras }
      input.taskJson["software_config"] = { ...input.taskJson["software_config"], renderer: "arnold" }
      input.taskJson["pipeline"] = { tool: "in-house", version: 3 }
      const done = yield* Effect.flatMap(submission, (s) => s.submit(input))
      const uploaded = (yield* uploadedFiles(done.taskId))["task.json"]
      for (const [key, value] of Object.entries(extras)) assert.deepStrictEqual(uploaded.task_info[key], value, key)
      assert.strictEqual(uploaded.software_config.renderer, "arnold")
      assert.deepStrictEqual(uploaded.pipeline, { tool: "in-house", version: 3 })
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("ids the task.json already holds are kept, as the official client does; numbers become strings", () =>
    Effect.gen(function* () {
      const { taskIdList } = yield* Effect.flatMap(TaskService.TaskService, (t) => t.createTaskIds())
      const taskId = taskIdList[0]!
      const profile = yield* Effect.flatMap(UserService.UserService, (u) => u.profile())
      const input = fromAnalyser("3dsmax")
      // As the 3ds Max analyser's documented output has them: numbers.
      input.taskJson["task_info"] = {
        ...input.taskJson["task_info"],
        task_id: taskId,
        user_id: profile.userId,
        project_id: "0",
        frames_per_task: 1
      }
      const done = yield* Effect.flatMap(submission, (s) => s.submit(input))
      assert.strictEqual(done.taskId, taskId)
      const info = (yield* uploadedFiles(taskId))["task.json"].task_info
      assert.deepStrictEqual(
        [info.task_id, info.user_id, info.project_id, info.frames_per_task],
        [String(taskId), String(profile.userId), "0", "1"]
      )
      // Nothing was reserved or created for it: the id, the user and the project were given.
      assert.strictEqual((yield* callsTo(paths.createTask)).length, 1, "only the test's own")
      assert.deepStrictEqual(yield* callsTo(paths.projectAdd), [])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect('a blank project_name (the documented default is " ") means no project: project_id "0"', () =>
    Effect.gen(function* () {
      const input = fromAnalyser("clarisse")
      input.taskJson["task_info"] = { ...input.taskJson["task_info"], project_name: " " }
      const done = yield* Effect.flatMap(submission, (s) => s.submit(input))
      const info = (yield* uploadedFiles(done.taskId))["task.json"].task_info
      assert.deepStrictEqual([info.project_name, info.project_id], [" ", "0"])
      assert.deepStrictEqual(yield* callsTo(paths.projectAdd), [])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a stale hardwareConfigId and ram are replaced by the hardware chosen", () =>
    Effect.gen(function* () {
      const done = yield* Effect.flatMap(submission, (s) =>
        s.submit(fromAnalyser("blender", { model: "Default", ram: "128GB", gpuNum: null }))
      )
      const info = (yield* uploadedFiles(done.taskId))["task.json"].task_info
      assert.notStrictEqual(done.hardwareConfigId, 5)
      assert.deepStrictEqual(
        [info.hardwareConfigId, info.ram, info.graphics_cards_num],
        [String(done.hardwareConfigId), "128", "2"]
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("still refuses what the official client refuses, with every problem, before anything is created", () =>
    Effect.gen(function* () {
      const input = fromAnalyser("houdini", { model: "Default", ram: "96GB", gpuNum: null })
      input.taskJson["software_config"] = { ...input.taskJson["software_config"], cg_version: "18.5.499" }
      input.tipsJson = { ...input.tipsJson, "15000": ["a referenced file is missing"] }
      yield* refusedWith(input, ["taskJson.software_config.cg_version", "tipsJson.15000", "hardware"])

      const katana = fromAnalyser("katana")
      delete katana.taskJson["scene_info_render"]
      delete katana.taskJson["scene_info"]
      delete katana.taskJson["task_info"]["cg_id"]
      yield* refusedWith(katana, ["taskJson.task_info.cg_id", "taskJson.scene_info_render"])
    }).pipe(Effect.provide(inProcess()))
  )
})

/** The Cinema 4D fixture asking for `hardware` on task platform `platform`, in version `version`. */
const cinema4d = (
  hardware: Submission.SubmissionInput["hardware"],
  platform: string,
  version = "2024"
): Submission.SubmissionInput => {
  const input = fromAnalyser("c4d", hardware)
  input.taskJson["task_info"] = { ...input.taskJson["task_info"], platform }
  input.taskJson["software_config"] = { ...input.taskJson["software_config"], cg_version: version }
  return input as Submission.SubmissionInput
}

describe("SubmissionService: the Cinema 4D hardware rule (official client 3.0.3.23)", () => {
  const OFFICIAL = "CINEMA 4D 2024&2025 GPU area hardware configuration model does not allow 1080Ti with 2*GPU"

  for (const [version, platform, model, gpuNum] of [
    ["2024", "21", "1080Ti", "2*GPU"],
    ["2025", "59", "1080ti", "2*gpu"],
    ["2025", "61", "1080TI", "2*Gpu"]
  ] as const) {
    it.effect(`refuses ${model} with ${gpuNum} for Cinema 4D ${version} on platform ${platform}, sending nothing`, () =>
      Effect.gen(function* () {
        const input = cinema4d({ model, ram: "64GB", gpuNum }, platform, version)
        for (const run of [
          (s: SubmissionService.Service) => s.check(input),
          (s: SubmissionService.Service) => s.submit(input)
        ]) {
          const error = yield* failsWith(Effect.flatMap(submission, run), "Cinema4dHardwareRefused")
          assert.instanceOf(error, Submission.Cinema4dHardwareRefused)
          assert.deepStrictEqual(
            [error.cgVersion, error.model, error.gpuNum, error.platform],
            [version, model, gpuNum, Number(platform)]
          )
          assert.isTrue(error.message.startsWith(OFFICIAL), error.message)
          assert.strictEqual(Submission.CINEMA4D_GPU_REFUSAL, OFFICIAL)
        }
        assert.deepStrictEqual(yield* allCalls, [], "not a single call")
      }).pipe(Effect.provide(inProcess()))
    )
  }

  it.effect("a task without a platform is on the client's: refused on a GPU client", () =>
    Effect.gen(function* () {
      // The analysers' template leaves platform "" when none is given.
      yield* failsWith(
        Effect.flatMap(submission, (s) => s.check(cinema4d({ model: "1080Ti", ram: "64GB", gpuNum: "2*GPU" }, ""))),
        "Cinema4dHardwareRefused"
      )
      assert.deepStrictEqual(yield* allCalls, [])
    }).pipe(Effect.provide(inProcess({}, { platform: 21 })))
  )

  it.effect(
    "on a GPU client whose task says platform 2, the rule does not apply (the official client refused it)",
    () =>
      Effect.gen(function* () {
        const error = yield* failsWith(
          Effect.flatMap(submission, (s) => s.check(cinema4d({ model: "1080Ti", ram: "64GB", gpuNum: "2*GPU" }, "2"))),
          "TaskCheckFailed"
        )
        // Platform 2 has no such machine: the ordinary hardware check says so.
        assert.deepStrictEqual(
          error.issues.map((i) => i.field),
          ["hardware"]
        )
      }).pipe(Effect.provide(inProcess({}, { platform: 21 })))
  )

  it.effect("no longer refuses Default, nor 1080Ti with another GPU count, nor other versions or DCCs", () =>
    Effect.gen(function* () {
      // 1080Ti with 2 cards on platform 21 is a configuration of the farm: the check passes.
      const checked = yield* Effect.flatMap(submission, (s) =>
        s.check(cinema4d({ model: "1080Ti", ram: "64GB", gpuNum: "2" }, "21"))
      )
      assert.isAbove(checked.hardwareConfigId, 0)
      // Default (refused before 3.0.3.23), an older version, another DCC: the rule is silent, and
      // what fails is the ordinary hardware check (platform 21 has no Default machine, nor 2*GPU).
      const notTheRule = [
        cinema4d({ model: "Default", ram: "64GB", gpuNum: "2*GPU" }, "21"),
        cinema4d({ model: "1080Ti", ram: "64GB", gpuNum: "2*GPU" }, "21", "2023"),
        {
          ...valid(),
          taskJson: { ...valid().taskJson, task_info: { ...valid().taskJson.task_info, platform: "21" } },
          hardware: { model: "1080Ti", ram: "64GB", gpuNum: "2*GPU" }
        }
      ]
      for (const input of notTheRule) {
        const error = yield* failsWith(
          Effect.flatMap(submission, (s) => s.check(input)),
          "TaskCheckFailed"
        )
        assert.deepStrictEqual(
          error.issues.map((i) => i.field),
          ["hardware"],
          error.message
        )
      }
      yield* nothingWritten
    }).pipe(Effect.provide(inProcess()))
  )
})
