/**
 * Task endpoints (docs/protocol.md 4.2, 4.3.1, 4.3.2). Conventions for task ids (docs/protocol.md
 * 4.2, 4.3):
 *
 * - **Actions** (submit, stop, start, abandon, delete, priority, node limit, timeout, full speed)
 *   on an id the account does not own (unknown, or another account's) answer
 *   `404 resource_not_found` and change nothing. A request with several ids is all or nothing: the first failing id decides.
 * - **Queries** (`queryTaskInfo/v2`, `getTaskList/v2`) are filters: another account's tasks are
 *   never visible, so such ids are simply absent from the page (the SDK's `get_small_task_id`
 *   expects an empty page for an unknown id).
 * - A task reserved by `createTask` but not submitted exists (it can be submitted, its priority,
 *   node limit and timeout can be set) but is invisible to the queries; the lifecycle actions on it answer
 *   `600` ("not submitted").
 * - An action that does not apply to the task's status answers `600` with the reason; repeating
 *   an action whose effect is already there (stopping a stopped task) succeeds and changes nothing,
 *   so the SDK's retries (docs/protocol.md 6.3) are harmless.
 * - The farm (`farm.ts`) moves tasks on by itself: the state is brought up to the request's time
 *   before the handler runs. An action on a parent task (layers) applies to each of its children
 *   (where it applies) and the parent is recomputed from them; an action on a child id acts on that
 *   child alone. `getTaskList` lists top-level tasks only (children are in their parent's
 *   `respRenderingTaskList`); `queryTaskInfo` also answers a child's id.
 * - Every successful action makes a task record per requested id (`records.ts`, docs/protocol.md
 *   4.1.5), read with `taskRecord`.
 *
 * @internal
 */
import { Either } from "effect"
import type { SimTask } from "../../Simulator.ts"
import { invalid, notFound, type ServiceError } from "../codes.ts"
import { inRange, rangeOf } from "../dates.ts"
import { refreshParents } from "../farm.ts"
import * as Farm from "../farmActions.ts"
import { taskInfo, type View } from "../farmViews.ts"
import { recordTasks, type TaskOperation } from "../records.ts"
import { numberSetting, reservedTask, type State } from "../state.ts"
import { ACTIVE, inPhase, type Phase, RESTARTABLE, statusLabel } from "../statuses.ts"
import * as V from "../validate.ts"
import { endpoint, type Endpoint, type HandlerContext, ok, type Outcome, page, reject } from "./common.ts"

/** The task with this id if the account owns it. @internal */
export const owned = (state: State, ctx: HandlerContext, id: number): Either.Either<SimTask, ServiceError> => {
  const task = state.tasks.get(id)
  return task === undefined || task.accessId !== ctx.accessId
    ? notFound(`task ${id} does not exist`)
    : Either.right(task)
}

/**
 * An action on tasks: `check` decides on the requested task (a parent by its aggregated status),
 * `apply` changes the task and then each of a parent's children (it must leave alone what it
 * does not apply to).
 * @internal
 */
export interface Action {
  readonly check: (task: SimTask) => Either.Either<void, ServiceError>
  readonly apply: (task: SimTask) => SimTask
}

const pass: Either.Either<void, ServiceError> = Either.right(undefined)

/**
 * Applies an action to every task of `ids` (deduplicated, request order) and to the children of
 * parents, all or nothing, then recomputes the parents involved.
 * @internal
 */
export const updateTasks = (
  state: State,
  ctx: HandlerContext,
  ids: ReadonlyArray<number>,
  action: Action
): Either.Either<State, ServiceError> => {
  const tasks = new Map(state.tasks)
  const touched: Array<number> = []
  for (const id of new Set(ids)) {
    const task = owned(state, ctx, id)
    if (Either.isLeft(task)) return Either.left(task.left)
    const current = tasks.get(id) ?? task.right
    const checked = action.check(current)
    if (Either.isLeft(checked)) return Either.left(checked.left)
    for (const target of [id, ...current.childIds]) {
      const t = tasks.get(target)
      if (t !== undefined) tasks.set(target, action.apply(t))
    }
    touched.push(id)
  }
  refreshParents(tasks, touched)
  return Either.right({ ...state, tasks })
}

/** Lifecycle actions need a submitted task that is not deleted. @internal */
export const lifecycle = (task: SimTask, action: string): Either.Either<void, ServiceError> => {
  if (!task.submitted) return invalid(`task ${task.id} has not been submitted`)
  if (task.isDelete === 0) return invalid(`task ${task.id} is deleted and cannot be ${action}`)
  return pass
}

/**
 * Runs an action over `taskIds`, answering `data` on success; with `record`, a successful run also
 * makes a task record per id (`records.ts`). @internal
 */
export const bulk = (
  state: State,
  ctx: HandlerContext,
  ids: ReadonlyArray<number>,
  data: unknown,
  action: Action,
  record?: { readonly operation: TaskOperation; readonly content?: string }
): Outcome => {
  const next = updateTasks(state, ctx, ids, action)
  if (Either.isLeft(next)) return reject(state, next.left)
  return ok(
    record === undefined ? next.right : recordTasks(next.right, ctx, ids, record.operation, record.content),
    data
  )
}

/** The farm's view of the state at the request's time. @internal */
export const viewOf = (state: State, ctx: HandlerContext): View => ({
  now: ctx.now,
  options: ctx.options,
  tasks: state.tasks
})

/** A lifecycle action that applies in these phases of a task (600 in the others). */
const allowedIn =
  (verb: string, phases: ReadonlyArray<Phase>) =>
  (task: SimTask): Either.Either<void, ServiceError> =>
    Either.flatMap(lifecycle(task, verb), () =>
      inPhase(task.taskStatus, ...phases)
        ? pass
        : invalid(`task ${task.id} cannot be ${verb} in status ${statusLabel(task.taskStatus)}`)
    )

/**
 * An endpoint that applies an action to the tasks its body names (see {@link bulk}), answering
 * `data` and recording `operation` (with `content`) for each of them.
 */
const taskAction = <I>(
  path: string,
  input: V.Validator<I>,
  spec: {
    readonly ids: (input: I) => ReadonlyArray<number>
    readonly data: unknown
    readonly operation: TaskOperation
    readonly content?: (input: I) => string
    readonly check?: (task: SimTask) => Either.Either<void, ServiceError>
    readonly apply: (task: SimTask, ctx: HandlerContext, input: I) => SimTask
  }
): Endpoint =>
  endpoint(
    path,
    input
  )((ctx, body, state) =>
    bulk(
      state,
      ctx,
      spec.ids(body),
      spec.data,
      { check: spec.check ?? (() => pass), apply: (task) => spec.apply(task, ctx, body) },
      { operation: spec.operation, ...(spec.content === undefined ? {} : { content: spec.content(body) }) }
    )
  )

/** The tasks the list shows: submitted top-level tasks of this account (children are in their parent). @internal */
const visibleTasks = (state: State, accessId: string): Array<SimTask> =>
  Array.from(state.tasks.values()).filter((t) => t.accessId === accessId && t.submitted && t.layerParentId === 0)

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/** The most ids one `createTask` may reserve. @internal */
export const MAX_CREATE_COUNT = 1000

export const createTask = endpoint(
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

/**
 * Submits a reserved task: `Waiting` with its frames (or a parent with one child per farm layer),
 * submit date now. A second submit answers 600.
 */
export const submitTask = endpoint(
  "/api/render/submit/task",
  V.struct({ taskId: V.int(), producer: V.optional(V.string()) })
)((ctx, input, state, account) => {
  const task = owned(state, ctx, input.taskId)
  if (Either.isLeft(task)) return reject(state, task.left)
  if (task.right.submitted) return { state, result: invalid(`task ${task.right.id} has already been submitted`) }
  const next = Farm.submit(state, task.right, {
    now: ctx.now,
    producer: input.producer ?? task.right.producer,
    taskOverTime: numberSetting(account, "taskOverTimeSec", 43_200),
    options: ctx.options
  })
  return ok(recordTasks(next, ctx, [input.taskId], "submit"), null)
})

const taskIds = V.struct({ taskIds: V.intList({ nonEmpty: true }) })
const listed = (input: { readonly taskIds: ReadonlyArray<number> }) => input.taskIds
const single = (input: { readonly taskId: number }) => [input.taskId]

/**
 * Waiting, pre-processing, analysing or rendering -> `Stopped` (10): running frames go back to
 * waiting (their partial run is lost) and nothing progresses; already stopped: no change.
 */
export const stopTask = taskAction("/api/rendering/task/renderingTask/stopTask", taskIds, {
  ids: listed,
  data: null,
  operation: "stop",
  check: allowedIn("stopped", [...ACTIVE, "stopped"]),
  apply: (task, ctx) => Farm.stopTask(task, ctx.now)
})

/**
 * Stopped (by the user or by timeout) -> `Waiting` (0), queued again for `queueSeconds`; already
 * waiting or running: no change.
 */
export const startTask = taskAction("/api/rendering/task/renderingTask/startTask", taskIds, {
  ids: listed,
  data: null,
  operation: "start",
  check: allowedIn("started", [...ACTIVE, ...RESTARTABLE]),
  apply: (task, ctx) => Farm.startTask(task, ctx.now, ctx.options)
})

/**
 * Any unfinished task -> `Abandoned` (35): its waiting and running frames become stopped (3) and
 * never run. Already abandoned: no change; finished tasks: 600.
 */
export const abandonTask = taskAction("/api/render/handle/abandonTask", taskIds, {
  ids: listed,
  data: null,
  operation: "abandon",
  check: (task) =>
    Either.flatMap(lifecycle(task, "abandoned"), () =>
      inPhase(task.taskStatus, "finished")
        ? invalid(`task ${task.id} is finished (status ${statusLabel(task.taskStatus)}) and cannot be abandoned`)
        : pass
    ),
  apply: (task, ctx) => Farm.abandonTask(task, ctx.now)
})

/**
 * Moves submitted tasks (with their layer children) to the recycle bin: `isDelete` 0
 * (docs/protocol.md 4.0.3: 0 = deleted). The status is kept. Deleting a deleted task changes
 * nothing. A layer child is deleted with its parent only (600 alone).
 */
export const deleteTask = taskAction("/api/render/handle/deleteTask", taskIds, {
  ids: listed,
  data: null,
  operation: "delete",
  check: (task) => {
    if (!task.submitted) return invalid(`task ${task.id} has not been submitted`)
    if (task.layerParentId !== 0) {
      return invalid(`task ${task.id} is a layer of task ${task.layerParentId}; delete the parent`)
    }
    return pass
  },
  apply: (task) => (task.isDelete === 0 ? task : { ...task, isDelete: 0 })
})

/**
 * Sets `taskUserLevel` of any owned task (and its children). The range is not documented, so any
 * int is taken. The value is kept and shown, but does not change the queue: every simulated task
 * has nodes of its own.
 */
export const updateTaskUserLevel = taskAction(
  "/api/rendering/task/renderingTask/updateTaskUserLevel",
  V.struct({ taskId: V.int(), taskUserLevel: V.int() }),
  {
    ids: single,
    data: null,
    operation: "priority",
    content: (input) => `taskUserLevel ${input.taskUserLevel}`,
    apply: (task, _ctx, input) => ({ ...task, taskUserLevel: input.taskUserLevel })
  }
)

/**
 * Sets the node limit of any owned task (and its children), docs/protocol.md 4.2.10: `taskLimit`,
 * 1 or more (600 otherwise), is the most frames of the task rendered at once from now on, in place
 * of the farm's `nodes` (or `fullSpeedNodes`), and `queryTaskInfo` shows it as `taskLimit`. Like
 * the priority it may be set before submission and in any status; setting the same value again
 * changes nothing. Data `null` (the answer is undocumented).
 */
export const updateTaskLimit = taskAction(
  "/api/render/handle/updateTaskLimit",
  V.struct({ taskId: V.int(), taskLimit: V.int({ min: 1 }) }),
  {
    ids: single,
    data: null,
    operation: "limit",
    content: (input) => `taskLimit ${input.taskLimit}`,
    apply: (task, ctx, input) => Farm.setTaskLimit(task, input.taskLimit, ctx.now, ctx.options)
  }
)

/**
 * Sets `overTimeStop` (seconds; 0 = no limit) of owned tasks and their children; data `"SUCCESS"`
 * (docs/protocol.md 4.2.8). A task rendering for more than this many seconds in total goes to
 * `StoppedByTimeout` (23); one already over the limit stops now.
 */
export const setTaskOverTimeStop = taskAction(
  "/api/render/handle/setTaskOverTimeStop",
  V.struct({ taskIds: V.intList({ nonEmpty: true }), overTime: V.int({ min: 0 }) }),
  {
    ids: listed,
    data: "SUCCESS",
    operation: "overtime",
    content: (input) => `overTime ${input.overTime}`,
    apply: (task, ctx, input) => Farm.setOverTime(task, input.overTime, ctx.now)
  }
)

/**
 * Renders submitted tasks at full speed from now on (`fullSpeedNodes` frames at once); data
 * `"success"` (docs/protocol.md 4.2.9).
 */
export const fullSpeedRendering = taskAction("/api/render/handle/fullSpeedRendering", taskIds, {
  ids: listed,
  data: "success",
  operation: "fullSpeed",
  check: (task) => lifecycle(task, "rendered at full speed"),
  apply: (task, ctx) => Farm.fullSpeedTask(task, ctx.now, ctx.options)
})

/**
 * The task list (docs/protocol.md 4.3.1), newest submission first. Filters combine: `statusList`
 * (empty = all), `searchKeyword` (case-insensitive substring of the scene name, alias or id),
 * `startTime`/`endTime` (`yyyy-MM-dd HH:mm:ss` in the service's zone, inclusive, on the submit
 * date), `recycleFlag` 1 = deleted tasks only, otherwise tasks not deleted. Empty strings are the
 * same as an absent filter (the SDK never sends them).
 */
export const getTaskList = endpoint(
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
  const range = rangeOf(
    { name: "startTime", value: input.startTime },
    { name: "endTime", value: input.endTime },
    ctx.options.utcOffsetMinutes
  )
  if (Either.isLeft(range)) return reject(state, range.left)
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
        inRange(range.right, t.submitDate ?? 0)
    )
    .sort((a, b) => (b.submitDate ?? 0) - (a.submitDate ?? 0) || b.id - a.id)
  const start = (input.pageNum - 1) * input.pageSize
  const view = viewOf(state, ctx)
  const items = rows.slice(start, start + input.pageSize).map((t) => taskInfo(t, view))
  return ok(state, page(items, input.pageNum, input.pageSize, rows.length))
})

/**
 * Details of tasks by id (docs/protocol.md 4.3.2), in request order; ids the account cannot see are
 * left out. A layer child's id answers the child's row.
 */
export const queryTaskInfo = endpoint(
  "/api/render/handle/queryTaskInfo/v2",
  taskIds
)((ctx, input, state) => {
  const items: Array<unknown> = []
  for (const id of new Set(input.taskIds)) {
    const task = state.tasks.get(id)
    if (task !== undefined && task.accessId === ctx.accessId && task.submitted) {
      items.push(taskInfo(task, viewOf(state, ctx)))
    }
  }
  return ok(state, page(items, 1, items.length, items.length))
})
