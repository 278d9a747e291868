/**
 * Writes `BENCHMARKS.md` and its chart (hand-written SVG) from `bench/results/<runtime>.json`
 * (and `answer-size-<runtime>.json`): the tables of every benchmark, the targets met or missed, the machine, runtime versions and
 * date, and the notes of `bench/NOTES.md` (what remains and why).
 *
 * Run alone: `tsx bench/report.ts [DIR]` (default `bench/results`).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { type AnswerSizeResults, answerSizeSection } from "./answer-size.ts"
import type { Results } from "./run.ts"
import { sizeSection } from "./size.ts"
import { targetsTable } from "./targets.ts"
import { type CpuStages, cpuStagesSection } from "./cpu-stages.ts"

const root = fileURLToPath(new URL("..", import.meta.url))
const RUNTIMES = ["node", "bun", "deno"] as const

const fmt = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a"
const us = (ns: number) => fmt(ns / 1000, ns < 100_000 ? 2 : 0)
const ratio = (x: number) => `${fmt(x, 2)}×`
const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`)
  ].join("\n")

// ---------------------------------------------------------------------------------------------
// The chart
// ---------------------------------------------------------------------------------------------

const COLORS: Record<string, string> = { node: "#3c873a", bun: "#c0772c", deno: "#4a4a9c" }
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** Two panels: SDK/raw ratios by runtime (bars), and signing cost against body size (log-log lines). */
export const chart = (results: ReadonlyArray<Results>): string => {
  const W = 960
  const H = 380
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`
  ]
  // Left panel: ratios.
  const L = { x: 60, y: 50, w: 390, h: 260 }
  const metrics: ReadonlyArray<readonly [string, (r: Results) => number]> = [
    ["latency p50", (r) => r.overhead.ratios.latencyP50],
    ["latency p99", (r) => r.overhead.ratios.latencyP99],
    ["calls/s c=1", (r) => r.overhead.ratios.throughput["1"]!],
    ["calls/s c=16", (r) => r.overhead.ratios.throughput["16"]!],
    ["calls/s c=128", (r) => r.overhead.ratios.throughput["128"]!]
  ]
  const maxRatio = Math.max(2, ...results.flatMap((r) => metrics.map(([, f]) => f(r))))
  const yMax = Math.ceil(maxRatio * 2) / 2
  const yOf = (v: number) => L.y + L.h - (Math.min(v, yMax) / yMax) * L.h
  out.push(
    `<text x="${L.x}" y="24" font-size="14" font-weight="bold">SDK / raw fetch (latency: lower is better; calls/s: higher)</text>`
  )
  for (let t = 0; t <= yMax + 1e-9; t += yMax > 4 ? 1 : 0.5) {
    out.push(`<line x1="${L.x}" x2="${L.x + L.w}" y1="${yOf(t)}" y2="${yOf(t)}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${L.x - 6}" y="${yOf(t) + 4}" text-anchor="end">${t.toFixed(1)}</text>`)
  }
  out.push(`<line x1="${L.x}" x2="${L.x + L.w}" y1="${yOf(1)}" y2="${yOf(1)}" stroke="#000" stroke-dasharray="4 3"/>`)
  const groupW = L.w / metrics.length
  const barW = Math.min(22, (groupW - 12) / Math.max(1, results.length))
  metrics.forEach(([label, f], i) => {
    const gx = L.x + i * groupW + (groupW - barW * results.length) / 2
    results.forEach((r, j) => {
      const v = f(r)
      const x = gx + j * barW
      out.push(
        `<rect x="${x.toFixed(1)}" y="${yOf(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(L.y + L.h - yOf(v)).toFixed(1)}" fill="${COLORS[r.runtime]}"><title>${r.runtime} ${esc(label)}: ${v.toFixed(2)}</title></rect>`
      )
      out.push(
        `<text x="${(x + barW / 2 - 1).toFixed(1)}" y="${(yOf(v) - 3).toFixed(1)}" text-anchor="middle" font-size="9">${v.toFixed(2)}</text>`
      )
    })
    // The target of the metric: latency ≤ 1.15 (p50), throughput ≥ 0.85 (c=128).
    const target = i === 0 ? 1.15 : i === 4 ? 0.85 : undefined
    if (target !== undefined)
      out.push(
        `<line x1="${L.x + i * groupW + 4}" x2="${L.x + (i + 1) * groupW - 4}" y1="${yOf(target)}" y2="${yOf(target)}" stroke="#d00" stroke-width="2"/>`
      )
    out.push(`<text x="${L.x + (i + 0.5) * groupW}" y="${L.y + L.h + 16}" text-anchor="middle">${esc(label)}</text>`)
  })
  out.push(
    `<text x="${L.x}" y="${L.y + L.h + 36}" fill="#d00">red: target (latency p50 ≤ 1.15, calls/s at 128 ≥ 0.85)</text>`
  )

  // Right panel: signing cost by ids, log-log.
  const R = { x: 560, y: 50, w: 370, h: 260 }
  out.push(
    `<text x="${R.x - 40}" y="24" font-size="14" font-weight="bold">Signing CPU cost by body size (µs, log-log)</text>`
  )
  const points = results.flatMap((r) =>
    r.signing.series.flatMap((s) => [s.sdk.cpuNs, s.webCrypto.cpuNs, s.nodeCrypto.cpuNs])
  )
  const lo = Math.floor(Math.log10(Math.min(...points) / 1000))
  const hi = Math.ceil(Math.log10(Math.max(...points) / 1000))
  const ids = results[0]?.signing.series.map((s) => s.ids) ?? [1]
  const xOf = (n: number) => R.x + (Math.log10(n) / Math.log10(Math.max(...ids))) * R.w
  const yLog = (ns: number) => R.y + R.h - ((Math.log10(ns / 1000) - lo) / Math.max(1, hi - lo)) * R.h
  for (let e = lo; e <= hi; e++) {
    const y = R.y + R.h - ((e - lo) / Math.max(1, hi - lo)) * R.h
    out.push(`<line x1="${R.x}" x2="${R.x + R.w}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${R.x - 6}" y="${y + 4}" text-anchor="end">${fmt(10 ** e, e < 0 ? -e : 0)}</text>`)
  }
  for (const n of ids) {
    out.push(`<text x="${xOf(n)}" y="${R.y + R.h + 16}" text-anchor="middle">${fmt(n)}</text>`)
  }
  out.push(`<text x="${R.x + R.w / 2}" y="${R.y + R.h + 32}" text-anchor="middle">task ids in the body</text>`)
  const line = (r: Results, key: "sdk" | "webCrypto" | "nodeCrypto", dash: string) =>
    out.push(
      `<polyline fill="none" stroke="${COLORS[r.runtime]}" stroke-width="2"${dash === "" ? "" : ` stroke-dasharray="${dash}"`} points="${r.signing.series
        .map((s) => `${xOf(s.ids).toFixed(1)},${yLog(s[key].cpuNs).toFixed(1)}`)
        .join(" ")}"/>`
    )
  for (const r of results) {
    line(r, "sdk", "")
    line(r, "webCrypto", "6 3")
    line(r, "nodeCrypto", "2 3")
  }
  out.push(
    `<text x="${R.x}" y="${R.y + R.h + 52}">solid: SDK (string to sign + Signer.signSync); dashed: bare WebCrypto; dotted: bare node:crypto</text>`
  )
  // Legend.
  results.forEach((r, i) => {
    const x = L.x + i * 90
    out.push(`<rect x="${x}" y="${H - 22}" width="12" height="12" fill="${COLORS[r.runtime]}"/>`)
    out.push(`<text x="${x + 16}" y="${H - 12}">${esc(r.runtime)}</text>`)
  })
  out.push(`</svg>`)
  return `${out.join("\n")}\n`
}

// ---------------------------------------------------------------------------------------------
// The markdown
// ---------------------------------------------------------------------------------------------

const markdown = (
  results: ReadonlyArray<Results>,
  answerSize: ReadonlyArray<AnswerSizeResults>,
  chartPath: string,
  notes: string,
  quick: boolean,
  stages: { readonly now: CpuStages; readonly before: CpuStages | undefined } | undefined
): string => {
  const first = results[0]!
  const node = results.find((r) => r.runtime === "node")
  const lines: Array<string> = []
  const push = (...xs: Array<string>) => lines.push(...xs.flatMap((x) => [x, ""]))
  push(
    "# Benchmarks",
    "<!-- Generated by bench/report.ts from bench/results/*.json; edit bench/NOTES.md or the generator, not this file. -->",
    `Measured ${first.date.slice(0, 10)} with \`pnpm bench\`${quick ? " --quick (brief runs: figures are rough)" : ""}. ` +
      "Each runtime runs `bench/run.ts` in its own process (Node through tsx, Bun and Deno natively) on the built packages, what users install; " +
      `the per-call server: ${first.overhead.server}. Raw results: \`bench/results/<runtime>.json\`.`
  )
  push(
    "## Machine and runtimes",
    table(
      ["", ""],
      [
        ["OS", first.machine.os],
        ["CPU", `${first.machine.cpu} × ${first.machine.cores} cores`],
        ["memory", `${fmt(first.machine.memoryGiB, 1)} GiB`],
        ...results.map((r) => [
          r.runtime,
          `${r.version}; load average at start ${r.machine.loadAverage.map((x) => fmt(x, 1)).join(" / ")}; ${fmt(r.seconds["total"] ?? 0, 0)} s`
        ])
      ]
    )
  )
  const targets = targetsTable(results)
  push(
    "## Targets",
    "Each with every guarantee of a call on: validation, typed errors, the span and its events, metrics, the " +
      "per-attempt timeout, retries, secrets scrubbed. CPU per call is the figure a busy machine distorts least.",
    table(targets.head, targets.rows)
  )
  push(`![SDK/raw ratios and signing cost by body size](${chartPath})`)

  push(
    "## 1. Signing",
    "The SDK's cost is what `HttpTransport` does for every attempt: the string to sign " +
      "(`Signer.stringToSign`, the same code as `internal/canonical.ts`) and `Signer.signSync` (HMAC-SHA256 with the " +
      "adapter's native `Signer.Hmac`, `node:crypto`), called at once, no Effect step. The baselines sign the already built " +
      "string: bare `node:crypto` `createHmac` (the same primitive, like for like) and bare WebCrypto " +
      "(`crypto.subtle.sign` + Base64, core's portable default). Microseconds per signature: CPU time of the process (every thread, so " +
      "WebCrypto's worker thread counts), which other load on the machine distorts least, and elapsed time; " +
      "signatures/s = 10⁶ / SDK elapsed µs. Ratios are of CPU time."
  )
  for (const r of results) {
    const rows = [...r.signing.cases, ...r.signing.series].map((c) => [
      c.name,
      fmt(c.stringLength),
      us(c.sdk.cpuNs),
      us(c.sdk.wallNs),
      fmt(1e9 / c.sdk.wallNs),
      us(c.canonical.cpuNs),
      us(c.sign.cpuNs),
      us(c.webCrypto.cpuNs),
      us(c.nodeCrypto.cpuNs),
      ratio(c.sdk.cpuNs / c.webCrypto.cpuNs),
      ratio(c.sdk.cpuNs / c.nodeCrypto.cpuNs)
    ])
    push(
      `### ${r.runtime}`,
      table(
        [
          "body",
          "chars",
          "SDK CPU µs",
          "SDK elapsed µs",
          "SDK sig/s",
          "string to sign CPU µs",
          "Signer.signSync CPU µs",
          "WebCrypto CPU µs",
          "node:crypto CPU µs",
          "SDK / WebCrypto",
          "SDK / node:crypto"
        ],
        rows
      ),
      `Growth 100 → 10,000 ids: CPU cost ∝ ids^${fmt(r.signing.growthExponent, 2)} (1 is linear; ` +
        `SDK µs per id at 10,000: ${us(r.signing.series.at(-1)!.sdk.cpuNs / r.signing.series.at(-1)!.ids)}).`
    )
  }

  push(
    "## 2. Per-call overhead",
    "`TaskService.info([id])` through the runtime's adapter against a loopback server " +
      "that answers a fixed `queryTaskInfo` envelope without verification, against the same pre-built body bytes " +
      "and signed headers POSTed with raw `fetch` (and undici's `request` on Node), the answer read as text and " +
      "`JSON.parse`d. Latency at concurrency 1; calls/s with 1, 16 and 128 concurrent callers (median of the rounds)."
  )
  for (const r of results) {
    push(
      `### ${r.runtime}`,
      table(
        [
          "client",
          "p50 ms",
          "p99 ms",
          "mean ms",
          "calls/s c=1",
          "calls/s c=16",
          "calls/s c=128",
          "CPU µs/call c=1",
          "CPU µs/call c=128"
        ],
        [
          ...r.overhead.clients.map((c) => [
            c.client,
            fmt(c.latencyP50Ms, 3),
            fmt(c.latencyP99Ms, 3),
            fmt(c.latencyMeanMs, 3),
            fmt(c.callsPerSecond["1"]!),
            fmt(c.callsPerSecond["16"]!),
            fmt(c.callsPerSecond["128"]!),
            fmt(c.cpuUsPerCall["1"]!, 1),
            fmt(c.cpuUsPerCall["128"]!, 1)
          ]),
          [
            "**SDK / raw fetch**",
            ratio(r.overhead.ratios.latencyP50),
            ratio(r.overhead.ratios.latencyP99),
            "",
            ratio(r.overhead.ratios.throughput["1"]!),
            ratio(r.overhead.ratios.throughput["16"]!),
            ratio(r.overhead.ratios.throughput["128"]!),
            ratio(r.overhead.ratios.cpuPerCall["1"]!),
            ratio(r.overhead.ratios.cpuPerCall["128"]!)
          ]
        ]
      )
    )
  }

  push(
    "### The SDK's own cost per call, no network",
    "`TaskService.info` against an in-memory HttpClient answering the same envelope (no socket), CPU µs per " +
      "call, next to `@effect/platform`'s HttpClient alone on the same client (a pre-built request, the answer parsed); the three calls measured in turns (15 rounds, the median of each), and parts of the call measured alone: signing (string to sign + `Signer.signSync`, as the transport signs), decoding the answer " +
      "(`JSON.parse` + the transport's compiled `TaskPage` decoder) and `JSON.parse` alone. The rest of the call is the Effect " +
      "runtime, request validation and encoding, the platform request/response objects, span and metrics.",
    table(
      [
        "runtime",
        "SDK call",
        "@effect/platform HttpClient alone",
        "SDK call, WebCrypto Signer",
        "signing",
        "decode answer",
        "JSON.parse answer"
      ],
      results.map((r) => [
        r.runtime,
        fmt(r.overhead.inMemory.sdkCallCpuUs, 1),
        fmt(r.overhead.inMemory.platformCallCpuUs, 1),
        fmt(r.overhead.inMemory.sdkWebCryptoCallCpuUs, 1),
        fmt(r.overhead.inMemory.signCpuUs, 1),
        fmt(r.overhead.inMemory.decodeCpuUs, 1),
        fmt(r.overhead.inMemory.jsonParseCpuUs, 1)
      ])
    )
  )

  push(
    "## 3. Decoding",
    "JSON text of one page into the response schemas `TaskService` uses (`JSON.parse`, then the transport's " +
      "decoder of `TaskPage` / `FramePage` on the envelope's data: the schema compiled once into plain functions, " +
      "`internal/fastDecode.ts`), against `JSON.parse` alone.",
    table(
      [
        "runtime",
        "page",
        "items",
        "bytes",
        "decode CPU µs",
        "decode elapsed µs",
        "JSON.parse CPU µs",
        "decode / parse",
        "items/s decoded (CPU)"
      ],
      results.flatMap((r) =>
        r.decoding.map((d) => [
          r.runtime,
          d.name,
          fmt(d.items),
          fmt(d.bytes),
          us(d.decode.cpuNs),
          us(d.decode.wallNs),
          us(d.jsonParse.cpuNs),
          ratio(d.ratio),
          fmt(d.itemsPerSecond)
        ])
      )
    )
  )

  push(
    "## 4. Streams",
    "`TaskService.frames` over every frame of one task from the simulator, pages of 1,000. Heap growth: the " +
      'largest live heap over the start, a full collection before each sample (every 5 pages); "uncollected" ' +
      "samples `heapUsed` every page without collecting (garbage included). Over the socket the simulator's " +
      "server runs in the same process, so its heap counts too.",
    table(
      ["runtime", "transport", "frames", "s", "frames/s", "heap growth MiB", "uncollected MiB"],
      results.flatMap((r) =>
        r.streams.map((s) => [
          r.runtime,
          s.transport,
          fmt(s.frames),
          fmt(s.seconds, 2),
          fmt(s.itemsPerSecond),
          `${fmt(s.heapGrowthMiB, 1)}${s.collected ? "" : " (no GC)"}`,
          fmt(s.heapGrowthUncollectedMiB, 1)
        ])
      )
    )
  )

  if (stages !== undefined) push(cpuStagesSection(stages.now, stages.before))
  if (node?.size !== undefined) push(sizeSection(node.size))
  if (answerSize.length > 0) push(answerSizeSection(answerSize))
  if (notes.trim() !== "") push(notes.trim())
  return `${lines.join("\n").trimEnd()}\n`
}

/**
 * Writes the report of the results in `dir`: `BENCHMARKS.md` at the repo root and
 * `bench/chart.svg` for the committed results, or both inside `dir` for quick runs.
 */
export const writeReport = async (
  dir: string,
  options: { readonly quick: boolean; readonly chart?: string | undefined }
): Promise<{ readonly markdown: string; readonly chart: string }> => {
  const read = <A>(name: (runtime: string) => string) =>
    RUNTIMES.map((runtime) => join(dir, name(runtime)))
      .filter((file) => existsSync(file))
      .map((file) => JSON.parse(readFileSync(file, "utf8")) as A)
  const results = read<Results>((runtime) => `${runtime}.json`)
  const answerSize = read<AnswerSizeResults>((runtime) => `answer-size-${runtime}.json`)
  if (results.length === 0) throw new Error(`no results in ${dir}`)
  const markdownPath = options.quick ? join(dir, "BENCHMARKS.md") : join(root, "BENCHMARKS.md")
  const chartPath = options.chart ?? join(root, "bench", "chart.svg")
  const readJson = <A>(file: string) => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as A) : undefined)
  const now = readJson<CpuStages>(join(dir, "cpu-stages.json"))
  const stages =
    now === undefined
      ? undefined
      : { now, before: readJson<CpuStages>(join(root, "bench", "results", "cpu-stages-before.json")) }
  const notesPath = join(root, "bench", "NOTES.md")
  const notes = existsSync(notesPath) ? readFileSync(notesPath, "utf8") : ""
  writeFileSync(chartPath, chart(results))
  writeFileSync(
    markdownPath,
    markdown(results, answerSize, relative(join(markdownPath, ".."), chartPath), notes, options.quick, stages)
  )
  return { markdown: markdownPath, chart: chartPath }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? join(root, "bench", "results")
  const written = await writeReport(dir, { quick: dir.includes("quick") })
  console.log(`wrote ${written.markdown} and ${written.chart}`)
}
