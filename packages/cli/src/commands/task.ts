/**
 * `rayvision task`: tasks by id. Info, the bulk actions (stop, start, abandon, delete, full
 * speed, priority: one outcome per id), the node limit and the render timeout here; the frame
 * commands (`frames.ts`), `wait` (`wait.ts`) and the tags (`projects.ts`) mounted here.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import { type Bulk, BulkService, TaskService } from "@rayvision/core"
import { Effect } from "effect"
import { CliFailure, usage } from "../Failure.ts"
import { oneTaskId, refineArg, taskIds } from "../Flags.ts"
import { callCommand, clientCommand, type Global, tasksCommand } from "../Global.ts"
import { parsePriority } from "../Input.ts"
import { printResult, printTable } from "../Output.ts"
import { progressImage, restartFrames, stopFrames, taskFrames } from "./frames.ts"
import { taskTag, taskUntag } from "./projects.ts"
import { taskColumns } from "./tasks.ts"
import { taskWait } from "./wait.ts"

const taskCommand = callCommand(TaskService.TaskService)

const info = taskCommand(
  "info",
  "Show tasks by id",
  { ids: taskIds },
  (tasks, { ids }) => tasks.info(ids),
  (global, page) => printTable(global, taskColumns, page.items, { json: page })
)

/** Runs a bulk action and prints one outcome per id; fails (exit 1, or 2 for bad ids only) when any id failed. */
const runBulk = (global: Global, label: string, action: Bulk.BulkAction, ids: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const bulk = yield* BulkService.BulkService
    const result = yield* bulk.run(action, ids).pipe(Effect.mapError((error) => usage(error.message)))
    const outcomes = [...result.byId.values()].map((outcome: Bulk.BulkOutcome) =>
      outcome._tag === "Succeeded"
        ? { taskId: outcome.taskId, outcome: "succeeded" as const }
        : {
            taskId: outcome.taskId,
            outcome: "failed" as const,
            error: { _tag: outcome.error._tag, message: outcome.error.message }
          }
    )
    yield* printTable(
      global,
      [
        { header: "TASK", cell: (o: (typeof outcomes)[number]) => o.taskId },
        { header: "OUTCOME", cell: (o) => o.outcome },
        { header: "ERROR", cell: (o) => ("error" in o ? o.error.message : "") }
      ],
      outcomes,
      { json: { action: label, succeeded: result.succeeded.length, failed: result.failed.length, outcomes } }
    )
    if (result.failed.length > 0) {
      return yield* new CliFailure({
        message: `${label}: ${result.failed.length} of ${outcomes.length} task(s) failed`,
        // 2 when every failure is bad input (never sent), else 1
        exitCode: result.failed.every((failure) => failure.error._tag === "InvalidRequest") ? 2 : 1,
        printed: global.json
      })
    }
  })

const BULK_NOTE = "(per-id outcomes; exit 1 when any failed, 2 when only bad ids)"

const bulkCommand = (action: "stop" | "start" | "abandon" | "delete", description: string) =>
  clientCommand(action, `${description} ${BULK_NOTE}`, { ids: taskIds }, (global, { ids }) =>
    runBulk(global, action, { action }, ids)
  )

const fullSpeed = clientCommand(
  "full-speed",
  `Render tasks at full speed: more nodes at once (fullSpeedRendering) ${BULK_NOTE}`,
  { ids: taskIds },
  (global, { ids }) => runBulk(global, "full-speed", { action: "fullSpeed" }, ids)
)

const priority = clientCommand(
  "priority",
  `Set the user-side priority of tasks: an integer, or normal (50) / high (60) ${BULK_NOTE}`,
  {
    level: Args.text({ name: "level" }).pipe(
      Args.withDescription("The priority: an integer, normal (50) or high (60)"),
      Args.mapEffect(refineArg(parsePriority))
    ),
    ids: taskIds
  },
  (global, { ids, level }) => runBulk(global, "priority", { action: "setPriority", taskUserLevel: level }, ids)
)

const overtime = tasksCommand(
  TaskService.TaskService,
  "overtime",
  "Stop tasks once they have rendered this many seconds (setTaskOverTimeStop)",
  {
    seconds: Args.integer({ name: "seconds" }).pipe(
      Args.withDescription("Render time after which the tasks stop, whole seconds, 1 or more")
    )
  },
  (tasks, ids, { seconds }) => tasks.setOvertimeStop({ taskIds: ids, overTime: seconds }),
  (ids, { seconds }) => [{ overTime: seconds }, `task(s) ${ids.join(", ")} will stop after ${seconds} s of rendering`]
)

const limit = taskCommand(
  "limit",
  "Set the most nodes (machines) a task renders on at once (updateTaskLimit)",
  {
    id: oneTaskId,
    limit: Args.integer({ name: "nodes" }).pipe(Args.withDescription("The node limit, a whole number, 1 or more"))
  },
  (tasks, { id, limit }) => tasks.updateTaskLimit({ taskId: id, taskLimit: limit }),
  (global, _, { id, limit }) =>
    printResult(
      global,
      { action: "limit", taskId: id, taskLimit: limit },
      `task ${id} renders on at most ${limit} node(s) at once`
    )
)

/**
 * `rayvision task`.
 *
 * @since 0.1.0
 * @category commands
 */
export const task = Command.make("task").pipe(
  Command.withDescription(
    "Tasks by id: info, frames, wait, stop, start, abandon, delete, priority, limit, overtime, full-speed, restart-frames, stop-frames, progress-image, tag, untag"
  ),
  Command.withSubcommands([
    info,
    taskFrames,
    taskWait,
    bulkCommand("stop", "Stop tasks"),
    bulkCommand("start", "Start stopped tasks again"),
    bulkCommand("abandon", "Abandon tasks"),
    bulkCommand("delete", "Delete tasks (they stay listable with `tasks list --deleted`)"),
    priority,
    limit,
    overtime,
    fullSpeed,
    restartFrames,
    stopFrames,
    progressImage,
    taskTag,
    taskUntag
  ])
)
