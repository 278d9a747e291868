/**
 * The Promise facade on every runtime (Node with vitest, Bun with `bun test`, Deno with
 * `deno test`): the simulator as a real HTTP server on 127.0.0.1, and the runtime's
 * `createClient` (`@rayvision/<runtime>/promise`) talking to it over the socket from plain async
 * code. Calls, a `for await` over the task list, typed errors caught with `instanceof`, an
 * AbortSignal (already aborted, and aborted while the call waits to retry) and `close`. Throws
 * (node:assert) on any mismatch.
 */
import assert from "node:assert/strict"
import { ApiError, Task } from "@rayvision/core"
import { PromiseClient } from "@rayvision/core/promise"
import { Simulator, SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { Effect, Exit, Scope } from "effect"
import { paths } from "../paths.ts"

/** An adapter's `createClient`. */
export type CreateClient = (options: PromiseClient.Options) => Promise<PromiseClient.RayvisionClient>

/** What the scenario saw, for the runtime test to report. */
export interface PromiseReport {
  readonly url: string
  readonly userId: number
  readonly statuses: ReadonlyArray<number | undefined>
  /** Tasks the `for await` loop read, and the pages it requested. */
  readonly listed: { readonly tasks: number; readonly pages: number }
  /** The `_tag` (or, for an abort, the `name`) of each error thrown, in order. */
  readonly errors: ReadonlyArray<string>
}

/** The rejection of a promise that must reject. */
const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected the call to reject")
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

export const promiseScenario = async (createClient: CreateClient): Promise<PromiseReport> => {
  // The simulator's side is Effect; everything the client does below is plain async code.
  const scope = Effect.runSync(Scope.make())
  try {
    const sim = await Effect.runPromise(SimulatorService.make({ seed: 7 }))
    const server = await Effect.runPromise(Scope.extend(SimulatorServer.serve(sim, { port: 0 }), scope))
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+/)
    const callsTo = async (path: string) => (await Effect.runPromise(sim.calls)).filter((c) => c.path === path).length
    const options: PromiseClient.Options = {
      accessId: Simulator.demoAccount.accessId,
      accessKey: Simulator.demoAccount.accessKey,
      domain: `${server.host}:${server.port}`,
      protocol: "http",
      platform: 2,
      retry: { times: 0 }
    }
    const errors: Array<string> = []
    const tagOf = (error: unknown) => {
      const tag = (error as { readonly _tag?: unknown })._tag
      errors.push(typeof tag === "string" ? tag : (error as Error).name)
      return error
    }

    const client = await createClient(options)
    let report: Omit<PromiseReport, "url" | "errors">
    try {
      const profile = await client.user.profile()
      assert.ok(profile.userId > 0, "profile has a user id")

      const { taskIdList } = await client.tasks.createTaskIds({ artist: "promise-test", count: 3 })
      assert.equal(taskIdList.length, 3)
      for (const taskId of taskIdList) await client.tasks.submit({ taskId })
      const first = taskIdList[0]!
      const statusOf = async () => (await client.tasks.info([first])).items[0]?.taskStatus
      const submitted = await statusOf()
      await client.tasks.stop([first])
      const stopped = await statusOf()
      assert.equal(submitted, Task.TaskStatus.Waiting)
      assert.equal(stopped, Task.TaskStatus.Stopped)

      // A stream as an async iterable: two tasks a page, so two pages.
      const seen: Array<number> = []
      for await (const task of client.tasks.list({ pageSize: 2 })) seen.push(task.id)
      assert.deepEqual([...seen].sort(), [...taskIdList].sort())
      const pages = await callsTo(paths.getTaskList)

      // Typed errors, as the classes of @rayvision/core: refused before sending, and by the service.
      const invalid = tagOf(await rejection(client.tasks.stop([])))
      assert.ok(invalid instanceof ApiError.InvalidRequest, String(invalid))
      assert.equal(invalid.field, "taskIds")
      assert.equal(await callsTo(paths.stopTask), 1, "the refused stop was not sent")
      const twice = tagOf(await rejection(client.tasks.submit({ taskId: first })))
      assert.ok(twice instanceof ApiError.ParameterInvalid, String(twice))
      assert.equal(twice.code, 600)

      // An aborted signal: rejected with its reason, nothing sent.
      const aborted = new AbortController()
      aborted.abort()
      const profilesBefore = await callsTo(paths.queryUserProfile)
      const early = tagOf(await rejection(client.user.profile({ signal: aborted.signal })))
      assert.equal(early, aborted.signal.reason)
      assert.equal(await callsTo(paths.queryUserProfile), profilesBefore, "nothing was sent")
      report = { userId: profile.userId, statuses: [submitted, stopped], listed: { tasks: seen.length, pages } }
    } finally {
      await client.close()
    }
    const closed = tagOf(await rejection(client.user.profile()))
    assert.ok(closed instanceof PromiseClient.ClientClosed)

    // Aborted while waiting to retry a gateway error: no further request.
    const retrying = await createClient({ ...options, retry: { times: 5, base: "1 minute", cap: "1 minute" } })
    try {
      await Effect.runPromise(sim.injectFault({ path: paths.queryUserProfile, httpStatus: 503, times: 10 }))
      const before = await callsTo(paths.queryUserProfile)
      const controller = new AbortController()
      const call = rejection(retrying.user.profile({ signal: controller.signal }))
      for (let i = 0; i < 1000 && (await callsTo(paths.queryUserProfile)) === before; i++) await sleep(5)
      assert.equal(await callsTo(paths.queryUserProfile), before + 1, "the first attempt was answered")
      controller.abort()
      const error = tagOf(await call)
      assert.equal((error as DOMException).name, "AbortError")
      await sleep(50)
      assert.equal(await callsTo(paths.queryUserProfile), before + 1, "no retry after the abort")
      await Effect.runPromise(sim.clearFaults)
    } finally {
      await retrying.close()
    }

    // Another key for the same access id: the service refuses the signature.
    const wrongKey = await createClient({ ...options, accessKey: "not-the-key" })
    try {
      const error = tagOf(await rejection(wrongKey.user.profile()))
      assert.ok(error instanceof ApiError.SignatureInvalid, String(error))
    } finally {
      await wrongKey.close()
    }
    return { url: server.url, ...report, errors }
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

/** What every runtime must see from {@link promiseScenario}: the same on Node, Bun and Deno. */
export const checkPromiseReport = (report: PromiseReport): void => {
  assert.match(report.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.deepEqual(report.statuses, [0, 10])
  assert.deepEqual(report.listed, { tasks: 3, pages: 2 })
  assert.deepEqual(report.errors, [
    "InvalidRequest",
    "ParameterInvalid",
    "AbortError",
    "ClientClosed",
    "AbortError",
    "SignatureInvalid"
  ])
}
