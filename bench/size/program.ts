/**
 * The quick start whose bundle size the benchmarks report, without a runtime: reads the profile,
 * lists tasks and stops the first. `quickstart.ts` and `quickstart-fetch.ts` run it on one
 * `HttpClient` each.
 */
import { TaskService, UserService } from "@rayvision/core"
import { Console, Effect, type Layer } from "effect"

export const program = Effect.gen(function* () {
  const user = yield* UserService.UserService
  const tasks = yield* TaskService.TaskService
  const { profile } = yield* user.userInfo()
  yield* Console.log(`Signed in as ${profile.userName ?? "?"} (user id ${profile.userId})`)
  const page = yield* tasks.listPage({ pageSize: 10 })
  yield* Console.log(`${page.total} task(s)`)
  const first = page.items[0]
  if (first !== undefined) yield* tasks.stop([first.id])
})

/** Runs `program` with a client layer; a failure is printed on one line and sets exit code 1. */
export const main = <E>(client: Layer.Layer<TaskService.TaskService | UserService.UserService, E>) =>
  Effect.runPromise(program.pipe(Effect.provide(client))).catch((error: unknown) => {
    console.error(String(error))
    process.exitCode = 1
  })
