/**
 * The simulated farm: how submitted tasks and their frames move through their lifecycle, as pure
 * functions of the state and a time (docs/protocol.md 4.2, 5.1, 5.2). The options are
 * `Simulator.FarmOptions`.
 *
 * - **Lazy and exact.** Nothing runs in the background: at the start of every request the whole
 *   state is brought up to the request's time by {@link advanceFarm}, which walks the events in
 *   time order (a task leaving the queue, frame runs ending, an over-time stop). The state at a time
 *   depends only on the events up to it, so one large clock jump gives exactly the state of many
 *   small ones, and no loop runs per millisecond: the work is one step per event.
 * - **Queue.** A submitted task WAITs (0) `queueSeconds` from `waitingSince`, then RENDERs (5).
 *   `taskUserLevel` is kept but does not change the queue: every task has nodes of its own.
 * - **Rendering.** Frames run `nodes` at a time (`fullSpeedNodes` once `fullSpeedRendering` was
 *   called; the task's own limit once `updateTaskLimit` set one, whatever its full speed) in
 *   frame order, each for `frameSeconds`; whether a run fails (at its end, after its full
 *   time) is decided by `failFrame` or, without it, by `failureRate` drawn from the seed, the task
 *   id, the frame number and the attempt. Failed frames are not retried by the farm.
 * - **End.** When no frame is waiting or running: FINISHED (25) if none failed, FINISHED_HAS_FAILED
 *   (30) if some failed and some finished, FAILED (45) if frames failed and none finished, ABANDON
 *   (35) if every frame was stopped (by `stopTaskFrames`); `completedDate` is set.
 * - **Stop** (10) and **over-time stop** (23): running frames go back to waiting and lose their
 *   partial run; nothing progresses until `startTask`, which queues the task again (WAITING for
 *   `queueSeconds`). The over-time clock (`overTimeStop`, seconds; 0 = no limit) counts RENDERING
 *   time only, over every rendering period; a start after an over-time stop resets it.
 * - **Abandon** (35): waiting and running frames become stopped (3) and never run.
 * - **Resubmission** (`recommitTasks`, `recommitTaskFrames`): stopped, finished or failed frames go
 *   back to waiting with `recommitFlag` + 1; an ended task queues again (WAITING), a waiting,
 *   rendering or stopped one keeps its status and renders them in turn.
 * - **Layers.** A parent task has no frames of its own: its children (one per layer) carry them.
 *   Actions on the parent apply to every child; the parent's status, start and completion dates and
 *   counters are aggregated from the children (rendering while any child renders, waiting while any
 *   waits, stopped while any is stopped, ended when all ended: ABANDON if any was abandoned,
 *   otherwise by the frames like a plain task).
 * - **Money.** A frame's `feeAmount` is `pricePerFrameSecond` times the seconds of its latest run,
 *   rounded to 2 decimals; a task's `renderConsume` is the sum of its frames' fees and its
 *   `renderDuration` the sum of their seconds.
 *
 * @internal
 */
import type { ResolvedFarmOptions, ResolvedOptions, SimFrame, SimTask } from "../Simulator.ts"
import { hash } from "./random.ts"
import { type State, Status } from "./state.ts"

/** Frame status codes (docs/protocol.md 5.2) the farm uses. @internal */
export const FrameStatus = {
  WAITING: 1,
  RUNNING: 2,
  STOPPED: 3,
  FINISHED: 4,
  FAILED: 5
} as const

/** Statuses a task never leaves by itself (only a resubmission reopens the first three). @internal */
export const ENDED: ReadonlyArray<number> = [Status.FINISHED, Status.FINISHED_HAS_FAILED, Status.FAILED, Status.ABANDON]

/** Statuses in which the farm works on a task. @internal */
const PROGRESSING: ReadonlyArray<number> = [Status.WAITING, Status.RENDERING]

const round2 = (x: number): number => Math.round(x * 100) / 100

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** A working copy of a task during one change: the same fields, writable, frames copied. */
interface Draft extends Mutable<Omit<SimTask, "frames">> {
  frames: Array<Mutable<SimFrame>>
}

const draftOf = (task: SimTask): Draft => ({ ...task, frames: task.frames.map((f) => ({ ...f })) })

/** Render time of one frame run, ms (at least 1, so time always moves on). */
const frameMillis = (farm: ResolvedFarmOptions): number => Math.max(1, Math.round(farm.frameSeconds * 1000))
const queueMillis = (farm: ResolvedFarmOptions): number => Math.max(0, Math.round(farm.queueSeconds * 1000))

/** True for a parent task (one with layer children). @internal */
export const isParent = (task: SimTask): boolean => task.childIds.length > 0

const isOpen = (f: SimFrame): boolean => f.frameStatus === FrameStatus.WAITING || f.frameStatus === FrameStatus.RUNNING

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
    if (f.frameStatus === FrameStatus.FINISHED) done++
    else if (f.frameStatus === FrameStatus.FAILED) failed++
  }
  if (done > 0) return failed > 0 ? Status.FINISHED_HAS_FAILED : Status.FINISHED
  return failed > 0 ? Status.FAILED : Status.ABANDON
}

/** Closes the current rendering period (adds it to `renderedMillis`). */
const leaveRendering = (d: Draft, t: number): void => {
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
  for (const f of d.frames) if (f.frameStatus === FrameStatus.RUNNING) running++
  for (const f of d.frames) {
    if (running >= nodes) break
    if (f.frameStatus === FrameStatus.WAITING) {
      f.frameStatus = FrameStatus.RUNNING
      f.startTime = t
      f.endTime = 0
      f.attempts += 1
      running++
    }
  }
}

/** After any change of a waiting or rendering task: end it if nothing is left, else use free nodes. */
const settle = (d: Draft, t: number, farm: ResolvedFarmOptions): void => {
  if (!d.submitted || d.childIds.length > 0 || !PROGRESSING.includes(d.taskStatus)) return
  if (!d.frames.some(isOpen)) return end(d, t)
  if (d.taskStatus === Status.RENDERING) fill(d, t, farm)
}

/** Stops a waiting or rendering task (STOP or TIME_OUT_STOP): running frames lose their run. */
const pause = (d: Draft, t: number, status: number): void => {
  leaveRendering(d, t)
  for (const f of d.frames) {
    if (f.frameStatus === FrameStatus.RUNNING) {
      f.frameStatus = FrameStatus.WAITING
      f.startTime = 0
      f.endTime = 0
    }
  }
  d.taskStatus = status
  d.waitingSince = null
}

/** When a rendering task reaches its over-time limit (Infinity without one). */
const overtimeAt = (task: SimTask): number => {
  if (task.overTimeStop === null || task.overTimeStop <= 0 || task.renderingSince === null) return Infinity
  return Math.max(task.renderingSince, task.renderingSince + task.overTimeStop * 1000 - task.renderedMillis)
}

/** The time of the task's next event, or Infinity when nothing will happen by itself. */
const nextEvent = (task: SimTask, farm: ResolvedFarmOptions): number => {
  if (!task.submitted || task.childIds.length > 0) return Infinity
  if (task.taskStatus === Status.WAITING) {
    return task.waitingSince === null ? Infinity : task.waitingSince + queueMillis(farm)
  }
  if (task.taskStatus !== Status.RENDERING) return Infinity
  let next = overtimeAt(task)
  const run = frameMillis(farm)
  for (const f of task.frames) {
    if (f.frameStatus === FrameStatus.RUNNING) next = Math.min(next, f.startTime + run)
  }
  return next
}

/** Handles the event at `t` (the task's next event). */
const step = (d: Draft, t: number, options: ResolvedOptions): void => {
  const farm = options.farm
  if (d.taskStatus === Status.WAITING) {
    d.taskStatus = Status.RENDERING
    d.startTime ??= t
    d.renderingSince = t
    d.waitingSince = null
    return settle(d, t, farm)
  }
  const run = frameMillis(farm)
  for (const f of d.frames) {
    if (f.frameStatus === FrameStatus.RUNNING && f.startTime + run <= t) {
      f.frameStatus = runFails(options, d.id, f.frameNumber, f.attempts) ? FrameStatus.FAILED : FrameStatus.FINISHED
      f.endTime = f.startTime + run
    }
  }
  if (!d.frames.some(isOpen)) return end(d, t)
  // Frames ending exactly at the limit still count; the rest is stopped by the timeout.
  if (overtimeAt(d) <= t) return pause(d, t, Status.TIME_OUT_STOP)
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
 * The parent's status, dates and frame count from its children (see the module comment).
 * @internal
 */
const aggregate = (parent: SimTask, children: ReadonlyArray<SimTask>): SimTask => {
  const statuses = children.map((c) => c.taskStatus)
  let status: number
  if (statuses.includes(Status.RENDERING)) status = Status.RENDERING
  else if (statuses.includes(Status.WAITING)) status = Status.WAITING
  else if (statuses.includes(Status.STOP)) status = Status.STOP
  else if (statuses.includes(Status.TIME_OUT_STOP)) status = Status.TIME_OUT_STOP
  else if (statuses.includes(Status.ABANDON)) status = Status.ABANDON
  else status = endStatus(children.flatMap((c) => c.frames))
  const starts = children.flatMap((c) => (c.startTime === null ? [] : [c.startTime]))
  const ends = children.flatMap((c) => (c.completedDate === null ? [] : [c.completedDate]))
  const startTime = starts.length === 0 ? null : Math.min(...starts)
  const completedDate = ENDED.includes(status) && ends.length > 0 ? Math.max(...ends) : null
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
    const children = parent.childIds.flatMap((c) => {
      const child = tasks.get(c)
      return child === undefined ? [] : [child]
    })
    tasks.set(id, aggregate(parent, children))
  }
}

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

// ---------------------------------------------------------------------------------------------
// Submission and actions (each applies to one task; the endpoints apply them to a parent and to
// each of its children, then call `refreshParents`). Every action is a no-op where it does not
// apply, so repeating it is harmless.
// ---------------------------------------------------------------------------------------------

const makeFrames = (taskId: number, firstId: number, count: number): Array<SimFrame> =>
  Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    taskId,
    frameNumber: i + 1,
    frameStatus: FrameStatus.WAITING,
    startTime: 0,
    endTime: 0,
    attempts: 0,
    recommitFlag: 0
  }))

/**
 * Submits a reserved task at `now`: WAITING with its frames, or, when the farm has layers, a
 * parent with one WAITING child per layer (child ids follow the last reserved id).
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
    taskStatus: Status.WAITING,
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

/** Applies a change to a draft of the task; the same task when the draft is unchanged in effect. */
const change = (task: SimTask, f: (d: Draft) => void): SimTask => {
  const d = draftOf(task)
  f(d)
  return d
}

/** WAITING or RENDERING -> STOP (10), `stopType` 1; running frames lose their run. @internal */
export const stopTask = (task: SimTask, now: number): SimTask =>
  change(task, (d) => {
    if (PROGRESSING.includes(d.taskStatus) || isParent(task)) d.stopType = 1
    if (PROGRESSING.includes(d.taskStatus)) pause(d, now, Status.STOP)
  })

/**
 * STOP or TIME_OUT_STOP -> WAITING (queued again from `now`); after an over-time stop the
 * rendering time starts again from 0. @internal
 */
export const startTask = (task: SimTask, now: number, options: ResolvedOptions): SimTask =>
  change(task, (d) => {
    if (d.taskStatus !== Status.STOP && d.taskStatus !== Status.TIME_OUT_STOP) return
    if (d.taskStatus === Status.TIME_OUT_STOP) d.renderedMillis = 0
    d.taskStatus = Status.WAITING
    d.stopType = 0
    d.waitingSince = isParent(task) ? null : now
    settle(d, now, options.farm)
  })

/** Any status but ended -> ABANDON (35): waiting and running frames become stopped. @internal */
export const abandonTask = (task: SimTask, now: number): SimTask =>
  change(task, (d) => {
    if (ENDED.includes(d.taskStatus) && d.taskStatus !== Status.FAILED) return
    if (d.taskStatus === Status.ABANDON) return
    leaveRendering(d, now)
    for (const f of d.frames) {
      if (isOpen(f)) {
        f.frameStatus = FrameStatus.STOPPED
        f.startTime = 0
        f.endTime = 0
      }
    }
    d.taskStatus = Status.ABANDON
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
 * (TIME_OUT_STOP). @internal
 */
export const setOverTime = (task: SimTask, overTime: number, now: number): SimTask =>
  change(task, (d) => {
    d.overTimeStop = overTime
    if (d.taskStatus === Status.RENDERING && !isParent(task) && overtimeAt(d) <= now) {
      pause(d, now, Status.TIME_OUT_STOP)
    }
  })

/** Stops the chosen waiting or running frames (status 3); the task ends if nothing is left. @internal */
export const stopFrames = (
  task: SimTask,
  chosen: (frame: SimFrame) => boolean,
  now: number,
  options: ResolvedOptions
): SimTask =>
  change(task, (d) => {
    for (const f of d.frames) {
      if (isOpen(f) && chosen(f)) {
        f.frameStatus = FrameStatus.STOPPED
        f.startTime = 0
        f.endTime = 0
      }
    }
    settle(d, now, options.farm)
  })

/**
 * Resubmits the chosen stopped, finished or failed frames (back to waiting, `recommitFlag` + 1).
 * An ended task (25, 30, 45) is queued again; a waiting, rendering or stopped one keeps its status.
 * @internal
 */
export const recommitFrames = (
  task: SimTask,
  chosen: (frame: SimFrame) => boolean,
  now: number,
  options: ResolvedOptions
): SimTask => {
  const resubmittable = (f: SimFrame) =>
    (f.frameStatus === FrameStatus.STOPPED ||
      f.frameStatus === FrameStatus.FINISHED ||
      f.frameStatus === FrameStatus.FAILED) &&
    chosen(f)
  if (!task.frames.some(resubmittable)) return task
  return change(task, (d) => {
    for (const f of d.frames) {
      if (resubmittable(f)) {
        f.frameStatus = FrameStatus.WAITING
        f.startTime = 0
        f.endTime = 0
        f.recommitFlag += 1
      }
    }
    if (ENDED.includes(d.taskStatus)) {
      d.taskStatus = Status.WAITING
      d.waitingSince = now
      d.completedDate = null
    }
    settle(d, now, options.farm)
  })
}

// ---------------------------------------------------------------------------------------------
// Views: TaskInfo and FrameInfo rows (docs/protocol.md 4.0.3)
// ---------------------------------------------------------------------------------------------

/** What a row needs besides the task: the time, the options and the other tasks (children). @internal */
export interface View {
  readonly now: number
  readonly options: ResolvedOptions
  readonly tasks: ReadonlyMap<number, SimTask>
}

/** The layer children of a task, in layer order. @internal */
export const childrenOf = (task: SimTask, tasks: ReadonlyMap<number, SimTask>): Array<SimTask> =>
  task.childIds.flatMap((id) => {
    const child = tasks.get(id)
    return child === undefined ? [] : [child]
  })

/** The frames of a task, or of all its children for a parent. @internal */
export const familyFrames = (task: SimTask, tasks: ReadonlyMap<number, SimTask>): Array<SimFrame> =>
  isParent(task) ? childrenOf(task, tasks).flatMap((c) => c.frames) : [...task.frames]

/** Seconds of the frame's latest run (so far, while running). @internal */
export const frameSecondsOf = (frame: SimFrame, now: number): number => {
  if (frame.frameStatus === FrameStatus.RUNNING) return Math.max(0, Math.floor((now - frame.startTime) / 1000))
  if (frame.frameStatus === FrameStatus.FINISHED || frame.frameStatus === FrameStatus.FAILED) {
    return Math.round((frame.endTime - frame.startTime) / 1000)
  }
  return 0
}

/** The fee of the frame's latest run: price times seconds, 2 decimals. @internal */
export const frameFee = (frame: SimFrame, now: number, options: ResolvedOptions): number =>
  round2(options.farm.pricePerFrameSecond * frameSecondsOf(frame, now))

/** `1-10[1]`, or `1` for one frame. @internal */
export const framesRange = (count: number): string => (count <= 1 ? "1" : `1-${count}[1]`)

/**
 * A task as a `TaskInfo` row (docs/protocol.md 4.0.3): every documented field, with counters from
 * the frames (of the children for a parent), `null` where the service has no value yet.
 * @internal
 */
export const taskInfo = (task: SimTask, view: View): Record<string, unknown> => {
  const base = task.sceneName.replace(/\.[^.]*$/, "")
  const channel = Number.parseInt(task.channel, 10)
  const parent = isParent(task)
  const frames = familyFrames(task, view.tasks)
  let executing = 0
  let done = 0
  let failed = 0
  let stopped = 0
  let fees = 0
  let seconds = 0
  for (const f of frames) {
    if (f.frameStatus === FrameStatus.RUNNING) executing++
    else if (f.frameStatus === FrameStatus.FINISHED) done++
    else if (f.frameStatus === FrameStatus.FAILED) failed++
    else if (f.frameStatus === FrameStatus.STOPPED) stopped++
    fees += frameFee(f, view.now, view.options)
    seconds += frameSecondsOf(f, view.now)
  }
  const consume = round2(fees)
  const perTask = parent ? view.options.farm.framesPerTask : task.totalFrames
  return {
    id: task.id,
    taskAlias: task.taskAlias,
    sceneName: task.sceneName,
    taskStatus: task.taskStatus,
    statusText: `render_task_status_${task.taskStatus}`,
    preTaskStatus: null,
    preStatusText: null,
    totalFrames: task.totalFrames,
    abortFrames: stopped,
    executingFrames: executing,
    doneFrames: done,
    failedFrames: failed,
    framesRange: framesRange(perTask),
    projectName: null,
    renderConsume: consume,
    taskArrears: 0,
    userAccountConsume: consume,
    couponConsume: 0,
    submitDate: task.submitDate,
    startTime: task.startTime,
    completedDate: task.completedDate,
    renderDuration: seconds,
    userName: task.userName,
    userId: task.userId,
    producer: task.producer,
    taskLevel: task.fullSpeed ? 81 : 60,
    taskUserLevel: task.taskUserLevel,
    taskLimit: nodesOf(task, view.options.farm),
    taskOverTime: task.taskOverTime,
    outputFileName: `${task.id}_${base}`,
    munuTaskId: null,
    layerParentId: task.layerParentId,
    cgId: task.cgId,
    taskKeyValueVo: { tiles: "1", allCamera: "", renderableCamera: "" },
    isOpen: parent ? 1 : 0,
    taskType: parent ? "" : "Render",
    taskTypeText: parent ? "" : "render_major_picture_task",
    renderCamera: "",
    cloneParentId: task.cloneOriginalId ?? 0,
    cloneOriginalId: task.cloneOriginalId ?? 0,
    shareMainCapital: 0,
    taskRam: task.taskRam,
    respRenderingTaskList: parent ? childrenOf(task, view.tasks).map((c) => taskInfo(c, view)) : null,
    layerName: task.layerName,
    isDelete: task.isDelete,
    overTimeStop: task.overTimeStop,
    munuTaskIds: null,
    qyCouponConsume: 0,
    locationOutput: null,
    channel: Number.isSafeInteger(channel) ? channel : null,
    remark: null,
    labels: task.labels.length === 0 ? "{}" : JSON.stringify(task.labels),
    isOverTime: task.taskStatus === Status.TIME_OUT_STOP ? 1 : 0,
    waitingCount: task.taskStatus === Status.WAITING ? hash(view.options.seed, "waiting", task.id) % 5 : 0,
    stopType: task.stopType
  }
}

/** A frame as a `FrameInfo` row (docs/protocol.md 4.0.3). @internal */
export const frameInfo = (frame: SimFrame, task: SimTask, view: View): Record<string, unknown> => {
  const fee = frameFee(frame, view.now, view.options)
  const platform = Number.parseInt(task.platform, 10)
  return {
    id: frame.id,
    taskId: frame.taskId,
    userId: task.userId,
    frameIndex: String(frame.frameNumber),
    frameBlock: "1",
    frameStatus: frame.frameStatus,
    frameStatusText: `task_frame_status_${frame.frameStatus}`,
    frameType: 5,
    framePrice: fee,
    feeAmount: fee,
    couponFee: 0,
    arrearsFee: 0,
    feeType: 0,
    platform: Number.isSafeInteger(platform) ? platform : null,
    startTime: frame.startTime,
    endTime: frame.endTime,
    frameExecuteTime: frameSecondsOf(frame, view.now),
    recommitFlag: frame.recommitFlag,
    taskOverTime: task.taskOverTime,
    gopName: null,
    frameRam: null,
    munuJobId: null,
    munuTaskId: null,
    isCopy: 0,
    isOverTime: 0
  }
}
