/**
 * Task lifecycle and queries (spec 4.2, 4.3.1, 4.3.2).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { ApiError } from "./ApiError.ts"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import {
  CreatedTasks,
  CreateTaskInput,
  ListTasksInput,
  OvertimeStopInput,
  SubmitInput,
  TaskIdsInput,
  TaskPage,
  UpdatePriorityInput
} from "./Task.ts"

const action = (operation: string, path: string, idempotent: boolean) =>
  Endpoint.make({ operation, path, idempotent, request: TaskIdsInput, response: Schema.Unknown })

/**
 * The endpoints this service calls. Creating ids and submitting are not idempotent and are
 * never repeated after a transient failure; stop, start, abandon, delete and the settings are.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  createTaskIds: Endpoint.make({
    operation: "TaskService.createTaskIds",
    path: "/api/render/submit/createTask",
    idempotent: false,
    request: CreateTaskInput,
    response: CreatedTasks
  }),
  submit: Endpoint.make({
    operation: "TaskService.submit",
    path: "/api/render/submit/task",
    idempotent: false,
    request: SubmitInput,
    response: Schema.Unknown
  }),
  stop: action("TaskService.stop", "/api/rendering/task/renderingTask/stopTask", true),
  start: action("TaskService.start", "/api/rendering/task/renderingTask/startTask", true),
  abandon: action("TaskService.abandon", "/api/render/handle/abandonTask", true),
  delete: action("TaskService.delete", "/api/render/handle/deleteTask", true),
  fullSpeed: action("TaskService.fullSpeed", "/api/render/handle/fullSpeedRendering", true),
  updatePriority: Endpoint.make({
    operation: "TaskService.updatePriority",
    path: "/api/rendering/task/renderingTask/updateTaskUserLevel",
    idempotent: true,
    request: UpdatePriorityInput,
    response: Schema.Unknown
  }),
  setOvertimeStop: Endpoint.make({
    operation: "TaskService.setOvertimeStop",
    path: "/api/render/handle/setTaskOverTimeStop",
    idempotent: true,
    request: OvertimeStopInput,
    response: Schema.Unknown
  }),
  listPage: Endpoint.make({
    operation: "TaskService.listPage",
    path: "/api/render/handle/getTaskList/v2",
    idempotent: true,
    request: ListTasksInput,
    response: TaskPage
  }),
  info: Endpoint.make({
    operation: "TaskService.info",
    path: "/api/render/handle/queryTaskInfo/v2",
    idempotent: true,
    request: TaskIdsInput,
    response: TaskPage
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
  /** Stops tasks once they ran `overTime` seconds (`setTaskOverTimeStop`). */
  readonly setOvertimeStop: (input: typeof OvertimeStopInput.Encoded) => Effect.Effect<void, ApiError>
  /** Renders tasks at full speed (`fullSpeedRendering`). */
  readonly fullSpeed: (taskIds: TaskIds) => Effect.Effect<void, ApiError>
  /** One page of the task list, with its filters (`getTaskList/v2`). */
  readonly listPage: (input?: typeof ListTasksInput.Encoded) => Effect.Effect<TaskPage, ApiError>
  /** Details of tasks (`queryTaskInfo/v2`). */
  readonly info: (taskIds: TaskIds) => Effect.Effect<TaskPage, ApiError>
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
export class TaskService extends Context.Tag("@rayvision/core/TaskService")<TaskService, Service>() {}

/**
 * Builds the service on the transport in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function* () {
  const transport = yield* HttpTransport
  const ids = (endpoint: typeof endpoints.stop) => (taskIds: TaskIds) =>
    Effect.asVoid(transport.call(endpoint, { taskIds }))
  return TaskService.of({
    createTaskIds: (input = {}) => transport.call(endpoints.createTaskIds, input),
    submit: (input) => Effect.asVoid(transport.call(endpoints.submit, input)),
    stop: ids(endpoints.stop),
    start: ids(endpoints.start),
    abandon: ids(endpoints.abandon),
    delete: ids(endpoints.delete),
    updatePriority: (input) => Effect.asVoid(transport.call(endpoints.updatePriority, input)),
    setOvertimeStop: (input) => Effect.asVoid(transport.call(endpoints.setOvertimeStop, input)),
    fullSpeed: ids(endpoints.fullSpeed),
    listPage: (input = {}) => transport.call(endpoints.listPage, input),
    info: (taskIds) => transport.call(endpoints.info, { taskIds })
  })
})

/**
 * The service layer; needs an `HttpTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TaskService, never, HttpTransport> = Layer.effect(TaskService, make)
