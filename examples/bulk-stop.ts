/**
 * Bulk stop: stop a few hundred tasks with `BulkService.stop`, some of whose ids the service does
 * not know. Ids go in batches of 100, 4 requests at a time; a batch the service refuses is split
 * to find the ids at fault, so every good id is still stopped and every bad id gets its own typed
 * error.
 *
 * Without credentials it starts the local simulator on 127.0.0.1, submits 280 tasks there and
 * stops them along with 20 ids that do not exist and one invalid id. With `RAYVISION_API_ACCESS_ID` and
 * `RAYVISION_API_KEY` set it stops only the task ids given on the command line
 * (`... examples/bulk-stop.ts 19097 19098`), and nothing without them.
 *
 * Run it: `npx tsx --conditions=source examples/bulk-stop.ts`.
 */
import { BulkService, TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { embeddedSimulator } from "./embedded.ts"
import { Console, Effect } from "effect"

/** Stops the ids, printing a line per batch and then the outcome. */
export const stopAll = (taskIds: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const bulk = yield* BulkService.BulkService
    const result = yield* bulk.stop(taskIds, {
      onProgress: (p) => Console.log(`  ${p.done}/${p.total} ids done: ${p.succeeded} stopped, ${p.failed} failed`)
    })
    yield* Console.log(
      `Stopped ${result.succeeded.length} of ${result.byId.size} task(s); ${result.failed.length} failed`
    )
    const byTag = new Map<string, Array<number>>()
    for (const { error, taskId } of result.failed) byTag.set(error._tag, [...(byTag.get(error._tag) ?? []), taskId])
    for (const [tag, ids] of byTag) {
      yield* Console.log(`  ${tag}: ${ids.length} id(s), e.g. ${ids.slice(0, 3).join(", ")}`)
    }
    yield* Console.log(`Distinct error tags: ${[...byTag.keys()].sort().join(", ") || "none"}`)
  })

/** Simulator only: submits `count` tasks and returns their ids. */
const submitTasks = (count: number) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const { taskIdList } = yield* tasks.createTaskIds({ count, artist: "bulk" })
    yield* Effect.forEach(taskIdList, (taskId) => tasks.submit({ taskId }), { discard: true, concurrency: 8 })
    return taskIdList
  })

const live = process.env["RAYVISION_API_ACCESS_ID"] !== undefined

const program = live
  ? Effect.gen(function* () {
      const ids = process.argv.slice(2).map(Number)
      if (ids.length === 0) {
        yield* Console.log("Credentials found, but no task ids given: nothing to stop on the live service.")
        return
      }
      yield* Console.log(`Credentials found: stopping ${ids.length} task(s) on the live service.`)
      yield* stopAll(ids)
    }).pipe(Effect.provide(RayvisionNode.layerConfig()))
  : Effect.gen(function* () {
      // Frames of a minute: the tasks are still waiting or rendering when they are stopped (a
      // finished task cannot be stopped: the service answers 600, a ParameterInvalid).
      const { client } = yield* embeddedSimulator(RayvisionNode, {
        seed: 1,
        farm: { framesPerTask: 6, frameSeconds: 60, queueSeconds: 0.1, nodes: 3 }
      })
      yield* Effect.gen(function* () {
        const submitted = yield* submitTasks(280)
        // 20 ids no task has, spread through the list so every batch holds some, and one id that
        // is no id at all (refused before anything is sent).
        const unknown = Array.from({ length: 20 }, (_, i) => 900_000_000 + i * 7)
        const ids = [...submitted.flatMap((id, i) => (i % 14 === 0 ? [unknown[i / 14]!, id] : [id])), -1]
        yield* Console.log(
          `Submitted ${submitted.length} tasks; stopping them along with ${unknown.length} unknown ids and the invalid id -1`
        )
        yield* stopAll(ids)
      }).pipe(Effect.provide(client))
    }).pipe(Effect.scoped)

Effect.runPromise(program).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
