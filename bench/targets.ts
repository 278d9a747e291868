/**
 * The targets of the performance issue, per runtime, and their table in `BENCHMARKS.md`. Every
 * target holds with every guarantee of a call on (validation, typed errors, the span and its
 * events, metrics, the per-attempt timeout, retries, secrets scrubbed).
 */
import type { Results } from "./run.ts"

/** The official Python client's CPU per call (`UserService.profile` over a socket), as the issue measured it. */
export const PYTHON_CLIENT_CPU_US = 829

/** A target: what is measured, the limit, and whether it is met. */
export interface Target {
  readonly name: string
  readonly limit: string
  readonly measured: string
  /** Undefined when the run cannot tell (a quick run streams fewer frames; an older result lacks a figure). */
  readonly met: boolean | undefined
}

const fmt = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a"
const ratio = (x: number) => `${fmt(x, 2)}×`

/** The client rows of the per-call benchmark the targets compare. */
export const ADAPTER_CLIENT = "Effect HttpClient of the adapter, pre-built request"

/** The targets of one runtime's results; those of Node only are left out for Bun and Deno. */
export const targetsOf = (r: Results): ReadonlyArray<Target> => {
  const node = r.runtime === "node"
  const small = r.signing.cases[0]!
  const sdk = r.overhead.clients[0]!
  const adapter = r.overhead.clients.find((c) => c.client === ADAPTER_CLIENT)
  const overAdapter = adapter === undefined ? Number.NaN : sdk.cpuUsPerCall["1"]! / adapter.cpuUsPerCall["1"]!
  const { platformCallCpuUs, sdkCallCpuUs } = r.overhead.inMemory
  const inMemory = platformCallCpuUs === undefined ? Number.NaN : sdkCallCpuUs / platformCallCpuUs
  const throughput = r.overhead.ratios.throughput["128"]!
  const throughputLimit = node ? 0.85 : 0.5
  const known = (x: number, met: boolean) => (Number.isFinite(x) ? met : undefined)
  return [
    {
      name: "CPU per call over a socket, c=1: SDK / the adapter's HttpClient sending the pre-built request",
      limit: "≤ 1.3",
      measured: ratio(overAdapter),
      met: known(overAdapter, overAdapter <= 1.3)
    },
    ...(node
      ? [
          {
            name: `CPU per call over a socket, c=1, SDK (µs; ≤ 0.5 × the official Python client's ${PYTHON_CLIENT_CPU_US} µs)`,
            limit: `≤ ${fmt(PYTHON_CLIENT_CPU_US / 2)}`,
            measured: fmt(sdk.cpuUsPerCall["1"]!, 1),
            met: sdk.cpuUsPerCall["1"]! <= PYTHON_CLIENT_CPU_US / 2
          }
        ]
      : []),
    {
      name: "CPU per call in memory: SDK / `@effect/platform`'s HttpClient alone on the same client",
      limit: "≤ 2",
      measured: ratio(inMemory),
      met: known(inMemory, inMemory <= 2)
    },
    {
      name: "SDK / raw fetch throughput, concurrency 128",
      limit: `≥ ${throughputLimit}`,
      measured: ratio(throughput),
      met: throughput >= throughputLimit
    },
    ...(node
      ? [
          {
            name: "SDK / raw fetch latency, concurrency 1 (p50)",
            limit: "≤ 1.15",
            measured: ratio(r.overhead.ratios.latencyP50),
            met: r.overhead.ratios.latencyP50 <= 1.15
          }
        ]
      : []),
    ...r.decoding.map((d) => ({
      name: `decoding a ${d.name.split(" (")[0]} of ${fmt(d.items)}: decode / JSON.parse`,
      limit: "≤ 3",
      measured: ratio(d.ratio),
      met: d.ratio <= 3
    })),
    {
      name: "signing, small body: SDK / bare node:crypto HMAC (the runtime's native crypto, as the adapter)",
      limit: "≤ 2",
      measured: ratio(small.sdk.cpuNs / small.nodeCrypto.cpuNs),
      met: small.sdk.cpuNs / small.nodeCrypto.cpuNs <= 2
    },
    {
      name: "signing cost growth, 100 → 10,000 ids (exponent; 1 = linear)",
      limit: "≤ 1.05",
      measured: fmt(r.signing.growthExponent, 2),
      met: r.signing.growthExponent <= 1.05
    },
    ...r.streams.map((s) => ({
      name: `heap growth streaming the frames of a task, ${s.transport}`,
      limit: "< 30 MB",
      measured: `${fmt(s.heapGrowthMiB, 1)} MiB (${fmt(s.frames)} frames)`,
      met: s.frames < 100_000 ? undefined : s.heapGrowthMiB * 1.048576 < 30
    }))
  ]
}

const verdict = (met: boolean | undefined) => (met === undefined ? "–" : met ? "met" : "**missed**")

/** One table: a row per target, a column per runtime ("measured (met)"), Node-only targets blank elsewhere. */
export const targetsTable = (results: ReadonlyArray<Results>): { head: Array<string>; rows: Array<Array<string>> } => {
  const byRuntime = results.map((r) => new Map(targetsOf(r).map((t) => [t.name, t])))
  const names: Array<string> = []
  for (const targets of byRuntime) for (const name of targets.keys()) if (!names.includes(name)) names.push(name)
  const rows = names.map((name) => {
    const limits = [...new Set(byRuntime.map((t) => t.get(name)?.limit).filter((l) => l !== undefined))]
    const limit =
      limits.length === 1
        ? limits[0]!
        : results.map((r, i) => `${byRuntime[i]!.get(name)?.limit ?? "–"} (${r.runtime})`).join(", ")
    return [
      name,
      limit,
      ...byRuntime.map((targets) => {
        const t = targets.get(name)
        return t === undefined ? "" : `${t.measured} (${verdict(t.met)})`
      })
    ]
  })
  return { head: ["target", "limit", ...results.map((r) => r.runtime)], rows }
}
