/**
 * Submitting a render job from its description (the Python SDK's `RayvisionCheck` and
 * `submit_by_data`, docs/protocol.md 6.7 and 6.8, with the bugs of its section 7 fixed): check a
 * task.json-shaped object against what the farm supports, then fill in the user and project ids,
 * reserve a task id (last, so that no failure before leaves an unused id), upload the JSON files
 * and submit. Every check runs before anything is created: invalid input creates nothing.
 *
 * A task.json written by the official DCC analysers is accepted as it is: the `task_info` keys this
 * SDK knows are checked, every other key is passed through unchanged, and only what the official
 * client refuses is refused.
 *
 * Checks: the shape (the known `task_info` keys hold strings or numbers, `cg_id`, `os_name`,
 * `platform`, `task_id`, `user_id` and `project_id` are well formed, a scene section is present);
 * the Cinema 4D hardware rule (before any call); the software version is supported on the task's
 * OS (not the local machine's, 7.11); the hardware choice matches an enabled configuration of the
 * task's platform that supports the DCC (ids compared as numbers, 7.10), none of the task's plugins
 * and none of its analysis tips; and no analysis tip is an error. A plugin the farm does not list
 * for that version and OS is reported as a notice, not refused: the official client does not check
 * plugins against the list.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { allIssues } from "./internal/schema.ts"
import type { CallError, UnsafeCallError } from "./ApiError.ts"
import { ClientConfig } from "./ClientConfig.ts"
import * as Endpoint from "./Endpoint.ts"
import type { ProjectNotFoundAfterAdd } from "./Project.ts"
import { ProjectService } from "./ProjectService.ts"
import { cgIdOf } from "./RenderEnv.ts"
import { RenderEnvService } from "./RenderEnvService.ts"
import type { CheckResult, Submitted, SubmissionInput as Input } from "./Submission.ts"
import {
  CheckIssue,
  Cinema4dHardwareRefused,
  CINEMA4D_GPU_RULE,
  DESCRIPTIVE_PARAMS,
  FILLED_PARAMS,
  MODIFIABLE_PARAMS,
  SubmissionInput,
  TaskCheckFailed
} from "./Submission.ts"
import type { HardwareChoice, TaskJson } from "./Submission.ts"
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
  readonly check: (input: Input) => Effect.Effect<CheckResult, TaskCheckFailed | Cinema4dHardwareRefused | CallError>
  /**
   * Checks, fills in the user id and the project id when they are empty (creating the project
   * label if needed), then reserves a task id (unless `task_info.task_id` is given), uploads
   * task.json with the chosen hardware (and upload.json, asset.json, tips.json when given), and
   * submits. The id is reserved last, so that a failure before leaves no id behind.
   */
  readonly submit: (
    input: Input
  ) => Effect.Effect<Submitted, TaskCheckFailed | Cinema4dHardwareRefused | ProjectNotFoundAfterAdd | UnsafeCallError>
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
/** The `task_info` keys this SDK knows: checked, and written as strings. Others pass through. */
const KNOWN_KEYS = /* @__PURE__ */ (() =>
  new Set<string>([...MODIFIABLE_PARAMS, ...DESCRIPTIVE_PARAMS, ...FILLED_PARAMS]))()

/** A `task_info` value as text, when it is a string or a number. */
const text = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" ? String(value) : undefined

/** Not given: absent, `null` or `""` (the analysers write `""` for what the check fills in). */
const unset = (value: unknown): boolean => value === undefined || value === null || value === ""

/** An id the official client fills in when falsy: also `0`, as Python reads it. */
const unsetId = (value: unknown): boolean => unset(value) || value === 0

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

/**
 * The shape checks that need no call: what the known `task_info` keys hold, and that a scene
 * section is there. Unknown keys are not looked at. @internal
 */
export const checkShape = (taskJson: TaskJson): ReadonlyArray<CheckIssue> => {
  const issues: Array<CheckIssue> = []
  const info = taskJson.task_info
  const refuse = (key: string, issue: string) =>
    issues.push(new CheckIssue({ field: `taskJson.task_info.${key}`, issue }))
  const mistyped = new Set<string>()
  for (const [key, value] of Object.entries(info)) {
    if (KNOWN_KEYS.has(key) && value !== null && text(value) === undefined) {
      mistyped.add(key)
      refuse(
        key,
        `must be a string or a number, not ${Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`}`
      )
    }
  }
  const wellFormed = (key: string, isUnset: (value: unknown) => boolean, pattern: RegExp, issue: string) => {
    const value = info[key]
    if (!mistyped.has(key) && !isUnset(value) && !pattern.test(text(value) ?? "")) refuse(key, issue)
  }
  if (!mistyped.has("cg_id") && !/^\d+$/.test(text(info["cg_id"]) ?? "")) {
    refuse("cg_id", "must be the DCC id, e.g. 2000 for Maya")
  }
  wellFormed("os_name", unset, /^[01]$/, 'must be "1" (Windows) or "0" (Linux)')
  wellFormed("platform", unset, /^[1-9]\d*$/, 'must be a platform number, e.g. "2" (or empty for the client\'s)')
  wellFormed("task_id", unsetId, /^[1-9]\d*$/, "must be a positive integer task id (or empty to reserve one)")
  wellFormed("user_id", unsetId, /^\d+$/, "must be a user id, digits (or empty to be filled in)")
  wellFormed("project_id", unsetId, /^\d+$/, "must be a project id, digits (or empty to be filled in)")
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
 * The Cinema 4D hardware rule ({@link CINEMA4D_GPU_RULE}), on the task's platform: the refusal,
 * or `undefined` when the rule does not apply. Needs no call. @internal
 */
export const cinema4dRefusal = (
  input: typeof SubmissionInput.Type,
  platform: number
): Cinema4dHardwareRefused | undefined => {
  const { software_config: software, task_info: info } = input.taskJson
  const { gpuNum, model } = input.hardware
  const rule = CINEMA4D_GPU_RULE
  const cinema4d = text(info["cg_id"]) === String(rule.cgId) || cgIdOf(software.cg_name) === rule.cgId
  const applies =
    cinema4d &&
    (rule.versions as ReadonlyArray<string>).includes(software.cg_version) &&
    model.toLowerCase() === rule.model &&
    gpuNum !== null &&
    gpuNum.toLowerCase() === rule.gpuNum &&
    (rule.platforms as ReadonlyArray<number>).includes(platform)
  return applies ? new Cinema4dHardwareRefused({ cgVersion: software.cg_version, model, gpuNum, platform }) : undefined
}

/**
 * The checks against the farm's facts; returns the problems, the notices (plugins the farm does
 * not list: the official client lets them through), and the chosen configuration. @internal
 */
export const checkAgainstFarm = (
  input: typeof SubmissionInput.Type,
  platform: number,
  facts: Facts
): {
  readonly issues: ReadonlyArray<CheckIssue>
  readonly notices: ReadonlyArray<CheckIssue>
  readonly hardwareConfigId?: number
} => {
  const issues: Array<CheckIssue> = []
  const notices: Array<CheckIssue> = []
  const { software_config: software, task_info: info } = input.taskJson
  const cgId = Number(text(info["cg_id"]))
  const os = text(info["os_name"]) === "0" ? "linux" : "windows"

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
      if (!available.some((v) => v === wanted || v.toLowerCase() === `${name} ${wanted}`.toLowerCase())) {
        notices.push(
          new CheckIssue({
            field: `taskJson.software_config.plugins.${name}`,
            issue: `${name} ${wanted} is not listed for ${software.cg_name} ${software.cg_version} on ${os}${
              available.length > 0 ? `; listed: ${available.join(", ")}` : ""
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
    return { issues, notices }
  }
  if (match.notSupportCgId.includes(cgId)) {
    issues.push(
      new CheckIssue({ field: "hardware", issue: `configuration ${match.id} cannot render ${software.cg_name}` })
    )
  }
  for (const pattern of match.notSupportPluginList) {
    const regex = pluginPattern(pattern)
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
  return { issues, notices, hardwareConfigId: match.id }
}

/**
 * A `notSupportPluginList` pattern as a case-insensitive regular expression, as given (the official
 * client since 3.0.3.23; before, it removed `(` and `)` first). A pattern that is not a valid
 * expression is tried without its parentheses, then matched literally (the official client fails
 * on it).
 */
const pluginPattern = (pattern: string): RegExp => {
  for (const source of [pattern, pattern.replace(/[()]/g, "")]) {
    try {
      return new RegExp(source, "i")
    } catch {
      // not a valid expression: next
    }
  }
  return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i")
}

/**
 * The `task_info` fields the chosen hardware sets: its id, `ram` without `GB`, and
 * `graphics_cards_num`, the GPU count (the leading number of `gpuNum`: `"2"` for `"2"` or
 * `"2*GPU"`, `"10"` for `"10"`, where the official client kept the first character), `"2"` for a
 * CPU configuration, as the official client. @internal
 */
export const hardwareTaskInfo = (
  hardware: typeof HardwareChoice.Type,
  hardwareConfigId: number
): { readonly hardwareConfigId: string; readonly ram: string; readonly graphics_cards_num: string } => ({
  hardwareConfigId: String(hardwareConfigId),
  ram: hardware.ram.replace(/GB$/, ""),
  graphics_cards_num: hardware.gpuNum === null ? "2" : (/^\s*(\d+)/.exec(hardware.gpuNum)?.[1] ?? hardware.gpuNum)
})

const refuse = (issues: ReadonlyArray<CheckIssue>) => Effect.fail(new TaskCheckFailed({ issues }))

/** An empty (or absent) scene section: the official client falls back to `scene_info` then. */
const emptySection = (section: Readonly<Record<string, unknown>> | undefined) =>
  section === undefined || Object.keys(section).length === 0

/**
 * Builds the service on the other services in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const config = yield* ClientConfig
  const operation = Endpoint.operationsOf<Service>("SubmissionService")
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
      const platform = Number(unset(info["platform"]) ? config.platform : text(info["platform"]))
      const refusal = cinema4dRefusal(decoded, platform)
      if (refusal !== undefined) return yield* Effect.fail(refusal)
      const osName = text(info["os_name"]) === "0" ? ("linux" as const) : ("windows" as const)
      const tipCodes = Object.keys(decoded.tipsJson ?? {})
      const [detail, hardware, tips] = yield* Effect.all(
        [
          renderEnv.softwareDetail({ cgId: Number(text(info["cg_id"])), osName }),
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
      // Known keys are written as strings (numbers too, as the official client writes its
      // modifiable ones); every other key goes on exactly as it came.
      const taskInfo: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(info)) {
        taskInfo[key] = KNOWN_KEYS.has(key) && typeof value === "number" ? String(value) : value
      }
      taskInfo["platform"] = String(platform)
      taskInfo["os_name"] = osName === "linux" ? "0" : "1"
      Object.assign(taskInfo, hardwareTaskInfo(decoded.hardware, result.hardwareConfigId))
      const { scene_info: sceneInfo, scene_info_render: sceneInfoRender } = decoded.taskJson
      const taskJson: TaskJson = {
        ...decoded.taskJson,
        task_info: taskInfo,
        scene_info_render:
          emptySection(sceneInfoRender) && sceneInfo !== undefined ? sceneInfo : (sceneInfoRender ?? {})
      }
      return {
        taskJson,
        hardwareConfigId: result.hardwareConfigId,
        warnings: facts.tips.filter((t) => t.type !== 1).map((t) => ({ code: t.code, description: t.description })),
        notices: result.notices
      }
    }).pipe(Effect.withSpan(operation("check"), { captureStackTrace: false }))

  const submit = (input: Input) =>
    Effect.gen(function* () {
      const checked = yield* check(input)
      const info = checked.taskJson.task_info
      // Filled in when empty, kept when given, as the official client does (docs/protocol.md 6.8).
      const userId = unsetId(info["user_id"]) ? String((yield* user.profile()).userId) : info["user_id"]
      // A blank project_name (the analysers' documentation shows " " as its default) means none.
      const projectName = text(info["project_name"]) ?? ""
      const projectId = !unsetId(info["project_id"])
        ? info["project_id"]
        : projectName.trim() === ""
          ? "0"
          : String(yield* projects.ensureProject(projectName))
      const given = info["task_id"]
      const taskId = unsetId(given) ? (yield* tasks.createTaskIds({ count: 1 })).taskIdList[0] : Number(text(given))
      if (taskId === undefined) {
        return yield* refuse([
          new CheckIssue({ field: "taskJson.task_info.task_id", issue: "the service reserved no task id" })
        ])
      }
      const taskJson: TaskJson = {
        ...checked.taskJson,
        task_info: { ...info, task_id: String(taskId), user_id: userId, project_id: projectId }
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
    }).pipe(Effect.withSpan(operation("submit"), { captureStackTrace: false }))

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
