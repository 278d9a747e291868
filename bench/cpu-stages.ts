/**
 * "Where a call's CPU goes": the figures `where-cpu-goes.ts` writes (`cpu-stages.json`), and their
 * section of `BENCHMARKS.md`, next to the same figures measured before the performance work
 * (`bench/results/cpu-stages-before.json`, from commit 08b05f4).
 */

/** One setting: CPU µs per call, and its part per stage. */
export interface StageFigures {
  readonly cpuUsPerCall: number
  readonly stages: Readonly<Record<string, number>>
}

/** What `where-cpu-goes.ts` measures. */
export interface CpuStages {
  /** The commit measured (for the committed "before" figures). */
  readonly commit?: string
  readonly date: string
  readonly calls: number
  /** `TaskService.info` on an HttpClient answering from memory. */
  readonly memory: StageFigures
  /** `TaskService.info` through `@rayvision/node` over a socket. */
  readonly socket: StageFigures
  /** The adapter's own HttpClient sending the pre-built request over the same socket. */
  readonly adapterFloor: StageFigures
}

const fmt = (x: number | undefined) =>
  x === undefined ? "–" : x.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** The section: a row per stage, before and now, in memory and over a socket, and the adapter's floor. */
export const cpuStagesSection = (now: CpuStages, before: CpuStages | undefined): string => {
  const columns: ReadonlyArray<readonly [string, StageFigures | undefined]> = [
    ["in memory, before", before?.memory],
    ["in memory, now", now.memory],
    ["socket, before", before?.socket],
    ["socket, now", now.socket],
    ["socket, the adapter's HttpClient alone, now", now.adapterFloor]
  ]
  const stages: Array<string> = []
  for (const [, figures] of columns)
    for (const stage of Object.keys(figures?.stages ?? {})) if (!stages.includes(stage)) stages.push(stage)
  const rows = [
    ...stages.map((stage) => [stage, ...columns.map(([, f]) => (f === undefined ? "–" : fmt(f.stages[stage] ?? 0)))]),
    ["**CPU µs per call**", ...columns.map(([, f]) => `**${fmt(f?.cpuUsPerCall)}**`)]
  ]
  return [
    "## Where a call's CPU goes (Node)",
    "",
    "`TaskService.info` run many times under V8's sampling profiler (`bench/where-cpu-goes.ts`): each sample is " +
      "put in the stage of the nearest frame of its stack that belongs to a known part (the code that was " +
      "running: the string to sign, the schemas, the Effect runtime, ...), and each stage's share of the " +
      "samples is multiplied by the call's CPU time measured without the profiler. CPU µs per call, calls run " +
      "20 to an effect. In memory: an HttpClient answering the benchmark's `queryTaskInfo` envelope from memory. " +
      "Socket: `@rayvision/node` to the benchmark's server in another process; its floor is the adapter's own " +
      "HttpClient sending the same request built and signed once, the answer parsed. A stage with no code of its " +
      "own before shows 0 there (the timeout was `Effect.timeoutFail`, counted with the Effect runtime)." +
      (before === undefined
        ? ""
        : ` "Before" is commit ${before.commit ?? "?"}, the last before this work, measured on ${before.date.slice(0, 10)} on this machine (\`bench/results/cpu-stages-before.json\`).`),
    "",
    `| stage | ${columns.map(([name]) => name).join(" | ")} |`,
    `| --- | ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`)
  ].join("\n")
}
