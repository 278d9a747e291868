/**
 * Streams: `TaskService.frames` over every frame of a 100,000-frame task from the simulator,
 * in-process (`SimulatorService.layer`'s HttpClient) and over a socket (`SimulatorServer.serve` on
 * 127.0.0.1, through this runtime's adapter), pages of 1,000: items per second and heap growth.
 */
import { Rayvision, TaskService } from "@rayvision/core"
import { SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { Effect, Layer, Stream } from "effect"
import { demoOptions } from "./fixtures.ts"
import { adapterHttpClient, collect, heapUsed, now, round } from "./runtime.ts"

/** One transport's figures. */
export interface StreamCase {
  readonly transport: string
  readonly frames: number
  readonly seconds: number
  readonly itemsPerSecond: number
  /** Largest live-heap growth over the start, with a full collection before each sample (every 5 pages). */
  readonly heapGrowthMiB: number
  /** Largest heap-used growth sampled at every page without collecting (garbage included). */
  readonly heapGrowthUncollectedMiB: number
  /** Whether a full collection could be forced (otherwise heapGrowthMiB includes garbage). */
  readonly collected: boolean
}

const PAGE = 1000
const MiB = 1024 * 1024

const consume = (frames: number) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const { taskIdList } = yield* tasks.createTaskIds({ count: 1 })
    const taskId = taskIdList[0]!
    yield* tasks.submit({ taskId })
    const collected = collect()
    const before = heapUsed()
    let peak = before
    let peakUncollected = before
    const start = now()
    const result = yield* Stream.runFold(
      tasks.frames(taskId, { pageSize: PAGE }),
      { count: 0, inOrder: true },
      (s, frame) => {
        const n = s.count + 1
        if (n % PAGE === 0) {
          peakUncollected = Math.max(peakUncollected, heapUsed())
          if (n % (5 * PAGE) === 0 && collect()) peak = Math.max(peak, heapUsed())
        }
        return { count: n, inOrder: s.inOrder && frame.frameIndex === String(n) }
      }
    )
    const seconds = (now() - start) / 1000
    if (result.count !== frames || !result.inOrder)
      throw new Error(`streamed ${result.count} frames, expected ${frames}`)
    return {
      frames,
      seconds: round(seconds, 3),
      itemsPerSecond: Math.round(frames / seconds),
      heapGrowthMiB: round((collected ? peak - before : peakUncollected - before) / MiB, 2),
      heapGrowthUncollectedMiB: round((peakUncollected - before) / MiB, 2),
      collected
    }
  })

/** Runs the streaming benchmark with `frames` frames (100,000; fewer in quick mode). */
export const runStreams = async (frames: number): Promise<ReadonlyArray<StreamCase>> => {
  const farm = { queueSeconds: 3600, framesPerTask: frames }
  const inProcess = await Effect.runPromise(
    consume(frames).pipe(
      Effect.provide(
        Rayvision.layer(demoOptions("task.renderbus.com")).pipe(Layer.provide(SimulatorService.layer({ farm })))
      )
    )
  )
  const adapter = await adapterHttpClient()
  const overSocket = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const sim = yield* SimulatorService.make({ farm })
        const server = yield* SimulatorServer.serve(sim, { port: 0 })
        const client = Rayvision.layer(demoOptions(`${server.host}:${server.port}`, "http")).pipe(
          Layer.provide(adapter)
        )
        return yield* Effect.provide(consume(frames), client)
      })
    ).pipe(Effect.orDie)
  )
  return [
    { transport: "in-process (SimulatorService.layer)", ...inProcess },
    { transport: "socket (SimulatorServer.serve, same process)", ...overSocket }
  ]
}
