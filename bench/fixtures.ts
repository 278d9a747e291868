/**
 * Response bodies the benchmarks decode and serve, taken from the simulator (so they have the
 * exact shape the service sends): a 100-task list page, a 1,000-frame page and the
 * `queryTaskInfo` answer for one task.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { Rayvision, TaskService } from "@rayvision/core"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Effect, Layer, Redacted } from "effect"

/** The simulator's demo account, as client options for a domain. */
export const demoOptions = (domain: string, protocol: "http" | "https" = "https") => ({
  accessId: Simulator.demoAccount.accessId,
  accessKey: Redacted.make(Simulator.demoAccount.accessKey),
  domain,
  platform: 2,
  protocol,
  retry: { times: 0 }
})

/** What the benchmarks decode and serve. */
export interface Fixtures {
  /** `getTaskList/v2` answer: 100 tasks on one page. */
  readonly taskListText: string
  /** `queryTaskFrames` answer: 1,000 frames on one page. */
  readonly framePageText: string
  /** `queryTaskInfo/v2` answer for {@link Fixtures.taskId}. */
  readonly taskInfoText: string
  readonly taskId: number
}

/** The answers a simulator gave to `calls`, by path. */
const record = <A>(
  farm: Simulator.FarmOptions,
  calls: (tasks: TaskService.Service) => Effect.Effect<A, unknown>
): Effect.Effect<readonly [A, (path: string) => string]> =>
  Effect.gen(function* () {
    const sim = yield* SimulatorService.make({ farm: { queueSeconds: 3600, ...farm } })
    const answers = new Map<string, string>()
    const recording: SimulatorService.Service = {
      ...sim,
      handle: (request) => Effect.tap(sim.handle(request), (response) => answers.set(request.path, response.body))
    }
    const client = Rayvision.layer(demoOptions("task.renderbus.com")).pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, SimulatorService.httpClient(recording)))
    )
    const result = yield* Effect.flatMap(TaskService.TaskService, calls).pipe(Effect.provide(client), Effect.orDie)
    const answer = (path: string) => {
      const text = answers.get(path)
      if (text === undefined) throw new Error(`no answer recorded for ${path}`)
      return text
    }
    return [result, answer] as const
  })

/** Runs the simulator in-process and records the answers of three calls. */
export const makeFixtures: Effect.Effect<Fixtures> = Effect.gen(function* () {
  const { endpoints } = TaskService
  // 100 tasks of one frame for the list; one task of 1,000 frames for the frame page.
  const [taskId, listed] = yield* record({ framesPerTask: 1 }, (tasks) =>
    Effect.gen(function* () {
      const { taskIdList } = yield* tasks.createTaskIds({ count: 100 })
      for (const taskId of taskIdList) yield* tasks.submit({ taskId })
      yield* tasks.listPage({ pageSize: 100 })
      yield* tasks.info([taskIdList[0]!])
      return taskIdList[0]!
    })
  )
  const [, framed] = yield* record({ framesPerTask: 1000 }, (tasks) =>
    Effect.gen(function* () {
      const { taskIdList } = yield* tasks.createTaskIds({ count: 1 })
      yield* tasks.submit({ taskId: taskIdList[0]! })
      yield* tasks.framesPage({ taskId: taskIdList[0]!, pageSize: 1000 })
    })
  )
  return {
    taskListText: listed(endpoints.listPage.path),
    framePageText: framed(endpoints.framesPage.path),
    taskInfoText: listed(endpoints.info.path),
    taskId
  }
})
