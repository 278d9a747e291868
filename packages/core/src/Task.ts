/**
 * Models of the task endpoints (docs/protocol.md 4.0.3, 4.2, 4.3.1, 4.3.2, 5.1).
 *
 * Response fields the service may omit or send as `null` are optional properties; extra
 * fields the service adds are ignored.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { NumberOrString, opt, optionalExcept, optionalFields } from "./internal/fields.ts"
import { DateTimeText, Id, nameOf, oneOf, pageNum, pageSize, positiveInt, Seconds, TaskIds } from "./internal/schema.ts"

/**
 * Task status codes (`taskStatus`, `statusList`; docs/protocol.md 5.1), so code reads
 * `TaskStatus.Rendering` rather than `5`. 15 and 100 come from the document's memo and the
 * newer usage guide.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const TaskStatus = {
  Waiting: 0,
  Rendering: 5,
  PreRendering: 8,
  Stopped: 10,
  StoppedByUser: 15,
  StoppedInArrears: 20,
  StoppedByTimeout: 23,
  Finished: 25,
  FinishedWithFailedFrames: 30,
  Abandoned: 35,
  TestFinished: 40,
  Failed: 45,
  Analysing: 50,
  Updating: 100
} as const

/**
 * A task status code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus]

/**
 * The name of a status code, or `undefined` for a code this SDK does not know.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const taskStatusName = (code: number): keyof typeof TaskStatus | undefined => nameOf(TaskStatus, code)

/**
 * `recycleFlag` of the task list (docs/protocol.md 5.5): the normal list, or deleted tasks.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const RecycleFlag = { Normal: 0, Deleted: 1 } as const

/**
 * A `recycleFlag` value.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type RecycleFlag = (typeof RecycleFlag)[keyof typeof RecycleFlag]

/**
 * User-side priorities (`taskUserLevel` of createTask and updateTaskUserLevel,
 * docs/protocol.md 5.5): the Python SDK's default 50 and the raised 60 its docstring names. The
 * service accepts other integers; their range is not documented.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const TaskUserLevel = { Normal: 50, High: 60 } as const

/**
 * The `taskKeyValueVo` object of a task row.
 *
 * @since 0.1.0
 * @category models
 */
export class TaskKeyValues
  extends /* @__PURE__ */ Schema.Class<TaskKeyValues>("@rayvision/core/TaskKeyValues")(
    /* @__PURE__ */ optionalFields({
      tiles: Schema.String,
      allCamera: Schema.String,
      renderableCamera: Schema.String
    })
  ) {}

const taskInfoFields = /* @__PURE__ */ optionalExcept(["id"], {
  /** Numeric task id. */
  id: Schema.Number,
  /** Display id, e.g. `"2W14400249"`. */
  taskAlias: Schema.String,
  sceneName: Schema.String,
  /** See {@link TaskStatus}. */
  taskStatus: Schema.Number,
  statusText: Schema.String,
  preTaskStatus: Schema.Number,
  preStatusText: Schema.String,
  totalFrames: Schema.Number,
  abortFrames: Schema.Number,
  executingFrames: Schema.Number,
  doneFrames: Schema.Number,
  failedFrames: Schema.Number,
  framesRange: Schema.String,
  projectName: Schema.String,
  renderConsume: Schema.Number,
  taskArrears: Schema.Number,
  userAccountConsume: Schema.Number,
  couponConsume: Schema.Number,
  /** Epoch milliseconds. */
  submitDate: Schema.Number,
  /** Epoch milliseconds. */
  startTime: Schema.Number,
  /** Epoch milliseconds. */
  completedDate: Schema.Number,
  /** Seconds. */
  renderDuration: Schema.Number,
  userName: Schema.String,
  userId: Schema.Number,
  producer: Schema.String,
  taskLevel: Schema.Number,
  taskUserLevel: Schema.Number,
  taskLimit: Schema.Number,
  taskOverTime: Schema.Number,
  outputFileName: Schema.String,
  munuTaskId: Schema.String,
  layerParentId: NumberOrString,
  cgId: Schema.Number,
  taskKeyValueVo: TaskKeyValues,
  isOpen: Schema.Number,
  taskType: Schema.String,
  taskTypeText: Schema.String,
  renderCamera: Schema.String,
  cloneParentId: Schema.Number,
  cloneOriginalId: Schema.Number,
  shareMainCapital: Schema.Number,
  taskRam: Schema.Number,
  layerName: Schema.String,
  /** 0 = deleted, 1 = not deleted (sic, docs/protocol.md 4.0.3). */
  isDelete: Schema.Number,
  /** Seconds after which the task is stopped (setTaskOverTimeStop). */
  overTimeStop: Schema.Number,
  munuTaskIds: Schema.String,
  qyCouponConsume: Schema.Number,
  locationOutput: Schema.String,
  channel: Schema.Number,
  remark: Schema.String,
  labels: Schema.String,
  isOverTime: Schema.Number,
  waitingCount: Schema.Number,
  stopType: Schema.Number
})

/**
 * The wire form of a {@link TaskInfo}.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskInfoEncoded extends Schema.Struct.Encoded<typeof taskInfoFields> {
  readonly respRenderingTaskList?: ReadonlyArray<TaskInfoEncoded> | null
}

/**
 * One task row (docs/protocol.md 4.0.3 TaskInfo). Parent tasks carry their children (layers, photon
 * and main-picture passes) in `respRenderingTaskList`.
 *
 * @since 0.1.0
 * @category models
 */
export class TaskInfo
  extends /* @__PURE__ */ Schema.Class<TaskInfo>("@rayvision/core/TaskInfo")(
    // Spread inside a function: a bundler keeps a top-level object spread (it may run getters) and,
    // with it, the class; a pure call it drops when the class is unused.
    /* @__PURE__ */ (() => ({
      ...taskInfoFields,
      respRenderingTaskList: opt(Schema.Array(Schema.suspend((): Schema.Schema<TaskInfo, TaskInfoEncoded> => TaskInfo)))
    }))()
  ) {}

/**
 * The paging fields of a page (docs/protocol.md 4.0.3 Page).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PageFields = {
  /** Number of pages. */
  pageCount: Schema.Number,
  /** This page's number, from 1. */
  pageNum: Schema.Number,
  /** Number of rows in all pages. */
  total: Schema.Number,
  /** Page size. */
  size: Schema.Number
}

/**
 * A page of tasks (`getTaskList`, `queryTaskInfo`).
 *
 * @since 0.1.0
 * @category models
 */
export class TaskPage
  extends /* @__PURE__ */ Schema.Class<TaskPage>("@rayvision/core/TaskPage")(
    /* @__PURE__ */ (() => ({ ...PageFields, items: Schema.Array(TaskInfo) }))()
  ) {}

/**
 * Task ids reserved by `createTask` (docs/protocol.md 4.2.1).
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedTasks
  extends /* @__PURE__ */ Schema.Class<CreatedTasks>("@rayvision/core/CreatedTasks")({
    taskIdList: /* @__PURE__ */ Schema.Array(Schema.Number),
    aliasTaskIdList: /* @__PURE__ */ opt(/* @__PURE__ */ Schema.Array(Schema.String)),
    userId: /* @__PURE__ */ opt(Schema.Number)
  }) {}

/**
 * Input of `createTaskIds` (docs/protocol.md 4.2.1). Optional fields are sent whenever they are
 * given, including `0` (the Python SDK drops falsy values).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateTaskInput = /* @__PURE__ */ Schema.Struct({
  /** How many ids to reserve. Default 1. */
  count: /* @__PURE__ */ Schema.optionalWith(
    /* @__PURE__ */ Schema.Int.pipe(
      /* @__PURE__ */ Schema.between(1, 1000, { message: () => "must be a whole number from 1 to 1000" })
    ),
    {
      default: () => 1
    }
  ),
  /** User-side priority. Default 50. */
  taskUserLevel: /* @__PURE__ */ Schema.optionalWith(Schema.Int, { default: () => 50 }),
  /** An external (third-party) user id. */
  outUserId: /* @__PURE__ */ Schema.optional(Schema.Int),
  /** Custom task labels. */
  labels: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Array(Schema.String)),
  /** The id of the task to clone. */
  cloneOriginalId: /* @__PURE__ */ Schema.optional(Id),
  /** Producer name. */
  artist: /* @__PURE__ */ Schema.optional(Schema.String)
})

/**
 * Input of `submit` (docs/protocol.md 4.2.3).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SubmitInput = /* @__PURE__ */ Schema.Struct({
  taskId: Id,
  producer: /* @__PURE__ */ Schema.optional(Schema.String)
})

/**
 * A non-empty list of task ids (`taskIds` of stop, start, abandon, delete, full speed, info).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskIdsInput = /* @__PURE__ */ Schema.Struct({ taskIds: TaskIds })

/**
 * Input of `updatePriority` (docs/protocol.md 4.2.7).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdatePriorityInput = /* @__PURE__ */ Schema.Struct({
  taskId: Id,
  taskUserLevel: Schema.Int
})

/**
 * Input of `updateTaskLimit` (`updateTaskLimit`, docs/protocol.md 4.2.10): the most nodes
 * (machines) the task may render on at once, a whole number, 1 or more. The service does not
 * document the accepted range; 0 and negative limits are refused before sending.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateTaskLimitInput = /* @__PURE__ */ Schema.Struct({
  taskId: Id,
  taskLimit: /* @__PURE__ */ positiveInt("must be a whole number of nodes, 1 or more")
})

/**
 * What `updateTaskLimit` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateTaskLimitInput = typeof UpdateTaskLimitInput.Encoded

/**
 * Input of `setOvertimeStop` (docs/protocol.md 4.2.8): stop the tasks after `overTime` seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OvertimeStopInput = /* @__PURE__ */ Schema.Struct({
  taskIds: TaskIds,
  overTime: Seconds
})

/**
 * Input of `listPage` (`getTaskList`, docs/protocol.md 4.3.1). Filters are sent whenever they are
 * given, including `recycleFlag: 0`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListTasksInput = /* @__PURE__ */ Schema.Struct({
  /** Page number, from 1. Default 1. */
  pageNum,
  /** Rows per page. Default 100. */
  pageSize: /* @__PURE__ */ pageSize(100),
  /** Only tasks in these statuses ({@link TaskStatus}). */
  statusList: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Array(Schema.Int)),
  /** Scene name or job id (fuzzy). */
  searchKeyword: /* @__PURE__ */ Schema.optional(Schema.String),
  /** Submitted at or after, `"yyyy-MM-dd HH:mm:ss"`. */
  startTime: /* @__PURE__ */ Schema.optional(DateTimeText),
  /** Submitted at or before, `"yyyy-MM-dd HH:mm:ss"`. */
  endTime: /* @__PURE__ */ Schema.optional(DateTimeText),
  /** 1 = list deleted tasks. */
  recycleFlag: /* @__PURE__ */ Schema.optional(
    /* @__PURE__ */ oneOf(RecycleFlag, ["Normal", "the normal list"], ["Deleted", "deleted tasks"])
  )
})

/**
 * What `listPage` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type ListTasksInput = typeof ListTasksInput.Encoded

/**
 * What `createTaskIds` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateTaskInput = typeof CreateTaskInput.Encoded
