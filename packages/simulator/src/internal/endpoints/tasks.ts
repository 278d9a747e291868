/**
 * Task endpoints (spec 4.2, 4.3.1, 4.3.2). Conventions for task ids (spec 4.2, 4.3):
 *
 * - **Actions** (submit, stop, start, abandon, delete, priority, timeout, full speed) on an id the
 *   account does not own (unknown, or another account's) answer `404 resource_not_found` and
 *   change nothing. A request with several ids is all or nothing: the first failing id decides.
 * - **Queries** (`queryTaskInfo/v2`, `getTaskList/v2`) are filters: another account's tasks are
 *   never visible, so such ids are simply absent from the page (the SDK's `get_small_task_id`
 *   expects an empty page for an unknown id).
 * - A task reserved by `createTask` but not submitted exists (it can be submitted, its priority
 *   and timeout can be set) but is invisible to the queries; the lifecycle actions on it answer
 *   `600` ("not submitted").
 * - An action that does not apply to the task's status answers `600` with the reason; repeating
 *   an action whose effect is already there (stopping a stopped task) succeeds and changes nothing,
 *   so the SDK's retries (spec 6.3) are harmless.
 *
 * @internal
 */
import { Either } from "effect"
import type { SimTask } from "../../Simulator.ts"
import { invalid, notFound, type ServiceError } from "../codes.ts"
import { numberSetting, reservedTask, type State, Status, taskInfo } from "../state.ts"
import * as V from "../validate.ts"
import { endpoint, type Endpoint, type HandlerContext, ok, type Outcome, page, reject } from "./common.ts"

const statusLabel = (status: number) => `render_task_status_${status}`

/** The task with this id if the account owns it. @internal */
const owned = (state: State, ctx: HandlerContext, id: number): Either.Either<SimTask, ServiceError> => {
  const task = state.tasks.get(id)
  return task === undefined || task.accessId !== ctx.accessId
    ? notFound(`task ${id} does not exist`)
    : Either.right(task)
}

/**
 * Applies `change` to every task of `ids` (deduplicated, request order), all or nothing.
 * @internal
 */
const updateTasks = (
  state: State,
  ctx: HandlerContext,
  ids: ReadonlyArray<number>,
  change: (task: SimTask) => Either.Either<SimTask, ServiceError>
): Either.Either<State, ServiceError> => {
  const tasks = new Map(state.tasks)
  for (const id of new Set(ids)) {
    const task = owned(state, ctx, id)
    if (Either.isLeft(task)) return Either.left(task.left)
    const next = change(task.right)
    if (Either.isLeft(next)) return Either.left(next.left)
    tasks.set(id, next.right)
  }
  return Either.right({ ...state, tasks })
}

/** Lifecycle actions need a submitted task that is not deleted. @internal */
const lifecycle = (task: SimTask, action: string): Either.Either<SimTask, ServiceError> => {
  if (!task.submitted) return invalid(`task ${task.id} has not been submitted`)
  if (task.isDelete === 0) return invalid(`task ${task.id} is deleted and cannot be ${action}`)
  return Either.right(task)
}

/** Runs an action over `taskIds`, answering `data` on success. @internal */
const bulk = (
  state: State,
  ctx: HandlerContext,
  ids: ReadonlyArray<number>,
  data: unknown,
  change: (task: SimTask) => Either.Either<SimTask, ServiceError>
): Outcome => {
  const next = updateTasks(state, ctx, ids, change)
  return Either.isLeft(next) ? reject(state, next.left) : ok(next.right, data)
}

const ACTIVE: ReadonlyArray<number> = [Status.WAITING, Status.RENDERING, Status.PRE_RENDERING, Status.ANALYSE]
const RESTARTABLE: ReadonlyArray<number> = [Status.STOP, Status.TIME_OUT_STOP]
const FINISHED: ReadonlyArray<number> = [Status.FINISHED, Status.FINISHED_HAS_FAILED, Status.FINISHED_TEST]

/** `yyyy-MM-dd HH:mm:ss` in the service's time zone -> epoch ms. @internal */
const parseDateTime = (text: string, utcOffsetMinutes: number): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (m === null) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const utc = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(utc)
  // Reject dates that Date.UTC silently rolls over (2024-02-30, 25:00:00).
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  )
    return undefined
  return utc - utcOffsetMinutes * 60_000
}

/** The tasks a query may show: submitted tasks of this account. @internal */
const visibleTasks = (state: State, accessId: string): Array<SimTask> =>
  Array.from(state.tasks.values()).filter((t) => t.accessId === accessId && t.submitted)

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/** The most ids one `createTask` may reserve. @internal */
export const MAX_CREATE_COUNT = 1000

const createTask = endpoint(
  "/api/render/submit/createTask",
  V.struct({
    count: V.int({ min: 1, max: MAX_CREATE_COUNT }),
    taskUserLevel: V.int(),
    outUserId: V.optional(V.int()),
    labels: V.optional(V.stringList()),
    cloneOriginalId: V.optional(V.int()),
    artist: V.optional(V.string())
  })
)((ctx, input, state, account) => {
  if (input.cloneOriginalId !== undefined) {
    const original = owned(state, ctx, input.cloneOriginalId)
    if (Either.isLeft(original)) return reject(state, original.left)
  }
  const tasks = new Map(state.tasks)
  const ids: Array<number> = []
  for (let i = 0; i < input.count; i++) {
    const id = state.nextTaskId + i
    const task = reservedTask({
      seed: ctx.options.seed,
      id,
      account,
      platform: ctx.headers.platform,
      channel: ctx.headers.channel,
      now: ctx.now,
      taskUserLevel: input.taskUserLevel,
      outUserId: input.outUserId,
      labels: input.labels,
      cloneOriginalId: input.cloneOriginalId,
      artist: input.artist
    })
    tasks.set(id, task)
    ids.push(id)
  }
  return ok(
    { ...state, tasks, nextTaskId: state.nextTaskId + input.count },
    {
      taskIdList: ids,
      aliasTaskIdList: ids.map((id) => tasks.get(id)?.taskAlias ?? String(id)),
      userId: account.userId
    }
  )
})

/** Submits a reserved task: status WAITING, submit date now. A second submit answers 600. */
const submitTask = endpoint(
  "/api/render/submit/task",
  V.struct({ taskId: V.int(), producer: V.optional(V.string()) })
)((ctx, input, state, account) =>
  bulk(state, ctx, [input.taskId], null, (task) =>
    task.submitted
      ? invalid(`task ${task.id} has already been submitted`)
      : Either.right({
          ...task,
          submitted: true,
          taskStatus: Status.WAITING,
          submitDate: ctx.now,
          producer: input.producer ?? task.producer,
          taskOverTime: numberSetting(account, "taskOverTimeSec", 43_200)
        })
  )
)

const taskIds = V.struct({ taskIds: V.intList({ nonEmpty: true }) })

/** Waiting, pre-processing, analysing or rendering -> STOP (10); already stopped: no change. */
const stopTask = endpoint(
  "/api/rendering/task/renderingTask/stopTask",
  taskIds
)((ctx, input, state) =>
  bulk(state, ctx, input.taskIds, null, (t) =>
    Either.flatMap(lifecycle(t, "stopped"), (task) => {
      if (task.taskStatus === Status.STOP) return Either.right(task)
      if (ACTIVE.includes(task.taskStatus)) return Either.right({ ...task, taskStatus: Status.STOP, stopType: 1 })
      return invalid(`task ${task.id} cannot be stopped in status ${task.taskStatus} (${statusLabel(task.taskStatus)})`)
    })
  )
)

/** Stopped (by the user or by timeout) -> WAITING (0); already waiting or running: no change. */
const startTask = endpoint(
  "/api/rendering/task/renderingTask/startTask",
  taskIds
)((ctx, input, state) =>
  bulk(state, ctx, input.taskIds, null, (t) =>
    Either.flatMap(lifecycle(t, "started"), (task) => {
      if (ACTIVE.includes(task.taskStatus)) return Either.right(task)
      if (RESTARTABLE.includes(task.taskStatus))
        return Either.right({ ...task, taskStatus: Status.WAITING, stopType: 0 })
      return invalid(`task ${task.id} cannot be started in status ${task.taskStatus} (${statusLabel(task.taskStatus)})`)
    })
  )
)

/** Any unfinished task -> ABANDON (35); already abandoned: no change; finished tasks: 600. */
const abandonTask = endpoint(
  "/api/render/handle/abandonTask",
  taskIds
)((ctx, input, state) =>
  bulk(state, ctx, input.taskIds, null, (t) =>
    Either.flatMap(lifecycle(t, "abandoned"), (task) => {
      if (task.taskStatus === Status.ABANDON) return Either.right(task)
      if (FINISHED.includes(task.taskStatus)) {
        return invalid(`task ${task.id} is finished (${statusLabel(task.taskStatus)}) and cannot be abandoned`)
      }
      return Either.right({ ...task, taskStatus: Status.ABANDON })
    })
  )
)

/**
 * Moves submitted tasks to the recycle bin: `isDelete` 0 (spec 4.0.3: 0 = deleted). The status is
 * kept. Deleting a deleted task changes nothing.
 */
const deleteTask = endpoint(
  "/api/render/handle/deleteTask",
  taskIds
)((ctx, input, state) =>
  bulk(state, ctx, input.taskIds, null, (task) =>
    !task.submitted
      ? invalid(`task ${task.id} has not been submitted`)
      : Either.right(task.isDelete === 0 ? task : { ...task, isDelete: 0 })
  )
)

/** Sets `taskUserLevel` of any owned task (the range is not documented, so any int is taken). */
const updateTaskUserLevel = endpoint(
  "/api/rendering/task/renderingTask/updateTaskUserLevel",
  V.struct({ taskId: V.int(), taskUserLevel: V.int() })
)((ctx, input, state) =>
  bulk(state, ctx, [input.taskId], null, (task) => Either.right({ ...task, taskUserLevel: input.taskUserLevel }))
)

/** Sets `overTimeStop` (seconds) of owned tasks; data `"SUCCESS"` (spec 4.2.8). */
const setTaskOverTimeStop = endpoint(
  "/api/render/handle/setTaskOverTimeStop",
  V.struct({ taskIds: V.intList({ nonEmpty: true }), overTime: V.int({ min: 0 }) })
)((ctx, input, state) =>
  bulk(state, ctx, input.taskIds, "SUCCESS", (task) => Either.right({ ...task, overTimeStop: input.overTime }))
)

/** Marks submitted tasks as rendering at full speed; data `"success"` (spec 4.2.9). */
const fullSpeedRendering = endpoint(
  "/api/render/handle/fullSpeedRendering",
  taskIds
)((ctx, input, state) =>
  bulk(state, ctx, input.taskIds, "success", (t) =>
    Either.map(lifecycle(t, "rendered at full speed"), (task) => ({ ...task, fullSpeed: true }))
  )
)

/**
 * The task list (spec 4.3.1), newest submission first. Filters combine: `statusList` (empty =
 * all), `searchKeyword` (case-insensitive substring of the scene name, alias or id),
 * `startTime`/`endTime` (`yyyy-MM-dd HH:mm:ss` in the service's zone, inclusive, on the submit
 * date), `recycleFlag` 1 = deleted tasks only, otherwise tasks not deleted. Empty strings are
 * the same as an absent filter (the SDK never sends them).
 */
const getTaskList = endpoint(
  "/api/render/handle/getTaskList/v2",
  V.struct({
    pageNum: V.int({ min: 1 }),
    pageSize: V.int({ min: 1 }),
    statusList: V.optional(V.intList()),
    searchKeyword: V.optional(V.string()),
    startTime: V.optional(V.string()),
    endTime: V.optional(V.string()),
    recycleFlag: V.optional(V.int({ allowed: [0, 1] }))
  })
)((ctx, input, state) => {
  const zone = ctx.options.utcOffsetMinutes
  let from: number | undefined
  let to: number | undefined
  if (input.startTime !== undefined && input.startTime !== "") {
    from = parseDateTime(input.startTime, zone)
    if (from === undefined) return { state, result: invalid("startTime must be yyyy-MM-dd HH:mm:ss") }
  }
  if (input.endTime !== undefined && input.endTime !== "") {
    const end = parseDateTime(input.endTime, zone)
    if (end === undefined) return { state, result: invalid("endTime must be yyyy-MM-dd HH:mm:ss") }
    to = end + 999
  }
  const deleted = input.recycleFlag === 1
  const keyword = input.searchKeyword?.toLowerCase() ?? ""
  const statuses = input.statusList ?? []
  const rows = visibleTasks(state, ctx.accessId)
    .filter(
      (t) =>
        (t.isDelete === 0) === deleted &&
        (statuses.length === 0 || statuses.includes(t.taskStatus)) &&
        (keyword === "" ||
          t.sceneName.toLowerCase().includes(keyword) ||
          t.taskAlias.toLowerCase().includes(keyword) ||
          String(t.id).includes(keyword)) &&
        (from === undefined || (t.submitDate ?? 0) >= from) &&
        (to === undefined || (t.submitDate ?? 0) <= to)
    )
    .sort((a, b) => (b.submitDate ?? 0) - (a.submitDate ?? 0) || b.id - a.id)
  const start = (input.pageNum - 1) * input.pageSize
  const items = rows.slice(start, start + input.pageSize).map((t) => taskInfo(t, ctx.options.seed))
  return ok(state, page(items, input.pageNum, input.pageSize, rows.length))
})

/** Details of tasks by id (spec 4.3.2), in request order; ids the account cannot see are left out. */
const queryTaskInfo = endpoint(
  "/api/render/handle/queryTaskInfo/v2",
  taskIds
)((ctx, input, state) => {
  const items: Array<unknown> = []
  for (const id of new Set(input.taskIds)) {
    const task = state.tasks.get(id)
    if (task !== undefined && task.accessId === ctx.accessId && task.submitted) {
      items.push(taskInfo(task, ctx.options.seed))
    }
  }
  return ok(state, page(items, 1, items.length, items.length))
})

/** The task endpoints. @internal */
export const endpoints: ReadonlyArray<Endpoint> = [
  createTask,
  submitTask,
  stopTask,
  startTask,
  abandonTask,
  deleteTask,
  updateTaskUserLevel,
  setTaskOverTimeStop,
  fullSpeedRendering,
  getTaskList,
  queryTaskInfo
]
