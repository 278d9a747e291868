// The whole check, as `npm test` runs it after installing: format check, typecheck, build every package,
// build the API reference (scripts/api-docs.mjs: TypeDoc, and the doc comments' examples typechecked), run
// the vitest projects (core, simulator, Node integration, examples), then the Bun and Deno
// integration tests on their own runtimes, then the benchmarks briefly (bench/main.ts --quick).
// Ends with one summary line: "tests: N passed, M failed".
import { spawnSync } from "node:child_process"
import { mkdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const bin = (name) => join(root, "node_modules", ".bin", name)
let passed = 0
let failed = 0
const problems = []

const step = (title, command, args, options = {}) => {
  console.log(`\n=== ${title}`)
  const started = Date.now()
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    stdio: options.capture ? "pipe" : "inherit",
    env: { ...process.env, ...options.env }
  })
  if (options.capture) {
    process.stdout.write(result.stdout ?? "")
    process.stderr.write(result.stderr ?? "")
  }
  console.log(`=== ${title}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (result.status !== 0) problems.push(`${title} (exit ${result.status})`)
  return result
}

const count = (text, pattern) => {
  const match = pattern.exec(text)
  return match === null ? 0 : Number(match[1])
}

step("format (prettier --check)", bin("prettier"), ["--check", "--log-level=warn", "."])
step("self-contained (no path above the repo root)", "node", [join(root, "scripts", "check-self-contained.mjs")])
step("typecheck (tsc)", bin("tsc"), ["-p", "tsconfig.json"])
step("typecheck the README's examples", "node", [join(root, "scripts", "check-doc-examples.mjs")])
step("package manifests (scripts/manifests.mjs)", "node", [join(root, "scripts", "manifests.mjs")])
step("build (tsup per module, tsc declarations; every package)", "node", [join(root, "scripts", "build.mjs")])
step("API reference (typedoc) and its @example blocks (tsc)", "node", [join(root, "scripts", "api-docs.mjs")])

const resultsDir = join(root, ".vitest-results")
rmSync(resultsDir, { recursive: true, force: true })
mkdirSync(resultsDir, { recursive: true })
const reportFile = join(resultsDir, "report.json")
// --expose-gc lets the 100,000-frame streaming test measure the heap, not only pages in flight.
step(
  "vitest: core, simulator, services, Node integration, examples",
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`],
  { env: { NODE_OPTIONS: "--expose-gc" } }
)
try {
  const report = JSON.parse(readFileSync(reportFile, "utf8"))
  passed += report.numPassedTests
  failed += report.numFailedTests
} catch {
  problems.push("vitest wrote no report")
}

// The packages as users get them: packed with pnpm, installed with npm in a temporary project, the
// docs' examples typechecked (nodenext, bundler, node10), one program run on Node ESM and CJS, Bun
// and Deno, publint and attw on every tarball.
const consumer = step("consumer test (tests/consumer/run.mjs)", "node", [join(root, "tests", "consumer", "run.mjs")], {
  capture: true
})
passed += count(consumer.stdout, /^consumer: (\d+) passed/m)
failed += count(consumer.stdout, /^consumer: \d+ passed, (\d+) failed/m)

const bun = step("Bun integration (bun test)", bin("bun"), ["test", "--conditions=source", "packages/bun/test"], {
  capture: true
})
passed += count(`${bun.stdout}${bun.stderr}`, /^\s*(\d+) pass$/m)
failed += count(`${bun.stdout}${bun.stderr}`, /^\s*(\d+) fail$/m)

const deno = step(
  "Deno integration (deno test)",
  bin("deno"),
  [
    // The loopback network (the simulator listens there, the client calls it); the quick start test
    // also reads the README and runs the repository's deno (which grants the quick start its own).
    "test",
    "--conditions=source",
    "--node-modules-dir=manual",
    "--no-check",
    "--allow-net=127.0.0.1",
    "--allow-read=README.md",
    "--allow-run=node_modules/deno/deno",
    "packages/deno/test"
  ],
  { capture: true, env: { NO_COLOR: "1" } }
)
passed += count(`${deno.stdout}${deno.stderr}`, /(\d+) passed/)
failed += count(`${deno.stdout}${deno.stderr}`, /(\d+) failed/)

// The benchmarks, briefly, on Node, Bun and Deno, so they keep running; no timing is asserted.
// Results go to bench/results/quick/ (gitignored), not over the committed ones.
step("benchmarks, quick (pnpm bench:quick)", bin("tsx"), ["--conditions=source", "bench/main.ts", "--quick", "--built"])

if (problems.length > 0) {
  console.log(`\nFailed steps: ${problems.join("; ")}`)
  if (failed === 0) failed = problems.length
}
console.log(`\ntests: ${passed} passed, ${failed} failed`)
process.exit(problems.length === 0 && failed === 0 ? 0 : 1)
