/**
 * Models of the task endpoints (docs/protocol.md 4.0.3, 4.2, 4.3.1, 4.3.2, 5.1).
 *
 * Response fields the service may omit or send as `null` are optional properties; extra
 * fields the service adds are ignored.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id, NumberOrString, opt, TaskIds } from "./internal/schema.ts"

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
export const taskStatusName = (code: number): keyof typeof TaskStatus | undefined =>
  (Object.keys(TaskStatus) as Array<keyof typeof TaskStatus>).find((name) => TaskStatus[name] === code)

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
export class TaskKeyValues extends Schema.Class<TaskKeyValues>("@rayvision/core/TaskKeyValues")({
  tiles: opt(Schema.String),
  allCamera: opt(Schema.String),
  renderableCamera: opt(Schema.String)
}) {}

const taskInfoFields = {
  /** Numeric task id. */
  id: Schema.Number,
  /** Display id, e.g. `"2W14400249"`. */
  taskAlias: opt(Schema.String),
  sceneName: opt(Schema.String),
  /** See {@link TaskStatus}. */
  taskStatus: opt(Schema.Number),
  statusText: opt(Schema.String),
  preTaskStatus: opt(Schema.Number),
  preStatusText: opt(Schema.String),
  totalFrames: opt(Schema.Number),
  abortFrames: opt(Schema.Number),
  executingFrames: opt(Schema.Number),
  doneFrames: opt(Schema.Number),
  failedFrames: opt(Schema.Number),
  framesRange: opt(Schema.String),
  projectName: opt(Schema.String),
  renderConsume: opt(Schema.Number),
  taskArrears: opt(Schema.Number),
  userAccountConsume: opt(Schema.Number),
  couponConsume: opt(Schema.Number),
  /** Epoch milliseconds. */
  submitDate: opt(Schema.Number),
  /** Epoch milliseconds. */
  startTime: opt(Schema.Number),
  /** Epoch milliseconds. */
  completedDate: opt(Schema.Number),
  /** Seconds. */
  renderDuration: opt(Schema.Number),
  userName: opt(Schema.String),
  userId: opt(Schema.Number),
  producer: opt(Schema.String),
  taskLevel: opt(Schema.Number),
  taskUserLevel: opt(Schema.Number),
  taskLimit: opt(Schema.Number),
  taskOverTime: opt(Schema.Number),
  outputFileName: opt(Schema.String),
  munuTaskId: opt(Schema.String),
  layerParentId: opt(NumberOrString),
  cgId: opt(Schema.Number),
  taskKeyValueVo: opt(TaskKeyValues),
  isOpen: opt(Schema.Number),
  taskType: opt(Schema.String),
  taskTypeText: opt(Schema.String),
  renderCamera: opt(Schema.String),
  cloneParentId: opt(Schema.Number),
  cloneOriginalId: opt(Schema.Number),
  shareMainCapital: opt(Schema.Number),
  taskRam: opt(Schema.Number),
  layerName: opt(Schema.String),
  /** 0 = deleted, 1 = not deleted (sic, docs/protocol.md 4.0.3). */
  isDelete: opt(Schema.Number),
  /** Seconds after which the task is stopped (setTaskOverTimeStop). */
  overTimeStop: opt(Schema.Number),
  munuTaskIds: opt(Schema.String),
  qyCouponConsume: opt(Schema.Number),
  locationOutput: opt(Schema.String),
  channel: opt(Schema.Number),
  remark: opt(Schema.String),
  labels: opt(Schema.String),
  isOverTime: opt(Schema.Number),
  waitingCount: opt(Schema.Number),
  stopType: opt(Schema.Number)
}

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
export class TaskInfo extends Schema.Class<TaskInfo>("@rayvision/core/TaskInfo")({
  ...taskInfoFields,
  respRenderingTaskList: opt(Schema.Array(Schema.suspend((): Schema.Schema<TaskInfo, TaskInfoEncoded> => TaskInfo)))
}) {}

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
export class TaskPage extends Schema.Class<TaskPage>("@rayvision/core/TaskPage")({
  ...PageFields,
  items: Schema.Array(TaskInfo)
}) {}

/**
 * Task ids reserved by `createTask` (docs/protocol.md 4.2.1).
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedTasks extends Schema.Class<CreatedTasks>("@rayvision/core/CreatedTasks")({
  taskIdList: Schema.Array(Schema.Number),
  aliasTaskIdList: opt(Schema.Array(Schema.String)),
  userId: opt(Schema.Number)
}) {}

/**
 * Input of `createTaskIds` (docs/protocol.md 4.2.1). Optional fields are sent whenever they are
 * given, including `0` (the Python SDK drops falsy values).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateTaskInput = Schema.Struct({
  /** How many ids to reserve. Default 1. */
  count: Schema.optionalWith(
    Schema.Int.pipe(Schema.between(1, 1000, { message: () => "must be a whole number from 1 to 1000" })),
    {
      default: () => 1
    }
  ),
  /** User-side priority. Default 50. */
  taskUserLevel: Schema.optionalWith(Schema.Int, { default: () => 50 }),
  /** An external (third-party) user id. */
  outUserId: Schema.optional(Schema.Int),
  /** Custom task labels. */
  labels: Schema.optional(Schema.Array(Schema.String)),
  /** The id of the task to clone. */
  cloneOriginalId: Schema.optional(Id),
  /** Producer name. */
  artist: Schema.optional(Schema.String)
})

/**
 * Input of `submit` (docs/protocol.md 4.2.3).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SubmitInput = Schema.Struct({
  taskId: Id,
  producer: Schema.optional(Schema.String)
})

/**
 * A non-empty list of task ids (`taskIds` of stop, start, abandon, delete, full speed, info).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskIdsInput = Schema.Struct({ taskIds: TaskIds })

/**
 * Input of `updatePriority` (docs/protocol.md 4.2.7).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdatePriorityInput = Schema.Struct({
  taskId: Id,
  taskUserLevel: Schema.Int
})

/**
 * Input of `setOvertimeStop` (docs/protocol.md 4.2.8): stop the tasks after `overTime` seconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OvertimeStopInput = Schema.Struct({
  taskIds: TaskIds,
  overTime: Schema.Int.pipe(Schema.positive({ message: () => "must be a positive whole number of seconds" }))
})

const DateTimeText = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, {
    message: () => 'must be a time written "yyyy-MM-dd HH:mm:ss"'
  })
)
const PageNumber = Schema.Int.pipe(Schema.positive({ message: () => "must be a whole number, 1 or more" }))

/**
 * Input of `listPage` (`getTaskList`, docs/protocol.md 4.3.1). Filters are sent whenever they are
 * given, including `recycleFlag: 0`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListTasksInput = Schema.Struct({
  /** Page number, from 1. Default 1. */
  pageNum: Schema.optionalWith(PageNumber, { default: () => 1 }),
  /** Rows per page. Default 100. */
  pageSize: Schema.optionalWith(PageNumber, { default: () => 100 }),
  /** Only tasks in these statuses ({@link TaskStatus}). */
  statusList: Schema.optional(Schema.Array(Schema.Int)),
  /** Scene name or job id (fuzzy). */
  searchKeyword: Schema.optional(Schema.String),
  /** Submitted at or after, `"yyyy-MM-dd HH:mm:ss"`. */
  startTime: Schema.optional(DateTimeText),
  /** Submitted at or before, `"yyyy-MM-dd HH:mm:ss"`. */
  endTime: Schema.optional(DateTimeText),
  /** 1 = list deleted tasks. */
  recycleFlag: Schema.optional(
    Schema.Literal(0, 1).annotations({
      message: () => ({ message: "must be 0 (the normal list) or 1 (deleted tasks)", override: true })
    })
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
