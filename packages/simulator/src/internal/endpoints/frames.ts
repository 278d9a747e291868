/**
 * Frame, log and analysis endpoints (docs/protocol.md 4.3.3-4.3.11). The frames are those of the
 * farm (`farm.ts`); the conventions are those of `tasks.ts`:
 *
 * - a task id or frame id the account does not own answers `404 resource_not_found`;
 * - frame actions (`recommitTasks`, `recommitTaskFrames`, `stopTaskFrames`) need a submitted task
 *   that is not deleted (`600` otherwise); resubmitting frames of an abandoned task is `600`;
 *   frames chosen by the request that the action does not apply to (stopping a finished frame,
 *   resubmitting a waiting one) are left alone, so repeating an action is harmless;
 * - a parent task (layers) has no frames of its own: `queryTaskFrames` answers an empty page for it
 *   (its frames are queried by child id), while frame actions on the parent act on its children's
 *   frames (`ids` may then name any child's frames).
 *
 * @internal
 */
import { Either } from "effect"
import type { SimFrame, SimTask } from "../../Simulator.ts"
import { ANALYSE_ERRORS } from "../analyseErrors.ts"
import { empty, invalid, notFound, type ServiceError } from "../codes.ts"
import * as Farm from "../farmActions.ts"
import { familyFrames, frameFee, frameInfo, frameSecondsOf } from "../farmViews.ts"
import { hash, intBetween, pick } from "../random.ts"
import type { State } from "../state.ts"
import { FrameStatus, inPhase } from "../statuses.ts"
import * as V from "../validate.ts"
import { endpoint, type Endpoint, type HandlerContext, ok, page, reject } from "./common.ts"
import { bulk, lifecycle, owned, viewOf } from "./tasks.ts"

/** `yyyy-MM-dd HH:mm:ss` of an epoch ms, in the service's zone. @internal */
export const formatDateTime = (ms: number, utcOffsetMinutes: number): string => {
  const d = new Date(ms + utcOffsetMinutes * 60_000)
  const p = (n: number) => String(n).padStart(2, "0")
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  )
}

/** A frame the account owns, with its task. @internal */
const ownedFrame = (
  state: State,
  ctx: HandlerContext,
  frameId: number
): { readonly task: SimTask; readonly frame: SimFrame } | undefined => {
  for (const task of state.tasks.values()) {
    if (task.accessId !== ctx.accessId || !task.submitted) continue
    const frame = task.frames.find((f) => f.id === frameId)
    if (frame !== undefined) return { task, frame }
  }
  return undefined
}

const outputBase = (task: SimTask) => `${task.id}_${task.sceneName.replace(/\.[^.]*$/, "")}`
const pad4 = (n: number) => String(n).padStart(4, "0")

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/**
 * The frames of a task (docs/protocol.md 4.3.3), in frame order; `searchKeyword` keeps frames whose
 * `frameIndex` contains it. A parent with layers and a reserved task have no frames (empty page).
 */
export const queryTaskFrames = endpoint(
  "/api/render/handle/queryTaskFrames",
  V.struct({
    taskId: V.int(),
    pageNum: V.int({ min: 1 }),
    pageSize: V.int({ min: 1 }),
    searchKeyword: V.optional(V.string())
  })
)((ctx, input, state) => {
  const task = owned(state, ctx, input.taskId)
  if (Either.isLeft(task)) return reject(state, task.left)
  const keyword = input.searchKeyword ?? ""
  const frames = task.right.frames.filter((f) => keyword === "" || String(f.frameNumber).includes(keyword))
  const start = (input.pageNum - 1) * input.pageSize
  const view = viewOf(state, ctx)
  const items = frames.slice(start, start + input.pageSize).map((f) => frameInfo(f, task.right, view))
  return ok(state, page(items, input.pageNum, input.pageSize, frames.length))
})

/** Frame totals over the account's submitted tasks that are not deleted (docs/protocol.md 4.3.4). */
export const queryAllFrameStats = endpoint(
  "/api/render/handle/queryAllFrameStats",
  V.none
)((ctx, _input, state) => {
  const counts = [0, 0, 0, 0, 0, 0]
  let total = 0
  for (const task of state.tasks.values()) {
    if (task.accessId !== ctx.accessId || !task.submitted || task.isDelete === 0) continue
    for (const f of task.frames) {
      total++
      counts[f.frameStatus] = (counts[f.frameStatus] ?? 0) + 1
    }
  }
  const n = (status: number) => counts[status] ?? 0
  return ok(state, {
    executingFramesTotal: n(FrameStatus.Running),
    doneFramesTotal: n(FrameStatus.Finished),
    failedFramesTotal: n(FrameStatus.Failed),
    waitingFramesTotal: n(FrameStatus.Waiting),
    totalFrames: total,
    abandonFramesTotal: n(FrameStatus.Stopped)
  })
})

// ---------------------------------------------------------------------------------------------
// Frame actions
// ---------------------------------------------------------------------------------------------

const notAbandoned = (task: SimTask) =>
  Either.flatMap(lifecycle(task, "resubmitted"), () =>
    inPhase(task.taskStatus, "abandoned")
      ? invalid(`task ${task.id} is abandoned; its frames cannot be resubmitted`)
      : Either.right(undefined)
  )

/**
 * Resubmits the frames of whole tasks whose status is in `status` (default: failed, 5; only
 * stopped, finished and failed frames can be resubmitted): back to waiting, `recommitFlag` + 1. An
 * ended task is queued again (`Waiting`); a waiting, rendering or stopped one keeps its status.
 */
export const recommitTasks = endpoint(
  "/api/render/handle/recommitTasks",
  V.struct({ taskIds: V.intList({ nonEmpty: true }), status: V.optional(V.intList()) })
)((ctx, input, state) => {
  const statuses: ReadonlyArray<number> =
    input.status === undefined || input.status.length === 0 ? [FrameStatus.Failed] : input.status
  return bulk(state, ctx, input.taskIds, null, {
    check: notAbandoned,
    apply: (task) => Farm.recommitFrames(task, (f) => statuses.includes(f.frameStatus), ctx.now, ctx.options)
  })
})

/** The body of `recommitTaskFrames` and `stopTaskFrames` (docs/protocol.md 4.3.6, 4.3.7). */
const frameSelectionFields = {
  taskId: V.int(),
  selectAll: V.int({ allowed: [0, 1] }),
  ids: V.optional(V.intList()),
  status: V.optional(V.intList())
}
const frameSelection = V.struct(frameSelectionFields)
type Selection = V.Decoded<typeof frameSelectionFields>

/**
 * The frames a selection names: every frame of the task (of its children for a parent) with
 * `selectAll` 1, else those of `ids` (601 when empty, 404 when one is not the task's); `status`
 * (if given and not empty) keeps the frames in those statuses.
 */
const selectFrames = (
  state: State,
  ctx: HandlerContext,
  input: Selection
): Either.Either<(frame: SimFrame) => boolean, ServiceError> => {
  const task = owned(state, ctx, input.taskId)
  if (Either.isLeft(task)) return Either.left(task.left)
  const statuses = input.status ?? []
  const byStatus = (f: SimFrame) => statuses.length === 0 || statuses.includes(f.frameStatus)
  if (input.selectAll === 1) return Either.right(byStatus)
  if (input.ids === undefined || input.ids.length === 0) return empty("ids is required when selectAll is 0")
  const family = new Set(familyFrames(task.right, state.tasks).map((f) => f.id))
  for (const id of input.ids) {
    if (!family.has(id)) return notFound(`frame ${id} is not a frame of task ${input.taskId}`)
  }
  const ids = new Set(input.ids)
  return Either.right((f: SimFrame) => ids.has(f.id) && byStatus(f))
}

/** An endpoint that applies a frame action to the frames of one task its selection picks; data null. */
const frameSelectionAction = (
  path: string,
  check: (task: SimTask) => Either.Either<void, ServiceError>,
  action: Farm.FrameAction
): Endpoint =>
  endpoint(
    path,
    frameSelection
  )((ctx, input, state) => {
    const chosen = selectFrames(state, ctx, input)
    if (Either.isLeft(chosen)) return reject(state, chosen.left)
    return bulk(state, ctx, [input.taskId], null, {
      check,
      apply: (task) => action(task, chosen.right, ctx.now, ctx.options)
    })
  })

/** Resubmits the chosen stopped, finished or failed frames of one task (docs/protocol.md 4.3.6). */
export const recommitTaskFrames = frameSelectionAction(
  "/api/render/handle/recommitTaskFrames",
  notAbandoned,
  Farm.recommitFrames
)

/**
 * Stops the chosen waiting or running frames of one task (status 3, docs/protocol.md 4.3.7); they
 * never run unless resubmitted. A task left with no waiting or running frame ends.
 */
export const stopTaskFrames = frameSelectionAction(
  "/api/render/handle/stopTaskFrames",
  (task) => lifecycle(task, "changed"),
  Farm.stopFrames
)

// ---------------------------------------------------------------------------------------------
// Progress image, thumbnails, logs
// ---------------------------------------------------------------------------------------------

const RESOLUTIONS: readonly [readonly [number, number], ...Array<readonly [number, number]>] = [
  [1920, 1080],
  [1280, 720],
  [2048, 858],
  [3840, 2160]
]

/**
 * The render-progress object of a task (docs/protocol.md 4.3.8): one `grabInfo` row per frame (of
 * the children for a parent), one block each, every value a string. The simulated tasks have main
 * picture frames only: `frameType` 2 (photon) answers an empty `grabInfo`.
 */
export const loadTaskProcessImg = endpoint(
  "/api/render/handle/loadTaskProcessImg",
  V.struct({ taskId: V.int(), frameType: V.optional(V.int({ allowed: [2, 5] })) })
)((ctx, input, state) => {
  const found = owned(state, ctx, input.taskId)
  if (Either.isLeft(found)) return reject(state, found.left)
  const task = found.right
  if (!task.submitted) return { state, result: invalid(`task ${task.id} has not been submitted`) }
  const zone = ctx.options.utcOffsetMinutes
  const at = (ms: number | null) => (ms === null || ms === 0 ? "" : formatDateTime(ms, zone))
  const frameMs = Math.max(1, Math.round(ctx.options.farm.frameSeconds * 1000))
  const photon = input.frameType === 2
  const [width, height] = pick(RESOLUTIONS, ctx.options.seed, "resolution", task.id)
  const grab = (f: SimFrame): Record<string, string> => {
    const running = f.frameStatus === FrameStatus.Running
    const elapsed = running ? Math.max(0, ctx.now - f.startTime) : 0
    const percent =
      f.frameStatus === FrameStatus.Finished ? 100 : running ? Math.min(99, Math.floor((elapsed * 100) / frameMs)) : 0
    const est = running
      ? Math.ceil(Math.max(0, frameMs - elapsed) / 1000)
      : f.frameStatus === FrameStatus.Waiting
        ? Math.ceil(frameMs / 1000)
        : 0
    return {
      startTime: at(f.startTime),
      endTime: at(f.endTime),
      frameStatus: String(f.frameStatus),
      isMaxPrice: "0",
      feeAmount: String(frameFee(f, ctx.now, ctx.options)),
      couponFee: "0",
      frameIndex: String(f.frameNumber),
      frameBlock: "1",
      framePercent: String(percent),
      frameUsed: String(frameSecondsOf(f, ctx.now)),
      frameEst: String(est),
      renderInfo: `task_frame_status_${f.frameStatus}`,
      grabUrl: f.startTime === 0 ? "" : `/grab/${task.userId}/${f.taskId}/${f.id}_1.jpg`
    }
  }
  const end = task.completedDate === null ? "" : at(task.completedDate)
  return ok(state, {
    width,
    height,
    block: 1,
    isRenderPhoton: false,
    currentTaskType: photon ? "RenderPhoton" : "Render",
    sceneName: `${task.sceneName.replace(/\.[^.]*$/, "")}-Camera001`,
    startTime: at(task.startTime),
    endTime: end,
    completedTime: end,
    grabInfo: photon ? [] : familyFrames(task, state.tasks).map((f) => [grab(f)])
  })
})

/**
 * The thumbnail paths of a finished frame (docs/protocol.md 4.3.9), Windows separators.
 * `frameStatus` must be 4 and the frame finished (600 otherwise); a frame the account does not own
 * is 404.
 */
export const loadingFrameThumbnail = endpoint(
  "/api/render/handle/loadingFrameThumbnail",
  V.struct({ id: V.int(), frameStatus: V.int() })
)((ctx, input, state) => {
  const found = ownedFrame(state, ctx, input.id)
  if (found === undefined) return { state, result: notFound(`frame ${input.id} does not exist`) }
  if (input.frameStatus !== FrameStatus.Finished) {
    return { state, result: invalid("frameStatus must be 4: only finished frames have thumbnails") }
  }
  const { frame, task } = found
  if (frame.frameStatus !== FrameStatus.Finished) {
    return {
      state,
      result: invalid(`frame ${frame.id} is not finished (task_frame_status_${frame.frameStatus}): no thumbnail`)
    }
  }
  const bucket = task.userId - (task.userId % 1000)
  return ok(state, [
    `small_pic\\${bucket}\\${task.userId}\\${task.id}\\${outputBase(task)}_${pad4(frame.frameNumber)}[-]jpg.jpg`
  ])
})

/** `showLog`'s body: `id` is a frame id or null (the SDK always sends it, docs/protocol.md 4.3.10). */
const showLogInput: V.Validator<{
  readonly renderingType: string | undefined
  readonly pageNum: number
  readonly pageSize: number
  readonly id: number | null
}> = (body) => {
  const fields = V.struct({
    renderingType: V.optional(V.string()),
    pageNum: V.int({ min: 1 }),
    pageSize: V.int({ min: 1 })
  })(body)
  if (Either.isLeft(fields)) return Either.left(fields.left)
  const raw = body.get("id")
  if (raw === undefined || raw === null) return Either.right({ ...fields.right, id: null })
  return Either.map(V.int().read(raw, "id"), (id) => ({ ...fields.right, id }))
}

/** The log lines of a frame up to `now`: start, progress every quarter, then the end or the failure. @internal */
export const frameLog = (task: SimTask, frame: SimFrame, renderingType: string, ctx: HandlerContext): Array<string> => {
  if (frame.startTime === 0) return []
  const at = (ms: number) => `[${formatDateTime(ms, ctx.options.utcOffsetMinutes)}]`
  const frameMs = Math.max(1, Math.round(ctx.options.farm.frameSeconds * 1000))
  const index = String(frame.frameNumber)
  const node = `node-${intBetween(1, 240, ctx.options.seed, "node", frame.id, frame.attempts)}`
  const until = frame.endTime === 0 ? ctx.now : frame.endTime
  const lines = [
    `${at(frame.startTime)} INFO  ${node} starts ${renderingType} of frame ${index} (task ${task.id}, attempt ${frame.attempts})`,
    `${at(frame.startTime)} INFO  Loading scene ${task.sceneName}`
  ]
  for (const quarter of [25, 50, 75]) {
    const t = frame.startTime + Math.floor((frameMs * quarter) / 100)
    if (t <= until) lines.push(`${at(t)} INFO  Rendering frame ${index}: ${quarter}%`)
  }
  const seconds = frameSecondsOf(frame, ctx.now)
  if (frame.frameStatus === FrameStatus.Finished) {
    lines.push(`${at(frame.endTime)} INFO  Rendering frame ${index}: 100%`)
    lines.push(
      `${at(frame.endTime)} INFO  Frame ${index} finished in ${seconds} s: ${outputBase(task)}_${pad4(frame.frameNumber)}.exr`
    )
  } else if (frame.frameStatus === FrameStatus.Failed) {
    const code = 1 + (hash(ctx.options.seed, "exitCode", frame.id, frame.attempts) % 3)
    lines.push(`${at(frame.endTime)} ERROR Render process exited with code ${code} on frame ${index}`)
    lines.push(`${at(frame.endTime)} ERROR Frame ${index} failed after ${seconds} s`)
  }
  return lines
}

/**
 * The render log of a frame as a page of lines (docs/protocol.md 4.3.10). `id` null (no frame)
 * answers an empty page; a frame the account does not own is 404. `renderingType` (default
 * `"render"`) is named in the lines.
 */
export const showLog = endpoint(
  "/api/render/handle/showLog",
  showLogInput
)((ctx, input, state) => {
  let lines: Array<string> = []
  if (input.id !== null) {
    const found = ownedFrame(state, ctx, input.id)
    if (found === undefined) return { state, result: notFound(`frame ${input.id} does not exist`) }
    lines = frameLog(found.task, found.frame, input.renderingType ?? "render", ctx)
  }
  const start = (input.pageNum - 1) * input.pageSize
  return ok(state, page(lines.slice(start, start + input.pageSize), input.pageNum, input.pageSize, lines.length))
})

// ---------------------------------------------------------------------------------------------
// Analysis error codes
// ---------------------------------------------------------------------------------------------

/** `language`: the int 0 or 1, or the string "0" or "1" (docs/protocol.md 4.3.11). */
const language: V.Field<0 | 1> = {
  required: true,
  read: (value, name) => {
    if (typeof value === "string") {
      return value === "0" || value === "1" ? Either.right(value === "1" ? 1 : 0) : invalid(`${name} must be 0 or 1`)
    }
    return Either.map(V.int({ allowed: [0, 1] }).read(value, name), (n) => (n === 1 ? 1 : 0))
  }
}

/** When the catalogue rows were last changed (a constant, like the catalogue). */
const CATALOGUE_UPDATED = 1_704_067_200_000

/**
 * Descriptions of analysis error codes (docs/protocol.md 4.3.11): `code` and/or `codes` (at least
 * one, 601 otherwise), `language` 0 = Chinese (default) or 1 = English. Known codes are answered in
 * request order (each once); unknown codes are left out.
 */
export const queryAnalyseErrorDetail = endpoint(
  "/api/render/submit/queryAnalyseErrorDetail",
  V.struct({
    code: V.optional(V.string()),
    codes: V.optional(V.stringList()),
    language: V.optional(language)
  })
)((ctx, input, state) => {
  const wanted = [...(input.code === undefined || input.code === "" ? [] : [input.code]), ...(input.codes ?? [])]
  if (wanted.length === 0) return { state, result: empty("code or codes is required") }
  const lang = input.language ?? 0
  const firstId = intBetween(100, 900, ctx.options.seed, "analyseErrorIds")
  const rows: Array<unknown> = []
  for (const code of new Set(wanted)) {
    const index = ANALYSE_ERRORS.findIndex((e) => e.code === code)
    const entry = ANALYSE_ERRORS[index]
    if (entry === undefined) continue
    const text = lang === 1 ? entry.en : entry.zh
    rows.push({
      id: firstId + index,
      code: entry.code,
      type: entry.type,
      languageFlag: lang,
      desDescriptionCn: text.description,
      desSolutionCn: text.solution,
      solutionPath: entry.solutionPath,
      isRepair: entry.isRepair,
      isOpen: entry.isOpen,
      isDelete: 1,
      lastModifyAdmin: "admin",
      updateTime: CATALOGUE_UPDATED + index * 86_400_000
    })
  }
  return ok(state, rows)
})
