/**
 * An answer that never ends: what one call costs in memory when the server would send 900 MB,
 * in chunks without a `Content-Length`, or declaring it in `Content-Length`. The server runs here
 * (Node, `node:http` on 127.0.0.1, writing 64 KiB at a time as the socket drains, so it never
 * buffers the answer); the call runs on the runtime measured, in a process of its own per run
 * (`answer-size-probe.ts`), through its adapter's `layer` with the default `maxResponseBytes`
 * (32 MiB) and no retry. Each run reports the call's peak RSS and heap growth, the time until it
 * failed and its error; the server counts the body bytes its socket took before the client hung up.
 * Writes `<out>/answer-size-<runtime>.json`; `report.ts` renders it with {@link answerSizeSection}.
 *
 * Run alone: `tsx bench/answer-size.ts [--quick] [--runtimes node,bun,deno]` writes the results
 * (in `bench/results/`, or `bench/results/quick/`); `tsx bench/report.ts` then renders them.
 */
import { createServer, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { exited, formatJson, root, spawnOn } from "./commands.ts"
import { machine, now, round, type RuntimeName } from "./runtime.ts"

/** What one probe process prints: one call's figures, seen from the client. */
export interface ProbeResult {
  readonly version: string
  /** The client's `maxResponseBytes` (its default). */
  readonly limitBytes: number
  /** The call's error tag (`ResponseTooLarge` expected). */
  readonly error: string
  readonly message: string
  /** From the call's start until it failed. */
  readonly failedAfterMs: number
  /** RSS just before the call, after the warm-up calls and a full collection. */
  readonly baselineRssMiB: number
  /** Largest RSS sampled (every 5 ms, from the call's start until 500 ms after its end) over the baseline. */
  readonly peakRssGrowthMiB: number
  /** Largest heap used sampled over the baseline (garbage included). */
  readonly peakHeapGrowthMiB: number
  readonly samples: number
  /** The longest time between two samples (a busy event loop delays the sampler). */
  readonly maxSampleGapMs: number
}

/** One run: the probe's figures and the server's. */
export interface AnswerSizeRun extends ProbeResult {
  /** The kernel's peak RSS (Linux `VmHWM`, reset just before the call) over the baseline: no sample can miss it. */
  readonly kernelPeakRssGrowthMiB: number | null
  /** Body bytes the server's socket took (handed to the kernel) before the connection closed. */
  readonly serverBytesWritten: number
  /** Whether the client closed the connection before it reported (not merely by exiting). */
  readonly cutByClient: boolean
  /** From the server's first byte of the answer until the connection closed. */
  readonly servedMs: number
}

/** The two shapes of a 900 MB answer, and a small answer: what any call costs, for comparison. */
export type Shape = "never ends (chunked)" | "declared (Content-Length)" | "small answer (control)"
const SHAPES: ReadonlyArray<Shape> = ["never ends (chunked)", "declared (Content-Length)", "small answer (control)"]
const CONTROL: Shape = "small answer (control)"

/** What `answer-size-<runtime>.json` holds. */
export interface AnswerSizeResults {
  readonly runtime: RuntimeName
  readonly version: string
  readonly date: string
  readonly quick: boolean
  readonly machine: ReturnType<typeof machine>
  /** What the server would write: the body's bytes. */
  readonly answerBytes: number
  readonly limitBytes: number
  readonly cases: ReadonlyArray<{ readonly shape: Shape; readonly runs: ReadonlyArray<AnswerSizeRun> }>
}

const ANSWER_BYTES = 900_000_000
const CHUNK = 64 * 1024
const MiB = 1024 * 1024
/** A run that takes longer than this is stopped (the client did not stop reading). */
const PROBE_TIMEOUT_MS = 180_000
/** Small calls before the one measured (see `answer-size-probe.ts`). */
const WARM_UP_CALLS = 200

/** The server's side of one run. */
interface Served {
  written: number
  servedMs: number
  readonly closed: Promise<void>
}

/** A profile envelope around `userName`'s start, then `x` up to `size` bytes, then its end. */
const bodyParts = (size: number) => {
  const head = Buffer.from(
    '{"version":"1.0.0","result":true,"message":"success","code":200,"requestId":"bench","data":{"userId":1,"userName":"'
  )
  const tail = Buffer.from('"}}')
  return { head, tail, filler: size - head.length - tail.length }
}

/** Writes a 900 MB profile answer to `res` as its socket drains, counting what the socket took. */
const writeLarge = (res: ServerResponse, shape: Shape, served: Served, onClose: () => void) => {
  res.writeHead(200, {
    "content-type": "application/json",
    ...(shape === "declared (Content-Length)" ? { "content-length": String(ANSWER_BYTES) } : {})
  })
  const started = now()
  res.on("close", () => {
    served.servedMs = round(now() - started, 1)
    onClose()
  })
  const { head, tail, filler } = bodyParts(ANSWER_BYTES)
  const chunk = Buffer.alloc(CHUNK, "x")
  const write = (bytes: Buffer) =>
    res.write(bytes, (error) => {
      if (error === null || error === undefined) served.written += bytes.length
    })
  write(head)
  let left = filler
  const pump = () => {
    while (!res.destroyed && left > 0) {
      const bytes = left >= CHUNK ? chunk : chunk.subarray(0, left)
      left -= bytes.length
      if (!write(bytes)) return void res.once("drain", pump)
    }
    if (!res.destroyed) res.end(tail)
  }
  pump()
}

/** The benchmark's server: each run queues its warm-up calls' small profile answers, then the one measured. */
const startAnswerServer = async () => {
  const answers: Array<(res: ServerResponse) => void> = []
  const small = Buffer.from(
    JSON.stringify({
      version: "1.0.0",
      result: true,
      message: "success",
      code: 200,
      data: { userId: 1, userName: "x" }
    })
  )
  const server = createServer((req, res) => {
    req.resume()
    req.on("end", () => {
      const answer = answers.shift()
      if (answer !== undefined) return answer(res)
      res.writeHead(500).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Queues the answers of one run and returns the measured one's figures. */
    expect: (shape: Shape): Served => {
      let onClose = () => {}
      const served: Served = { written: 0, servedMs: 0, closed: new Promise<void>((resolve) => (onClose = resolve)) }
      const answerSmall = (res: ServerResponse) => res.writeHead(200, { "content-type": "application/json" }).end(small)
      answers.length = 0
      answers.push(...Array.from({ length: WARM_UP_CALLS }, () => answerSmall))
      answers.push(
        shape === CONTROL
          ? (res) => {
              res.on("close", () => {
                served.written = small.length
                onClose()
              })
              answerSmall(res)
            }
          : (res) => writeLarge(res, shape, served, onClose)
      )
      return served
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

type AnswerServer = Awaited<ReturnType<typeof startAnswerServer>>

/**
 * The kernel's peak RSS of process `pid` (Linux `VmHWM`) in bytes, after resetting it to the
 * current RSS when `reset`; undefined where `/proc` does not have it.
 */
const kernelPeakRss = (pid: number, reset: boolean): number | undefined => {
  try {
    if (reset) writeFileSync(`/proc/${pid}/clear_refs`, "5")
    const kB = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]
    return kB === undefined ? undefined : Number(kB) * 1024
  } catch {
    return undefined
  }
}

/** One run: a probe process on `runtime` against `server`, answered in `shape`. */
const runOnce = async (runtime: RuntimeName, shape: Shape, server: AnswerServer): Promise<AnswerSizeRun> => {
  const served = server.expect(shape)
  let closed = false
  void served.closed.then(() => (closed = true))
  const child = spawnOn(runtime, "bench/answer-size-probe.ts", [], {
    env: { BENCH_ANSWER_SERVER: server.address, BENCH_ANSWER_WARM_UP: String(WARM_UP_CALLS) },
    piped: true
  })
  const timeout = setTimeout(() => child.kill(), PROBE_TIMEOUT_MS)
  let pid = 0
  let reset = false
  let reported: Omit<AnswerSizeRun, "serverBytesWritten" | "servedMs"> | undefined
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.startsWith("{")) return console.log(line)
    const message = JSON.parse(line) as ProbeResult | { readonly pid: number }
    if ("pid" in message) {
      pid = message.pid
      reset = kernelPeakRss(pid, true) !== undefined
    } else {
      const peak = reset ? kernelPeakRss(pid, false) : undefined
      const growth = peak === undefined ? null : round(peak / MiB - message.baselineRssMiB, 2)
      reported = { ...message, kernelPeakRssGrowthMiB: growth, cutByClient: closed }
    }
    child.stdin!.write("\n")
  })
  const code = await exited(child)
  clearTimeout(timeout)
  if (code !== 0 || reported === undefined) throw new Error(`the ${runtime} probe (${shape}) exited with ${code}`)
  await served.closed
  return { ...reported, serverBytesWritten: served.written, servedMs: served.servedMs }
}

/** Runs the benchmark on `runtime` (1 run a shape; 3 in full runs) and writes its results into `out`. */
export const runAnswerSize = async (
  runtime: RuntimeName,
  options: { readonly quick: boolean; readonly out: string }
): Promise<AnswerSizeResults> => {
  const file = join(root, options.out, `answer-size-${runtime}.json`)
  rmSync(file, { force: true })
  const server = await startAnswerServer()
  const cases: Array<AnswerSizeResults["cases"][number]> = []
  try {
    for (const shape of SHAPES) {
      const runs: Array<AnswerSizeRun> = []
      for (let i = 0; i < (options.quick ? 1 : 3); i++) {
        const run = await runOnce(runtime, shape, server)
        console.log(
          `[${runtime}] answer size, ${shape}: ${run.error} after ${run.failedAfterMs} ms, ` +
            `peak RSS +${run.peakRssGrowthMiB} MiB, server wrote ${(run.serverBytesWritten / MiB).toFixed(1)} MiB`
        )
        runs.push(run)
      }
      cases.push({ shape, runs })
    }
  } finally {
    await server.close()
  }
  const first = cases[0]!.runs[0]!
  const results: AnswerSizeResults = {
    runtime,
    version: first.version,
    date: new Date().toISOString(),
    quick: options.quick,
    machine: machine(),
    answerBytes: ANSWER_BYTES,
    limitBytes: first.limitBytes,
    cases
  }
  mkdirSync(join(file, ".."), { recursive: true })
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  return results
}

// ---------------------------------------------------------------------------------------------
// The report's section
// ---------------------------------------------------------------------------------------------

/** The target: peak RSS growth at most this many times the limit. */
const TARGET_TIMES = 3

const fmt = (x: number, digits = 0) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!
const max = (xs: ReadonlyArray<number>) => Math.max(...xs)

/** The worst growth of a run: the sampled peak, or the kernel's where it saw more. */
const worstGrowth = (run: AnswerSizeRun) => Math.max(run.peakRssGrowthMiB, run.kernelPeakRssGrowthMiB ?? 0)

/** BENCHMARKS.md's section of the results of each runtime. */
export const answerSizeSection = (results: ReadonlyArray<AnswerSizeResults>): string => {
  const limitMiB = results[0]!.limitBytes / MiB
  const runs = results.flatMap((r) => r.cases.flatMap((c) => (c.shape === CONTROL ? [] : c.runs)))
  const worst = max(runs.map(worstGrowth))
  const allTooLarge = runs.every((run) => run.error === "ResponseTooLarge")
  const met = worst <= TARGET_TIMES * limitMiB && allTooLarge
  const rows = results.flatMap((r) =>
    r.cases.map((c) => {
      const peak = max(c.runs.map((run) => run.peakRssGrowthMiB))
      const kernel = c.runs.map((run) => run.kernelPeakRssGrowthMiB)
      const cut = c.shape === CONTROL || c.runs.every((run) => run.cutByClient)
      return [
        r.runtime,
        c.shape,
        fmt(peak, 1),
        `${fmt(peak / limitMiB, 2)}×`,
        kernel.every((k) => k !== null) ? fmt(max(kernel as Array<number>), 1) : "n/a",
        fmt(max(c.runs.map((run) => run.peakHeapGrowthMiB)), 1),
        fmt(median(c.runs.map((run) => run.failedAfterMs)), 1),
        `${fmt(max(c.runs.map((run) => run.serverBytesWritten)))}${cut ? "" : " (not cut by the client)"}`,
        [...new Set(c.runs.map((run) => run.error))].join(", ")
      ]
    })
  )
  const quoted = [
    "before `maxResponseBytes`",
    "900 MB (quoted from issue 15, not measured here)",
    "≈ 1,144 (1.2 GB of RSS in all)",
    `≈ ${fmt(1.2e9 / results[0]!.limitBytes, 0)}× (of all RSS)`,
    "",
    "",
    "≈ 12,000",
    "",
    "TransportError (Cannot create a string longer than 0x1fffffe8 characters)"
  ]
  const head = [
    "runtime",
    "shape",
    "peak RSS growth MiB",
    "× limit",
    "kernel peak RSS growth MiB",
    "peak heap growth MiB",
    "time to fail ms",
    "server bytes written",
    "error"
  ]
  const table = [head, head.map(() => "---"), ...rows, quoted].map((row) => `| ${row.join(" | ")} |`).join("\n")
  const n = results[0]!.cases[0]!.runs.length
  return [
    "## 6. An answer that never ends",
    `Measured ${results[0]!.date.slice(0, 10)}${results[0]!.quick ? " (quick run)" : ""}; load average at the start: ` +
      `${results.map((r) => `${r.runtime} ${fmt(r.machine.loadAverage[0]!, 1)}`).join(", ")} ` +
      `(${results[0]!.machine.cores} cores: times to fail are stretched by other work, memory much less). ` +
      "`UserService.profile()` through each runtime's adapter `layer` (default `maxResponseBytes`, " +
      `${fmt(limitMiB)} MiB; no retry) against a loopback server that would write a ${fmt(results[0]!.answerBytes / 1e6)} MB ` +
      "answer: in chunks without a `Content-Length` (it never ends, as far as the client can tell), or declaring " +
      "it in `Content-Length`. The server runs in the benchmark's Node process and writes as its socket drains; " +
      `each call runs in a process of its own (${n} run${n === 1 ? "" : "s"} a shape), after ${WARM_UP_CALLS} small ` +
      "calls (the runtime's one-time costs: code compiled, heap pages committed) and a full collection; the " +
      "control row is the same call answered with a small profile. RSS and heap used are sampled every 5 ms from the call's start until 500 ms after it " +
      "failed; growth is over the RSS just before the call (worst run). The kernel's peak (Linux `VmHWM`, reset " +
      "before the call) catches what the sampling could miss. Time to fail: median run. Server bytes written: " +
      "the body bytes its socket took before the client closed the connection (worst run; the kernel's socket " +
      "buffers hold some of them).",
    table,
    `Target: peak RSS growth ≤ ${TARGET_TIMES}× the limit (${fmt(TARGET_TIMES * limitMiB)} MiB), every call ` +
      `failing with ResponseTooLarge: **${met ? "met" : "missed"}** (worst ${fmt(worst, 1)} MiB, ` +
      `${fmt(worst / limitMiB, 2)}×${allTooLarge ? "" : "; not every call failed with ResponseTooLarge"}).`
  ].join("\n\n")
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2)
  const quick = args.includes("--quick")
  const only = args.includes("--runtimes") ? args[args.indexOf("--runtimes") + 1]!.split(",") : undefined
  const out = quick ? "bench/results/quick" : "bench/results"
  for (const runtime of (["node", "bun", "deno"] as const).filter((r) => only === undefined || only.includes(r))) {
    await runAnswerSize(runtime, { quick, out })
  }
  if (!quick) await formatJson(`${out}/answer-size-*.json`)
}
