/**
 * Project labels and task tags: `projects list`, `projects add`, `projects delete`, and
 * `task tag` / `task untag`.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import { Project, ProjectService } from "@rayvision/core"
import { Option } from "effect"
import { optionalChoice } from "../Flags.ts"
import { callCommand, tasksCommand } from "../Global.ts"
import { type Column, printResult, printTable } from "../Output.ts"

const projectName = Args.text({ name: "name" }).pipe(Args.withDescription("The project name (exact, case-sensitive)"))

const projectCommand = callCommand(ProjectService.ProjectService)

const projectColumns: ReadonlyArray<Column<Project.ProjectLabel>> = [
  { header: "PROJECT ID", cell: (p) => p.projectId },
  { header: "NAME", cell: (p) => p.projectName }
]

const list = projectCommand(
  "list",
  "List the project labels: this account's (default), or a scope with --scope",
  {
    scope: optionalChoice(
      "scope",
      {
        own: Project.ProjectScope.Own,
        "own-and-main": Project.ProjectScope.OwnAndMain,
        all: Project.ProjectScope.AllUnderMain
      },
      "own: this account's; own-and-main: and its main account's; all: every project under the main account"
    )
  },
  (projects, { scope }) => (Option.isSome(scope) ? projects.listByScope(scope.value) : projects.list()),
  (global, list) => printTable(global, projectColumns, list.projectNameList)
)

const add = projectCommand(
  "add",
  "Create a project label (names are unique: an existing name fails)",
  {
    name: projectName,
    status: optionalChoice(
      "status",
      { on: Project.ProjectStatus.On, off: Project.ProjectStatus.Off },
      "The project's status (default off, as the Python SDK)"
    )
  },
  (projects, { name, status }) => projects.add({ name, ...(Option.isSome(status) ? { status: status.value } : {}) }),
  (global, _, { name }) => printResult(global, { action: "add", name }, `project ${JSON.stringify(name)} added`)
)

const remove = projectCommand(
  "delete",
  "Delete the project label with exactly this name",
  { name: projectName },
  (projects, { name }) => projects.delete(name),
  (global, _, { name }) => printResult(global, { action: "delete", name }, `project ${JSON.stringify(name)} deleted`)
)

/**
 * `rayvision projects`: list, add, delete.
 *
 * @since 0.1.0
 * @category commands
 */
export const projects = Command.make("projects").pipe(
  Command.withDescription("Project labels: list, add, delete"),
  Command.withSubcommands([list, add, remove])
)

const tagLabel = Args.text({ name: "tag" }).pipe(Args.withDescription("The tag's text (exact, case-sensitive)"))

/**
 * `rayvision task tag`.
 *
 * @since 0.1.0
 * @category commands
 */
export const taskTag = tasksCommand(
  ProjectService.ProjectService,
  "tag",
  "Tag tasks with a label (addTaskLabel; never retried after a lost answer)",
  { label: tagLabel },
  (projects, ids, { label }) => projects.tagTasks({ label, taskIds: ids }),
  (ids, { label }) => [{ label }, `task(s) ${ids.join(", ")} tagged ${JSON.stringify(label)}`]
)

/**
 * `rayvision task untag`.
 *
 * @since 0.1.0
 * @category commands
 */
export const taskUntag = tasksCommand(
  ProjectService.ProjectService,
  "untag",
  "Remove a tag, by its text, from tasks (deleteTaskLabel; never retried after a lost answer)",
  { label: tagLabel },
  (projects, ids, { label }) => projects.untagTasks({ taskIds: ids, labelNames: [label] }),
  (ids, { label }) => [{ label }, `tag ${JSON.stringify(label)} removed from task(s) ${ids.join(", ")}`]
)
