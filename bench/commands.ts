/**
 * How `main.ts` starts a benchmark script on each runtime: Node through tsx, Bun and Deno as they
 * run TypeScript, each with a full garbage collection exposed, Deno with the permissions a
 * benchmark needs (loopback only). The packages are the built ones (`dist`, what users install),
 * not their sources: tsx compiles a source with esbuild's `keepNames`, which wraps every function
 * the SDK creates in a call to name it, and costs a Node call 6 to 9 µs of CPU that the
 * published code does not (bench/NOTES.md, "Measuring what users install").
 */
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { RuntimeName } from "./runtime.ts"

/** The repository root. */
export const root = fileURLToPath(new URL("..", import.meta.url))

/** A binary the repository installs (`node_modules/.bin`). */
export const bin = (name: string) => join(root, "node_modules", ".bin", name)

/** The command line running `script` with `args` on `runtime`; Deno may write `writable` only (if given). */
export const commandLine = (
  runtime: RuntimeName,
  script: string,
  args: ReadonlyArray<string>,
  writable: string | undefined
): readonly [string, ReadonlyArray<string>] => {
  switch (runtime) {
    case "node":
      return ["node", ["--expose-gc", "--import", "tsx", script, ...args]]
    case "bun":
      return [bin("bun"), [script, ...args]]
    case "deno":
      return [
        bin("deno"),
        [
          "run",
          "--node-modules-dir=manual",
          "--v8-flags=--expose-gc",
          "--allow-net=127.0.0.1",
          "--allow-read",
          ...(writable === undefined ? [] : [`--allow-write=${writable}`]),
          "--allow-env",
          "--allow-sys",
          script,
          ...args
        ]
      ]
  }
}

/** The exit code of `child` (128 when a signal ended it). */
export const exited = (child: ChildProcess) =>
  new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128))))

/**
 * Starts `script` on `runtime` from the repository root, with `env` added to this process's;
 * `piped`: its stdin and stdout are this process's to write and read (otherwise no stdin, and
 * this process's stdout).
 */
export const spawnOn = (
  runtime: RuntimeName,
  script: string,
  args: ReadonlyArray<string>,
  options: {
    readonly writable?: string
    readonly env?: Readonly<Record<string, string>>
    readonly piped: boolean
  }
): ChildProcess => {
  const [command, commandArgs] = commandLine(runtime, script, args, options.writable)
  return spawn(command, commandArgs, {
    cwd: root,
    stdio: options.piped ? ["pipe", "pipe", "inherit"] : ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...options.env, NO_COLOR: "1" }
  })
}

/** Formats the results files `glob` matches as the repository's prettier does (the committed results pass `--check`). */
export const formatJson = async (glob: string): Promise<void> => {
  await exited(spawn(bin("prettier"), ["--write", "--log-level=warn", glob], { cwd: root, stdio: "inherit" }))
}
