/**
 * Task lifecycle and queries, frames, render logs and analysis errors (docs/protocol.md 4.2, 4.3),
 * and the client-side workflows built on them (docs/protocol.md 6.6).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type CallError, InvalidRequest, type UnsafeCallError } from "./ApiError.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Frame from "./Frame.ts"
import type { FrameInfo } from "./Frame.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { lookAheadOf, pagesOf } from "./internal/paging.ts"
import { Ignored, NoInput } from "./internal/schema.ts"
import {
  CreatedTasks,
  CreateTaskInput,
  ListTasksInput,
  type ListTasksInput as ListTasksInputEncoded,
  OvertimeStopInput,
  SubmitInput,
  TaskIdsInput,
  type TaskInfo,
  TaskPage,
  UpdatePriorityInput,
  UpdateTaskLimitInput
} from "./Task.ts"

/** The arguments of the methods that take task ids alone. */
const taskIds = (taskIds: TaskIds) => ({ taskIds })

/**
 * The endpoints this service calls, and the methods they make. Whether a call is repeated after
 * a transient failure:
 *
 * - never: creating ids and submitting (a lost answer must not create or submit twice), and
 *   resubmitting frames (`recommitTasks`, `recommitTaskFrames`): the first attempt may have
 *   gone through, and by the time of the repeat its frames may be waiting or rendering again,
 *   so a repeat could re-queue them once more (a second render, a second charge) and counts
 *   as a second resubmission (`recommitFlag`);
 * - yes: stop, start, abandon, delete, full speed and the settings (priority, node limit,
 *   timeout), whose effect is a state a repeat leaves as it is (setting a task's limit to 3
 *   twice leaves it at 3, as `updatePriority` does); stopping frames (`stopTaskFrames`) likewise,
 *   since stopping a stopped frame changes nothing; and every query.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = /* @__PURE__ */ Endpoint.table("TaskService", {
  /** Reserves task ids (`createTask`). Never retried: a lost answer must not create more ids. */
  createTaskIds: {
    path: "/api/render/submit/createTask",
    idempotent: false,
    request: CreateTaskInput,
    response: CreatedTasks
  },
  /** Submits a task for rendering (`task`). Never retried. */
  submit: { path: "/api/render/submit/task", idempotent: false, request: SubmitInput, response: Ignored },
  /** Stops tasks (`stopTask`). */
  stop: {
    path: "/api/rendering/task/renderingTask/stopTask",
    idempotent: true,
    request: TaskIdsInput,
    response: Ignored,
    args: taskIds
  },
  /** Starts stopped tasks again (`startTask`). */
  start: {
    path: "/api/rendering/task/renderingTask/startTask",
    idempotent: true,
    request: TaskIdsInput,
    response: Ignored,
    args: taskIds
  },
  /** Abandons tasks (`abandonTask`). */
  abandon: {
    path: "/api/render/handle/abandonTask",
    idempotent: true,
    request: TaskIdsInput,
    response: Ignored,
    args: taskIds
  },
  /** Deletes tasks (`deleteTask`); they stay listable with `recycleFlag: 1`. */
  delete: {
    path: "/api/render/handle/deleteTask",
    idempotent: true,
    request: TaskIdsInput,
    response: Ignored,
    args: taskIds
  },
  /** Renders tasks at full speed (`fullSpeedRendering`). */
  fullSpeed: {
    path: "/api/render/handle/fullSpeedRendering",
    idempotent: true,
    request: TaskIdsInput,
    response: Ignored,
    args: taskIds
  },
  /** Changes a task's user-side priority (`updateTaskUserLevel`). */
  updatePriority: {
    path: "/api/rendering/task/renderingTask/updateTaskUserLevel",
    idempotent: true,
    request: UpdatePriorityInput,
    response: Ignored
  },
  /**
   * Sets the most nodes (machines) a task renders on at once (`updateTaskLimit`, docs/protocol.md
   * 4.2.10; the Python SDK's `task.update_task_limit`), a whole number, 1 or more. The answer is
   * not documented and not read. Retried like `updatePriority`: setting the same limit again
   * changes nothing.
   */
  updateTaskLimit: {
    path: "/api/render/handle/updateTaskLimit",
    idempotent: true,
    request: UpdateTaskLimitInput,
    response: Ignored
  },
  /** Stops tasks once they ran `overTime` seconds (`setTaskOverTimeStop`). */
  setOvertimeStop: {
    path: "/api/render/handle/setTaskOverTimeStop",
    idempotent: true,
    request: OvertimeStopInput,
    response: Ignored
  },
  /** One page of the task list, with its filters (`getTaskList/v2`). */
  listPage: {
    path: "/api/render/handle/getTaskList/v2",
    idempotent: true,
    request: ListTasksInput,
    response: TaskPage
  },
  /** Details of tasks (`queryTaskInfo/v2`). */
  info: {
    path: "/api/render/handle/queryTaskInfo/v2",
    idempotent: true,
    request: TaskIdsInput,
    response: TaskPage,
    args: taskIds
  },
  /** One page of a task's frames (`queryTaskFrames`); see {@link Service.frames} for all of them. */
  framesPage: {
    path: "/api/render/handle/queryTaskFrames",
    idempotent: true,
    request: Frame.FramesPageInput,
    response: Frame.FramePage
  },
  /** Frame totals of the whole account (`queryAllFrameStats`). */
  allFrameStats: {
    path: "/api/render/handle/queryAllFrameStats",
    idempotent: true,
    request: NoInput,
    response: Frame.FrameStats
  },
  /**
   * Resubmits the failed frames of whole tasks, or the frames in the given `status`es
   * (`recommitTasks`). Never retried.
   */
  restartFailedFrames: {
    path: "/api/render/handle/recommitTasks",
    idempotent: false,
    request: Frame.RestartFailedFramesInput,
    response: Ignored
  },
  /**
   * Resubmits frames of a task (`recommitTaskFrames`): the frames with the given ids, or every
   * frame (in the given `status`es) when `frameIds` is left out. Never retried.
   */
  restartFrames: {
    path: "/api/render/handle/recommitTaskFrames",
    idempotent: false,
    request: Frame.FrameSelection,
    response: Ignored
  },
  /**
   * Stops frames of a task (`stopTaskFrames`): the frames with the given ids, or every frame
   * (in the given `status`es; the service honours `status` only then) when `frameIds` is left
   * out.
   */
  stopFrames: {
    path: "/api/render/handle/stopTaskFrames",
    idempotent: true,
    request: Frame.FrameSelection,
    response: Ignored
  },
  /** The render-progress image of a task, 3ds Max only (`loadTaskProcessImg`). */
  progressImage: {
    path: "/api/render/handle/loadTaskProcessImg",
    idempotent: true,
    request: Frame.ProgressImageInput,
    response: Frame.ProgressImage
  },
  /** Thumbnail paths of a finished frame (`loadingFrameThumbnail`); empty when there are none. */
  frameThumbnails: {
    path: "/api/render/handle/loadingFrameThumbnail",
    idempotent: true,
    request: Frame.FrameThumbnailsInput,
    response: Frame.Thumbnails
  },
  /** One page of a frame's render log (`showLog`). */
  renderLog: {
    path: "/api/render/handle/showLog",
    idempotent: true,
    request: Frame.RenderLogInput,
    response: Frame.RenderLogPage
  },
  /** Descriptions of analysis error codes (`queryAnalyseErrorDetail`); needs `code` or `codes`. */
  analysisErrorDetail: {
    path: "/api/render/submit/queryAnalyseErrorDetail",
    idempotent: true,
    request: Frame.AnalysisErrorDetailInput,
    response: /* @__PURE__ */ Schema.Array(Frame.CodeInfo)
  }
})

/**
 * A list of task ids.
 *
 * @since 0.1.0
 * @category models
 */
export type TaskIds = ReadonlyArray<number>

/**
 * How far a paging stream reads ahead of its consumer.
 *
 * @since 0.1.0
 * @category models
 */
export interface PagingOptions {
  /**
   * Pages requested ahead of the one the consumer is reading, a whole number, 0 or more.
   * Default 0: a page is requested only when the consumer pulls past the previous one (nothing
   * is requested before the first pull). With 1, the next page is fetched while the consumer
   * works through the current one. Never beyond the last page the service announces.
   */
  readonly lookAhead?: number
}

/**
 * The filters of {@link Service.list} and {@link Service.listPages}: those of `getTaskList`
 * (docs/protocol.md 4.3.1) without `pageNum` (the stream pages by itself), plus
 * {@link PagingOptions}.
 *
 * @since 0.1.0
 * @category models
 */
export type ListFilters = Omit<ListTasksInputEncoded, "pageNum"> & PagingOptions

/**
 * Options of {@link Service.frames}, {@link Service.framePages} and {@link Service.allFrames}.
 *
 * @since 0.1.0
 * @category models
 */
export interface FramesOptions extends PagingOptions {
  /** Frames per page. Default 100. */
  readonly pageSize?: number
  /** Name of a multi-frame-per-node group (sent whenever given, including `""`). */
  readonly searchKeyword?: string
}

/**
 * The task service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Endpoint.Methods<typeof endpoints> {
  /**
   * Every task of the list, page by page (`getTaskList/v2` with the given filters), as a
   * stream: pages are requested lazily as the consumer pulls (see {@link PagingOptions}),
   * the last one is the one the service announces (`pageCount`, or once `total` rows are in;
   * never an extra empty request), and only the page being read (plus the look-ahead) is held
   * in memory, however long the list. Input errors fail the stream with `InvalidRequest`
   * before anything is sent.
   */
  readonly list: (filters?: ListFilters) => Stream.Stream<TaskInfo, CallError>
  /** The pages of {@link Service.list}, whole. */
  readonly listPages: (filters?: ListFilters) => Stream.Stream<TaskPage, CallError>
  /**
   * Every frame of a task, page by page (`queryTaskFrames`), as a stream, paged as
   * {@link Service.list} is.
   */
  readonly frames: (taskId: number, options?: FramesOptions) => Stream.Stream<FrameInfo, CallError>
  /** The pages of {@link Service.frames}, whole. */
  readonly framePages: (taskId: number, options?: FramesOptions) => Stream.Stream<Frame.FramePage, CallError>
  /**
   * Every frame of a task, in the service's order, read page by page (`queryTaskFrames`) up to
   * the last page the service announces (`pageCount`, or once `total` frames are in). Frames
   * sharing a `frameIndex` are all kept (the SDK's `get_all_frames` kept one of them). A task
   * with layers carries its frames in its child tasks: read those by their ids
   * ({@link Service.subTaskIds}). Collects {@link Service.frames}; prefer the stream for large
   * tasks.
   */
  readonly allFrames: (taskId: number, options?: FramesOptions) => Effect.Effect<ReadonlyArray<FrameInfo>, CallError>
  /**
   * Resubmits the frames of a task whose `frameIndex` is exactly one of `frameIndexes` (e.g.
   * `"10"`, `"2-4[1]"`), every frame with that index. Fails with {@link FramesNotFound} listing
   * the indexes that match no frame, before resubmitting anything. Frames are those of
   * {@link Service.allFrames} for `taskId` (for layers, pass a child task's id).
   */
  readonly restartFramesByIndex: (
    taskId: number,
    frameIndexes: ReadonlyArray<string>
  ) => Effect.Effect<void, UnsafeCallError | FramesNotFound>
  /** Stops frames by `frameIndex`, as {@link Service.restartFramesByIndex} resubmits them. */
  readonly stopFramesByIndex: (
    taskId: number,
    frameIndexes: ReadonlyArray<string>
  ) => Effect.Effect<void, CallError | FramesNotFound>
  /**
   * The ids of a task's child tasks (layers, photon and main-picture passes), or `[taskId]`
   * when it has none. Fails with {@link TaskNotFound} when the service does not list the task.
   */
  readonly subTaskIds: (taskId: number) => Effect.Effect<ReadonlyArray<number>, CallError | TaskNotFound>
}

/**
 * A client-side workflow found no such task: the service does not list it for this account
 * (unknown, another account's, or not submitted yet).
 *
 * @since 0.1.0
 * @category errors
 */
export class TaskNotFound
  extends /* @__PURE__ */ Schema.TaggedError<TaskNotFound>("@rayvision/core/TaskNotFound")("TaskNotFound", {
    taskId: Schema.Number
  })
{
  /** A sentence a person understands: which task was not found. */
  override get message() {
    return `task ${this.taskId} does not exist or is not visible to this account (tasks are listed once submitted)`
  }
}

/**
 * A client-side frame workflow (restart or stop frames by index) was asked for frame indexes
 * the task does not have. `frameIndexes` lists the ones that matched no frame; nothing was
 * restarted or stopped.
 *
 * @since 0.1.0
 * @category errors
 */
export class FramesNotFound
  extends /* @__PURE__ */ Schema.TaggedError<FramesNotFound>("@rayvision/core/FramesNotFound")("FramesNotFound", {
    taskId: Schema.Number,
    /** The requested frame indexes (`frameIndex` text) that matched no frame of the task. */
    frameIndexes: /* @__PURE__ */ Schema.Array(Schema.String)
  })
{
  /** A sentence a person understands: which frame indexes the task lacks, and that nothing was done. */
  override get message() {
    const list = this.frameIndexes.map((index) => JSON.stringify(index)).join(", ")
    return `task ${this.taskId} has no frame with index ${list} (no frame was restarted or stopped)`
  }
}

/**
 * The task service of the client in scope.
 *
 * @example
 * ```ts
 * import { TaskService } from "@rayvision/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const tasks = yield* TaskService.TaskService
 *   const { taskIdList } = yield* tasks.createTaskIds()
 *   yield* tasks.submit({ taskId: taskIdList[0]! })
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class TaskService extends /* @__PURE__ */ Context.Tag("@rayvision/core/TaskService")<TaskService, Service>() {}

/**
 * Builds the service on the transport in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const transport = yield* HttpTransport
  const methods = Endpoint.bind(transport.call, endpoints)
  const operation = Endpoint.operationsOf<Service>("TaskService")
  const span = (taskId: number) => ({
    captureStackTrace: false,
    attributes: { "rayvision.task_ids": String(taskId) }
  })

  const streamSpan = (attributes: Record<string, unknown>) => ({ captureStackTrace: false, attributes })

  const listPages = (filters: ListFilters = {}) => {
    const { lookAhead, ...input } = filters
    return Stream.unwrap(
      Effect.map(lookAheadOf(operation("listPages"), lookAhead), (ahead) =>
        pagesOf((pageNum) => methods.listPage({ ...input, pageNum }), ahead)
      )
    )
  }

  const framePages = (taskId: number, options: FramesOptions = {}) => {
    const { lookAhead, ...input } = options
    return Stream.unwrap(
      Effect.map(lookAheadOf(operation("framePages"), lookAhead), (ahead) =>
        pagesOf((pageNum) => methods.framesPage({ ...input, taskId, pageNum }), ahead)
      )
    )
  }
  const frames = (taskId: number, options?: FramesOptions) =>
    Stream.mapConcat(framePages(taskId, options), (page) => page.items)

  const allFrames = (taskId: number, options?: FramesOptions) =>
    Effect.map(Stream.runCollect(frames(taskId, options)), Chunk.toReadonlyArray)

  const byIndex =
    <E>(operation: string, act: (input: Frame.FrameSelection) => Effect.Effect<void, E>) =>
    (taskId: number, frameIndexes: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        if (frameIndexes.length === 0) {
          return yield* new InvalidRequest({
            operation,
            field: "frameIndexes",
            issue: "must hold at least one frame index"
          })
        }
        const frames = yield* allFrames(taskId)
        const present = new Set(frames.map((frame) => frame.frameIndex))
        const missing = [...new Set(frameIndexes)].filter((index) => !present.has(index))
        if (missing.length > 0) return yield* new FramesNotFound({ taskId, frameIndexes: missing })
        const wanted = new Set(frameIndexes)
        const frameIds = frames.filter((frame) => wanted.has(frame.frameIndex)).map((frame) => frame.id)
        yield* act({ taskId, frameIds: [...new Set(frameIds)] })
      }).pipe(Effect.withSpan(operation, span(taskId)))

  return TaskService.of({
    ...methods,
    listPages: (filters) => listPages(filters).pipe(Stream.withSpan(operation("listPages"), streamSpan({}))),
    list: (filters) =>
      Stream.mapConcat(listPages(filters), (page) => page.items).pipe(
        Stream.withSpan(operation("list"), streamSpan({}))
      ),
    framePages: (taskId, options) =>
      framePages(taskId, options).pipe(
        Stream.withSpan(operation("framePages"), streamSpan({ "rayvision.task_ids": String(taskId) }))
      ),
    frames: (taskId, options) =>
      frames(taskId, options).pipe(
        Stream.withSpan(operation("frames"), streamSpan({ "rayvision.task_ids": String(taskId) }))
      ),
    allFrames: (taskId, options) =>
      allFrames(taskId, options).pipe(Effect.withSpan(operation("allFrames"), span(taskId))),
    restartFramesByIndex: byIndex(operation("restartFramesByIndex"), methods.restartFrames),
    stopFramesByIndex: byIndex(operation("stopFramesByIndex"), methods.stopFrames),
    subTaskIds: (taskId) =>
      Effect.flatMap(methods.info([taskId]), (page) => {
        const task = page.items.find((item) => item.id === taskId)
        if (task === undefined) return Effect.fail(new TaskNotFound({ taskId }))
        const children = task.respRenderingTaskList ?? []
        return Effect.succeed(children.length === 0 ? [taskId] : children.map((child) => child.id))
      }).pipe(Effect.withSpan(operation("subTaskIds"), span(taskId)))
  })
})

/**
 * The service layer; needs an `HttpTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TaskService, never, HttpTransport> = /* @__PURE__ */ Layer.effect(TaskService, make)
