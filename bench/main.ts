/**
 * `pnpm bench`: builds the packages, then runs `run.ts` on Node (tsx), Bun and Deno in turn on
 * the built packages (what users install; `commands.ts` says why not the sources), each
 * against a fresh loopback server in its own Node process (`serve.ts`; in-process for quick
 * runs), and after each the answer-size benchmark (`answer-size.ts`, its calls in processes of
 * their own), then writes `BENCHMARKS.md` and `bench/chart.svg` from the results (`report.ts`).
 *
 * `--quick` (`pnpm bench:quick`, and CI): every benchmark briefly, results and report in
 * `bench/results/quick/` (gitignored), so the committed results stay as they are.
 * `--runtimes node,bun` limits the runtimes; `--built` skips the build (CI has just built).
 */
import { spawn } from "node:child_process"
import { mkdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { runAnswerSize } from "./answer-size.ts"
import { exited, formatJson, root, spawnOn } from "./commands.ts"
import { writeReport } from "./report.ts"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const only = args.includes("--runtimes") ? args[args.indexOf("--runtimes") + 1]!.split(",") : undefined
const out = quick ? "bench/results/quick" : "bench/results"
const runtimes = (["node", "bun", "deno"] as const).filter((r) => only === undefined || only.includes(r))
const runArgs = [...(quick ? ["--quick"] : []), "--out", out]

/** Starts `serve.ts` and waits for its `{"port", "taskId"}` line. */
const startServer = async () => {
  const child = spawn("node", ["--conditions=source", "--import", "tsx", "bench/serve.ts"], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"]
  })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve)
    child.once("exit", () => reject(new Error("the benchmark server exited before listening")))
  })
  const { port, taskId } = JSON.parse(line) as { port: number; taskId: number }
  return {
    address: `127.0.0.1:${port}:${taskId}`,
    stop: async () => {
      child.stdin!.end()
      await exited(child)
    }
  }
}

const started = Date.now()
if (!args.includes("--built")) {
  const build = spawn("node", ["scripts/build.mjs"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })
  if ((await exited(build)) !== 0) throw new Error("the build failed: nothing to measure")
}
// A quick run starts from an empty directory, so its report never mixes in older results.
if (quick) rmSync(join(root, out), { recursive: true, force: true })
mkdirSync(join(root, out), { recursive: true })
const failed: Array<string> = []
for (const runtime of runtimes) {
  // Quick runs serve in-process (run.ts starts the server itself): one process start less.
  const server = quick ? { address: undefined, stop: async () => {} } : await startServer()
  const child = spawnOn(runtime, "bench/run.ts", runArgs, {
    writable: out,
    env: server.address === undefined ? {} : { BENCH_SERVER: server.address },
    piped: false
  })
  const code = await exited(child)
  await server.stop()
  if (code !== 0) {
    failed.push(`${runtime} (exit ${code})`)
    rmSync(join(root, out, `${runtime}.json`), { force: true })
  }
  if (runtime === "node") {
    // Where a call's CPU goes (Node's inspector), in a process of its own.
    const stages = spawn(
      "node",
      ["--import", "tsx", "bench/where-cpu-goes.ts", quick ? "2000" : "20000", "--out", join(out, "cpu-stages.json")],
      { cwd: root, stdio: ["ignore", "ignore", "inherit"] }
    )
    if ((await exited(stages)) !== 0) failed.push("node where the CPU goes")
  }
  await runAnswerSize(runtime, { quick, out }).catch((error: unknown) => {
    failed.push(`${runtime} answer size (${error instanceof Error ? error.message : String(error)})`)
  })
}
const report = await writeReport(join(root, out), { quick, chart: quick ? join(root, out, "chart.svg") : undefined })
console.log(`wrote ${report.markdown} and ${report.chart}`)
// The committed results pass `prettier --check`.
if (!quick) await formatJson(`${out}/*.json`)
console.log(`bench${quick ? " --quick" : ""}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
if (failed.length > 0) {
  console.error(`failed: ${failed.join(", ")}`)
  process.exit(1)
}
