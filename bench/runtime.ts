/**
 * What differs between Node, Bun and Deno for the benchmarks: the runtime's name and version,
 * forcing a garbage collection, and the SDK adapter (`@rayvision/node`, `bun` or `deno`).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type { ClientConfig, Rayvision, Signer } from "@rayvision/core"
import type { ConfigError, Layer } from "effect"
import { measure } from "mitata"
import * as Os from "node:os"

/** The runtimes the benchmarks run on. */
export type RuntimeName = "node" | "bun" | "deno"

const globals = globalThis as {
  readonly Bun?: { readonly version: string; readonly gc: (force: boolean) => void }
  readonly Deno?: { readonly version: { readonly deno: string; readonly v8: string } }
  readonly gc?: () => void
}

/** The runtime this process runs on. */
export const runtime: RuntimeName = globals.Bun !== undefined ? "bun" : globals.Deno !== undefined ? "deno" : "node"

/** `node 20.20.2`, `bun 1.4.5`, `deno 2.9.6 (V8 ...)`. */
export const runtimeVersion = (): string =>
  runtime === "bun"
    ? `bun ${globals.Bun!.version}`
    : runtime === "deno"
      ? `deno ${globals.Deno!.version.deno} (V8 ${globals.Deno!.version.v8})`
      : `node ${process.versions.node} (V8 ${process.versions.v8})`

/** Forces a full collection; false when the runtime was not started with one exposed. */
export const collect = (): boolean => {
  if (globals.Bun !== undefined) {
    globals.Bun.gc(true)
    return true
  }
  if (globals.gc !== undefined) {
    globals.gc()
    return true
  }
  return false
}

/** Bytes of live JavaScript heap (including garbage not yet collected). */
export const heapUsed = (): number => process.memoryUsage().heapUsed

/** The machine: OS, CPU model, cores and memory. */
export const machine = () => ({
  os: `${Os.type()} ${Os.release()} (${Os.arch()})`,
  cpu: Os.cpus()[0]?.model ?? "unknown",
  cores: Os.cpus().length,
  memoryGiB: Math.round((Os.totalmem() / 1024 ** 3) * 10) / 10,
  /** 1, 5 and 15 minutes: other work on the machine skews every figure. */
  loadAverage: Os.loadavg().map((x) => Math.round(x * 100) / 100)
})

/** What the benchmarks take from an adapter (`@rayvision/node`, `bun` and `deno` all export it). */
interface Adapter {
  readonly layerHttpClient: Layer.Layer<HttpClient.HttpClient>
  readonly hmac: Signer.Hmac
  readonly layer: (options: ClientConfig.Options) => Layer.Layer<Rayvision.Services, ConfigError.ConfigError>
}

/**
 * This runtime's adapter module, built (`pnpm build`): Node's from its package, Bun's and Deno's
 * from their `dist` (the repository's root does not depend on them). A path in a variable, so
 * that typechecking, which runs before the build, does not look for it.
 */
const adapter = async (): Promise<Adapter> => {
  if (runtime === "node") return import("@rayvision/node")
  const built = new URL(`../packages/${runtime}/dist/esm/index.js`, import.meta.url).href
  return (await import(built)) as Adapter
}

/** The platform HttpClient of this runtime's adapter. */
export const adapterHttpClient = async (): Promise<Adapter["layerHttpClient"]> => (await adapter()).layerHttpClient

/** The native HMAC this runtime's adapter signs with (`Signer.Hmac`). */
export const adapterHmac = async (): Promise<Adapter["hmac"]> => (await adapter()).hmac

/** The `layer` of this runtime's adapter: every core service, from options. */
export const adapterLayer = async (): Promise<Adapter["layer"]> => (await adapter()).layer

/** The package name of this runtime's adapter. */
export const adapterName = `@rayvision/${runtime}`

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const now = (): number => performance.now()

/** The `q`-quantile (0..1) of sorted numbers. */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  if (sorted.length === 0) return NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index]!
}

/** Rounds to `digits` significant-ish decimals for the results file. */
export const round = (x: number, digits = 3): number => {
  if (!Number.isFinite(x)) return x
  const factor = 10 ** digits
  return Math.round(x * factor) / factor
}

/** Mean cost of one operation: elapsed time, and CPU time of the whole process (every thread). */
export interface Cost {
  readonly wallNs: number
  readonly cpuNs: number
}

/** CPU time of this process so far (user + system, every thread), in nanoseconds. */
export const cpuNs = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) * 1000
}

/**
 * Runs `op` in `chunks` stretches of `minMs / chunks` each (at least `minCalls` calls each) and
 * returns the median stretch's wall and CPU time per call: a stretch hit by another process's
 * burst does not move the median.
 */
const loop = async (op: () => unknown, minMs: number, minCalls: number, chunks: number): Promise<Cost> => {
  const wall: Array<number> = []
  const cpu: Array<number> = []
  for (let chunk = 0; chunk < chunks; chunk++) {
    let calls = 0
    const cpuStart = cpuNs()
    const start = now()
    while (calls < minCalls || now() - start < minMs / chunks) {
      await op()
      calls++
    }
    wall.push(((now() - start) * 1e6) / calls)
    cpu.push((cpuNs() - cpuStart) / calls)
  }
  const median = (xs: Array<number>) =>
    quantile(
      xs.sort((a, b) => a - b),
      0.5
    )
  return { wallNs: median(wall), cpuNs: median(cpu) }
}

/**
 * Typical CPU time of one call of each of `ops`, measured in turns: after a warm-up of each,
 * `chunks` rounds, each a stretch of every op in turn (at least `minMs / chunks` and 3 calls
 * each), the median stretch of each. Figures to be compared with each other are measured this
 * way, in the same stretches of the process's life: how V8's collector treats what a call
 * allocates changes as a process warms (Deno most), so of two ops measured one after the other
 * the first meets phases the second does not (NOTES.md, "Measured in turns").
 */
export const measureCpuInTurns = async <K extends string>(
  ops: Readonly<Record<K, () => unknown>>,
  options: { readonly quick: boolean; readonly minMs: number }
): Promise<Record<K, number>> => {
  const names = Object.keys(ops) as Array<K>
  for (const name of names) await ops[name]()
  const chunks = options.quick ? 3 : 15
  const figures = new Map<K, Array<number>>(names.map((name) => [name, []]))
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (const name of names) {
      const { cpuNs } = await loop(ops[name], options.minMs / chunks, 3, 1)
      figures.get(name)!.push(cpuNs)
    }
  }
  const medians = {} as Record<K, number>
  for (const name of names) {
    medians[name] = quantile(
      figures.get(name)!.sort((a, b) => a - b),
      0.5
    )
  }
  return medians
}

/**
 * Typical cost of one call of `op` (sync or async). Full runs take the elapsed time from mitata's
 * `measure` (its median sample; at least `minMs` of samples, at least 10 samples, no batching:
 * each `op` runs its own batch), then the CPU time from plain loops (the median of 9 stretches
 * over `minMs / 2`). Quick runs take both from plain loops (3 stretches over `minMs`; mitata
 * spends about 0.35 s setting up each measurement, too long for a quick run of about 50 of them).
 * CPU time is what to compare on a busy machine: other processes stretch the elapsed time much
 * more than the CPU time.
 */
export const measureCost = async (
  op: () => unknown,
  options: { readonly quick: boolean; readonly minMs: number }
): Promise<Cost> => {
  await op()
  if (options.quick) return loop(op, options.minMs, 1, 3)
  const stats = await measure(op, { min_cpu_time: options.minMs * 1e6, min_samples: 10, batch_threshold: 0 })
  const { cpuNs } = await loop(op, options.minMs / 2, 2, 9)
  return { wallNs: stats.p50, cpuNs }
}

/** `client` sending as the SDK's transport sends: no `http.client` span, no trace headers. */
export const asTheSdkSends = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  client.pipe(
    HttpClient.withTracerPropagation(false),
    HttpClient.withTracerDisabledWhen(() => true)
  )

/**
 * CPU µs per call of this process: `run` makes `batch` calls; after a warm-up, the median of 9
 * stretches of about `calls / 9` calls.
 */
export const medianCpuUsPerCall = async (
  run: () => Promise<unknown>,
  calls: number,
  batch: number
): Promise<number> => {
  const cpu = () => {
    const usage = process.cpuUsage()
    return usage.user + usage.system
  }
  const rounds = Math.max(1, Math.round(calls / 9 / batch))
  for (let i = 0; i < rounds; i++) await run()
  const figures: Array<number> = []
  for (let k = 0; k < 9; k++) {
    const start = cpu()
    for (let i = 0; i < rounds; i++) await run()
    figures.push((cpu() - start) / (rounds * batch))
  }
  figures.sort((a, b) => a - b)
  return figures[4]!
}
