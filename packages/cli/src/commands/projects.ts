/**
 * Project labels and task tags: `projects list`, `projects add`, `projects delete`, and
 * `task tag` / `task untag`.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Project, ProjectService } from "@rayvision/core"
import { Effect, Option } from "effect"
import { taskIds } from "../Flags.ts"
import { clientCommand } from "../Global.ts"
import { printResult, printTable } from "../Output.ts"

const projectName = Args.text({ name: "name" }).pipe(Args.withDescription("The project name (exact, case-sensitive)"))

const list = clientCommand(
  "list",
  "List the project labels: this account's (default), or a scope with --scope",
  {
    scope: Options.choiceWithValue("scope", [
      ["own", Project.ProjectScope.Own],
      ["own-and-main", Project.ProjectScope.OwnAndMain],
      ["all", Project.ProjectScope.AllUnderMain]
    ] as const).pipe(
      Options.withDescription(
        "own: this account's; own-and-main: and its main account's; all: every project under the main account"
      ),
      Options.optional
    )
  },
  (global, { scope }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      const list = Option.isSome(scope) ? yield* projects.listByScope(scope.value) : yield* projects.list()
      yield* printTable(
        global,
        [
          { header: "PROJECT ID", cell: (p: Project.ProjectLabel) => p.projectId },
          { header: "NAME", cell: (p) => p.projectName }
        ],
        list.projectNameList
      )
    })
)

const add = clientCommand(
  "add",
  "Create a project label (names are unique: an existing name fails)",
  {
    name: projectName,
    status: Options.choiceWithValue("status", [
      ["on", Project.ProjectStatus.On],
      ["off", Project.ProjectStatus.Off]
    ] as const).pipe(Options.withDescription("The project's status (default off, as the Python SDK)"), Options.optional)
  },
  (global, { name, status }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.add({ name, ...(Option.isSome(status) ? { status: status.value } : {}) })
      yield* printResult(global, { action: "add", name }, `project ${JSON.stringify(name)} added`)
    })
)

const remove = clientCommand(
  "delete",
  "Delete the project label with exactly this name",
  { name: projectName },
  (global, { name }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.delete(name)
      yield* printResult(global, { action: "delete", name }, `project ${JSON.stringify(name)} deleted`)
    })
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
export const taskTag = clientCommand(
  "tag",
  "Tag tasks with a label (addTaskLabel; never retried after a lost answer)",
  { label: tagLabel, ids: taskIds },
  (global, { ids, label }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.tagTasks({ label, taskIds: ids })
      yield* printResult(
        global,
        { action: "tag", label, taskIds: ids },
        `task(s) ${ids.join(", ")} tagged ${JSON.stringify(label)}`
      )
    })
)

/**
 * `rayvision task untag`.
 *
 * @since 0.1.0
 * @category commands
 */
export const taskUntag = clientCommand(
  "untag",
  "Remove a tag, by its text, from tasks (deleteTaskLabel; never retried after a lost answer)",
  { label: tagLabel, ids: taskIds },
  (global, { ids, label }) =>
    Effect.gen(function* () {
      const projects = yield* ProjectService.ProjectService
      yield* projects.untagTasks({ taskIds: ids, labelNames: [label] })
      yield* printResult(
        global,
        { action: "untag", label, taskIds: ids },
        `tag ${JSON.stringify(label)} removed from task(s) ${ids.join(", ")}`
      )
    })
)
