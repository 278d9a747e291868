/**
 * The quick start of `quickstart.ts` on the platform's `fetch` (`FetchHttpClient`, as the Bun and
 * Deno adapters do) instead of the Node adapter's undici: what the bundle would weigh without
 * undici.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Rayvision, TaskService, UserService } from "@rayvision/core"
import { Console, Effect } from "effect"

const program = Effect.gen(function* () {
  const user = yield* UserService.UserService
  const tasks = yield* TaskService.TaskService
  const { profile } = yield* user.userInfo()
  yield* Console.log(`Signed in as ${profile.userName ?? "?"} (user id ${profile.userId})`)
  const page = yield* tasks.listPage({ pageSize: 10 })
  yield* Console.log(`${page.total} task(s)`)
  const first = page.items[0]
  if (first !== undefined) yield* tasks.stop([first.id])
})

Effect.runPromise(program.pipe(Effect.provide(Rayvision.adapter(FetchHttpClient.layer).layerConfig()))).catch(
  (error: unknown) => {
    console.error(String(error))
    process.exitCode = 1
  }
)
