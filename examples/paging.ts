/**
 * Paging: stream every task of the account with `TaskService.list`, 10 per page, and show that
 * pages are fetched lazily, one request as the stream is pulled past the end of a page.
 *
 * Without credentials it starts the local simulator on 127.0.0.1 and first submits 37 tasks
 * there (4 pages of 10). With `RAYVISION_API_ACCESS_ID` and `RAYVISION_API_KEY` set it pages
 * through the live account's tasks (read-only).
 *
 * Run it: `npx tsx --conditions=source examples/paging.ts`.
 */
import { TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { embeddedSimulator } from "./embedded.ts"
import { Console, Effect, Ref, Stream } from "effect"

const PAGE_SIZE = 10

/** Reserves and submits `count` tasks (simulator only: it creates tasks). */
export const createTasks = (count: number) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const { taskIdList } = yield* tasks.createTaskIds({ count, artist: "paging" })
    yield* Effect.forEach(taskIdList, (taskId) => tasks.submit({ taskId }), { discard: true, concurrency: 4 })
    yield* Console.log(`Submitted ${taskIdList.length} tasks`)
  })

/**
 * Streams every task, printing each page's count as it arrives and the total at the end.
 * `requests` counts the `getTaskList` requests the service received so far (known against the
 * simulator only): it shows each page is fetched when the stream is pulled past the previous one.
 */
export const pageThrough = (requests?: Effect.Effect<number>) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const requested = requests ?? Effect.succeed(Number.NaN)
    // Requests sent since the current run of the stream began.
    const baseline = yield* Ref.make(yield* requested)
    const sent = Effect.zipWith(requested, Ref.get(baseline), (now, at) => now - at)
    const restart = Effect.flatMap(requested, (n) => Ref.set(baseline, n))
    const pageCount = yield* Ref.make(0)
    const seen = yield* Ref.make(0)
    const stream = tasks.listPages({ pageSize: PAGE_SIZE }).pipe(
      Stream.tap((page) =>
        Effect.gen(function* () {
          const n = yield* Ref.updateAndGet(pageCount, (k) => k + 1)
          const before = yield* Ref.getAndUpdate(seen, (k) => k + page.items.length)
          const requestsNote = requests === undefined ? "" : `; ${yield* sent} request(s) sent so far`
          yield* Console.log(
            `Page ${n}: ${page.items.length} task(s) (${before + 1}-${before + page.items.length} of ${page.total})${requestsNote}`
          )
        })
      ),
      Stream.mapConcat((page) => page.items)
    )

    // Lazy: taking the first 3 tasks fetches the first page only.
    const first = yield* Stream.runCollect(Stream.take(stream, 3))
    if (requests !== undefined) {
      yield* Console.log(`Took the first ${first.length} task(s): ${yield* sent} request(s) sent in all`)
    }

    // Every task, page after page, stopping at the last page.
    yield* Ref.set(pageCount, 0)
    yield* Ref.set(seen, 0)
    yield* restart
    const total = yield* Stream.runCount(stream)
    const requestsNote = requests === undefined ? "" : `, ${yield* sent} request(s)`
    yield* Console.log(
      `Total: ${total} task(s) in ${yield* Ref.get(pageCount)} page(s) of up to ${PAGE_SIZE}${requestsNote}`
    )

    // The same tasks as `list` streams them, one by one (the pages are fetched the same way).
    const listed = yield* Stream.runCount(tasks.list({ pageSize: PAGE_SIZE }))
    yield* Console.log(`TaskService.list streamed ${listed} task(s)`)
  })

const live = process.env["RAYVISION_API_ACCESS_ID"] !== undefined

const program = live
  ? Effect.gen(function* () {
      yield* Console.log("Credentials found: paging through the live account's tasks (read-only).")
      yield* pageThrough()
    }).pipe(Effect.provide(RayvisionNode.layerConfig()))
  : Effect.gen(function* () {
      const { sim, client } = yield* embeddedSimulator(RayvisionNode, {
        seed: 1,
        farm: { framesPerTask: 6, frameSeconds: 0.2, queueSeconds: 0.1, nodes: 3 }
      })
      // The simulator records every request it answers: count those of the task list.
      const listRequests = Effect.map(
        sim.calls,
        (calls) => calls.filter((c) => c.path === TaskService.endpoints.listPage.path).length
      )
      yield* Effect.provide(Effect.zipRight(createTasks(37), pageThrough(listRequests)), client)
    }).pipe(Effect.scoped)

Effect.runPromise(program).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
