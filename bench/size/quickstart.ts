/**
 * The program whose bundle size the benchmarks report: a quick start with the Node adapter and
 * no simulator (credentials from the environment; reads the profile, lists and stops tasks).
 */
import { TaskService, UserService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
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

Effect.runPromise(program.pipe(Effect.provide(RayvisionNode.layerConfig()))).catch((error: unknown) => {
  console.error(String(error))
  process.exitCode = 1
})
