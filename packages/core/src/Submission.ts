/**
 * Models of the task-submission check (docs/protocol.md 6.7, 6.8): the task.json a render job is
 * described by, the hardware it asks for, what the check found, and the error it fails with.
 *
 * The official SDK's check had many bugs (docs/protocol.md 7.5, 7.10, 7.11): this one reads the
 * plugin list of the task's OS, compares DCC ids as numbers, tolerates missing hardware fields,
 * keeps the chosen hardware in the uploaded task.json, and reports every problem at once, each with
 * the field it concerns, before anything is created.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

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
 * `task_info` keys the submission fills in itself; giving them is an error.
 *
 * @since 0.1.0
 * @category constants
 */
export const FILLED_PARAMS = ["user_id", "project_id", "hardwareConfigId", "graphics_cards_num"] as const

const Scalar = /* @__PURE__ */ Schema.Union(Schema.String, Schema.Number)

/**
 * A task.json as the analysis tools write it (snake_case keys, docs/protocol.md 6.8). Other
 * top-level keys (`layers`, ...) are kept as they are.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskJson = /* @__PURE__ */ Schema.Struct(
  {
    task_info: /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Scalar }),
    software_config: /* @__PURE__ */ Schema.Struct({
      cg_name: Schema.String,
      cg_version: Schema.String,
      /** Plugin name -> version, e.g. `{ "vray": "5.20.02" }`. */
      plugins: /* @__PURE__ */ Schema.optionalWith(
        /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.String }),
        { default: () => ({}) }
      )
    }),
    scene_info_render: /* @__PURE__ */ Schema.optional(
      /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.Unknown })
    ),
    scene_info: /* @__PURE__ */ Schema.optional(
      /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.Unknown })
    )
  },
  /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.Unknown })
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
  model: /* @__PURE__ */ Schema.String.pipe(
    /* @__PURE__ */ Schema.minLength(1, { message: () => 'must name a hardware model, e.g. "Default"' })
  ),
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
  tipsJson: /* @__PURE__ */ Schema.optional(
    /* @__PURE__ */ Schema.Record({ key: Schema.String, value: Schema.Unknown })
  ),
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
 * A passed check: the task.json as it will be uploaded (task id, user id and project id are
 * filled in at submission), the hardware configuration chosen, and the analysis warnings
 * (tips of type 0) that did not block it.
 *
 * @since 0.1.0
 * @category models
 */
export interface CheckResult {
  readonly taskJson: TaskJson
  readonly hardwareConfigId: number
  readonly warnings: ReadonlyArray<{ readonly code: string; readonly description: string }>
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
