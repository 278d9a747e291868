/**
 * Submitting a task from its analysis files: `submit TASK_JSON` through core's
 * `SubmissionService` (check, reserve an id, upload the files, submit, then optionally wait as
 * `task wait` does), and `analysis-errors` (what the analysis tip codes of tips.json mean).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Options from "@effect/cli/Options"
import { Frame, type Submission, SubmissionService, TaskService, UserService } from "@rayvision/core"
import { Console, Effect, Option } from "effect"
import { usage } from "../Failure.ts"
import { optionalChoice, readJsonFile, waitOptions } from "../Flags.ts"
import { callCommand, clientCommand, type Global } from "../Global.ts"
import { type Column, printJson, printJsonLine, printTable } from "../Output.ts"
import { waitForTasks } from "./wait.ts"

/** A task.json's `task_info`, or a usage failure when the file holds none. */
const taskInfoOf = (value: unknown): Effect.Effect<Readonly<Record<string, unknown>>, ReturnType<typeof usage>> => {
  const info = (value as { readonly task_info?: unknown } | null)?.task_info
  return typeof info === "object" && info !== null && !Array.isArray(info)
    ? Effect.succeed(info as Record<string, unknown>)
    : Effect.fail(usage("submit: the task file holds no task_info object (is it a task.json?)"))
}

/**
 * The hardware of the configuration with this id on the account's list: what
 * `SubmissionService` matches; a usage failure naming those of the task's platform (every one
 * when the task names none) when there is none.
 */
const hardwareOf = (id: number, platform: unknown) =>
  Effect.gen(function* () {
    const user = yield* UserService.UserService
    const configs = yield* user.hardwareConfigs()
    const config = configs.find((c) => c.id === id)
    if (config === undefined) {
      const platformOf = (c: { readonly platform: number }) => String(c.platform) === String(platform)
      const choices = configs.some(platformOf) ? configs.filter(platformOf) : configs
      return yield* usage(
        `submit: no hardware configuration ${id}; choose from ${choices.map((c) => `${c.id} (platform ${c.platform}, ${c.model}/${c.ram}${c.gpuNum === undefined ? "" : `/${c.gpuNum} GPU`})`).join(", ")} (rayvision user hardware lists them)`
      )
    }
    return { model: config.model, ram: config.ram, gpuNum: config.gpuNum ?? null }
  })

/** A JSON file given with `flag`, read when given. */
const optionalFile = (flag: string, path: Option.Option<string>) =>
  Option.isNone(path) ? Effect.succeed(undefined) : Effect.map(readJsonFile(flag, path.value), (file) => file.value)

/** Prints the outcome of a check or a submission: the task, the hardware, warnings and notices. */
const printChecked = (
  global: Global,
  checked: Submission.CheckResult & { readonly taskId?: number },
  wait: boolean
) => {
  const report = {
    ...(checked.taskId === undefined ? {} : { taskId: checked.taskId }),
    hardwareConfigId: checked.hardwareConfigId,
    warnings: checked.warnings,
    notices: checked.notices.map((notice) => ({ field: notice.field, issue: notice.issue }))
  }
  if (global.json) return wait ? printJsonLine({ event: "submitted", ...report }) : printJson(report)
  return Console.log(
    [
      checked.taskId === undefined
        ? `the task passes the check (hardware configuration ${checked.hardwareConfigId}); nothing was created`
        : `task ${checked.taskId} submitted (hardware configuration ${checked.hardwareConfigId})`,
      ...checked.warnings.map((w) => `warning ${w.code}: ${w.description}`),
      ...checked.notices.map((n) => `notice ${n.field}: ${n.issue}`)
    ].join("\n")
  )
}

/**
 * `rayvision submit`.
 *
 * @since 0.1.0
 * @category commands
 */
export const submit = clientCommand(
  "submit",
  "Submit a task from its task.json (as the DCC analysers write it): check it against the farm, reserve a task id, upload task.json (and upload.json, asset.json, tips.json when given), submit; --wait then waits as `task wait` does (same exit codes). Refused input is exit 2, nothing created",
  {
    taskJson: Args.file({ name: "task-json", exists: "yes" }).pipe(Args.withDescription("The task.json file")),
    uploadJson: Options.file("upload-json", { exists: "yes" }).pipe(
      Options.withDescription("The upload.json file (uploaded as it is)"),
      Options.optional
    ),
    assetJson: Options.file("asset-json", { exists: "yes" }).pipe(
      Options.withDescription("The asset.json file (uploaded as it is)"),
      Options.optional
    ),
    tipsJson: Options.file("tips-json", { exists: "yes" }).pipe(
      Options.withDescription("The tips.json file: analysis tips; an error among them refuses the task"),
      Options.optional
    ),
    project: Options.text("project").pipe(
      Options.withDescription(
        "The project (label) name: looked up, created when absent (default: task_info.project_name)"
      ),
      Options.optional
    ),
    hardware: Options.integer("hardware").pipe(
      Options.withDescription(
        "The hardware configuration id, as `user hardware` lists it (default: task_info.hardwareConfigId)"
      ),
      Options.optional
    ),
    check: Options.boolean("check").pipe(
      Options.withDescription("Only check the task against the farm (queries only: nothing is created)")
    ),
    wait: Options.boolean("wait").pipe(
      Options.withDescription(
        "Then wait for the task to end, with a progress bar on a terminal (exit 3 to 6 as task wait)"
      )
    ),
    ...waitOptions
  },
  (global, input) =>
    Effect.gen(function* () {
      const task = yield* readJsonFile("task-json", input.taskJson)
      const info = yield* taskInfoOf(task.value)
      const hardwareId = Option.isSome(input.hardware)
        ? String(input.hardware.value)
        : String(info["hardwareConfigId"] ?? "")
      if (!/^\d+$/.test(hardwareId)) {
        return yield* usage(
          "submit: give --hardware ID (see rayvision user hardware): the task file names no hardwareConfigId"
        )
      }
      const [uploadJson, assetJson, tipsJson] = yield* Effect.all([
        optionalFile("upload-json", input.uploadJson),
        optionalFile("asset-json", input.assetJson),
        optionalFile("tips-json", input.tipsJson)
      ])
      // A project given by name is looked up (or created) by name: the file's project id gives way.
      const taskInfo = Option.isSome(input.project)
        ? { ...info, project_name: input.project.value, project_id: "" }
        : info
      const submission: Submission.SubmissionInput = {
        taskJson: { ...(task.value as Submission.SubmissionInput["taskJson"]), task_info: taskInfo },
        hardware: yield* hardwareOf(Number(hardwareId), taskInfo["platform"]),
        ...(uploadJson === undefined ? {} : { uploadJson }),
        ...(assetJson === undefined ? {} : { assetJson }),
        ...(tipsJson === undefined ? {} : { tipsJson: tipsJson as Record<string, unknown> })
      }
      const service = yield* SubmissionService.SubmissionService
      if (input.check) return yield* printChecked(global, yield* service.check(submission), false)
      const submitted = yield* service.submit(submission)
      yield* printChecked(global, submitted, input.wait)
      if (input.wait) yield* waitForTasks(global, [submitted.taskId], input)
    })
)

const codeColumns: ReadonlyArray<Column<Frame.CodeInfo>> = [
  { header: "CODE", cell: (d) => d.code },
  { header: "TYPE", cell: (d) => (d.type === 1 ? "error" : "warning") },
  { header: "DESCRIPTION", cell: (d) => d.desDescriptionCn },
  { header: "SOLUTION", cell: (d) => d.desSolutionCn }
]

/**
 * `rayvision analysis-errors`.
 *
 * @since 0.1.0
 * @category commands
 */
export const analysisErrors = callCommand(TaskService.TaskService)(
  "analysis-errors",
  "Explain analysis tip codes, as tips.json lists them (queryAnalyseErrorDetail): error (refuses a submission) or warning, and the fix",
  {
    codes: Args.text({ name: "code" }).pipe(Args.withDescription("An analysis code, e.g. 15000"), Args.atLeast(1)),
    language: optionalChoice(
      "language",
      { chinese: Frame.Language.Chinese, english: Frame.Language.English },
      "The language of the descriptions (default chinese)"
    )
  },
  (tasks, { codes, language }) =>
    tasks.analysisErrorDetail({ codes, ...(Option.isSome(language) ? { language: language.value } : {}) }),
  (global, details) => printTable(global, codeColumns, details)
)
