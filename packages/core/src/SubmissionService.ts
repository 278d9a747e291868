/**
 * Submitting a render job from its description (the Python SDK's `RayvisionCheck` and
 * `submit_by_data`, docs/protocol.md 6.7 and 6.8, with the bugs of its section 7 fixed): check a
 * task.json-shaped object against what the farm supports, then reserve a task id, upload the JSON
 * files and submit. Every check runs before anything is created: invalid input creates nothing.
 *
 * Checks: the shape (task_info holds only parameters a user may set); the software version is
 * supported on the task's OS (not the local machine's, 7.11); every plugin exists in that
 * version for that OS; the hardware choice matches an enabled configuration of the task's
 * platform that supports the DCC (ids compared as numbers, 7.10), none of the task's plugins
 * and none of its analysis tips; and no analysis tip is an error.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { allIssues } from "./internal/schema.ts"
import type { ApiError } from "./ApiError.ts"
import { ClientConfig } from "./ClientConfig.ts"
import type { ProjectNotFoundAfterAdd } from "./Project.ts"
import { ProjectService } from "./ProjectService.ts"
import { RenderEnvService } from "./RenderEnvService.ts"
import type { CheckResult, Submitted, SubmissionInput as Input } from "./Submission.ts"
import {
  CheckIssue,
  DESCRIPTIVE_PARAMS,
  FILLED_PARAMS,
  MODIFIABLE_PARAMS,
  SubmissionInput,
  TaskCheckFailed
} from "./Submission.ts"
import type { TaskJson } from "./Submission.ts"
import { TaskService } from "./TaskService.ts"
import { TransferService } from "./TransferService.ts"
import { UserService } from "./UserService.ts"

/**
 * The submission service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Checks a task description against the farm (queries only; nothing is created). */
  readonly check: (input: Input) => Effect.Effect<CheckResult, TaskCheckFailed | ApiError>
  /**
   * Checks, then reserves a task id (unless `task_info.task_id` is given), fills in the user id,
   * the project id (creating the project label if needed) and the chosen hardware, uploads
   * task.json (and upload.json, asset.json, tips.json when given), and submits.
   */
  readonly submit: (input: Input) => Effect.Effect<Submitted, TaskCheckFailed | ProjectNotFoundAfterAdd | ApiError>
}

/**
 * The submission service of the client in scope.
 *
 * @since 0.1.0
 * @category tags
 */
export class SubmissionService
  extends /* @__PURE__ */ Context.Tag("@rayvision/core/SubmissionService")<SubmissionService, Service>() {}

// Built in a function a bundler can drop when unused (a top-level array spread it keeps).
const ALLOWED_KEYS = /* @__PURE__ */ (() => new Set<string>([...MODIFIABLE_PARAMS, ...DESCRIPTIVE_PARAMS]))()
const FILLED_KEYS = /* @__PURE__ */ new Set<string>(FILLED_PARAMS)

/** The facts about the farm a check needs, gathered by the service. @internal */
export interface Facts {
  readonly versions: ReadonlyArray<{ readonly id: number; readonly cgVersion: string }>
  readonly plugins: ReadonlyArray<{
    readonly cvId: number
    readonly pluginName: string
    readonly pluginVersions: ReadonlyArray<{ readonly pluginName: string; readonly pluginVersion: string }>
  }>
  readonly hardware: ReadonlyArray<{
    readonly id: number
    readonly status?: number | undefined
    readonly platform?: number | undefined
    readonly model?: string | undefined
    readonly ram?: string | undefined
    readonly gpuNum?: string | null | undefined
    readonly notSupportCgId: ReadonlyArray<number>
    readonly notSupportCode: ReadonlyArray<string>
    readonly notSupportPluginList: ReadonlyArray<string>
  }>
  /** Analysis tips of the task with their type (1 = error, 0 = warning) and description. */
  readonly tips: ReadonlyArray<{ readonly code: string; readonly type: number; readonly description: string }>
}

/** The shape checks that need no call: which task_info keys are set, and what they hold. @internal */
export const checkShape = (taskJson: TaskJson): ReadonlyArray<CheckIssue> => {
  const issues: Array<CheckIssue> = []
  const info = taskJson.task_info
  for (const key of Object.keys(info)) {
    if (FILLED_KEYS.has(key)) {
      issues.push(
        new CheckIssue({ field: `taskJson.task_info.${key}`, issue: "is filled in by the submission; leave it out" })
      )
    } else if (!ALLOWED_KEYS.has(key)) {
      issues.push(
        new CheckIssue({
          field: `taskJson.task_info.${key}`,
          issue: `is not a parameter you can set (allowed: ${[...DESCRIPTIVE_PARAMS, ...MODIFIABLE_PARAMS].join(", ")})`
        })
      )
    }
  }
  const cgId = info["cg_id"]
  if (cgId === undefined || !/^\d+$/.test(String(cgId))) {
    issues.push(new CheckIssue({ field: "taskJson.task_info.cg_id", issue: "must be the DCC id, e.g. 2000 for Maya" }))
  }
  const os = info["os_name"]
  if (os !== undefined && String(os) !== "0" && String(os) !== "1") {
    issues.push(new CheckIssue({ field: "taskJson.task_info.os_name", issue: 'must be "1" (Windows) or "0" (Linux)' }))
  }
  const taskId = info["task_id"]
  if (taskId !== undefined && taskId !== "" && !/^[1-9]\d*$/.test(String(taskId))) {
    issues.push(new CheckIssue({ field: "taskJson.task_info.task_id", issue: "must be a positive integer task id" }))
  }
  if (taskJson.scene_info_render === undefined && taskJson.scene_info === undefined) {
    issues.push(
      new CheckIssue({
        field: "taskJson.scene_info_render",
        issue: "is missing (give scene_info_render or scene_info)"
      })
    )
  }
  return issues
}

/**
 * The checks against the farm's facts; returns the problems, or the chosen configuration and
 * the warnings. @internal
 */
export const checkAgainstFarm = (
  input: typeof SubmissionInput.Type,
  platform: number,
  facts: Facts
): { readonly issues: ReadonlyArray<CheckIssue>; readonly hardwareConfigId?: number } => {
  const issues: Array<CheckIssue> = []
  const { software_config: software, task_info: info } = input.taskJson
  const cgId = Number(info["cg_id"])
  const os = String(info["os_name"] ?? "1") === "0" ? "linux" : "windows"

  const version = facts.versions.find((v) => v.cgVersion === software.cg_version)
  if (version === undefined) {
    issues.push(
      new CheckIssue({
        field: "taskJson.software_config.cg_version",
        issue: `${software.cg_name} ${software.cg_version} is not supported on ${os}; supported: ${
          facts.versions.map((v) => v.cgVersion).join(", ") || "none"
        }`
      })
    )
  }
  const pluginEntries = Object.entries(software.plugins)
  if (version !== undefined) {
    for (const [name, wanted] of pluginEntries) {
      const available = facts.plugins
        .filter((p) => p.cvId === version.id && p.pluginName.toLowerCase() === name.toLowerCase())
        .flatMap((p) => p.pluginVersions.map((v) => v.pluginVersion))
      if (!available.some((v) => v === wanted || v === `${name} ${wanted}`)) {
        issues.push(
          new CheckIssue({
            field: `taskJson.software_config.plugins.${name}`,
            issue: `${name} ${wanted} is not available for ${software.cg_name} ${software.cg_version} on ${os}${
              available.length > 0 ? `; available: ${available.join(", ")}` : ""
            }`
          })
        )
      }
    }
  }

  const tipCodes = Object.keys(input.tipsJson ?? {})
  for (const tip of facts.tips) {
    if (tip.type === 1) {
      issues.push(new CheckIssue({ field: `tipsJson.${tip.code}`, issue: `analysis error: ${tip.description}` }))
    }
  }

  const { hardware } = input
  const sameChoice = (h: Facts["hardware"][number]) =>
    h.model === hardware.model && h.ram === hardware.ram && (h.gpuNum ?? null) === hardware.gpuNum
  const candidates = facts.hardware.filter((h) => h.status !== 0 && h.platform === platform)
  const match = candidates.find(sameChoice)
  if (match === undefined) {
    const allowed = candidates.map((h) => `${h.model}/${h.ram}${h.gpuNum == null ? "" : `/${h.gpuNum} GPU`}`)
    issues.push(
      new CheckIssue({
        field: "hardware",
        issue: `no enabled configuration ${hardware.model}/${hardware.ram}${
          hardware.gpuNum === null ? "" : `/${hardware.gpuNum} GPU`
        } on platform ${platform}; choose from: ${allowed.join(", ") || "none"}`
      })
    )
    return { issues }
  }
  if (match.notSupportCgId.includes(cgId)) {
    issues.push(
      new CheckIssue({ field: "hardware", issue: `configuration ${match.id} cannot render ${software.cg_name}` })
    )
  }
  for (const pattern of match.notSupportPluginList) {
    const regex = safeRegex(pattern.replace(/[()]/g, ""))
    for (const [name, wanted] of pluginEntries) {
      if (regex.test(`${name} ${wanted}`)) {
        issues.push(
          new CheckIssue({
            field: `taskJson.software_config.plugins.${name}`,
            issue: `${name} ${wanted} is not supported by hardware configuration ${match.id}`
          })
        )
      }
    }
  }
  const blockedTips = tipCodes.filter((code) => match.notSupportCode.includes(code))
  if (blockedTips.length > 0) {
    issues.push(
      new CheckIssue({
        field: "hardware",
        issue: `configuration ${match.id} cannot handle the analysis tips ${blockedTips.join(", ")}`
      })
    )
  }
  return { issues, hardwareConfigId: match.id }
}

/** A case-insensitive pattern; one that is not a valid regular expression matches literally. */
const safeRegex = (pattern: string): RegExp => {
  try {
    return new RegExp(pattern, "i")
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i")
  }
}

const refuse = (issues: ReadonlyArray<CheckIssue>) => Effect.fail(new TaskCheckFailed({ issues }))

/**
 * Builds the service on the other services in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const config = yield* ClientConfig
  const tasks = yield* TaskService
  const user = yield* UserService
  const renderEnv = yield* RenderEnvService
  const transfer = yield* TransferService
  const projects = yield* ProjectService

  const decode = (input: Input) =>
    Schema.decodeUnknown(SubmissionInput)(input).pipe(
      Effect.mapError(
        (error) =>
          new TaskCheckFailed({
            issues: allIssues(error).map((i) => new CheckIssue(i))
          })
      )
    )

  const check = (input: Input) =>
    Effect.gen(function* () {
      const decoded = yield* decode(input)
      const shape = checkShape(decoded.taskJson)
      if (shape.length > 0) return yield* refuse(shape)
      const info = decoded.taskJson.task_info
      const platform = Number(info["platform"] ?? config.platform)
      const osName = String(info["os_name"] ?? "1") === "0" ? ("linux" as const) : ("windows" as const)
      const tipCodes = Object.keys(decoded.tipsJson ?? {})
      const [detail, hardware, tips] = yield* Effect.all(
        [
          renderEnv.softwareDetail({ cgId: Number(info["cg_id"]), osName }),
          user.hardwareConfigs(),
          tipCodes.length === 0
            ? Effect.succeed([])
            : tasks.analysisErrorDetail({ codes: tipCodes, language: config.domain.includes("renderbus") ? 0 : 1 })
        ],
        { concurrency: 3 }
      )
      const facts: Facts = {
        versions: detail.cgVersion,
        plugins: detail.cgPlugin,
        hardware: hardware.map((h) => ({
          id: h.id,
          status: h.status,
          platform: h.platform,
          model: h.model,
          ram: h.ram,
          gpuNum: h.gpuNum,
          notSupportCgId: h.notSupportCgId,
          notSupportCode: h.notSupportCode,
          notSupportPluginList: h.notSupportPluginList
        })),
        tips: tips.map((t) => ({ code: String(t.code), type: t.type ?? 0, description: t.desDescriptionCn ?? "" }))
      }
      const result = checkAgainstFarm(decoded, platform, facts)
      if (result.issues.length > 0 || result.hardwareConfigId === undefined) return yield* refuse(result.issues)
      const taskInfo: Record<string, string> = {}
      for (const [key, value] of Object.entries(info)) taskInfo[key] = String(value)
      taskInfo["platform"] = String(platform)
      taskInfo["os_name"] = osName === "linux" ? "0" : "1"
      taskInfo["hardwareConfigId"] = String(result.hardwareConfigId)
      taskInfo["ram"] = decoded.hardware.ram.replace(/GB$/, "")
      // The number of GPU cards, whole (the SDK kept only the first character: "10" became "1").
      taskInfo["graphics_cards_num"] = decoded.hardware.gpuNum ?? "2"
      const taskJson: TaskJson = {
        ...decoded.taskJson,
        task_info: taskInfo,
        scene_info_render: decoded.taskJson.scene_info_render ?? decoded.taskJson.scene_info ?? {}
      }
      return {
        taskJson,
        hardwareConfigId: result.hardwareConfigId,
        warnings: facts.tips.filter((t) => t.type !== 1).map((t) => ({ code: t.code, description: t.description }))
      }
    }).pipe(Effect.withSpan("SubmissionService.check", { captureStackTrace: false }))

  const submit = (input: Input) =>
    Effect.gen(function* () {
      const checked = yield* check(input)
      const info = checked.taskJson.task_info as Record<string, string>
      const given = info["task_id"]
      const taskId =
        given !== undefined && given !== "" ? Number(given) : (yield* tasks.createTaskIds({ count: 1 })).taskIdList[0]
      if (taskId === undefined) {
        return yield* refuse([
          new CheckIssue({ field: "taskJson.task_info.task_id", issue: "the service reserved no task id" })
        ])
      }
      const profile = yield* user.profile()
      const projectName = info["project_name"]
      const projectId = projectName === undefined || projectName === "" ? 0 : yield* projects.ensureProject(projectName)
      const taskJson: TaskJson = {
        ...checked.taskJson,
        task_info: { ...info, task_id: String(taskId), user_id: String(profile.userId), project_id: String(projectId) }
      }
      yield* Effect.annotateCurrentSpan("rayvision.task_ids", String(taskId))
      const uploads: Array<readonly ["task.json" | "upload.json" | "asset.json" | "tips.json", unknown]> = [
        ["task.json", taskJson],
        ...(input.uploadJson === undefined ? [] : [["upload.json", input.uploadJson] as const]),
        ...(input.assetJson === undefined ? [] : [["asset.json", input.assetJson] as const]),
        ...(input.tipsJson === undefined ? [] : [["tips.json", input.tipsJson] as const])
      ]
      for (const [fileName, content] of uploads) {
        yield* transfer.uploadTaskJson({ taskId, fileName, content: content as object })
      }
      yield* tasks.submit(input.producer === undefined ? { taskId } : { taskId, producer: input.producer })
      return { ...checked, taskJson, taskId }
    }).pipe(Effect.withSpan("SubmissionService.submit", { captureStackTrace: false }))

  return SubmissionService.of({ check, submit })
})

/**
 * The service layer; needs the other services.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  SubmissionService,
  never,
  ClientConfig | TaskService | UserService | RenderEnvService | TransferService | ProjectService
> = /* @__PURE__ */ Layer.effect(SubmissionService, make)
