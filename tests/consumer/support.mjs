// What the consumer test's phases share (tests/consumer/run.mjs): the repository's paths, the
// checks and their counts, the timed phases, and child processes run to their end.
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("../..", import.meta.url))
export const here = fileURLToPath(new URL(".", import.meta.url))
export const PNPM = ["-y", "pnpm@10.34.9"]
export const PACKAGES = ["core", "node", "deno", "bun", "simulator", "cli"]
export const rootBin = (name) => join(root, "node_modules", ".bin", name)

let passed = 0
let failed = 0
export const check = (name, problem) => {
  if (problem === undefined) {
    passed++
    console.log(`ok ${name}`)
  } else {
    failed++
    console.log(`FAIL ${name}: ${problem}`)
  }
}

/** The checks that passed and failed so far. */
export const totals = () => ({ passed, failed })

export const timings = []
export const phase = async (name, body) => {
  console.log(`\n--- ${name}`)
  const started = Date.now()
  try {
    return await body()
  } finally {
    const seconds = (Date.now() - started) / 1000
    timings.push([name, seconds])
    console.log(`--- ${name}: ${seconds.toFixed(1)} s`)
  }
}

// The children get the environment without the package manager's npm_* variables (this script
// may run under pnpm, whose settings must not leak into npm in the consumer project).
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))

/** Runs a command to its end (or kills it after `timeout` ms); never rejects. */
export const exec = (command, args, { cwd, env, timeout = 300_000 } = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...childEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill("SIGKILL")
    }, timeout)
    child.on("error", (error) => {
      clearTimeout(timer)
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` })
    })
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const note = timedOut ? `\n(killed after ${timeout / 1000} s)` : signal ? `\n(killed by ${signal})` : ""
      resolve({ code: code ?? -1, stdout, stderr: `${stderr}${note}` })
    })
  })

/** `tasks` (functions returning promises) run at most `limit` at a time; results in order. */
export const pool = async (limit, tasks) => {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

/** The last lines of a process's output, on one line, for a FAIL message. */
export const tail = (text, lines = 6) =>
  text
    .trim()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(-lines)
    .join(" | ")
    .slice(0, 1500)

export const readJson = (file) => JSON.parse(readFileSync(file, "utf8"))
