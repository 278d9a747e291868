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
import { type ApiError, FramesNotFound, InvalidRequest, TaskNotFound } from "./ApiError.ts"
import * as Endpoint from "./Endpoint.ts"
import {
  AnalysisErrorDetailInput,
  CodeInfo,
  FramePage,
  FrameSelection,
  FramesPageInput,
  FrameStats,
  FrameThumbnailsInput,
  ProgressImage,
  ProgressImageInput,
  RenderLogInput,
  RenderLogPage,
  RestartFailedFramesInput,
  Thumbnails
} from "./Frame.ts"
import type { FrameInfo } from "./Frame.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { lookAheadOf, pagesOf } from "./internal/paging.ts"
import { NoInput } from "./internal/schema.ts"
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

const action = (operation: string, path: string, idempotent: boolean) =>
  Endpoint.make({ operation, path, idempotent, request: TaskIdsInput, response: Schema.Unknown })

/**
 * The endpoints this service calls. Whether a call is repeated after a transient failure:
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
export const endpoints = {
  createTaskIds: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.createTaskIds",
    path: "/api/render/submit/createTask",
    idempotent: false,
    request: CreateTaskInput,
    response: CreatedTasks
  }),
  submit: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.submit",
    path: "/api/render/submit/task",
    idempotent: false,
    request: SubmitInput,
    response: Schema.Unknown
  }),
  stop: /* @__PURE__ */ action("TaskService.stop", "/api/rendering/task/renderingTask/stopTask", true),
  start: /* @__PURE__ */ action("TaskService.start", "/api/rendering/task/renderingTask/startTask", true),
  abandon: /* @__PURE__ */ action("TaskService.abandon", "/api/render/handle/abandonTask", true),
  delete: /* @__PURE__ */ action("TaskService.delete", "/api/render/handle/deleteTask", true),
  fullSpeed: /* @__PURE__ */ action("TaskService.fullSpeed", "/api/render/handle/fullSpeedRendering", true),
  updatePriority: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.updatePriority",
    path: "/api/rendering/task/renderingTask/updateTaskUserLevel",
    idempotent: true,
    request: UpdatePriorityInput,
    response: Schema.Unknown
  }),
  updateTaskLimit: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.updateTaskLimit",
    path: "/api/render/handle/updateTaskLimit",
    idempotent: true,
    request: UpdateTaskLimitInput,
    // Not documented (docs/protocol.md 4.2.10): whatever comes is accepted and dropped.
    response: Schema.Unknown
  }),
  setOvertimeStop: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.setOvertimeStop",
    path: "/api/render/handle/setTaskOverTimeStop",
    idempotent: true,
    request: OvertimeStopInput,
    response: Schema.Unknown
  }),
  listPage: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.listPage",
    path: "/api/render/handle/getTaskList/v2",
    idempotent: true,
    request: ListTasksInput,
    response: TaskPage
  }),
  info: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.info",
    path: "/api/render/handle/queryTaskInfo/v2",
    idempotent: true,
    request: TaskIdsInput,
    response: TaskPage
  }),
  framesPage: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.framesPage",
    path: "/api/render/handle/queryTaskFrames",
    idempotent: true,
    request: FramesPageInput,
    response: FramePage
  }),
  allFrameStats: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.allFrameStats",
    path: "/api/render/handle/queryAllFrameStats",
    idempotent: true,
    request: NoInput,
    response: FrameStats
  }),
  restartFailedFrames: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.restartFailedFrames",
    path: "/api/render/handle/recommitTasks",
    idempotent: false,
    request: RestartFailedFramesInput,
    response: Schema.Unknown
  }),
  restartFrames: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.restartFrames",
    path: "/api/render/handle/recommitTaskFrames",
    idempotent: false,
    request: FrameSelection,
    response: Schema.Unknown
  }),
  stopFrames: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.stopFrames",
    path: "/api/render/handle/stopTaskFrames",
    idempotent: true,
    request: FrameSelection,
    response: Schema.Unknown
  }),
  progressImage: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.progressImage",
    path: "/api/render/handle/loadTaskProcessImg",
    idempotent: true,
    request: ProgressImageInput,
    response: ProgressImage
  }),
  frameThumbnails: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.frameThumbnails",
    path: "/api/render/handle/loadingFrameThumbnail",
    idempotent: true,
    request: FrameThumbnailsInput,
    response: Thumbnails
  }),
  renderLog: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.renderLog",
    path: "/api/render/handle/showLog",
    idempotent: true,
    request: RenderLogInput,
    response: RenderLogPage
  }),
  analysisErrorDetail: /* @__PURE__ */ Endpoint.make({
    operation: "TaskService.analysisErrorDetail",
    path: "/api/render/submit/queryAnalyseErrorDetail",
    idempotent: true,
    request: AnalysisErrorDetailInput,
    response: /* @__PURE__ */ Schema.Array(CodeInfo)
  })
}

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
export interface Service {
  /** Reserves task ids (`createTask`). Never retried: a lost answer must not create more ids. */
  readonly createTaskIds: (input?: typeof CreateTaskInput.Encoded) => Effect.Effect<CreatedTasks, ApiError>
  /** Submits a task for rendering (`task`). Never retried. */
  readonly submit: (input: typeof SubmitInput.Encoded) => Effect.Effect<void, ApiError>
  /** Stops tasks (`stopTask`). */
  readonly stop: (taskIds: TaskIds) => Effect.Effect<void, ApiError>
  /** Starts stopped tasks again (`startTask`). */
  readonly start: (taskIds: TaskIds) => Effect.Effect<void, ApiError>
  /** Abandons tasks (`abandonTask`). */
  readonly abandon: (taskIds: TaskIds) => Effect.Effect<void, ApiError>
  /** Deletes tasks (`deleteTask`); they stay listable with `recycleFlag: 1`. */
  readonly delete: (taskIds: TaskIds) => Effect.Effect<void, ApiError>
  /** Changes a task's user-side priority (`updateTaskUserLevel`). */
  readonly updatePriority: (input: typeof UpdatePriorityInput.Encoded) => Effect.Effect<void, ApiError>
  /**
   * Sets the most nodes (machines) a task renders on at once (`updateTaskLimit`, docs/protocol.md
   * 4.2.10; the Python SDK's `task.update_task_limit`), a whole number, 1 or more. The answer is
   * not documented and not read. Retried like `updatePriority`: setting the same limit again
   * changes nothing.
   */
  readonly updateTaskLimit: (input: UpdateTaskLimitInput) => Effect.Effect<void, ApiError>
  /** Stops tasks once they ran `overTime` seconds (`setTaskOverTimeStop`). */
  readonly setOvertimeStop: (input: typeof OvertimeStopInput.Encoded) => Effect.Effect<void, ApiError>
  /** Renders tasks at full speed (`fullSpeedRendering`). */
  readonly fullSpeed: (taskIds: TaskIds) => Effect.Effect<void, ApiError>
  /** One page of the task list, with its filters (`getTaskList/v2`). */
  readonly listPage: (input?: typeof ListTasksInput.Encoded) => Effect.Effect<TaskPage, ApiError>
  /** Details of tasks (`queryTaskInfo/v2`). */
  readonly info: (taskIds: TaskIds) => Effect.Effect<TaskPage, ApiError>
  /**
   * Every task of the list, page by page (`getTaskList/v2` with the given filters), as a
   * stream: pages are requested lazily as the consumer pulls (see {@link PagingOptions}),
   * the last one is the one the service announces (`pageCount`, or once `total` rows are in;
   * never an extra empty request), and only the page being read (plus the look-ahead) is held
   * in memory, however long the list. Input errors fail the stream with `InvalidRequest`
   * before anything is sent.
   */
  readonly list: (filters?: ListFilters) => Stream.Stream<TaskInfo, ApiError>
  /** The pages of {@link Service.list}, whole. */
  readonly listPages: (filters?: ListFilters) => Stream.Stream<TaskPage, ApiError>
  /**
   * Every frame of a task, page by page (`queryTaskFrames`), as a stream, paged as
   * {@link Service.list} is.
   */
  readonly frames: (taskId: number, options?: FramesOptions) => Stream.Stream<FrameInfo, ApiError>
  /** The pages of {@link Service.frames}, whole. */
  readonly framePages: (taskId: number, options?: FramesOptions) => Stream.Stream<FramePage, ApiError>
  /** One page of a task's frames (`queryTaskFrames`); see {@link Service.frames} for all of them. */
  readonly framesPage: (input: FramesPageInput) => Effect.Effect<FramePage, ApiError>
  /** Frame totals of the whole account (`queryAllFrameStats`). */
  readonly allFrameStats: () => Effect.Effect<FrameStats, ApiError>
  /**
   * Resubmits the failed frames of whole tasks, or the frames in the given `status`es
   * (`recommitTasks`). Never retried.
   */
  readonly restartFailedFrames: (input: RestartFailedFramesInput) => Effect.Effect<void, ApiError>
  /**
   * Resubmits frames of a task (`recommitTaskFrames`): the frames with the given ids, or every
   * frame (in the given `status`es) when `frameIds` is left out. Never retried.
   */
  readonly restartFrames: (input: FrameSelection) => Effect.Effect<void, ApiError>
  /**
   * Stops frames of a task (`stopTaskFrames`): the frames with the given ids, or every frame
   * (in the given `status`es; the service honours `status` only then) when `frameIds` is left
   * out.
   */
  readonly stopFrames: (input: FrameSelection) => Effect.Effect<void, ApiError>
  /** The render-progress image of a task, 3ds Max only (`loadTaskProcessImg`). */
  readonly progressImage: (input: ProgressImageInput) => Effect.Effect<ProgressImage, ApiError>
  /** Thumbnail paths of a finished frame (`loadingFrameThumbnail`); empty when there are none. */
  readonly frameThumbnails: (input: FrameThumbnailsInput) => Effect.Effect<ReadonlyArray<string>, ApiError>
  /** One page of a frame's render log (`showLog`). */
  readonly renderLog: (input: RenderLogInput) => Effect.Effect<RenderLogPage, ApiError>
  /** Descriptions of analysis error codes (`queryAnalyseErrorDetail`); needs `code` or `codes`. */
  readonly analysisErrorDetail: (input: AnalysisErrorDetailInput) => Effect.Effect<ReadonlyArray<CodeInfo>, ApiError>
  /**
   * Every frame of a task, in the service's order, read page by page (`queryTaskFrames`) up to
   * the last page the service announces (`pageCount`, or once `total` frames are in). Frames
   * sharing a `frameIndex` are all kept (the SDK's `get_all_frames` kept one of them). A task
   * with layers carries its frames in its child tasks: read those by their ids
   * ({@link Service.subTaskIds}). Collects {@link Service.frames}; prefer the stream for large
   * tasks.
   */
  readonly allFrames: (taskId: number, options?: FramesOptions) => Effect.Effect<ReadonlyArray<FrameInfo>, ApiError>
  /**
   * Resubmits the frames of a task whose `frameIndex` is exactly one of `frameIndexes` (e.g.
   * `"10"`, `"2-4[1]"`), every frame with that index. Fails with {@link FramesNotFound} listing
   * the indexes that match no frame, before resubmitting anything. Frames are those of
   * {@link Service.allFrames} for `taskId` (for layers, pass a child task's id).
   */
  readonly restartFramesByIndex: (taskId: number, frameIndexes: ReadonlyArray<string>) => Effect.Effect<void, ApiError>
  /** Stops frames by `frameIndex`, as {@link Service.restartFramesByIndex} resubmits them. */
  readonly stopFramesByIndex: (taskId: number, frameIndexes: ReadonlyArray<string>) => Effect.Effect<void, ApiError>
  /**
   * The ids of a task's child tasks (layers, photon and main-picture passes), or `[taskId]`
   * when it has none. Fails with {@link TaskNotFound} when the service does not list the task.
   */
  readonly subTaskIds: (taskId: number) => Effect.Effect<ReadonlyArray<number>, ApiError>
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
  const ids = (endpoint: typeof endpoints.stop) => (taskIds: TaskIds) =>
    Effect.asVoid(transport.call(endpoint, { taskIds }))
  const info = (taskIds: TaskIds) => transport.call(endpoints.info, { taskIds })
  const framesPage = (input: FramesPageInput) => transport.call(endpoints.framesPage, input)
  const restartFrames = (input: FrameSelection) => Effect.asVoid(transport.call(endpoints.restartFrames, input))
  const stopFrames = (input: FrameSelection) => Effect.asVoid(transport.call(endpoints.stopFrames, input))
  const span = (taskId: number) => ({
    captureStackTrace: false,
    attributes: { "rayvision.task_ids": String(taskId) }
  })

  const streamSpan = (attributes: Record<string, unknown>) => ({ captureStackTrace: false, attributes })

  const listPages = (filters: ListFilters = {}) => {
    const { lookAhead, ...input } = filters
    return Stream.unwrap(
      Effect.map(lookAheadOf("TaskService.listPages", endpoints.listPage.path, lookAhead), (ahead) =>
        pagesOf((pageNum) => transport.call(endpoints.listPage, { ...input, pageNum }), ahead)
      )
    )
  }

  const framePages = (taskId: number, options: FramesOptions = {}) => {
    const { lookAhead, ...input } = options
    return Stream.unwrap(
      Effect.map(lookAheadOf("TaskService.framePages", endpoints.framesPage.path, lookAhead), (ahead) =>
        pagesOf((pageNum) => framesPage({ ...input, taskId, pageNum }), ahead)
      )
    )
  }
  const frames = (taskId: number, options?: FramesOptions) =>
    Stream.mapConcat(framePages(taskId, options), (page) => page.items)

  const allFrames = (taskId: number, options?: FramesOptions) =>
    Effect.map(Stream.runCollect(frames(taskId, options)), Chunk.toReadonlyArray)

  const byIndex =
    (
      operation: string,
      endpoint: { readonly path: string },
      act: (input: FrameSelection) => Effect.Effect<void, ApiError>
    ) =>
    (taskId: number, frameIndexes: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        if (frameIndexes.length === 0) {
          return yield* new InvalidRequest({
            operation,
            path: endpoint.path,
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
    createTaskIds: (input = {}) => transport.call(endpoints.createTaskIds, input),
    submit: (input) => Effect.asVoid(transport.call(endpoints.submit, input)),
    stop: ids(endpoints.stop),
    start: ids(endpoints.start),
    abandon: ids(endpoints.abandon),
    delete: ids(endpoints.delete),
    updatePriority: (input) => Effect.asVoid(transport.call(endpoints.updatePriority, input)),
    updateTaskLimit: (input) => Effect.asVoid(transport.call(endpoints.updateTaskLimit, input)),
    setOvertimeStop: (input) => Effect.asVoid(transport.call(endpoints.setOvertimeStop, input)),
    fullSpeed: ids(endpoints.fullSpeed),
    listPage: (input = {}) => transport.call(endpoints.listPage, input),
    listPages: (filters) => listPages(filters).pipe(Stream.withSpan("TaskService.listPages", streamSpan({}))),
    list: (filters) =>
      Stream.mapConcat(listPages(filters), (page) => page.items).pipe(
        Stream.withSpan("TaskService.list", streamSpan({}))
      ),
    info,
    framesPage,
    framePages: (taskId, options) =>
      framePages(taskId, options).pipe(
        Stream.withSpan("TaskService.framePages", streamSpan({ "rayvision.task_ids": String(taskId) }))
      ),
    frames: (taskId, options) =>
      frames(taskId, options).pipe(
        Stream.withSpan("TaskService.frames", streamSpan({ "rayvision.task_ids": String(taskId) }))
      ),
    allFrameStats: () => transport.call(endpoints.allFrameStats, {}),
    restartFailedFrames: (input) => Effect.asVoid(transport.call(endpoints.restartFailedFrames, input)),
    restartFrames,
    stopFrames,
    progressImage: (input) => transport.call(endpoints.progressImage, input),
    frameThumbnails: (input) => transport.call(endpoints.frameThumbnails, input),
    renderLog: (input) => transport.call(endpoints.renderLog, input),
    analysisErrorDetail: (input) => transport.call(endpoints.analysisErrorDetail, input),
    allFrames: (taskId, options) =>
      allFrames(taskId, options).pipe(Effect.withSpan("TaskService.allFrames", span(taskId))),
    restartFramesByIndex: byIndex("TaskService.restartFramesByIndex", endpoints.restartFrames, restartFrames),
    stopFramesByIndex: byIndex("TaskService.stopFramesByIndex", endpoints.stopFrames, stopFrames),
    subTaskIds: (taskId) =>
      Effect.flatMap(info([taskId]), (page) => {
        const task = page.items.find((item) => item.id === taskId)
        if (task === undefined) return Effect.fail(new TaskNotFound({ taskId }))
        const children = task.respRenderingTaskList ?? []
        return Effect.succeed(children.length === 0 ? [taskId] : children.map((child) => child.id))
      }).pipe(Effect.withSpan("TaskService.subTaskIds", span(taskId)))
  })
})

/**
 * The service layer; needs an `HttpTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TaskService, never, HttpTransport> = /* @__PURE__ */ Layer.effect(TaskService, make)
