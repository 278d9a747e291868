/**
 * The simulated farm: how submitted tasks and their frames move through their lifecycle, as pure
 * functions of the state and a time (docs/protocol.md 4.2, 5.1, 5.2). The options are
 * `Simulator.FarmOptions`. This module is the lifecycle; the actions on tasks and frames are
 * `farmActions.ts`, the rows the queries answer `farmViews.ts`.
 *
 * - **Lazy and exact.** Nothing runs in the background: at the start of every request the whole
 *   state is brought up to the request's time by {@link advanceFarm}, which walks the events in
 *   time order (a task leaving the queue, frame runs ending, an over-time stop). The state at a time
 *   depends only on the events up to it, so one large clock jump gives exactly the state of many
 *   small ones, and no loop runs per millisecond: the work is one step per event.
 * - **Queue.** A submitted task is `Waiting` (0) `queueSeconds` from `waitingSince`, then `Rendering` (5).
 *   `taskUserLevel` is kept but does not change the queue: every task has nodes of its own.
 * - **Rendering.** Frames run `nodes` at a time (`fullSpeedNodes` once `fullSpeedRendering` was
 *   called; the task's own limit once `updateTaskLimit` set one, whatever its full speed) in
 *   frame order, each for `frameSeconds`; whether a run fails (at its end, after its full
 *   time) is decided by `failFrame` or, without it, by `failureRate` drawn from the seed, the task
 *   id, the frame number and the attempt. Failed frames are not retried by the farm.
 * - **End.** When no frame is waiting or running: `Finished` (25) if none failed,
 *   `FinishedWithFailedFrames` (30) if some failed and some finished, `Failed` (45) if frames failed
 *   and none finished, `Abandoned` (35) if every frame was stopped (by `stopTaskFrames`); `completedDate` is set.
 * - **Stop** (10) and **over-time stop** (23): running frames go back to waiting and lose their
 *   partial run; nothing progresses until `startTask`, which queues the task again (`Waiting` for
 *   `queueSeconds`). The over-time clock (`overTimeStop`, seconds; 0 = no limit) counts rendering
 *   time only, over every rendering period; a start after an over-time stop resets it.
 * - **Abandon** (35): waiting and running frames become stopped (3) and never run.
 * - **Resubmission** (`recommitTasks`, `recommitTaskFrames`): stopped, finished or failed frames go
 *   back to waiting with `recommitFlag` + 1; an ended task queues again (`Waiting`), a waiting,
 *   rendering or stopped one keeps its status and renders them in turn.
 * - **Layers.** A parent task has no frames of its own: its children (one per layer) carry them.
 *   Actions on the parent apply to every child; the parent's status, start and completion dates and
 *   counters are aggregated from the children (rendering while any child renders, waiting while any
 *   waits, stopped while any is stopped, ended when all ended: `Abandoned` if any was abandoned,
 *   otherwise by the frames like a plain task).
 * - **Money.** A frame's `feeAmount` is `pricePerFrameSecond` times the seconds of its latest run,
 *   rounded to 2 decimals; a task's `renderConsume` is the sum of its frames' fees and its
 *   `renderDuration` the sum of their seconds.
 *
 * @internal
 */
import type { ResolvedFarmOptions, ResolvedOptions, SimFrame, SimTask } from "../Simulator.ts"
import { hash } from "./random.ts"
import type { State } from "./state.ts"
import { ENDED, FrameStatus, inPhase, type Phase, phaseOf, PROGRESSING, TaskStatus } from "./statuses.ts"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** A frame of a {@link Draft}. @internal */
export type DraftFrame = Mutable<SimFrame>

/** A working copy of a task during one change: the same fields, writable, frames copied. @internal */
export interface Draft extends Mutable<Omit<SimTask, "frames">> {
  frames: Array<DraftFrame>
}

const draftOf = (task: SimTask): Draft => ({ ...task, frames: task.frames.map((f) => ({ ...f })) })

/** Render time of one frame run, ms (at least 1, so time always moves on). */
const frameMillis = (farm: ResolvedFarmOptions): number => Math.max(1, Math.round(farm.frameSeconds * 1000))
const queueMillis = (farm: ResolvedFarmOptions): number => Math.max(0, Math.round(farm.queueSeconds * 1000))

/** True for a parent task (one with layer children). @internal */
export const isParent = (task: SimTask): boolean => task.childIds.length > 0

/** Whether a frame is waiting or running. @internal */
export const isOpen = (f: SimFrame): boolean =>
  f.frameStatus === FrameStatus.Waiting || f.frameStatus === FrameStatus.Running

/** Whether this run of a frame fails: `failFrame`, else `failureRate` drawn from the seed. */
const runFails = (options: ResolvedOptions, taskId: number, frameNumber: number, attempt: number): boolean => {
  const farm = options.farm
  if (farm.failFrame !== undefined) return farm.failFrame({ taskId, frameNumber, attempt })
  if (farm.failureRate <= 0) return false
  return hash(options.seed, "frameFailure", taskId, frameNumber, attempt) / 0x100000000 < farm.failureRate
}

/** The status of a task whose frames are all ended or stopped. */
const endStatus = (frames: ReadonlyArray<SimFrame>): number => {
  let done = 0
  let failed = 0
  for (const f of frames) {
    if (f.frameStatus === FrameStatus.Finished) done++
    else if (f.frameStatus === FrameStatus.Failed) failed++
  }
  if (done > 0) return failed > 0 ? TaskStatus.FinishedWithFailedFrames : TaskStatus.Finished
  return failed > 0 ? TaskStatus.Failed : TaskStatus.Abandoned
}

/** Puts a frame in a status it has not run in (waiting or stopped): no start or end time. @internal */
export const resetFrame = (f: DraftFrame, status: number): void => {
  f.frameStatus = status
  f.startTime = 0
  f.endTime = 0
}

/** Closes the current rendering period (adds it to `renderedMillis`). @internal */
export const leaveRendering = (d: Draft, t: number): void => {
  if (d.renderingSince !== null) {
    d.renderedMillis += Math.max(0, t - d.renderingSince)
    d.renderingSince = null
  }
}

const end = (d: Draft, t: number): void => {
  leaveRendering(d, t)
  d.taskStatus = endStatus(d.frames)
  d.completedDate = t
  d.waitingSince = null
}

/**
 * How many frames of the task render at once: its own limit (`updateTaskLimit`), else the farm's
 * full-speed or normal node count. @internal
 */
export const nodesOf = (task: SimTask, farm: ResolvedFarmOptions): number =>
  task.taskLimit ?? (task.fullSpeed ? farm.fullSpeedNodes : farm.nodes)

/** Starts waiting frames in frame order while nodes are free. */
const fill = (d: Draft, t: number, farm: ResolvedFarmOptions): void => {
  const nodes = nodesOf(d, farm)
  let running = 0
  for (const f of d.frames) if (f.frameStatus === FrameStatus.Running) running++
  for (const f of d.frames) {
    if (running >= nodes) break
    if (f.frameStatus === FrameStatus.Waiting) {
      f.frameStatus = FrameStatus.Running
      f.startTime = t
      f.endTime = 0
      f.attempts += 1
      running++
    }
  }
}

/** After any change of a waiting or rendering task: end it if nothing is left, else use free nodes. @internal */
export const settle = (d: Draft, t: number, farm: ResolvedFarmOptions): void => {
  if (!d.submitted || d.childIds.length > 0 || !inPhase(d.taskStatus, ...PROGRESSING)) return
  if (!d.frames.some(isOpen)) return end(d, t)
  if (d.taskStatus === TaskStatus.Rendering) fill(d, t, farm)
}

/** Stops a task (`Stopped` or `StoppedByTimeout`): running frames lose their run. @internal */
export const pause = (d: Draft, t: number, status: number): void => {
  leaveRendering(d, t)
  for (const f of d.frames) {
    if (f.frameStatus === FrameStatus.Running) resetFrame(f, FrameStatus.Waiting)
  }
  d.taskStatus = status
  d.waitingSince = null
}

/** When a rendering task reaches its over-time limit (Infinity without one). @internal */
export const overtimeAt = (task: SimTask): number => {
  if (task.overTimeStop === null || task.overTimeStop <= 0 || task.renderingSince === null) return Infinity
  return Math.max(task.renderingSince, task.renderingSince + task.overTimeStop * 1000 - task.renderedMillis)
}

/** The time of the task's next event, or Infinity when nothing will happen by itself. */
const nextEvent = (task: SimTask, farm: ResolvedFarmOptions): number => {
  if (!task.submitted || task.childIds.length > 0) return Infinity
  if (task.taskStatus === TaskStatus.Waiting) {
    return task.waitingSince === null ? Infinity : task.waitingSince + queueMillis(farm)
  }
  if (task.taskStatus !== TaskStatus.Rendering) return Infinity
  let next = overtimeAt(task)
  const run = frameMillis(farm)
  for (const f of task.frames) {
    if (f.frameStatus === FrameStatus.Running) next = Math.min(next, f.startTime + run)
  }
  return next
}

/** Handles the event at `t` (the task's next event). */
const step = (d: Draft, t: number, options: ResolvedOptions): void => {
  const farm = options.farm
  if (d.taskStatus === TaskStatus.Waiting) {
    d.taskStatus = TaskStatus.Rendering
    d.startTime ??= t
    d.renderingSince = t
    d.waitingSince = null
    return settle(d, t, farm)
  }
  const run = frameMillis(farm)
  for (const f of d.frames) {
    if (f.frameStatus === FrameStatus.Running && f.startTime + run <= t) {
      f.frameStatus = runFails(options, d.id, f.frameNumber, f.attempts) ? FrameStatus.Failed : FrameStatus.Finished
      f.endTime = f.startTime + run
    }
  }
  if (!d.frames.some(isOpen)) return end(d, t)
  // Frames ending exactly at the limit still count; the rest is stopped by the timeout.
  if (overtimeAt(d) <= t) return pause(d, t, TaskStatus.StoppedByTimeout)
  fill(d, t, farm)
}

/** Brings one task (with frames) up to time `to`, event by event. */
const advanceTask = (task: SimTask, to: number, options: ResolvedOptions): SimTask => {
  if (nextEvent(task, options.farm) > to) return task
  const d = draftOf(task)
  // Each step leaves the queue, ends at least one frame run or stops the task: bounded by the frames.
  for (let guard = 4 * d.frames.length + 8; guard > 0; guard--) {
    const t = nextEvent(d, options.farm)
    if (t > to) break
    step(d, t, options)
  }
  return d
}

/**
 * Which child decides its parent's status: the first child in the first of these phases gives
 * its status; when the children are all finished or failed, their frames decide.
 */
const PARENT_PRECEDENCE: ReadonlyArray<Phase> = [
  "rendering",
  "queued",
  "preparing",
  "stopped",
  "timedOut",
  "held",
  "abandoned"
]

/** The parent's status, dates and frame count from its children (see the module comment). */
const aggregate = (parent: SimTask, children: ReadonlyArray<SimTask>): SimTask => {
  let status: number | undefined
  for (const phase of PARENT_PRECEDENCE) {
    status ??= children.find((c) => phaseOf(c.taskStatus) === phase)?.taskStatus
  }
  status ??= endStatus(children.flatMap((c) => c.frames))
  const starts = children.flatMap((c) => (c.startTime === null ? [] : [c.startTime]))
  const ends = children.flatMap((c) => (c.completedDate === null ? [] : [c.completedDate]))
  const startTime = starts.length === 0 ? null : Math.min(...starts)
  const completedDate = inPhase(status, ...ENDED) && ends.length > 0 ? Math.max(...ends) : null
  const totalFrames = children.reduce((n, c) => n + c.frames.length, 0)
  return parent.taskStatus === status &&
    parent.startTime === startTime &&
    parent.completedDate === completedDate &&
    parent.totalFrames === totalFrames
    ? parent
    : { ...parent, taskStatus: status, startTime, completedDate, totalFrames }
}

/**
 * Recomputes the parents of the given tasks (or the tasks themselves when they are parents) from
 * their children, in `tasks`.
 * @internal
 */
export const refreshParents = (tasks: Map<number, SimTask>, ids: Iterable<number>): void => {
  const parents = new Set<number>()
  for (const id of ids) {
    const task = tasks.get(id)
    if (task === undefined) continue
    if (task.layerParentId !== 0) parents.add(task.layerParentId)
    else if (isParent(task)) parents.add(task.id)
  }
  for (const id of parents) {
    const parent = tasks.get(id)
    if (parent === undefined) continue
    tasks.set(id, aggregate(parent, childrenOf(parent, tasks)))
  }
}

/** The layer children of a task, in layer order. @internal */
export const childrenOf = (task: SimTask, tasks: ReadonlyMap<number, SimTask>): Array<SimTask> =>
  task.childIds.flatMap((id) => {
    const child = tasks.get(id)
    return child === undefined ? [] : [child]
  })

/**
 * Brings every task of every account up to time `now` (the request's time). Returns the same
 * state object when nothing happened.
 * @internal
 */
export const advanceFarm = (state: State, now: number, options: ResolvedOptions): State => {
  let tasks: Map<number, SimTask> | undefined
  const changed: Array<number> = []
  for (const task of state.tasks.values()) {
    const next = advanceTask(task, now, options)
    if (next !== task) {
      tasks ??= new Map(state.tasks)
      tasks.set(task.id, next)
      changed.push(task.id)
    }
  }
  if (tasks === undefined) return state
  refreshParents(tasks, changed)
  return { ...state, tasks }
}

/** Applies a change to a draft of the task. @internal */
export const change = (task: SimTask, f: (d: Draft) => void): SimTask => {
  const d = draftOf(task)
  f(d)
  return d
}
