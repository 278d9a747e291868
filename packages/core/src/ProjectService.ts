/**
 * Project labels (projects) and task tags (docs/protocol.md 4.4), and the `ensureProject` workflow
 * (docs/protocol.md 6.5).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { InvalidRequest, type UnsafeCallError } from "./ApiError.ts"
import * as Endpoint from "./Endpoint.ts"
import { HttpTransport } from "./HttpTransport.ts"
import { firstIssue, Ignored, NoInput } from "./internal/schema.ts"
import * as Project from "./Project.ts"

/**
 * The endpoints this service calls, and the methods they make.
 *
 * - `add` creates a project and is never repeated: a repeat after a lost answer fails as a
 *   duplicate name, which hides that the project was created.
 * - `delete` works by name, so it is not repeated either: between a lost answer and a retry,
 *   another client may create a project with the same name, which the retry would delete.
 * - `tagTasks` (`addTaskLabel`) is not repeated: each tag the service attaches gets its own id
 *   (the ids `untagTasks` takes), and the protocol documents no de-duplication, so a repeat after a
 *   lost answer could attach a second tag with a second id. Read the task to know the outcome.
 * - `untagTasks` (`deleteTaskLabel`) is not repeated either: it removes tags by name (the form of
 *   the Python SDK 3.0.3.23), so, as with `delete`, between a lost answer and a retry another
 *   client may tag the tasks again with the same name, and the retry would remove that new tag.
 * - The lists are queries and may be repeated.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = /* @__PURE__ */ Endpoint.table("ProjectService", {
  /**
   * Creates a project label (`project/add`); `status` defaults to {@link Project.ProjectStatus.Off}, as
   * the Python SDK. Names are unique: an existing name fails. Never retried.
   */
  add: { path: "/api/render/project/add", idempotent: false, request: Project.AddProjectInput, response: Ignored },
  /** Deletes the project label with exactly this name (`project/delete`). Never retried. */
  delete: {
    path: "/api/render/project/delete",
    idempotent: false,
    request: Project.DeleteProjectInput,
    response: Ignored,
    args: (name: string) => ({ name })
  },
  /** The project labels of this account (`project/getList`). */
  list: { path: "/api/render/project/getList", idempotent: true, request: NoInput, response: Project.ProjectList },
  /** The project labels in a scope (`project/list` with `flag`). */
  listByScope: {
    path: "/api/render/project/list",
    idempotent: true,
    request: Project.ListByScopeInput,
    response: Project.ProjectList,
    args: (scope: Project.ProjectScope) => ({ scope })
  },
  /** Tags tasks with a label (`addTaskLabel`). Never retried (see {@link endpoints}). */
  tagTasks: {
    path: "/api/render/handle/addTaskLabel",
    idempotent: false,
    request: Project.TagTasksInput,
    response: Ignored
  },
  /**
   * Removes tags from tasks (`deleteTaskLabel`, docs/protocol.md 4.4.6; the Python SDK's
   * `tag.delete_task_tag(taskIds, labelNames, tag_ids)`): the tags named exactly `labelNames` from
   * the tasks `taskIds`, and the tags with the ids `labelIds`. Never retried (see
   * {@link endpoints}).
   */
  untagTasks: {
    path: "/api/render/handle/deleteTaskLabel",
    idempotent: false,
    request: Project.UntagTasksInput,
    response: Ignored
  }
})

/**
 * The project service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Endpoint.Methods<typeof endpoints> {
  /**
   * The id of the project named exactly `name` (case-sensitive) in the widest scope
   * ({@link Project.ProjectScope.AllUnderMain}), created with {@link Project.ProjectStatus.On} only when absent
   * (the Python SDK's `check_and_add_project_name`, docs/protocol.md 6.5, without its bugs, 7.12):
   *
   * - `project/add` is sent at most once per call, and calls for the same name from this client
   *   run one after the other, so concurrent calls create the project once;
   * - when `add` fails (another client created the name in between, or the answer was lost),
   *   the list is read once more and the project found there is the result; otherwise the
   *   error of `add` is;
   * - when `add` succeeded but the list still does not show the name, the call fails with
   *   {@link Project.ProjectNotFoundAfterAdd} (never an empty id).
   */
  readonly ensureProject: (name: string) => Effect.Effect<number, UnsafeCallError | Project.ProjectNotFoundAfterAdd>
}

/**
 * The project service of the client in scope.
 *
 * @example
 * ```ts
 * import { ProjectService } from "@rayvision/core"
 * import { Effect } from "effect"
 * const program = Effect.gen(function* () {
 *   const projects = yield* ProjectService.ProjectService
 *   const projectId = yield* projects.ensureProject("Shot 042")
 *   return projectId
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class ProjectService
  extends /* @__PURE__ */ Context.Tag("@rayvision/core/ProjectService")<ProjectService, Service>() {}

/** Serializes effects per key (here: per project name); a key's lock is dropped when unused. */
const keyedLock = () => {
  const locks = new Map<string, { readonly semaphore: Effect.Semaphore; users: number }>()
  return (key: string) =>
    <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.acquireUseRelease(
        Effect.sync(() => {
          let lock = locks.get(key)
          if (lock === undefined) {
            lock = { semaphore: Effect.unsafeMakeSemaphore(1), users: 0 }
            locks.set(key, lock)
          }
          lock.users++
          return lock
        }),
        (lock) => lock.semaphore.withPermits(1)(effect),
        (lock) =>
          Effect.sync(() => {
            lock.users--
            if (lock.users === 0) locks.delete(key)
          })
      )
}

const decodeName = /* @__PURE__ */ Schema.decodeUnknownEither(Project.ProjectName)

/**
 * Builds the service on the transport in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = /* @__PURE__ */ Effect.gen(function* () {
  const transport = yield* HttpTransport
  const methods = Endpoint.bind(transport.call, endpoints)
  const operation = Endpoint.operationsOf<Service>("ProjectService")
  const withNameLock = keyedLock()

  /** The id of the project named exactly `name` in the widest scope, if any. */
  const find = (name: string) =>
    Effect.map(methods.listByScope(Project.ProjectScope.AllUnderMain), (list) =>
      Option.map(
        Option.fromNullable(list.projectNameList.find((project) => project.projectName === name)),
        (project) => project.projectId
      )
    )

  const ensureProject = (name: string): Effect.Effect<number, UnsafeCallError | Project.ProjectNotFoundAfterAdd> => {
    const checked = decodeName(name)
    if (checked._tag === "Left") {
      return Effect.fail(
        new InvalidRequest({
          operation: operation("ensureProject"),
          field: "name",
          issue: firstIssue(checked.left).issue
        })
      )
    }
    return Effect.gen(function* () {
      const existing = yield* find(name)
      if (Option.isSome(existing)) return existing.value
      const added = yield* Effect.either(methods.add({ name, status: Project.ProjectStatus.On }))
      if (added._tag === "Left") {
        // Another client may have created the name in between (a duplicate), or the answer was
        // lost after the service acted: one more look decides. Should that look fail as well,
        // the error of add is the one worth reporting.
        const after = Option.flatten(yield* Effect.option(find(name)))
        if (Option.isSome(after)) return after.value
        return yield* Effect.fail(added.left)
      }
      const after = yield* find(name)
      if (Option.isSome(after)) return after.value
      return yield* Effect.fail(new Project.ProjectNotFoundAfterAdd({ projectName: name }))
    }).pipe(
      withNameLock(name),
      Effect.withSpan(operation("ensureProject"), {
        captureStackTrace: false,
        attributes: { "rayvision.project_name": name }
      })
    )
  }

  return ProjectService.of({ ...methods, ensureProject })
})

/**
 * The service layer; needs an `HttpTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ProjectService, never, HttpTransport> = /* @__PURE__ */ Layer.effect(
  ProjectService,
  make
)
