/**
 * `task wait`, and the wait `submit --wait` runs: every task polled in one call per poll
 * (`WaitService.watchTasks`), a progress bar per task on a terminal, one line per change
 * otherwise, NDJSON events with `--json`; the exit code tells how the tasks ended.
 *
 * @since 0.1.0
 */
import { WaitService, Wait } from "@rayvision/core"
import { Console, Duration, Effect, Option, Schedule, Stream } from "effect"
import { CliFailure } from "../Failure.ts"
import { taskIds, waitOptions } from "../Flags.ts"
import { clientCommand } from "../Global.ts"
import { type Mode, printJsonLine } from "../Output.ts"
import {
  barLine,
  Board,
  changed,
  exitCodeOf,
  outcomeOf,
  percentOf,
  plainLine,
  statusName,
  type TaskState,
  WaitExit
} from "../Progress.ts"

/**
 * How long and how often to wait (milliseconds), and whether a stop ends the wait.
 *
 * @since 0.1.0
 * @category models
 */
export interface WaitSettings {
  readonly timeout: Option.Option<number>
  readonly interval: Option.Option<number>
  readonly throughStops: boolean
}

const blank = (taskId: number): TaskState => ({
  taskId,
  status: undefined,
  totalFrames: 0,
  doneFrames: 0,
  failedFrames: 0
})

/**
 * Waits for tasks to end, printing their progress, then the outcome; fails with the wait's exit
 * code (3 to 6) when a task did not finish.
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitForTasks = (mode: Mode, ids: ReadonlyArray<number>, settings: WaitSettings) =>
  Effect.gen(function* () {
    const waiter = yield* WaitService.WaitService
    const order = [...new Set(ids)]
    const tty = !mode.json && process.stdout.isTTY === true
    // A terminal without a known size (0 columns, e.g. under `script`) counts as 80 wide.
    const width = Math.max(20, (process.stdout.columns || 80) - 1)
    const states = new Map<number, TaskState>()
    const board = new Board()
    const draw = Effect.sync(
      () => void process.stdout.write(board.frame(order.map((id) => barLine(states.get(id) ?? blank(id), width))))
    )
    const stream = waiter.watchTasks(order, {
      until: settings.throughStops ? Wait.EndedStatuses : [...Wait.EndedStatuses, ...Wait.StoppedStatuses],
      ...(Option.isSome(settings.interval)
        ? { schedule: Schedule.spaced(Duration.millis(settings.interval.value)) }
        : {}),
      ...(Option.isSome(settings.timeout) ? { timeout: Duration.millis(settings.timeout.value) } : {})
    })
    // One chunk per poll: every task's state is updated, then the board is drawn once.
    const waited = yield* Stream.runForEachChunk(stream, (chunk) => {
      const updates: Array<{ readonly state: TaskState; readonly done: boolean }> = []
      for (const progress of chunk) {
        const state: TaskState = {
          taskId: progress.taskId,
          status: progress.status,
          totalFrames: progress.totalFrames,
          doneFrames: progress.doneFrames,
          failedFrames: progress.failedFrames
        }
        if (!changed(states.get(progress.taskId), state)) continue
        states.set(progress.taskId, state)
        updates.push({ state, done: progress.done })
      }
      if (updates.length === 0) return Effect.void
      if (mode.json) {
        return Effect.forEach(updates, ({ done, state }) =>
          printJsonLine({
            event: "progress",
            ...state,
            statusName: statusName(state.status),
            percent: percentOf(state),
            done
          })
        )
      }
      return tty ? draw : Effect.forEach(updates, ({ state }) => Console.log(plainLine(state)))
    }).pipe(
      Effect.catchTags({
        WaitTimedOut: (error) => Effect.succeed(error),
        TaskEndedBadly: (error) => Effect.succeed(error)
      })
    )
    const timedOut = waited !== undefined && waited._tag === "WaitTimedOut"
    const results = order.map((taskId) => {
      const state = states.get(taskId) ?? blank(taskId)
      return { ...state, statusName: statusName(state.status), outcome: outcomeOf(state.status) }
    })
    // At a timeout a task whose last status was a stop (with --through-stops) is still pending.
    const outcomes = results.map((r) => (timedOut && r.outcome === "stopped" ? "pending" : r.outcome))
    const exitCode = timedOut ? WaitExit.timeout : exitCodeOf(outcomes)
    const bad = results.filter((_, i) => outcomes[i] !== "finished")
    const summary = timedOut
      ? `timed out after ${Math.round((waited as Wait.WaitTimedOut).waitedMillis / 1000)} s; still pending: ${bad
          .filter((r) => r.outcome === "pending" || r.outcome === "stopped")
          .map((r) => r.taskId)
          .join(", ")}`
      : bad.length === 0
        ? `${results.length} task(s) finished`
        : bad.map((r) => `task ${r.taskId} ${r.outcome} (${r.statusName})`).join("; ")
    if (mode.json) {
      yield* printJsonLine({
        event: "end",
        exitCode,
        timedOut,
        tasks: results.map((r, i) => ({ ...r, outcome: outcomes[i] }))
      })
    } else if (exitCode === 0) {
      yield* Console.log(summary)
    }
    if (exitCode !== 0) return yield* new CliFailure({ message: summary, exitCode, printed: mode.json })
  })

/**
 * `rayvision task wait`.
 *
 * @since 0.1.0
 * @category commands
 */
export const taskWait = clientCommand(
  "wait",
  "Wait for tasks to end: a progress bar per task on a terminal, one line per change otherwise, NDJSON events with --json. Exit 0 when all finished, 3 failed (or finished with failed frames), 4 abandoned, 5 stopped, 6 timeout",
  { ids: taskIds, ...waitOptions },
  (global, { ids, ...settings }) => waitForTasks(global, ids, settings)
)
