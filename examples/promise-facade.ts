/**
 * The Promise facade: the same account calls without Effect, through `createClient` from
 * `@rayvision/node/promise`. Every method returns a `Promise`, every stream is an `AsyncIterable`
 * for `for await`, and a failure rejects with the SDK's tagged error classes, so `instanceof`
 * tells them apart.
 *
 * Without credentials it starts the local simulator on 127.0.0.1 (the only Effect code here) and
 * also submits, lists and stops a task there. With `RAYVISION_API_ACCESS_ID` and
 * `RAYVISION_API_KEY` set it uses `createClientFromEnv` and only reads (profile, settings, the
 * first tasks of the list); its typed error is an input error, refused before anything is sent.
 *
 * Run it: `npx tsx --conditions=source examples/promise-facade.ts`.
 */
import { ApiError } from "@rayvision/core"
import type { PromiseClient } from "@rayvision/core/promise"
import { createClient, createClientFromEnv } from "@rayvision/node/promise"
import { Simulator, SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { Effect, Exit, Scope } from "effect"

/** The account part: reads only, the same against the live service and the simulator. */
export const showAccount = async (client: PromiseClient.RayvisionClient) => {
  const { profile, settings } = await client.user.userInfo()
  console.log(
    `Signed in as ${profile.userName ?? "?"} (user id ${profile.userId}), platform ${profile.platform ?? "?"}`
  )
  console.log(`Task timeout: ${settings.taskOverTime ?? "?"} h (${settings.taskOverTimeSec ?? "?"} s)`)

  let count = 0
  for await (const task of client.tasks.list({ pageSize: 10 })) {
    if (count < 3) console.log(`  task ${task.id}: status ${task.taskStatus}`)
    if (++count === 50) break // leaving the loop stops the stream: no further page is fetched
  }
  console.log(`Listed ${count} task(s) with for await`)

  try {
    await client.tasks.stop([])
  } catch (error) {
    if (error instanceof ApiError.InvalidRequest) console.log(`Caught an InvalidRequest: ${error.message}`)
    else throw error
  }
}

/** The task part, run against the simulator only: it creates and changes tasks. */
export const taskTour = async (client: PromiseClient.RayvisionClient) => {
  const { taskIdList } = await client.tasks.createTaskIds({ count: 2, artist: "promise" })
  for (const taskId of taskIdList) await client.tasks.submit({ taskId })
  console.log(`Submitted tasks ${taskIdList.join(" and ")}`)

  const ids: Array<number> = []
  for await (const task of client.tasks.list({ pageSize: 10 })) ids.push(task.id)
  console.log(`for await over tasks.list: ${ids.length} task(s), ${ids.join(", ")}`)

  await client.tasks.stop([taskIdList[0]!], { signal: AbortSignal.timeout(5_000) })
  const { items } = await client.tasks.info([taskIdList[0]!])
  console.log(`After stop, task ${taskIdList[0]} has status ${items[0]?.taskStatus} (10 = stopped)`)

  try {
    await client.tasks.stop([900_000_001])
    console.log("stopped a task that does not exist?")
  } catch (error) {
    if (error instanceof ApiError.ResourceNotFound) {
      console.log(`Caught a ${error._tag} (code ${error.code}) for task 900000001: ${error.message}`)
    } else throw error
  }
}

/** Starts the simulator on a free port of 127.0.0.1; `close` stops it. */
const startSimulator = async () => {
  const scope = await Effect.runPromise(Scope.make())
  const server = await Effect.runPromise(
    Effect.flatMap(SimulatorService.make({ seed: 1 }), (sim) => SimulatorServer.serve(sim, { port: 0 })).pipe(
      Scope.extend(scope)
    )
  )
  return { server, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

const main = async () => {
  if (process.env["RAYVISION_API_ACCESS_ID"] !== undefined) {
    console.log("Credentials found: calling the live service (read-only).")
    const client = await createClientFromEnv()
    try {
      await showAccount(client)
    } finally {
      await client.close()
    }
    return
  }
  const { server, close } = await startSimulator()
  try {
    console.log(`No credentials set: running against the local simulator at ${server.url}`)
    const client = await createClient({
      accessId: Simulator.demoAccount.accessId,
      accessKey: Simulator.demoAccount.accessKey, // a plain string is fine: the client keeps it Redacted
      domain: `${server.host}:${server.port}`,
      protocol: "http",
      platform: 2
    })
    try {
      await showAccount(client)
      await taskTour(client)
    } finally {
      await client.close()
    }
  } finally {
    await close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
