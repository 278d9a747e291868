/**
 * Account endpoints (docs/protocol.md 4.1, 4.6.1, 4.7.1): platforms, profile, settings, bucket ids,
 * hardware configurations, operation and login records.
 *
 * `hardwareConfig/list` (validation off in the SDK) is held to the documented body: `cloneTask`
 * is a required string, `"false"` or `"true"` (600 otherwise), and `taskIds`, when given, a list
 * of task ids written as strings of digits (600 otherwise) that the account owns (404 otherwise).
 * It answers every configuration of every platform; with task ids, `current` marks the tasks'
 * configurations (see `currentHardwareConfigId`).
 *
 * The record queries (`operate/sdk/taskRecord`, `operate/sdk/loginRecord`, docs/protocol.md 4.1.5,
 * 4.1.6; their answers are not documented) answer a `Page` (docs/protocol.md 4.0.3) of the
 * account's records (`records.ts`), newest first. `pageNum` and `pageSize` are required integers,
 * 1 or more (601 when missing, 600 otherwise), as is `platform` for task records, which keeps the
 * records made on that platform (the `platform` header of the request that made them) only. `startDate` and `endDate` are optional strings,
 * `yyyy-MM-dd HH:mm:ss` in the service's zone, inclusive, `""` meaning no bound (the official
 * client's default), anything else 600. `queryUserProfile` makes a login record.
 *
 * @internal
 */
import { Chunk, Either } from "effect"
import { serviceError } from "../codes.ts"
import { inRange, rangeOf } from "../dates.ts"
import { currentHardwareConfigId, hardwareConfigData } from "../hardware.ts"
import { recordLogin } from "../records.ts"
import type { AccountState } from "../state.ts"
import { ok, endpoint, type Endpoint, page, reject } from "./common.ts"
import * as V from "../validate.ts"

/** Platforms per zone (docs/protocol.md 4.7.1). @internal */
const PLATFORMS: Readonly<Record<1 | 2, ReadonlyArray<{ readonly platform: number; readonly name: string }>>> = {
  1: [
    { platform: 2, name: "query_platform_w2" },
    { platform: 3, name: "query_platform_w3" },
    { platform: 6, name: "query_platform_w6" },
    { platform: 9, name: "query_platform_w9" },
    { platform: 21, name: "query_platform_gpu" }
  ],
  2: [
    { platform: 62, name: "query_platform_w62" },
    { platform: 65, name: "query_platform_w65" }
  ]
}

export const queryPlatforms = endpoint(
  "/api/render/common/queryPlatforms",
  V.struct({ zone: V.int({ allowed: [1, 2] }) })
)((_ctx, input, state) => ok(state, PLATFORMS[input.zone === 1 ? 1 : 2]))

/** The profile; each call is a login (a login record, see `records.ts`). */
export const queryUserProfile = endpoint(
  "/api/render/setUp/queryUserProfile",
  V.none
)((ctx, _input, state, account) => ok(recordLogin(state, ctx, account), account.profile))

/** An endpoint without parameters that answers data of the account. */
const accountData = (path: string, data: (account: AccountState) => unknown): Endpoint =>
  endpoint(path, V.none)((_ctx, _input, state, account) => ok(state, data(account)))

export const queryUserSetting = accountData("/api/render/setUp/queryUserSetting", (account) => account.settings)

/** Sets the task timeout: `taskOverTimeSec` in seconds; `taskOverTime` (hours) follows, rounded down. */
export const updateUserSetting = endpoint(
  "/api/render/setUp/updateUserSetting",
  V.struct({ taskOverTimeSec: V.int({ min: 0 }) })
)((_ctx, input, state, account) => {
  const settings = {
    ...account.settings,
    taskOverTimeSec: input.taskOverTimeSec,
    taskOverTime: Math.floor(input.taskOverTimeSec / 3600)
  }
  const accounts = new Map(state.accounts)
  accounts.set(account.accessId, { ...account, settings })
  return ok({ ...state, accounts }, null)
})

export const getBid = accountData("/api/render/transfer/getBid", (account) => account.bids)

export const hardwareConfigList = endpoint(
  "/api/render/hardwareConfig/list",
  V.struct({ cloneTask: V.string(), taskIds: V.optional(V.stringList()) })
)((_ctx, input, state, account) => {
  if (input.cloneTask !== "false" && input.cloneTask !== "true") {
    return reject(state, serviceError("ParameterInvalid", 'cloneTask must be "false" or "true"'))
  }
  const current = new Set<number>()
  for (const [i, text] of (input.taskIds ?? []).entries()) {
    if (!/^\d{1,15}$/.test(text)) {
      return reject(state, serviceError("ParameterInvalid", `taskIds[${i}] must be a task id written in digits`))
    }
    const task = state.tasks.get(Number(text))
    if (task === undefined || task.accessId !== account.accessId) {
      return reject(state, serviceError("ResourceNotFound", `task ${text} does not exist`))
    }
    const id = currentHardwareConfigId(account, task)
    if (id !== undefined) current.add(id)
  }
  return ok(
    state,
    account.hardwareConfigs.map((c) => hardwareConfigData(c, current.has(c.id)))
  )
})

/** The fields every record query takes. */
const recordQuery = {
  pageNum: V.int({ min: 1 }),
  pageSize: V.int({ min: 1 }),
  startDate: V.optional(V.string()),
  endDate: V.optional(V.string())
}

/** One page of `records` (oldest first) within the dates, newest first. */
const recordPage = <R>(
  records: Chunk.Chunk<R>,
  timeOf: (record: R) => number,
  input: {
    readonly pageNum: number
    readonly pageSize: number
    readonly startDate: string | undefined
    readonly endDate: string | undefined
  },
  utcOffsetMinutes: number
) =>
  Either.map(
    rangeOf({ name: "startDate", value: input.startDate }, { name: "endDate", value: input.endDate }, utcOffsetMinutes),
    (range) => {
      const rows = Chunk.toReadonlyArray(records)
        .filter((record) => inRange(range, timeOf(record)))
        .reverse()
      const start = (input.pageNum - 1) * input.pageSize
      return page(rows.slice(start, start + input.pageSize), input.pageNum, input.pageSize, rows.length)
    }
  )

export const taskRecord = endpoint(
  "/api/render/handle/operate/sdk/taskRecord",
  V.struct({ platform: V.int({ min: 1 }), ...recordQuery })
)((ctx, input, state, account) => {
  const records = Chunk.filter(account.records.tasks, (record) => record.platform === input.platform)
  const answer = recordPage(records, (record) => record.operateTime, input, ctx.options.utcOffsetMinutes)
  return Either.isLeft(answer) ? reject(state, answer.left) : ok(state, answer.right)
})

export const loginRecord = endpoint(
  "/api/render/handle/operate/sdk/loginRecord",
  V.struct(recordQuery)
)((ctx, input, state, account) => {
  const answer = recordPage(account.records.logins, (record) => record.loginTime, input, ctx.options.utcOffsetMinutes)
  return Either.isLeft(answer) ? reject(state, answer.left) : ok(state, answer.right)
})
