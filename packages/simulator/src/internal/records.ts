/**
 * The operation records of tasks and the login records of an account (docs/protocol.md 4.1.5,
 * 4.1.6), as the simulator keeps them. The protocol documents neither when the service makes a
 * record nor what a record holds, so the simulator chooses:
 *
 * - **Task records**: one per task id of every successful task operation (`submit`, `stop`,
 *   `start`, `abandon`, `delete`, `priority`, `limit`, `overtime`, `fullSpeed`), a repeat that
 *   changes nothing included (the operation was asked for). A request with several ids makes one
 *   record per distinct id, in request order; an action on a parent task makes one record, for
 *   the parent. Failed requests make none.
 * - **Login records**: one per `queryUserProfile`, the request the official client's login (and
 *   `UserService.userInfo`) sends first (docs/protocol.md 6.1); a stateless signed API has no other
 *   notion of a login.
 * - Each record carries the `platform` (and, for logins, `channel`) header of its request, as a
 *   number (`null` when not numeric), and the time of the request (epoch ms). Ids count from 1 per
 *   account and kind.
 * - The newest {@link MAX_RECORDS} records of each kind are kept per account; older ones are
 *   dropped.
 *
 * @internal
 */
import { Chunk } from "effect"
import type { HandlerContext } from "./endpoints/common.ts"
import type { AccountState, State } from "./state.ts"

/** The most records of each kind kept per account. @internal */
export const MAX_RECORDS = 10_000

/** What was done to a task (`operateType` of a task record). @internal */
export type TaskOperation =
  "submit" | "stop" | "start" | "abandon" | "delete" | "priority" | "limit" | "overtime" | "fullSpeed"

/** A task record as `taskRecord` answers it (docs/protocol.md 4.1.5). @internal */
export interface SimTaskRecord {
  readonly id: number
  readonly taskId: number
  readonly taskAlias: string | null
  readonly operateType: TaskOperation
  /** The operation's value, e.g. `"taskLimit 2"`; `""` when it has none. */
  readonly operateContent: string
  /** Epoch ms. */
  readonly operateTime: number
  readonly userId: number
  readonly userName: string
  readonly platform: number | null
}

/** A login record as `loginRecord` answers it (docs/protocol.md 4.1.6). @internal */
export interface SimLoginRecord {
  readonly id: number
  readonly userId: number
  readonly userName: string
  /** Epoch ms. */
  readonly loginTime: number
  readonly platform: number | null
  readonly channel: number | null
}

/** The records of one account, oldest first. @internal */
export interface SimRecords {
  readonly tasks: Chunk.Chunk<SimTaskRecord>
  readonly logins: Chunk.Chunk<SimLoginRecord>
  /** Task records made so far (dropped ones included): the last task record's id. */
  readonly taskCount: number
  /** Login records made so far: the last login record's id. */
  readonly loginCount: number
}

/** No records. @internal */
export const emptyRecords: SimRecords = {
  tasks: Chunk.empty(),
  logins: Chunk.empty(),
  taskCount: 0,
  loginCount: 0
}

/** A header as a number, or `null` when it is not a whole number. */
const headerNumber = (text: string): number | null => (/^\d{1,15}$/.test(text) ? Number(text) : null)

/** Appends, dropping the oldest beyond {@link MAX_RECORDS}. */
const append = <A>(chunk: Chunk.Chunk<A>, items: ReadonlyArray<A>): Chunk.Chunk<A> => {
  const all = Chunk.appendAll(chunk, Chunk.fromIterable(items))
  return Chunk.size(all) > MAX_RECORDS ? Chunk.drop(all, Chunk.size(all) - MAX_RECORDS) : all
}

const withRecords = (state: State, account: AccountState, records: SimRecords): State => {
  const accounts = new Map(state.accounts)
  accounts.set(account.accessId, { ...account, records })
  return { ...state, accounts }
}

/**
 * The state with one task record per distinct id of `taskIds` (request order) for the account
 * of the request. @internal
 */
export const recordTasks = (
  state: State,
  ctx: HandlerContext,
  taskIds: ReadonlyArray<number>,
  operateType: TaskOperation,
  operateContent: string = ""
): State => {
  const account = state.accounts.get(ctx.accessId)
  if (account === undefined) return state
  const records = account.records
  const made = [...new Set(taskIds)].map((taskId, i): SimTaskRecord => ({
    id: records.taskCount + i + 1,
    taskId,
    taskAlias: state.tasks.get(taskId)?.taskAlias ?? null,
    operateType,
    operateContent,
    operateTime: ctx.now,
    userId: account.userId,
    userName: account.userName,
    platform: headerNumber(ctx.headers.platform)
  }))
  return withRecords(state, account, {
    ...records,
    tasks: append(records.tasks, made),
    taskCount: records.taskCount + made.length
  })
}

/** The state with a login record for the account of the request. @internal */
export const recordLogin = (state: State, ctx: HandlerContext, account: AccountState): State => {
  const records = account.records
  const login: SimLoginRecord = {
    id: records.loginCount + 1,
    userId: account.userId,
    userName: account.userName,
    loginTime: ctx.now,
    platform: headerNumber(ctx.headers.platform),
    channel: headerNumber(ctx.headers.channel)
  }
  return withRecords(state, account, {
    ...records,
    logins: append(records.logins, [login]),
    loginCount: records.loginCount + 1
  })
}
