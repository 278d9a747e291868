/**
 * The seeded mix of calls of the load run (reads and writes of the user, task and project
 * services over a pool of submitted tasks) and the transient faults injected into it.
 */
import { type ApiError, type Rayvision, ProjectService, TaskService, UserService } from "@rayvision/core"
import type { SimulatorFault } from "@rayvision/simulator"
import { Effect } from "effect"

/** A small seeded generator (mulberry32): the operation mix is the same on every run of a seed. */
export const random = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The state the writes share: the pool of submitted tasks and the ids reserved but not yet submitted. */
export interface Shared {
  readonly pool: ReadonlyArray<number>
  readonly reserved: Array<number>
  readonly rand: () => number
  projects: number
}

type Services = Rayvision.Services

/** One operation of the mix: one service method call. */
export interface Operation {
  readonly name: string
  readonly weight: number
  /** Whether the transport may repeat it (its endpoint is idempotent). */
  readonly idempotent: boolean
  readonly run: (shared: Shared) => Effect.Effect<unknown, ApiError.ApiError, Services>
}

const pick = <A>(shared: Shared, items: ReadonlyArray<A>): A => items[Math.floor(shared.rand() * items.length)]!
const someTasks = (shared: Shared, n: number) => Array.from({ length: n }, () => pick(shared, shared.pool))

const user = <A>(f: (s: UserService.Service) => Effect.Effect<A, ApiError.ApiError>) =>
  Effect.flatMap(UserService.UserService, f)
/** Runs `f` with the task service of the client in scope. */
export const tasks = <A>(f: (s: TaskService.Service) => Effect.Effect<A, ApiError.ApiError>) =>
  Effect.flatMap(TaskService.TaskService, f)
const projects = <A>(f: (s: ProjectService.Service) => Effect.Effect<A, ApiError.ApiError>) =>
  Effect.flatMap(ProjectService.ProjectService, f)

/** Reserves one task id and queues it for `submit`. */
const reserve = (shared: Shared) =>
  tasks((t) =>
    Effect.tap(t.createTaskIds({ count: 1 }), (created) =>
      Effect.sync(() => shared.reserved.push(...created.taskIdList))
    )
  )

/**
 * The mix: about three quarters reads, a quarter writes. Every write is valid for the state the
 * tasks are in (the farm is slow enough that no pool task finishes during a run), so without
 * faults every call succeeds.
 */
const operations: ReadonlyArray<Operation> = [
  { name: "user.userInfo", weight: 6, idempotent: true, run: () => user((u) => u.userInfo()) },
  { name: "user.profile", weight: 5, idempotent: true, run: () => user((u) => u.profile()) },
  { name: "user.settings", weight: 3, idempotent: true, run: () => user((u) => u.settings()) },
  { name: "user.platforms", weight: 2, idempotent: true, run: () => user((u) => u.platforms()) },
  {
    name: "tasks.listPage",
    weight: 10,
    idempotent: true,
    run: (s) => tasks((t) => t.listPage({ pageNum: 1 + Math.floor(s.rand() * 5), pageSize: 20 }))
  },
  { name: "tasks.info", weight: 10, idempotent: true, run: (s) => tasks((t) => t.info(someTasks(s, 3))) },
  {
    name: "tasks.framesPage",
    weight: 10,
    idempotent: true,
    run: (s) => tasks((t) => t.framesPage({ taskId: pick(s, s.pool), pageNum: 1, pageSize: 10 }))
  },
  { name: "tasks.allFrameStats", weight: 3, idempotent: true, run: () => tasks((t) => t.allFrameStats()) },
  { name: "projects.list", weight: 4, idempotent: true, run: () => projects((p) => p.list()) },
  { name: "tasks.createTaskIds", weight: 5, idempotent: false, run: reserve },
  {
    name: "tasks.submit",
    weight: 4,
    idempotent: false,
    run: (s) => {
      const taskId = s.reserved.shift()
      // Nothing reserved yet: reserve one instead (still one call).
      return taskId === undefined ? reserve(s) : tasks((t) => t.submit({ taskId }))
    }
  },
  { name: "tasks.stop", weight: 5, idempotent: true, run: (s) => tasks((t) => t.stop([pick(s, s.pool)])) },
  { name: "tasks.start", weight: 5, idempotent: true, run: (s) => tasks((t) => t.start([pick(s, s.pool)])) },
  {
    name: "tasks.updatePriority",
    weight: 3,
    idempotent: true,
    run: (s) =>
      tasks((t) => t.updatePriority({ taskId: pick(s, s.pool), taskUserLevel: 40 + Math.floor(s.rand() * 20) }))
  },
  {
    name: "tasks.setOvertimeStop",
    weight: 2,
    idempotent: true,
    run: (s) => tasks((t) => t.setOvertimeStop({ taskIds: someTasks(s, 2), overTime: 86_400 }))
  },
  { name: "tasks.fullSpeed", weight: 2, idempotent: true, run: (s) => tasks((t) => t.fullSpeed([pick(s, s.pool)])) },
  {
    name: "projects.add",
    weight: 3,
    idempotent: false,
    run: (s) => projects((p) => p.add({ name: `load-${s.projects++}` }))
  },
  {
    name: "projects.tagTasks",
    weight: 2,
    idempotent: false,
    run: (s) => projects((p) => p.tagTasks({ label: `tag-${Math.floor(s.rand() * 8)}`, taskIds: someTasks(s, 2) }))
  }
]

const totalWeight = operations.reduce((sum, op) => sum + op.weight, 0)

/** An operation of the mix, drawn by weight. */
export const choose = (rand: () => number): Operation => {
  let x = rand() * totalWeight
  for (const op of operations) {
    x -= op.weight
    if (x < 0) return op
  }
  return operations[operations.length - 1]!
}

/** The faults of a run: `rate` split 40% `500` envelopes, 40% HTTP 503 pages, 20% reset connections. */
export const faultsOf = (rate: number, seed: number): ReadonlyArray<SimulatorFault.Fault> =>
  rate <= 0
    ? []
    : [
        { kind: "error", code: 500, probability: rate * 0.4, times: Infinity, seed },
        { kind: "error", httpStatus: 503, probability: rate * 0.4, times: Infinity, seed: seed + 1 },
        { kind: "reset", probability: rate * 0.2, times: Infinity, seed: seed + 2 }
      ]
