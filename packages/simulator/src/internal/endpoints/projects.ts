/**
 * Project labels and task tags (docs/protocol.md 4.4). Choices where the protocol is silent:
 *
 * - **Projects** belong to an account and get ids that ascend from a seeded start. Names are
 *   unique per account and compared exactly (case-sensitive): adding an existing name answers
 *   `600` with the reason, deleting an unknown name `404`. `status` is optional (default 1, as
 *   the SDK) and must be 0 or 1.
 * - **Scopes**: the simulator has main accounts only, so every `project/list` flag (0, 1, 2)
 *   returns the account's own projects, in creation order, like `project/getList`.
 * - **Task tags**: `addTaskLabel` attaches the tag to each task (reserved ones included); each
 *   attached tag gets its own id (unique, never reused), which `deleteTaskLabel` takes. A task
 *   that already carries a tag with exactly this text keeps it (same id, nothing added), so a
 *   repeated call changes nothing. Task ids the account does not own answer `404`, as the task
 *   actions do, and nothing changes (all or nothing).
 * - **Removing tags** (`deleteTaskLabel`, docs/protocol.md 4.4.6) takes both forms of the body:
 *   the official client's 3.0.3.23 form `{"taskIds", "labelNames", "labelIds"}` and the older
 *   `{"labelIds"}`; every field is optional, but at least one tag name or tag id must be given
 *   (601 otherwise), and `taskIds` (a list of integers) with any tag name. Each name (a non-empty
 *   string, exact text) is removed from each listed task that carries it; a listed task without
 *   it is left as it is, so a repeat succeeds and changes nothing. Listed task ids the account
 *   does not own answer `404`. Each tag id is removed from whichever of the account's tasks
 *   carries it, and answers `404` when none does; the protocol gives `labelIds` no element type,
 *   so elements that are not integers are simply unknown ids. All or nothing: a failure changes
 *   nothing. Only tags attached by `addTaskLabel` are removed (not the `labels` of `createTask`).
 *
 * @internal
 */
import { Either } from "effect"
import { RawJson } from "@rayvision/core"
import type { SimTask, SimTaskTag } from "../../Simulator.ts"
import { invalid, serviceError, type ServiceError } from "../codes.ts"
import { type Json, typeName } from "../json.ts"
import type { AccountState, SimProject, State } from "../state.ts"
import * as V from "../validate.ts"
import { endpoint, ok, reject } from "./common.ts"

const notFound = (detail: string): ServiceError => serviceError("ResourceNotFound", detail)

/** The state with the account's projects replaced. @internal */
const withProjects = (state: State, account: AccountState, projects: ReadonlyArray<SimProject>): State => {
  const accounts = new Map(state.accounts)
  accounts.set(account.accessId, { ...account, projects })
  return { ...state, accounts }
}

/** The `projectNameList` data of both list endpoints (docs/protocol.md 4.4.3). @internal */
const projectList = (account: AccountState) => ({
  projectNameList: account.projects.map((p) => ({ projectId: p.projectId, projectName: p.projectName }))
})

export const add = endpoint(
  "/api/render/project/add",
  V.struct({
    newName: V.string({ nonEmpty: true }),
    status: V.optional(V.int({ allowed: [0, 1] }))
  })
)((_ctx, input, state, account) => {
  if (account.projects.some((p) => p.projectName === input.newName)) {
    return reject(state, serviceError("ParameterInvalid", `project ${JSON.stringify(input.newName)} already exists`))
  }
  const project: SimProject = { projectId: state.nextProjectId, projectName: input.newName, status: input.status ?? 1 }
  const next = withProjects(state, account, [...account.projects, project])
  return ok({ ...next, nextProjectId: state.nextProjectId + 1 }, null)
})

export const remove = endpoint(
  "/api/render/project/delete",
  V.struct({ delName: V.string({ nonEmpty: true }) })
)((_ctx, input, state, account) => {
  const projects = account.projects.filter((p) => p.projectName !== input.delName)
  return projects.length === account.projects.length
    ? reject(state, notFound(`project ${JSON.stringify(input.delName)} does not exist`))
    : ok(withProjects(state, account, projects), null)
})

export const getList = endpoint(
  "/api/render/project/getList",
  V.none
)((_ctx, _input, state, account) => ok(state, projectList(account)))

export const list = endpoint(
  "/api/render/project/list",
  V.struct({ flag: V.int({ allowed: [0, 1, 2] }) })
)((_ctx, _input, state, account) => ok(state, projectList(account)))

export const addTaskLabel = endpoint(
  "/api/render/handle/addTaskLabel",
  V.struct({ label: V.string({ nonEmpty: true }), taskIds: V.intList({ nonEmpty: true }) })
)((ctx, input, state) => {
  const tasks = new Map(state.tasks)
  let nextId = state.nextTaskLabelId
  for (const id of new Set(input.taskIds)) {
    const task = state.tasks.get(id)
    if (task === undefined || task.accessId !== ctx.accessId)
      return reject(state, notFound(`task ${id} does not exist`))
    const tags = task.tags ?? []
    if (tags.some((tag) => tag.label === input.label)) continue
    tasks.set(id, { ...task, tags: [...tags, { id: nextId++, label: input.label }] })
  }
  return ok({ ...state, tasks, nextTaskLabelId: nextId }, null)
})

/** An optional list with elements of any type (the protocol declares none). @internal */
const anyList: V.Field<ReadonlyArray<Json> | undefined> = V.optional({
  required: true,
  read: (value, name) => {
    if (!Array.isArray(value)) return invalid(`${name} must be a list, got ${typeName(value)}`)
    const items: ReadonlyArray<Json> = value
    return Either.right(items)
  }
})

export const deleteTaskLabel = endpoint(
  "/api/render/handle/deleteTaskLabel",
  V.struct({
    taskIds: V.optional(V.intList()),
    labelNames: V.optional(V.stringList()),
    labelIds: anyList
  })
)((ctx, input, state) => {
  const taskIds = input.taskIds ?? []
  const names = input.labelNames ?? []
  const labelIds = input.labelIds ?? []
  if (names.length === 0 && labelIds.length === 0) {
    return reject(state, serviceError("ParameterCantBeEmpty", "labelNames and labelIds are empty"))
  }
  if (names.length > 0 && taskIds.length === 0) {
    return reject(state, serviceError("ParameterCantBeEmpty", "taskIds is required with labelNames"))
  }
  const blank = names.findIndex((name) => name === "")
  if (blank >= 0) return reject(state, serviceError("ParameterCantBeEmpty", `labelNames[${blank}] is empty`))
  for (const id of taskIds) {
    const task = state.tasks.get(id)
    if (task === undefined || task.accessId !== ctx.accessId)
      return reject(state, notFound(`task ${id} does not exist`))
  }
  const owner = new Map<number, SimTask>()
  for (const task of state.tasks.values()) {
    if (task.accessId !== ctx.accessId) continue
    for (const tag of task.tags ?? []) owner.set(tag.id, task)
  }
  const ids = new Set<number>()
  for (const value of labelIds) {
    const id = value instanceof RawJson.NumberToken && RawJson.isIntegerToken(value) ? Number(value.text) : Number.NaN
    if (!owner.has(id)) {
      const shown =
        value instanceof RawJson.NumberToken
          ? value.text
          : typeof value === "string"
            ? JSON.stringify(value)
            : `(a ${typeName(value)})`
      return reject(state, notFound(`label ${shown} does not exist`))
    }
    ids.add(id)
  }
  const tasks = new Map(state.tasks)
  const untag = (taskId: number, keep: (tag: SimTaskTag) => boolean) => {
    const task = tasks.get(taskId)!
    const before = task.tags ?? []
    const tags: ReadonlyArray<SimTaskTag> = before.filter(keep)
    if (tags.length !== before.length) tasks.set(task.id, { ...task, tags })
  }
  const named = new Set(names)
  for (const taskId of new Set(taskIds)) untag(taskId, (tag) => !named.has(tag.label))
  for (const id of ids) untag(owner.get(id)!.id, (tag) => tag.id !== id)
  return ok({ ...state, tasks }, null)
})
