/**
 * The task check's rules that need no service, on the functions the service runs them with: the
 * shape of the known task_info keys, the Cinema 4D hardware rule, plugin patterns of a hardware
 * configuration (matched as given since the official client's 3.0.3.23), plugins the farm does
 * not list (notices), and the task_info fields the chosen hardware sets. The service itself, with
 * the analysers' task files, is tested against the simulator in tests/services/submission.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Submission, SubmissionService } from "@rayvision/core"
import { Schema } from "effect"

const OFFICIAL = "CINEMA 4D 2024&2025 GPU area hardware configuration model does not allow 1080Ti with 2*GPU"

/** A decoded submission input: a Cinema 4D 2024 task on a 1080Ti with 2*GPU, with overrides. */
const input = (
  overrides: {
    readonly taskInfo?: Record<string, unknown>
    readonly software?: Partial<{ cg_name: string; cg_version: string; plugins: Record<string, string> }>
    readonly hardware?: Partial<Submission.SubmissionInput["hardware"]>
  } = {}
) =>
  Schema.decodeUnknownSync(Submission.SubmissionInput)({
    taskJson: {
      task_info: { cg_id: "2005", platform: "21", ...overrides.taskInfo },
      software_config: { cg_name: "CINEMA 4D", cg_version: "2024", plugins: {}, ...overrides.software },
      scene_info: {}
    },
    hardware: { model: "1080Ti", ram: "64GB", gpuNum: "2*GPU", ...overrides.hardware }
  })

describe("the Cinema 4D hardware rule", () => {
  it("refuses 1080Ti with 2*GPU for Cinema 4D 2024 and 2025 on platforms 21, 59 and 61, in the official words", () => {
    for (const version of ["2024", "2025"]) {
      for (const platform of [21, 59, 61]) {
        const refusal = SubmissionService.cinema4dRefusal(input({ software: { cg_version: version } }), platform)
        assert.instanceOf(refusal, Submission.Cinema4dHardwareRefused)
        assert.strictEqual(refusal?._tag, "Cinema4dHardwareRefused")
        assert.strictEqual(
          refusal?.message,
          `${OFFICIAL} (CINEMA 4D ${version}, hardware 1080Ti with 2*GPU on platform ${platform}: choose another configuration; nothing was created)`
        )
      }
    }
    assert.strictEqual(Submission.CINEMA4D_GPU_REFUSAL, OFFICIAL)
  })

  it("compares model and GPU count case-insensitively, and knows Cinema 4D by its id or its name", () => {
    const refused = [
      input({ hardware: { model: "1080TI", gpuNum: "2*gpu" } }),
      input({ taskInfo: { cg_id: 2005 } }),
      input({ software: { cg_name: "Cinema 4D" } }),
      // cg_id left to the name: the shape check refuses a missing cg_id before the rule runs,
      // but the rule itself knows Cinema 4D by either.
      input({ taskInfo: { cg_id: "" }, software: { cg_name: "cinema 4d" } })
    ]
    for (const i of refused) assert.isDefined(SubmissionService.cinema4dRefusal(i, 21))
  })

  it("is silent for Default (refused before 3.0.3.23), other GPU counts, versions, platforms and DCCs", () => {
    const allowed: ReadonlyArray<readonly [ReturnType<typeof input>, number]> = [
      [input({ hardware: { model: "Default" } }), 21],
      [input({ hardware: { gpuNum: "2" } }), 21],
      [input({ hardware: { gpuNum: "4*GPU" } }), 21],
      [input({ hardware: { gpuNum: null } }), 21],
      [input({ software: { cg_version: "2023" } }), 21],
      [input({ software: { cg_version: "R26" } }), 59],
      [input(), 2],
      [input(), 62],
      [input({ taskInfo: { cg_id: "2004" }, software: { cg_name: "Houdini", cg_version: "2024" } }), 21]
    ]
    for (const [i, platform] of allowed) assert.isUndefined(SubmissionService.cinema4dRefusal(i, platform))
  })
})

describe("the shape of task_info", () => {
  const shape = (taskInfo: Record<string, unknown>, scene: Record<string, unknown> = { scene_info: {} }) =>
    SubmissionService.checkShape({
      task_info: taskInfo,
      software_config: { cg_name: "Maya", cg_version: "2023", plugins: {} },
      ...scene
    }).map((i) => `${i.field}: ${i.issue}`)

  it("accepts the analysers' template: empty ids, the filled-in keys, and unknown keys of any type", () => {
    assert.deepStrictEqual(
      shape({
        cg_id: "2000",
        task_id: "",
        user_id: "",
        project_id: "",
        hardwareConfigId: "",
        graphics_cards_num: "2",
        platform: "",
        os_name: "1",
        concurrent_tasks: "1",
        multi_node: "0",
        anything: { nested: [null, true] }
      }),
      []
    )
  })

  it("takes null and 0 ids as not given, as the official client (Python falsiness), and numbers for strings", () => {
    assert.deepStrictEqual(
      shape({ cg_id: 2000, task_id: null, user_id: 0, project_id: null, platform: 21, os_name: 0, time_out: 43200 }),
      []
    )
  })

  it("refuses known keys holding anything but a string or a number, once per key", () => {
    assert.deepStrictEqual(shape({ cg_id: ["2000"], time_out: { hours: 12 }, is_picture: false, channel: 4 }), [
      "taskJson.task_info.cg_id: must be a string or a number, not an array",
      "taskJson.task_info.time_out: must be a string or a number, not an object",
      "taskJson.task_info.is_picture: must be a string or a number, not a boolean"
    ])
  })

  it("wants a scene section, either one, even empty", () => {
    assert.deepStrictEqual(shape({ cg_id: "2000" }, { scene_info_render: {} }), [])
    assert.deepStrictEqual(shape({ cg_id: "2000" }, {}), [
      "taskJson.scene_info_render: is missing (give scene_info_render or scene_info)"
    ])
  })
})

/** Farm facts: Maya 2023 (version id 7) with redshift and octane, one GPU configuration on platform 21. */
const facts = (notSupportPluginList: ReadonlyArray<string>, gpuNum = "2*GPU"): SubmissionService.Facts => ({
  versions: [{ id: 7, cgVersion: "2023" }],
  plugins: [
    { cvId: 7, pluginName: "redshift", pluginVersions: [{ pluginName: "redshift", pluginVersion: "redshift 3.5.16" }] },
    { cvId: 7, pluginName: "octane", pluginVersions: [{ pluginName: "octane", pluginVersion: "octane 2022.1" }] }
  ],
  hardware: [
    {
      id: 901,
      status: 1,
      platform: 21,
      model: "1080Ti",
      ram: "64GB",
      gpuNum,
      notSupportCgId: [],
      notSupportCode: [],
      notSupportPluginList
    }
  ],
  tips: []
})

const mayaOnGpu = (plugins: Record<string, string>) =>
  input({
    taskInfo: { cg_id: "2000" },
    software: { cg_name: "Maya", cg_version: "2023", plugins }
  })

describe("checks against the farm's facts", () => {
  it("matches a configuration's plugin patterns as given (official 3.0.3.23), not without parentheses", () => {
    const plugins = { redshift: "3.5.16", octane: "2022.1" }
    // "(redshift|octane) 2" refuses octane 2022.1 only; without its parentheses it would read
    // "redshift" or "octane 2" and refuse redshift 3.5.16 too.
    const result = SubmissionService.checkAgainstFarm(mayaOnGpu(plugins), 21, facts(["(redshift|octane) 2"]))
    assert.deepStrictEqual(
      result.issues.map((i) => i.field),
      ["taskJson.software_config.plugins.octane"]
    )
    assert.match(result.issues[0]!.issue, /octane 2022\.1 is not supported by hardware configuration 901/)
  })

  it("does not fail on a pattern that is not a regular expression", () => {
    const result = SubmissionService.checkAgainstFarm(
      mayaOnGpu({ redshift: "3.5.16" }),
      21,
      facts(["redshift (3", "[octane"])
    )
    // "redshift (3" is read as "redshift 3" once its parentheses are removed.
    assert.deepStrictEqual(
      result.issues.map((i) => i.field),
      ["taskJson.software_config.plugins.redshift"]
    )
    assert.strictEqual(result.hardwareConfigId, 901)
  })

  it("reports a plugin the farm does not list as a notice, and still chooses the configuration", () => {
    const result = SubmissionService.checkAgainstFarm(
      mayaOnGpu({ Redshift: "3.5.16", octane: "2023.1", yeti: "4.2.11" }),
      21,
      facts([])
    )
    assert.deepStrictEqual(result.issues, [])
    assert.strictEqual(result.hardwareConfigId, 901)
    assert.deepStrictEqual(
      result.notices.map((n) => `${n.field}: ${n.issue}`),
      [
        "taskJson.software_config.plugins.octane: octane 2023.1 is not listed for Maya 2023 on windows; listed: octane 2022.1",
        "taskJson.software_config.plugins.yeti: yeti 4.2.11 is not listed for Maya 2023 on windows"
      ]
    )
  })
})

describe("the task_info fields the chosen hardware sets", () => {
  const fields = (gpuNum: string | null, ram = "64GB") =>
    SubmissionService.hardwareTaskInfo({ model: "1080Ti", ram, gpuNum }, 901)

  it("writes the GPU count as a number of cards, whatever the spelling of gpuNum", () => {
    assert.deepStrictEqual(fields("2*GPU"), { hardwareConfigId: "901", ram: "64", graphics_cards_num: "2" })
    assert.strictEqual(fields("10").graphics_cards_num, "10", "the official client kept the first character: 1")
    assert.strictEqual(fields("4*gpu").graphics_cards_num, "4")
    assert.strictEqual(fields(null, "128GB").graphics_cards_num, "2", "a CPU configuration: 2, as the official client")
    assert.strictEqual(fields(null, "128GB").ram, "128")
  })
})
