/**
 * What `rayvision task wait` shows: a progress bar per task redrawn in place on a terminal,
 * one plain line per change otherwise, and how the tasks' ends map to an exit code.
 *
 * @since 0.1.0
 */
import { Task, Wait } from "@rayvision/core"

/**
 * How a waited task ended (`pending`: not yet, e.g. at a timeout).
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome = "finished" | "failed" | "abandoned" | "stopped" | "pending"

/**
 * The exit codes of `task wait`: 0 when every task finished, else the code of the worst end
 * (failed before abandoned before stopped); a timeout wins over every end.
 *
 * @since 0.1.0
 * @category constants
 */
export const WaitExit = { finished: 0, failed: 3, abandoned: 4, stopped: 5, timeout: 6 } as const

/**
 * The outcome of a task status: FINISHED (25) and FINISHED_TEST (40) finished; FAILED (45) and
 * FINISHED_HAS_FAILED (30) failed; ABANDON (35) abandoned; the stopped statuses (10, 15, 20, 23)
 * stopped; anything else is still pending.
 *
 * @since 0.1.0
 * @category outcomes
 */
export const outcomeOf = (status: number | undefined): Outcome => {
  switch (status) {
    case Task.TaskStatus.Finished:
    case Task.TaskStatus.TestFinished:
      return "finished"
    case Task.TaskStatus.Failed:
    case Task.TaskStatus.FinishedWithFailedFrames:
      return "failed"
    case Task.TaskStatus.Abandoned:
      return "abandoned"
    default:
      return status !== undefined && (Wait.StoppedStatuses as ReadonlyArray<number>).includes(status)
        ? "stopped"
        : "pending"
  }
}

/**
 * The exit code for the outcomes of every task ({@link WaitExit}).
 *
 * @since 0.1.0
 * @category outcomes
 */
export const exitCodeOf = (outcomes: ReadonlyArray<Outcome>): number => {
  if (outcomes.includes("pending")) return WaitExit.timeout
  if (outcomes.includes("failed")) return WaitExit.failed
  if (outcomes.includes("abandoned")) return WaitExit.abandoned
  if (outcomes.includes("stopped")) return WaitExit.stopped
  return WaitExit.finished
}

/**
 * The state of one task the display needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskState {
  readonly taskId: number
  readonly status: number | undefined
  readonly totalFrames: number
  readonly doneFrames: number
  readonly failedFrames: number
}

/**
 * The name of a task status (`Rendering`), `status 77` for a code this SDK does not know.
 *
 * @since 0.1.0
 * @category formatting
 */
export const statusName = (status: number | undefined): string =>
  status === undefined ? "unknown" : (Task.taskStatusName(status) ?? `status ${status}`)

/**
 * Frames done out of the total, as a whole percentage (rounded down: 100 only when every frame
 * is done); 0 while the total is not known.
 *
 * @since 0.1.0
 * @category formatting
 */
export const percentOf = (state: TaskState): number =>
  state.totalFrames > 0 ? Math.min(100, Math.floor((state.doneFrames * 100) / state.totalFrames)) : 0

/**
 * One task's bar: `2433370  [##########..........]  50%  5/10 frames  Rendering`, cut to `width`
 * characters (so it never wraps, which would break the redraw).
 *
 * @since 0.1.0
 * @category formatting
 */
export const barLine = (state: TaskState, width: number = 80, barWidth: number = 20): string => {
  const percent = percentOf(state)
  const filled = Math.round((percent * barWidth) / 100)
  const bar = `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}]`
  const failed = state.failedFrames > 0 ? `, ${state.failedFrames} failed` : ""
  const line = `${String(state.taskId).padEnd(10)}  ${bar}  ${String(percent).padStart(3)}%  ${state.doneFrames}/${
    state.totalFrames
  } frames${failed}  ${statusName(state.status)}`
  return line.length > width ? line.slice(0, Math.max(1, width)) : line
}

/**
 * One plain line for a change: `task 2433370: Rendering, 5/10 frames (50%)`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const plainLine = (state: TaskState): string =>
  `task ${state.taskId}: ${statusName(state.status)}, ${state.doneFrames}/${state.totalFrames} frames (${percentOf(
    state
  )}%)${state.failedFrames > 0 ? `, ${state.failedFrames} failed` : ""}`

/**
 * Whether anything shown changed between two states of a task.
 *
 * @since 0.1.0
 * @category formatting
 */
export const changed = (before: TaskState | undefined, after: TaskState): boolean =>
  before === undefined ||
  before.status !== after.status ||
  before.doneFrames !== after.doneFrames ||
  before.failedFrames !== after.failedFrames ||
  before.totalFrames !== after.totalFrames

/**
 * Redraws a block of lines in place: the first call writes them; each later call moves the
 * cursor up over the previous block (`ESC [ n A`) and rewrites every line, cleared first
 * (`ESC [ 2K`).
 *
 * @since 0.1.0
 * @category drawing
 */
export class Board {
  private drawn = 0
  /** The text that replaces the previous block with `lines`. */
  frame(lines: ReadonlyArray<string>): string {
    const up = this.drawn > 0 ? `\u001b[${this.drawn}A` : ""
    this.drawn = lines.length
    return up + lines.map((line) => `\r\u001b[2K${line}\n`).join("")
  }
}
