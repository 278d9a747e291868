/**
 * The rows the queries answer for the simulated farm's tasks and frames: `TaskInfo` and
 * `FrameInfo` (docs/protocol.md 4.0.3), with fees and durations from the frames' runs.
 *
 * @internal
 */
import type { ResolvedOptions, SimFrame, SimTask } from "../Simulator.ts"
import { childrenOf, isParent, nodesOf } from "./farm.ts"
import { hash } from "./random.ts"
import { FrameStatus, inPhase, TaskStatus } from "./statuses.ts"

const round2 = (x: number): number => Math.round(x * 100) / 100

/** What a row needs besides the task: the time, the options and the other tasks (children). @internal */
export interface View {
  readonly now: number
  readonly options: ResolvedOptions
  readonly tasks: ReadonlyMap<number, SimTask>
}

/** The frames of a task, or of all its children for a parent. @internal */
export const familyFrames = (task: SimTask, tasks: ReadonlyMap<number, SimTask>): Array<SimFrame> =>
  isParent(task) ? childrenOf(task, tasks).flatMap((c) => c.frames) : [...task.frames]

/** Seconds of the frame's latest run (so far, while running). @internal */
export const frameSecondsOf = (frame: SimFrame, now: number): number => {
  if (frame.frameStatus === FrameStatus.Running) return Math.max(0, Math.floor((now - frame.startTime) / 1000))
  if (frame.frameStatus === FrameStatus.Finished || frame.frameStatus === FrameStatus.Failed) {
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
    if (f.frameStatus === FrameStatus.Running) executing++
    else if (f.frameStatus === FrameStatus.Finished) done++
    else if (f.frameStatus === FrameStatus.Failed) failed++
    else if (f.frameStatus === FrameStatus.Stopped) stopped++
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
    isOverTime: inPhase(task.taskStatus, "timedOut") ? 1 : 0,
    waitingCount: task.taskStatus === TaskStatus.Waiting ? hash(view.options.seed, "waiting", task.id) % 5 : 0,
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
