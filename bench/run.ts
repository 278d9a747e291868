/**
 * Runs every benchmark on the current runtime and writes `<out>/<runtime>.json`.
 *
 * Usage: `run.ts [--quick] [--out DIR]`. `BENCH_SERVER=host:port:taskId` points the per-call
 * benchmark at a server in another process (`main.ts` starts one); without it the server runs
 * in this process.
 */
import { Effect } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { type DecodingCase, runDecoding } from "./decoding.ts"
import { makeFixtures } from "./fixtures.ts"
import { type OverheadResults, runOverhead } from "./overhead.ts"
import { machine, now, runtime, runtimeVersion } from "./runtime.ts"
import { startServer } from "./server.ts"
import { runSigning, type SigningResults } from "./signing.ts"
import type { SizeCase } from "./size.ts"
import { runStreams, type StreamCase } from "./streams.ts"

/** What one runtime's run writes. */
export interface Results {
  readonly runtime: string
  readonly version: string
  readonly date: string
  readonly quick: boolean
  readonly machine: ReturnType<typeof machine>
  readonly signing: SigningResults
  readonly overhead: OverheadResults
  readonly decoding: ReadonlyArray<DecodingCase>
  readonly streams: ReadonlyArray<StreamCase>
  /** Node only. */
  readonly size?: ReadonlyArray<SizeCase>
  /** Seconds each benchmark took, and in all. */
  readonly seconds: Readonly<Record<string, number>>
}

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const outIndex = args.indexOf("--out")
const out = outIndex >= 0 ? args[outIndex + 1]! : quick ? "bench/results/quick" : "bench/results"

const seconds: Record<string, number> = {}
const timed = async <A>(name: string, run: () => Promise<A>): Promise<A> => {
  const start = now()
  process.stdout.write(`[${runtime}] ${name}...`)
  const result = await run()
  seconds[name] = Math.round(now() - start) / 1000
  process.stdout.write(` ${seconds[name]} s\n`)
  return result
}

const started = now()
const fixtures = await timed("fixtures", () => Effect.runPromise(makeFixtures))
const signing = await timed("signing", () => runSigning(quick))
const overhead = await timed("overhead", async () => {
  const external = process.env["BENCH_SERVER"]
  if (external !== undefined) {
    const [host, port, taskId] = external.split(":")
    return runOverhead(
      { host: host!, port: Number(port), taskId: Number(taskId), server: "node:http, separate Node process" },
      quick
    )
  }
  const server = await startServer(fixtures.taskInfoText)
  try {
    return await runOverhead(
      { host: server.host, port: server.port, taskId: fixtures.taskId, server: "node:http, same process" },
      quick
    )
  } finally {
    await server.close()
  }
})
const decoding = await timed("decoding", () => runDecoding(fixtures, quick))
const streams = await timed("streams", () => runStreams(quick ? 5_000 : 100_000))
const size =
  runtime === "node" ? await timed("size", async () => (await import("./size.ts")).runSize(quick)) : undefined
seconds["total"] = Math.round(now() - started) / 1000

const results: Results = {
  runtime,
  version: runtimeVersion(),
  date: new Date().toISOString(),
  quick,
  machine: machine(),
  signing,
  overhead,
  decoding,
  streams,
  ...(size === undefined ? {} : { size }),
  seconds
}
mkdirSync(out, { recursive: true })
writeFileSync(join(out, `${runtime}.json`), `${JSON.stringify(results, null, 2)}\n`)
console.log(`[${runtime}] wrote ${join(out, `${runtime}.json`)} in ${seconds["total"]} s`)
