/**
 * One call of the answer-size benchmark, in a process of its own on the runtime measured
 * (`answer-size.ts` starts one a run, so no earlier benchmark's freed memory absorbs the call's):
 * `UserService.profile()` through this runtime's adapter `layer`, with the default
 * `maxResponseBytes` and no retry, against the server at `BENCH_ANSWER_SERVER` (`host:port`),
 * whose first `BENCH_ANSWER_WARM_UP` answers are a small profile and whose next is the one
 * measured. The warm-up calls take the runtime's one-time costs out of the figure: after a single
 * call, the next small one still grew RSS by 20 to 30 MiB on Node (code compiled, heap pages
 * committed); after 200, by 0 to 3 MiB. RSS and heap used are sampled every 5 ms from before that call until
 * {@link TAIL_MS} after it ends. Prints `{"pid"}` when ready (and waits for a line on stdin),
 * then its figures, a `ProbeResult` (and waits for another line before it exits).
 */
import { ClientConfig, UserService } from "@rayvision/core"
import { Effect, ManagedRuntime, Redacted } from "effect"
import { createInterface } from "node:readline"
import type { ProbeResult } from "./answer-size.ts"
import { adapterLayer, collect, now, round, runtimeVersion } from "./runtime.ts"

const SAMPLE_MS = 5
/** Sampling goes on this long after the call has ended: what the adapter does on its way out counts. */
const TAIL_MS = 500
const MiB = 1024 * 1024

const server = process.env["BENCH_ANSWER_SERVER"]
if (server === undefined) throw new Error("BENCH_ANSWER_SERVER (host:port) is not set")
const warmUpCalls = Number(process.env["BENCH_ANSWER_WARM_UP"] ?? 0)

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const lines = createInterface({ input: process.stdin })
/** The driver's next line on stdin: it has done what the last line printed asked of it. */
const driverDone = () => new Promise<void>((resolve) => lines.once("line", () => resolve()))

interface Sample {
  readonly at: number
  readonly rss: number
  readonly heapUsed: number
}
const samples: Array<Sample> = []
const sample = (): Sample => {
  const usage = process.memoryUsage()
  const taken = { at: now(), rss: usage.rss, heapUsed: usage.heapUsed }
  samples.push(taken)
  return taken
}

const makeLayer = await adapterLayer()
const client = ManagedRuntime.make(
  makeLayer({
    accessId: "AKID-BENCH-ANSWER",
    accessKey: Redacted.make("bench-answer-size-key"),
    domain: server,
    protocol: "http",
    platform: 2,
    retry: { times: 0 }
  })
)
const profile = Effect.flatMap(UserService.UserService, (user) => Effect.either(user.profile()))

for (let i = 0; i < warmUpCalls; i++) {
  const warm = await client.runPromise(profile)
  if (warm._tag === "Left") throw new Error(`warm-up call ${i + 1} failed: ${warm.left.message}`)
}
collect()
await sleep(50)
collect()
// The driver resets the kernel's peak RSS of this process (Linux `VmHWM`): Deno lets a program
// touch its own `/proc/self` only with every permission.
process.stdout.write(`${JSON.stringify({ pid: process.pid })}\n`)
await driverDone()
const timer = setInterval(sample, SAMPLE_MS)
await sleep(10 * SAMPLE_MS)
const baseline = sample()
const result = await client.runPromise(profile)
const failedAfterMs = now() - baseline.at
sample()
await sleep(TAIL_MS)
clearInterval(timer)
sample()

const during = samples.filter((s) => s.at >= baseline.at)
const gaps = during.slice(1).map((s, i) => s.at - during[i]!.at)
const probe: ProbeResult = {
  version: runtimeVersion(),
  limitBytes: ClientConfig.defaults.maxResponseBytes,
  error: result._tag === "Left" ? result.left._tag : "none (answered)",
  message: result._tag === "Left" ? result.left.message : "",
  failedAfterMs: round(failedAfterMs, 1),
  baselineRssMiB: round(baseline.rss / MiB, 2),
  peakRssGrowthMiB: round((Math.max(...during.map((s) => s.rss)) - baseline.rss) / MiB, 2),
  peakHeapGrowthMiB: round((Math.max(...during.map((s) => s.heapUsed)) - baseline.heapUsed) / MiB, 2),
  samples: during.length,
  maxSampleGapMs: round(Math.max(...gaps), 1)
}
process.stdout.write(`${JSON.stringify(probe)}\n`)
// The driver reads the kernel's peak before this process goes.
await driverDone()
await client.dispose()
process.exit(0)
