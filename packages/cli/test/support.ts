/**
 * Helpers of the CLI tests: run the BUILT binary (`dist/bin.js`) as a subprocess, and serve a
 * simulator from the test process (so its state can be inspected) on a free loopback port.
 *
 * The binary is rebuilt before the tests whenever it is missing or older than any of the sources
 * it bundles (`ensureBuilt`, run once by `globalSetup.ts`), so no test runs a stale one.
 */
import { TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorServer, SimulatorService } from "@rayvision/simulator"
import { Effect, Exit, Redacted, Scope } from "effect"
import { execFile, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const packageDir = fileURLToPath(new URL("..", import.meta.url))
export const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url))
const root = fileURLToPath(new URL("../../..", import.meta.url))
const tsup = join(root, "node_modules", ".bin", "tsup")

/**
 * What the bundle is built from: the sources of the CLI and of the workspace packages it bundles,
 * their manifests, and the build's configuration.
 */
const inputs = [
  ...["cli", "core", "node", "simulator"].flatMap((name) => [
    join(root, "packages", name, "src"),
    join(root, "packages", name, "package.json")
  ]),
  join(packageDir, "tsup.config.ts")
]

/** The latest modification time of a file, or of any file below a folder. */
const newest = (path: string): number => {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/**
 * Builds `dist/bin.js` when it is missing or older than a file it is built from. The build goes
 * to a folder of its own and the file is moved into place in one step (a rename), so a test
 * running the binary meanwhile, or a second build at the same time, never sees half a file. The
 * binary is dated when the build started: a source saved during the build makes it stale.
 */
export const ensureBuilt = () => {
  if (existsSync(bin) && statSync(bin).mtimeMs >= Math.max(...inputs.map(newest))) return
  const started = new Date()
  // Inside dist/ (ignored by git, and on the same file system, which a rename needs).
  mkdirSync(join(packageDir, "dist"), { recursive: true })
  const outDir = mkdtempSync(join(packageDir, "dist", ".build-"))
  try {
    const result = spawnSync(tsup, ["--silent", "--out-dir", outDir], { cwd: packageDir, stdio: "inherit" })
    if (result.status !== 0) throw new Error(`building packages/cli failed (exit ${result.status})`)
    utimesSync(join(outDir, "bin.js"), started, started)
    renameSync(join(outDir, "bin.js"), bin)
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

/** The environment of every run: no credentials or endpoint from the caller's shell, no colours. */
export const baseEnv = (() => {
  const copy: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("RAYVISION_")) copy[key] = value
  }
  return { ...copy, NO_COLOR: "1" }
})()

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `rayvision <args>` to its end (stdout is a pipe, not a terminal). */
export const rayvision = (args: ReadonlyArray<string>, extraEnv: Record<string, string> = {}): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...baseEnv, ...extraEnv }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
        resolve({ code, stdout, stderr })
      }
    )
  })

/** The lines of NDJSON output, parsed. */
export const ndjson = <A = Record<string, unknown>>(text: string): ReadonlyArray<A> =>
  text
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as A)

/** A simulator served from the test process. */
export interface Served {
  readonly sim: SimulatorService.Service
  readonly domain: string
  /** The env variables that point the CLI at it, as the demo account. */
  readonly env: Record<string, string>
  /** Creates and submits `count` tasks (calling `beforeSubmit` with their ids in between); their ids. */
  readonly submit: (
    count: number,
    beforeSubmit?: (ids: ReadonlyArray<number>) => void
  ) => Promise<ReadonlyArray<number>>
  /** The demo account's tasks as the simulator holds them now. */
  readonly tasks: () => Promise<ReadonlyArray<Simulator.SimTask>>
  /** Runs an effect with a client of this simulator. */
  readonly client: <A, E>(effect: Effect.Effect<A, E, TaskService.TaskService>) => Promise<A>
  readonly close: () => Promise<void>
}

/** Serves a fresh simulator on 127.0.0.1, any free port. */
export const serveSimulator = async (options: Simulator.Options = {}): Promise<Served> => {
  const scope = Effect.runSync(Scope.make())
  const sim = await Effect.runPromise(SimulatorService.make(options))
  const address = await Effect.runPromise(
    Scope.extend(SimulatorServer.serve(sim, { port: 0, host: "127.0.0.1" }), scope)
  )
  const domain = `${address.host}:${address.port}`
  const layer = RayvisionNode.layer({
    accessId: Simulator.demoAccount.accessId,
    accessKey: Redacted.make(Simulator.demoAccount.accessKey),
    domain,
    protocol: "http",
    platform: 2
  })
  const client = <A, E>(effect: Effect.Effect<A, E, TaskService.TaskService>) =>
    Effect.runPromise(Effect.provide(effect, layer))
  return {
    sim,
    domain,
    env: {
      RAYVISION_API_ACCESS_ID: Simulator.demoAccount.accessId,
      RAYVISION_API_KEY: Simulator.demoAccount.accessKey,
      RAYVISION_DOMAIN: domain,
      RAYVISION_PROTOCOL: "http",
      RAYVISION_PLATFORM: "2"
    },
    submit: (count, beforeSubmit) =>
      client(
        Effect.gen(function* () {
          const tasks = yield* TaskService.TaskService
          const { taskIdList } = yield* tasks.createTaskIds({ count })
          beforeSubmit?.(taskIdList)
          for (const taskId of taskIdList) yield* tasks.submit({ taskId })
          return taskIdList
        })
      ),
    tasks: () => Effect.runPromise(sim.tasks(Simulator.demoAccount.accessId)),
    client,
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

/** One line on stderr, `rayvision: ...`. */
export const oneErrorLine = (run: Run): string => {
  const lines = run.stderr.trimEnd().split("\n")
  if (lines.length !== 1 || !lines[0]!.startsWith("rayvision: ")) {
    throw new Error(`expected one error line, got: ${JSON.stringify(run.stderr)}`)
  }
  return lines[0]!
}
