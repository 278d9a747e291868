/**
 * Models of the task-submission check (docs/protocol.md 6.7, 6.8): the task.json a render job is
 * described by, the hardware it asks for, what the check found, and the errors it fails with.
 *
 * A task.json is taken as the official DCC analysers write it (Maya, Houdini, 3ds Max, Cinema 4D,
 * Blender, Clarisse, Katana): the `task_info` keys this SDK knows are checked, every other key (in
 * `task_info` or anywhere else) is kept and uploaded as it is, and the check refuses only what the
 * official client refuses.
 *
 * The official SDK's check had many bugs (docs/protocol.md 7.5, 7.10, 7.11): this one reads the
 * plugin list of the task's OS, compares DCC ids as numbers, tolerates missing hardware fields,
 * keeps the chosen hardware in the uploaded task.json, and reports every problem at once, each with
 * the field it concerns, before anything is created.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Rest } from "./internal/fields.ts"
import { nonEmptyText } from "./internal/schema.ts"
import { CgId } from "./RenderEnv.ts"

/**
 * The 18 `task_info` keys a user may set (the SDK's MODIFIABLE_PARAM, docs/protocol.md 6.8).
 * Numbers are written as strings, as the SDK's `write` step does.
 *
 * @since 0.1.0
 * @category constants
 */
export const MODIFIABLE_PARAMS = [
  "pre_frames",
  "input_cg_file",
  "frames_per_task",
  "test_frames",
  "job_stop_time",
  "task_stop_time",
  "time_out",
  "stop_after_test",
  "tiles_type",
  "tiles",
  "is_layer_rendering",
  "is_distribute_render",
  "distribute_render_node",
  "input_project_path",
  "render_layer_type",
  "os_name",
  "ram",
  "enable_layered"
] as const

/**
 * `task_info` keys that describe the job and may be given besides {@link MODIFIABLE_PARAMS}:
 * `cg_id` (required), `platform` (default: the client's), `project_name` (a project label,
 * created if missing), `channel`, `is_picture`, and `task_id` (a task id reserved earlier; when
 * absent one is created).
 *
 * @since 0.1.0
 * @category constants
 */
export const DESCRIPTIVE_PARAMS = ["cg_id", "platform", "project_name", "channel", "is_picture", "task_id"] as const

/**
 * `task_info` keys the submission fills in. The analysers write them, often empty: `user_id` and
 * `project_id` are filled in when empty (the profile's user id; the id of `project_name`'s project
 * label, created if missing, else `"0"`) and kept when given, as the official client does;
 * `hardwareConfigId` and `graphics_cards_num` (and `ram`) are always set from the hardware chosen.
 *
 * @since 0.1.0
 * @category constants
 */
export const FILLED_PARAMS = ["user_id", "project_id", "hardwareConfigId", "graphics_cards_num"] as const

/**
 * A task.json as the analysis tools write it (snake_case keys, docs/protocol.md 6.8). The check
 * wants the `task_info` keys of {@link MODIFIABLE_PARAMS}, {@link DESCRIPTIVE_PARAMS} and
 * {@link FILLED_PARAMS} to hold a string or a number (or `null`); every other `task_info` key,
 * other keys of `software_config`, and other top-level keys (`layers`, `additional_info`, ...)
 * are kept as they are, whatever they hold.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskJson = /* @__PURE__ */ Schema.Struct(
  {
    task_info: Rest,
    software_config: /* @__PURE__ */ Schema.Struct(
      {
        cg_name: Schema.String,
        cg_version: Schema.String,
        /** Plugin name -> version, e.g. `{ "vray": "5.20.02" }`. */
        plugins: /* @__PURE__ */ Schema.optionalWith(
          /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.String }),
          { default: () => ({}) }
        )
      },
      Rest
    ),
    scene_info_render: /* @__PURE__ */ Schema.optional(Rest),
    scene_info: /* @__PURE__ */ Schema.optional(Rest)
  },
  Rest
)

/**
 * A task.json.
 *
 * @since 0.1.0
 * @category models
 */
export type TaskJson = typeof TaskJson.Type

/**
 * The hardware a task asks for, matched exactly against the service's configurations
 * (docs/protocol.md 5.6): e.g. `{ model: "Default", ram: "64GB", gpuNum: null }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HardwareChoice = /* @__PURE__ */ Schema.Struct({
  model: /* @__PURE__ */ nonEmptyText('must name a hardware model, e.g. "Default"'),
  ram: /* @__PURE__ */ Schema.String.pipe(
    /* @__PURE__ */ Schema.pattern(/^\d+GB$/, { message: () => 'must be a size like "64GB"' })
  ),
  gpuNum: /* @__PURE__ */ Schema.NullOr(Schema.String)
})

/**
 * What `SubmissionService.check` and `submit` take.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SubmissionInput = /* @__PURE__ */ Schema.Struct({
  taskJson: TaskJson,
  hardware: HardwareChoice,
  /** upload.json content, uploaded as is when given. */
  uploadJson: /* @__PURE__ */ Schema.optional(Schema.Unknown),
  /** asset.json content, uploaded as is when given. */
  assetJson: /* @__PURE__ */ Schema.optional(Schema.Unknown),
  /** tips.json content: analysis tip code -> details. Errors among them block the submission. */
  tipsJson: /* @__PURE__ */ Schema.optional(Rest),
  /** Producer name sent with the submission. */
  producer: /* @__PURE__ */ Schema.optional(Schema.String)
})

/**
 * What `SubmissionService.check` and `submit` take.
 *
 * @since 0.1.0
 * @category models
 */
export type SubmissionInput = typeof SubmissionInput.Encoded

/**
 * One problem the check found: the field (a dotted path into the input, e.g.
 * `taskJson.software_config.cg_version`) and what is wrong.
 *
 * @since 0.1.0
 * @category models
 */
export class CheckIssue
  extends /* @__PURE__ */ Schema.Class<CheckIssue>("@rayvision/core/CheckIssue")({
    field: Schema.String,
    issue: Schema.String
  }) {}

/**
 * The task description was refused: every problem found, each with its field. Nothing was
 * created, uploaded or submitted.
 *
 * @since 0.1.0
 * @category errors
 */
export class TaskCheckFailed
  extends /* @__PURE__ */ Schema.TaggedError<TaskCheckFailed>("@rayvision/core/TaskCheckFailed")("TaskCheckFailed", {
    issues: /* @__PURE__ */ Schema.Array(CheckIssue)
  })
{
  /** Every problem, one per line, each naming its field. */
  override get message() {
    return `the task description was refused (nothing was created):\n${this.issues
      .map((i) => `- ${i.field}: ${i.issue}`)
      .join("\n")}`
  }
}

/**
 * The official client's words when it refuses the Cinema 4D hardware of {@link CINEMA4D_GPU_RULE}
 * (its `HardwareConfigIdError`, code 1000001, docs/protocol.md 6.8).
 *
 * @since 0.1.0
 * @category constants
 */
export const CINEMA4D_GPU_REFUSAL =
  "CINEMA 4D 2024&2025 GPU area hardware configuration model does not allow 1080Ti with 2*GPU"

/**
 * The Cinema 4D hardware rule of the official client (release 3.0.3.23, docs/protocol.md 6.8): a
 * Cinema 4D task (`cg_id` 2005, or `cg_name` "CINEMA 4D") of one of `versions` may not ask for
 * `model` with `gpuNum` (both compared case-insensitively) on one of `platforms`, the task's
 * platform (the official client reads its own, docs/protocol.md 7.10).
 *
 * @since 0.1.0
 * @category constants
 */
export const CINEMA4D_GPU_RULE = /* @__PURE__ */ (() =>
  // In a function, so that a bundler can drop it when unused (it keeps a top-level read of CgId).
  ({
    cgId: CgId.Cinema4D,
    versions: ["2024", "2025"],
    model: "1080ti",
    gpuNum: "2*gpu",
    platforms: [21, 59, 61]
  }) as const)()

/**
 * The hardware asked for is refused by the Cinema 4D rule ({@link CINEMA4D_GPU_RULE}); the message
 * starts with the official client's words ({@link CINEMA4D_GPU_REFUSAL}). Nothing was sent: the rule
 * is checked before any call.
 *
 * @since 0.1.0
 * @category errors
 */
export class Cinema4dHardwareRefused
  extends /* @__PURE__ */ Schema.TaggedError<Cinema4dHardwareRefused>("@rayvision/core/Cinema4dHardwareRefused")(
    "Cinema4dHardwareRefused",
    {
      /** `software_config.cg_version`, e.g. `"2024"`. */
      cgVersion: Schema.String,
      /** The hardware model asked for, as given, e.g. `"1080Ti"`. */
      model: Schema.String,
      /** The GPU count asked for, as given, e.g. `"2*GPU"`. */
      gpuNum: Schema.String,
      /** The task's platform. */
      platform: Schema.Number
    }
  )
{
  /** The official words, then what was asked for. */
  override get message() {
    return `${CINEMA4D_GPU_REFUSAL} (CINEMA 4D ${this.cgVersion}, hardware ${this.model} with ${this.gpuNum} on platform ${this.platform}: choose another configuration; nothing was created)`
  }
}

/**
 * A passed check: the task.json as it will be uploaded (task id, user id and project id are
 * filled in at submission when empty), the hardware configuration chosen, the analysis warnings
 * (tips of type 0) that did not block it, and the notices: what the official client lets through
 * and so does this check, but the farm may not render as asked (a plugin or plugin version the
 * farm does not list for that software version on the task's OS), each with its field.
 *
 * @since 0.1.0
 * @category models
 */
export interface CheckResult {
  readonly taskJson: TaskJson
  readonly hardwareConfigId: number
  readonly warnings: ReadonlyArray<{ readonly code: string; readonly description: string }>
  readonly notices: ReadonlyArray<CheckIssue>
}

/**
 * A submitted task: its id and the task.json that was uploaded for it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Submitted extends CheckResult {
  readonly taskId: number
}
