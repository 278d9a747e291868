/**
 * The quick start's program, the same on every runtime: read the account's profile and settings,
 * then reserve, submit, list and stop a task. It holds no platform code: each entry file hands it
 * its runtime's adapter and runs it.
 *
 * - Node: `examples/quickstart.ts` (`@rayvision/node`), what `npm run demo` runs
 * - Bun: `examples/quickstart-bun.ts` (`@rayvision/bun`)
 * - Deno: `examples/quickstart-deno.ts` (`@rayvision/deno`)
 *
 * With `RAYVISION_API_ACCESS_ID` and `RAYVISION_API_KEY` set, it talks to the live service
 * (`RAYVISION_DOMAIN` and `RAYVISION_PLATFORM` are read too) and only reads the profile and
 * settings. Without them it starts the local simulator on 127.0.0.1 and runs everything
 * against it over a real socket.
 */
import { TaskService, UserService } from "@rayvision/core"
import { Console, Effect } from "effect"
import { type Adapter, embeddedSimulator } from "./embedded.ts"

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

/** The whole quick start on `adapter`: the live service with credentials, else the simulator. */
export const quickstart = (adapter: Adapter) =>
  process.env["RAYVISION_API_ACCESS_ID"] !== undefined
    ? Effect.gen(function* () {
        yield* Console.log("Credentials found: calling the live service (read-only).")
        yield* showAccount
      }).pipe(Effect.provide(adapter.layerConfig()))
    : Effect.gen(function* () {
        const { client } = yield* embeddedSimulator(adapter)
        yield* Effect.provide(Effect.zipRight(showAccount, taskTour), client)
      }).pipe(Effect.scoped)

/** Runs the quick start on `adapter`; a failure prints its message and sets the exit code to 1. */
export const main = (adapter: Adapter): Promise<void> =>
  Effect.runPromise(quickstart(adapter)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
