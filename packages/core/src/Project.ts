/**
 * Models of project labels (projects) and task tags (docs/protocol.md 4.4, 5.4).
 *
 * Response fields the service may omit or send as `null` are optional properties; extra
 * fields the service adds are ignored.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { list } from "./internal/fields.ts"
import { Id, nonEmptyText, oneOf, TaskIds } from "./internal/schema.ts"

/**
 * The `status` of a project label (`project/add`, docs/protocol.md 5.4): 0 = on, 1 = off. `add`
 * defaults to `Off`, as the Python SDK; `ensureProject` creates projects `On`, as its
 * `check_and_add_project_name`.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const ProjectStatus = { On: 0, Off: 1 } as const

/**
 * A project status code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type ProjectStatus = (typeof ProjectStatus)[keyof typeof ProjectStatus]

/**
 * Which projects `project/list` returns (its `flag`, docs/protocol.md 4.4.4, 5.4).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const ProjectScope = {
  /** This account's projects. */
  Own: 0,
  /** This account's and its main account's projects. */
  OwnAndMain: 1,
  /** Every project under the same main account (sub-accounts included). */
  AllUnderMain: 2
} as const

/**
 * A project scope code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type ProjectScope = (typeof ProjectScope)[keyof typeof ProjectScope]

/**
 * One project label (docs/protocol.md 4.4.3).
 *
 * @since 0.1.0
 * @category models
 */
export class ProjectLabel
  extends /* @__PURE__ */ Schema.Class<ProjectLabel>("@rayvision/core/ProjectLabel")({
    projectId: Schema.Number,
    projectName: Schema.String
  }) {}

/**
 * The project labels of `project/getList` and `project/list` (docs/protocol.md 4.4.3, 4.4.4). A
 * missing or `null` list is an empty one (the Python SDK's `check_and_add_project_name` reads it
 * that way).
 *
 * @since 0.1.0
 * @category models
 */
export class ProjectList
  extends /* @__PURE__ */ Schema.Class<ProjectList>("@rayvision/core/ProjectList")({
    projectNameList: /* @__PURE__ */ list(ProjectLabel)
  }) {}

/**
 * A project name: any non-empty string. Names are compared exactly (case-sensitively).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProjectName = /* @__PURE__ */ nonEmptyText("must be a non-empty name")

const Status = /* @__PURE__ */ oneOf(ProjectStatus, ["On", "ProjectStatus.On"], ["Off", "ProjectStatus.Off"])

const Scope = /* @__PURE__ */ oneOf(
  ProjectScope,
  ["Own", "ProjectScope.Own"],
  ["OwnAndMain", "ProjectScope.OwnAndMain"],
  ["AllUnderMain", "ProjectScope.AllUnderMain"]
)

/**
 * Input of `add` (`project/add`, docs/protocol.md 4.4.1): `{ name, status? }` on the wire as
 * `{"newName", "status"}`; `status` defaults to {@link ProjectStatus.Off}, as the Python SDK.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AddProjectInput = /* @__PURE__ */ Schema.Struct({
  newName: /* @__PURE__ */ Schema.propertySignature(ProjectName).pipe(/* @__PURE__ */ Schema.fromKey("name")),
  status: /* @__PURE__ */ Schema.optionalWith(Status, { default: () => ProjectStatus.Off })
})

/**
 * What `add` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type AddProjectInput = typeof AddProjectInput.Encoded

/**
 * Input of `delete` (`project/delete`, docs/protocol.md 4.4.2): `{ name }`, on the wire
 * `{"delName"}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeleteProjectInput = /* @__PURE__ */ Schema.Struct({
  delName: /* @__PURE__ */ Schema.propertySignature(ProjectName).pipe(/* @__PURE__ */ Schema.fromKey("name"))
})

/**
 * Input of `listByScope` (`project/list`, docs/protocol.md 4.4.4): `{ scope }`, on the wire
 * `{"flag"}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListByScopeInput = /* @__PURE__ */ Schema.Struct({
  flag: /* @__PURE__ */ Schema.propertySignature(Scope).pipe(/* @__PURE__ */ Schema.fromKey("scope"))
})

const LabelName = /* @__PURE__ */ nonEmptyText("must be a non-empty tag")

/**
 * Input of `tagTasks` (`addTaskLabel`, docs/protocol.md 4.4.5): a non-empty tag and at least one
 * task id.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TagTasksInput = /* @__PURE__ */ Schema.Struct({ label: LabelName, taskIds: TaskIds })

/**
 * What `tagTasks` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type TagTasksInput = typeof TagTasksInput.Encoded

/**
 * Input of `untagTasks` (`deleteTaskLabel`, docs/protocol.md 4.4.6, in the form of the Python SDK
 * 3.0.3.23): remove the tags named `labelNames` (exact text) from the tasks `taskIds`, and the
 * tags with the ids `labelIds`. On the wire every field is sent, `labelNames` and `labelIds` as
 * `[]` when left out: `{"taskIds": [...], "labelNames": [...], "labelIds": [...]}`. At least one
 * task id, and at least one tag name or tag id.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UntagTasksInput = /* @__PURE__ */ Schema.Struct({
  taskIds: TaskIds,
  /** The tags to remove, by their text (as `tagTasks` attached them). */
  labelNames: /* @__PURE__ */ Schema.optionalWith(/* @__PURE__ */ Schema.Array(LabelName), {
    default: () => []
  }),
  /** The tags to remove, by their ids (the older form of the endpoint). */
  labelIds: /* @__PURE__ */ Schema.optionalWith(/* @__PURE__ */ Schema.Array(Id), { default: () => [] })
}).pipe(
  /* @__PURE__ */ Schema.filter((input) =>
    input.labelNames.length > 0 || input.labelIds.length > 0
      ? undefined
      : { path: ["labelNames"], message: "must hold at least one tag name (or give labelIds)" }
  )
)

/**
 * What `untagTasks` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type UntagTasksInput = typeof UntagTasksInput.Encoded

/**
 * `ensureProject` added the project (the service answered success), yet the project list still
 * does not show a project with exactly that name. No second `project/add` was sent (the Python
 * SDK sends one and then returns `""`, docs/protocol.md 6.5, 7.12).
 *
 * @since 0.1.0
 * @category errors
 */
export class ProjectNotFoundAfterAdd
  extends /* @__PURE__ */ Schema.TaggedError<ProjectNotFoundAfterAdd>("@rayvision/core/ProjectNotFoundAfterAdd")(
    "ProjectNotFoundAfterAdd",
    {
      /** The name that was added. */
      projectName: Schema.String
    }
  )
{
  /** A sentence a person understands: what failed and what was (not) sent. */
  override get message() {
    return `ProjectService.ensureProject: project/add accepted ${JSON.stringify(this.projectName)}, but project/list does not show it; no second add was sent`
  }
}
