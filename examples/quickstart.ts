/**
 * Quick start: read the account's profile and settings, then reserve, submit, list and stop a
 * task.
 *
 * With `RAYVISION_API_ACCESS_ID` and `RAYVISION_API_KEY` set, it talks to the live service
 * (`RAYVISION_DOMAIN` and `RAYVISION_PLATFORM` are read too) and only reads the profile and
 * settings. Without them it starts the local simulator on 127.0.0.1 and runs everything
 * against it over a real socket.
 *
 * Run it: `npm run demo` (or `npx tsx --conditions=source examples/quickstart.ts`).
 */
import { TaskService, UserService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { embeddedSimulator } from "./embedded.ts"
import { Console, Effect } from "effect"

/** The account part: works the same against the live service and the simulator. */
export const showAccount = Effect.gen(function* () {
  const user = yield* UserService.UserService
  const { profile, settings } = yield* user.userInfo()
  yield* Console.log(
    `Signed in as ${profile.userName ?? "?"} (user id ${profile.userId}), platform ${profile.platform ?? "?"}`
  )
  yield* Console.log(
    `Balance: ${profile.rmbbalance ?? 0} CNY / ${profile.usdbalance ?? 0} USD; CPU price ${profile.cpuPrice ?? "?"}`
  )
  yield* Console.log(`Task timeout: ${settings.taskOverTime ?? "?"} h (${settings.taskOverTimeSec ?? "?"} s)`)
})

/** The task part, run against the simulator only: it creates and changes tasks. */
export const taskTour = Effect.gen(function* () {
  const tasks = yield* TaskService.TaskService
  const created = yield* tasks.createTaskIds({ count: 1, artist: "demo" })
  const taskId = created.taskIdList[0]!
  yield* Console.log(`Reserved task ${taskId} (${created.aliasTaskIdList?.[0] ?? "no alias"})`)
  yield* tasks.submit({ taskId, producer: "demo" })
  const page = yield* tasks.listPage({ pageSize: 10 })
  yield* Console.log(
    `Task list: ${page.total} task(s); newest ${page.items[0]?.id} has status ${page.items[0]?.taskStatus}`
  )
  yield* tasks.stop([taskId])
  const info = yield* tasks.info([taskId])
  yield* Console.log(`After stop, task ${taskId} has status ${info.items[0]?.taskStatus} (10 = stopped)`)
  // Bad input never reaches the wire: this fails with a typed InvalidRequest.
  const refused = yield* Effect.flip(tasks.stop([]))
  yield* Console.log(`A typed error, nothing sent: ${refused.message}`)
})

const live = process.env["RAYVISION_API_ACCESS_ID"] !== undefined

const program = live
  ? Effect.gen(function* () {
      yield* Console.log("Credentials found: calling the live service (read-only).")
      yield* showAccount
    }).pipe(Effect.provide(RayvisionNode.layerConfig()))
  : Effect.gen(function* () {
      const { client } = yield* embeddedSimulator()
      yield* Effect.provide(Effect.zipRight(showAccount, taskTour), client)
    }).pipe(Effect.scoped)

Effect.runPromise(program).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
