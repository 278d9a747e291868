/**
 * Submission and the actions on a task of the simulated farm (`farm.ts` describes the lifecycle).
 * Each action applies to one task; the endpoints apply it to a parent and to each of its children,
 * then call `refreshParents`. Every action is a no-op where it does not apply, so repeating it is
 * harmless.
 *
 * @internal
 */
import type { ResolvedOptions, SimFrame, SimTask } from "../Simulator.ts"
import { change, type Draft, isOpen, isParent, leaveRendering, overtimeAt, pause, resetFrame, settle } from "./farm.ts"
import type { State } from "./state.ts"
import { ACTIVE, ENDED, FrameStatus, inPhase, TaskStatus } from "./statuses.ts"

const makeFrames = (taskId: number, firstId: number, count: number): Array<SimFrame> =>
  Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    taskId,
    frameNumber: i + 1,
    frameStatus: FrameStatus.Waiting,
    startTime: 0,
    endTime: 0,
    attempts: 0,
    recommitFlag: 0
  }))

/**
 * Submits a reserved task at `now`: `Waiting` with its frames, or, when the farm has layers, a
 * parent with one `Waiting` child per layer (child ids follow the last reserved id).
 * @internal
 */
export const submit = (
  state: State,
  task: SimTask,
  input: {
    readonly now: number
    readonly producer: string | null
    readonly taskOverTime: number
    readonly options: ResolvedOptions
  }
): State => {
  const farm = input.options.farm
  const n = farm.framesPerTask
  const tasks = new Map(state.tasks)
  let nextFrameId = state.nextFrameId
  let nextTaskId = state.nextTaskId
  const base: SimTask = {
    ...task,
    submitted: true,
    taskStatus: TaskStatus.Waiting,
    submitDate: input.now,
    producer: input.producer,
    taskOverTime: input.taskOverTime,
    waitingSince: input.now,
    startTime: null,
    completedDate: null,
    renderingSince: null,
    renderedMillis: 0
  }
  if (farm.layers.length === 0) {
    tasks.set(task.id, { ...base, frames: makeFrames(task.id, nextFrameId, n), totalFrames: n })
    nextFrameId += n
  } else {
    const childIds: Array<number> = []
    farm.layers.forEach((layerName, i) => {
      const id = nextTaskId + i
      childIds.push(id)
      tasks.set(id, {
        ...base,
        id,
        taskAlias: `${task.platform}W${id}`,
        createDate: input.now,
        frames: makeFrames(id, nextFrameId, n),
        totalFrames: n,
        layerParentId: task.id,
        layerName,
        childIds: []
      })
      nextFrameId += n
    })
    nextTaskId += farm.layers.length
    tasks.set(task.id, { ...base, waitingSince: null, frames: [], totalFrames: n * childIds.length, childIds })
  }
  return { ...state, tasks, nextFrameId, nextTaskId }
}

/** Stops the chosen waiting or running frames of a draft: they never run unless resubmitted. */
const stopOpenFrames = (d: Draft, chosen: (frame: SimFrame) => boolean): void => {
  for (const f of d.frames) if (isOpen(f) && chosen(f)) resetFrame(f, FrameStatus.Stopped)
}

/**
 * An active task (queued, rendering or preparing) -> `Stopped` (10), `stopType` 1; running frames
 * lose their run. @internal
 */
export const stopTask = (task: SimTask, now: number): SimTask =>
  change(task, (d) => {
    if (inPhase(d.taskStatus, ...ACTIVE) || isParent(task)) d.stopType = 1
    if (inPhase(d.taskStatus, ...ACTIVE)) pause(d, now, TaskStatus.Stopped)
  })

/**
 * A stopped task (by the user or by timeout) -> `Waiting` (queued again from `now`); after an
 * over-time stop the rendering time starts again from 0. @internal
 */
export const startTask = (task: SimTask, now: number, options: ResolvedOptions): SimTask =>
  change(task, (d) => {
    if (!inPhase(d.taskStatus, "stopped", "timedOut")) return
    if (inPhase(d.taskStatus, "timedOut")) d.renderedMillis = 0
    d.taskStatus = TaskStatus.Waiting
    d.stopType = 0
    d.waitingSince = isParent(task) ? null : now
    settle(d, now, options.farm)
  })

/** Any status but finished or abandoned -> `Abandoned` (35): waiting and running frames become stopped. @internal */
export const abandonTask = (task: SimTask, now: number): SimTask =>
  change(task, (d) => {
    if (inPhase(d.taskStatus, "finished", "abandoned")) return
    leaveRendering(d, now)
    stopOpenFrames(d, () => true)
    d.taskStatus = TaskStatus.Abandoned
    d.waitingSince = null
    d.completedDate = now
  })

/** Full speed from `now`: `fullSpeedNodes` frames at once. @internal */
export const fullSpeedTask = (task: SimTask, now: number, options: ResolvedOptions): SimTask =>
  change(task, (d) => {
    d.fullSpeed = true
    settle(d, now, options.farm)
  })

/**
 * Sets the task's node limit: frames waiting start at once on the nodes it frees; frames already
 * running beyond a lowered limit finish their run, and no new one starts until fewer run. @internal
 */
export const setTaskLimit = (task: SimTask, taskLimit: number, now: number, options: ResolvedOptions): SimTask =>
  change(task, (d) => {
    d.taskLimit = taskLimit
    settle(d, now, options.farm)
  })

/**
 * Sets the over-time limit (seconds, 0 = none); a rendering task already over it stops now
 * (`StoppedByTimeout`). @internal
 */
export const setOverTime = (task: SimTask, overTime: number, now: number): SimTask =>
  change(task, (d) => {
    d.overTimeStop = overTime
    if (d.taskStatus === TaskStatus.Rendering && !isParent(task) && overtimeAt(d) <= now) {
      pause(d, now, TaskStatus.StoppedByTimeout)
    }
  })

/** An action on the frames of a task that `chosen` picks. @internal */
export type FrameAction = (
  task: SimTask,
  chosen: (frame: SimFrame) => boolean,
  now: number,
  options: ResolvedOptions
) => SimTask

/** Stops the chosen waiting or running frames (status 3); the task ends if nothing is left. @internal */
export const stopFrames: FrameAction = (task, chosen, now, options) =>
  change(task, (d) => {
    stopOpenFrames(d, chosen)
    settle(d, now, options.farm)
  })

/**
 * Resubmits the chosen stopped, finished or failed frames (back to waiting, `recommitFlag` + 1).
 * An ended task is queued again; a waiting, rendering or stopped one keeps its status.
 * @internal
 */
export const recommitFrames: FrameAction = (task, chosen, now, options) => {
  const resubmittable = (f: SimFrame) =>
    (f.frameStatus === FrameStatus.Stopped ||
      f.frameStatus === FrameStatus.Finished ||
      f.frameStatus === FrameStatus.Failed) &&
    chosen(f)
  if (!task.frames.some(resubmittable)) return task
  return change(task, (d) => {
    for (const f of d.frames) {
      if (resubmittable(f)) {
        resetFrame(f, FrameStatus.Waiting)
        f.recommitFlag += 1
      }
    }
    if (inPhase(d.taskStatus, ...ENDED)) {
      d.taskStatus = TaskStatus.Waiting
      d.waitingSince = now
      d.completedDate = null
    }
    settle(d, now, options.farm)
  })
}
