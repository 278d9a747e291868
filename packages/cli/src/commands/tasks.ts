/**
 * `tasks list`: tasks, newest first, one page or every page, filtered by status, keyword and
 * submit time; and the task table the `task` commands print too.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Task, TaskService } from "@rayvision/core"
import { Effect, Either, Option } from "effect"
import { usage } from "../Failure.ts"
import { checkRange, each, paging, refineOption, timeRange } from "../Flags.ts"
import { parseTaskStatus } from "../Input.ts"
import { clientCommand, note } from "../Global.ts"
import { type FixedColumn, printStream, printTable, showDate, toJson } from "../Output.ts"
import { statusName } from "../Progress.ts"

/**
 * The columns of a task table.
 *
 * @since 0.1.0
 * @category printing
 */
export const taskColumns: ReadonlyArray<FixedColumn<Task.TaskInfo>> = [
  { header: "ID", width: 10, cell: (t) => t.id },
  { header: "ALIAS", width: 11, cell: (t) => t.taskAlias },
  { header: "STATUS", width: 6, cell: (t) => t.taskStatus },
  { header: "STATUS NAME", width: 24, cell: (t) => statusName(t.taskStatus) },
  {
    header: "FRAMES DONE",
    width: 11,
    cell: (t) => (t.totalFrames === undefined ? "" : `${t.doneFrames ?? 0}/${t.totalFrames}`)
  },
  { header: "SCENE", width: 24, cell: (t) => t.sceneName },
  { header: "SUBMITTED (UTC+8)", width: 19, cell: (t) => showDate(t.submitDate ?? 0) }
]

const list = clientCommand(
  "list",
  "List tasks, newest first: one page, or every page with --all (streamed). Filters: --status, --keyword, --since/--until (submit time), --deleted",
  {
    status: Options.text("status").pipe(
      Options.withDescription(
        "Only tasks in this status, a code or a name (repeat for several): waiting, rendering, stopped, finished, failed, abandoned, ..."
      ),
      Options.repeated,
      Options.mapEffect(refineOption(each(parseTaskStatus)))
    ),
    keyword: Options.text("keyword").pipe(
      Options.withDescription("Only tasks whose scene name or job id matches"),
      Options.optional
    ),
    ...timeRange("tasks submitted"),
    deleted: Options.boolean("deleted").pipe(Options.withDescription("List deleted tasks (the recycle bin) instead")),
    ...paging("Rows")
  },
  (global, input) =>
    Effect.gen(function* () {
      const range = yield* Either.mapLeft(checkRange(input), usage)
      const tasks = yield* TaskService.TaskService
      const filters = {
        pageSize: input.pageSize,
        ...(input.status.length > 0 ? { statusList: input.status } : {}),
        ...(Option.isSome(input.keyword) ? { searchKeyword: input.keyword.value } : {}),
        ...(range.since === undefined ? {} : { startTime: range.since }),
        ...(range.until === undefined ? {} : { endTime: range.until }),
        ...(input.deleted ? { recycleFlag: Task.RecycleFlag.Deleted } : {})
      }
      yield* note(global, `filters: ${toJson(filters)}`)
      if (input.all) return yield* printStream(global, taskColumns, tasks.list(filters))
      const page = yield* tasks.listPage({ ...filters, pageNum: input.page })
      yield* printTable(global, taskColumns, page.items, {
        json: page,
        footer: `page ${page.pageNum} of ${page.pageCount}, ${page.total} task(s)`
      })
    })
)

/**
 * `rayvision tasks`: list.
 *
 * @since 0.1.0
 * @category commands
 */
export const tasks = Command.make("tasks").pipe(
  Command.withDescription("Lists of tasks (filters by status, keyword, submit time)"),
  Command.withSubcommands([list])
)
