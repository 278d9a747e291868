/**
 * Frames: `task frames`, `task restart-frames`, `task stop-frames`, `task progress-image` (by
 * task), and `frames stats`, `frames thumbnails`, `frames log` (the account's totals, and by
 * frame id).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Frame, TaskService } from "@rayvision/core"
import { Console, Effect, Option } from "effect"
import { usage } from "../Failure.ts"
import { frameSelection, oneFrameId, oneTaskId, optionalChoice, optionalParsed, paging } from "../Flags.ts"
import { callCommand, clientCommand, showCommands } from "../Global.ts"
import { parseFrameStatus } from "../Input.ts"
import { type FixedColumn, printJson, printRecord, printResult, printStream, printTable, showDate } from "../Output.ts"

const frameColumns: ReadonlyArray<FixedColumn<Frame.FrameInfo>> = [
  { header: "FRAME ID", width: 10, cell: (f) => f.id },
  { header: "INDEX", width: 8, cell: (f) => f.frameIndex },
  { header: "STATUS", width: 6, cell: (f) => f.frameStatus },
  { header: "STATUS NAME", width: 20, cell: (f) => Frame.frameStatusName(f.frameStatus) ?? "" },
  { header: "FEE", width: 6, cell: (f) => f.feeAmount },
  { header: "SECONDS", width: 7, cell: (f) => f.frameExecuteTime },
  { header: "STARTED (UTC+8)", width: 19, cell: (f) => showDate(f.startTime ?? 0) },
  { header: "ENDED (UTC+8)", width: 19, cell: (f) => showDate(f.endTime ?? 0) }
]

const { all: _all, ...pagingWithoutAll } = paging("Frames")

const taskCommand = callCommand(TaskService.TaskService)

/**
 * `rayvision task frames`.
 *
 * @since 0.1.0
 * @category commands
 */
export const taskFrames = clientCommand(
  "frames",
  "List a task's frames: one page, or every page with --all (streamed; NDJSON with --json)",
  {
    id: oneTaskId,
    ...paging("Frames"),
    group: Options.text("group").pipe(
      Options.withDescription("Only the frames of this multi-frame-per-node group (searchKeyword)"),
      Options.optional
    )
  },
  (global, { all, group, id, page, pageSize }) =>
    Effect.gen(function* () {
      const tasks = yield* TaskService.TaskService
      const options = { pageSize, ...(Option.isSome(group) ? { searchKeyword: group.value } : {}) }
      if (all) return yield* printStream(global, frameColumns, tasks.frames(id, options))
      const result = yield* tasks.framesPage({ taskId: id, pageNum: page, ...options })
      yield* printTable(global, frameColumns, result.items, {
        json: result,
        footer: `page ${result.pageNum} of ${result.pageCount}, ${result.total} frame(s)`
      })
    })
)

/** The frames chosen on the command line. */
interface Selection {
  readonly all: boolean
  readonly frameIds: ReadonlyArray<number>
  readonly frameIndexes: ReadonlyArray<string>
  readonly status: ReadonlyArray<number>
}

/**
 * Resubmits or stops the frames of a selection (`--frame`, `--frame-id`, or every frame, in the
 * `--status`es when given); returns what was chosen, as words and for `--json`.
 */
const actOnFrames = (action: "restart" | "stop", taskId: number, selection: Selection) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const restart = action === "restart"
    const { frameIds, frameIndexes, status } = selection
    if (frameIndexes.length > 0) {
      yield* (restart ? tasks.restartFramesByIndex : tasks.stopFramesByIndex)(taskId, frameIndexes)
      return { what: `frame(s) ${frameIndexes.join(", ")}`, report: { mode: "frame-indexes", frameIndexes } }
    }
    if (frameIds.length > 0) {
      yield* (restart ? tasks.restartFrames : tasks.stopFrames)({ taskId, frameIds })
      return { what: `frame id(s) ${frameIds.join(", ")}`, report: { mode: "frame-ids", frameIds } }
    }
    const statusField = status.length > 0 ? { status } : {}
    yield* (restart ? tasks.restartFrames : tasks.stopFrames)({ taskId, ...statusField })
    return {
      what: status.length > 0 ? `every frame in status ${status.join(", ")}` : "every frame",
      report: { mode: "all", ...statusField }
    }
  })

/** A usage failure when more than one way of choosing frames is given, or `--status` with ids or indexes. */
const checkSelection = (
  command: string,
  ways: ReadonlyArray<string>,
  given: ReadonlyArray<string>,
  selection: Selection
) => {
  if (given.length > 1) return Effect.fail(usage(`${command}: give only one of ${ways.join(", ")}`))
  if (selection.status.length > 0 && (selection.frameIds.length > 0 || selection.frameIndexes.length > 0)) {
    const by = ways.filter((way) => way === "--failed" || way === "--all").join(" or ")
    return Effect.fail(usage(`${command}: --status goes with ${by}, not with --frame-id or --frame`))
  }
  return Effect.void
}

/** The ways of choosing frames given: `--all`, `--frame-id`, `--frame` (and `--failed`). */
const given = (selection: Selection, failed = false) =>
  [
    failed ? "--failed" : "",
    selection.all ? "--all" : "",
    selection.frameIds.length > 0 ? "--frame-id" : "",
    selection.frameIndexes.length > 0 ? "--frame" : ""
  ].filter((flag) => flag !== "")

/** Resubmits the failed frames of a task, or its frames in the `--status`es (`recommitTasks`). */
const restartFailed = (taskId: number, status: ReadonlyArray<number>) =>
  Effect.flatMap(TaskService.TaskService, (tasks) =>
    tasks.restartFailedFrames({ taskIds: [taskId], ...(status.length > 0 ? { status } : {}) })
  ).pipe(
    Effect.as({
      what: status.length > 0 ? `its frames in status ${status.join(", ")}` : "its failed frames",
      report: { mode: "failed", ...(status.length > 0 ? { status } : {}) }
    })
  )

/**
 * `rayvision task restart-frames`.
 *
 * @since 0.1.0
 * @category commands
 */
export const restartFrames = clientCommand(
  "restart-frames",
  "Resubmit frames of a task: its failed frames (default, or --failed), every frame (--all), frames by id (--frame-id) or by index (--frame); --status narrows --failed and --all",
  {
    id: oneTaskId,
    failed: Options.boolean("failed").pipe(
      Options.withDescription("The failed frames (recommitTasks); the default when no other choice is given")
    ),
    ...frameSelection
  },
  (global, { failed, id, ...selection }) =>
    Effect.gen(function* () {
      const ways = given(selection, failed)
      yield* checkSelection("restart-frames", ["--failed", "--all", "--frame-id", "--frame"], ways, selection)
      const { report, what } =
        ways.length === 0 || failed
          ? yield* restartFailed(id, selection.status)
          : yield* actOnFrames("restart", id, selection)
      yield* printResult(global, { action: "restart-frames", taskId: id, ...report }, `task ${id}: resubmitted ${what}`)
    })
)

/**
 * `rayvision task stop-frames`.
 *
 * @since 0.1.0
 * @category commands
 */
export const stopFrames = clientCommand(
  "stop-frames",
  "Stop frames of a task (stopTaskFrames): every frame (--all, narrowed by --status), frames by id (--frame-id) or by index (--frame)",
  { id: oneTaskId, ...frameSelection },
  (global, { id, ...selection }) =>
    Effect.gen(function* () {
      const ways = ["--all", "--frame-id", "--frame"]
      const chosen = given(selection)
      if (chosen.length === 0) return yield* usage(`stop-frames: give one of ${ways.join(", ")}`)
      yield* checkSelection("stop-frames", ways, chosen, selection)
      const { report, what } = yield* actOnFrames("stop", id, selection)
      yield* printResult(global, { action: "stop-frames", taskId: id, ...report }, `task ${id}: stopped ${what}`)
    })
)

/**
 * `rayvision task progress-image`.
 *
 * @since 0.1.0
 * @category commands
 */
export const progressImage = taskCommand(
  "progress-image",
  "Show the render progress of a 3ds Max task, block by block (loadTaskProcessImg)",
  {
    id: oneTaskId,
    stage: optionalChoice(
      "stage",
      { photon: Frame.FrameType.Photon, main: Frame.FrameType.Main },
      "The photon frames or the main picture (default: the stage the task is in)"
    )
  },
  (tasks, { id, stage }) =>
    tasks.progressImage({ taskId: id, ...(Option.isSome(stage) ? { frameType: stage.value } : {}) }),
  printRecord
)

const shown = showCommands(TaskService.TaskService, {
  stats: ["Show the frame totals of the whole account (queryAllFrameStats)", (tasks) => tasks.allFrameStats()]
})

const thumbnails = taskCommand(
  "thumbnails",
  "List the thumbnail paths of a frame (loadingFrameThumbnail); only finished frames have some",
  {
    frameId: oneFrameId,
    status: optionalParsed(
      Options.text("status").pipe(Options.withDescription("The frame's status, a code or a name (default finished)")),
      parseFrameStatus
    )
  },
  (tasks, { frameId, status }) =>
    tasks.frameThumbnails({ frameId, ...(Option.isSome(status) ? { frameStatus: status.value } : {}) }),
  (global, paths) => printTable(global, [{ header: "PATH", cell: (path: string) => path }], paths)
)

const log = taskCommand(
  "log",
  "Show a page of a frame's render log (showLog)",
  {
    frameId: oneFrameId,
    ...pagingWithoutAll,
    kind: Options.text("kind").pipe(
      Options.withDescription("The log: render (default), or another renderingType the service knows"),
      Options.withDefault("render")
    )
  },
  (tasks, { frameId, kind, page, pageSize }) =>
    tasks.renderLog({ frameId, pageNum: page, pageSize, renderingType: kind }),
  (global, result) =>
    global.json
      ? printJson(result)
      : Console.log(
          [...result.items, `page ${result.pageNum} of ${result.pageCount}, ${result.total} line(s)`].join("\n")
        )
)

/**
 * `rayvision frames`: stats, thumbnails, log.
 *
 * @since 0.1.0
 * @category commands
 */
export const frames = Command.make("frames").pipe(
  Command.withDescription("Frames by id, and the account's frame totals: stats, thumbnails, log"),
  Command.withSubcommands([shown.stats, thumbnails, log])
)
