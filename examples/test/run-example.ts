import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const root = fileURLToPath(new URL("../..", import.meta.url))

/**
 * Runs `examples/<file>` on Node as a subprocess (`node --import tsx --conditions=source`), with
 * the credential variables removed so it uses its embedded simulator; resolves with its output
 * lines once it exits with code 0 (rejects otherwise, with its stderr).
 */
export const runExample = async (file: string): Promise<{ stdout: string; lines: Array<string> }> => {
  const env = { ...process.env }
  delete env["RAYVISION_API_ACCESS_ID"]
  delete env["RAYVISION_API_KEY"]
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--conditions=source", `examples/${file}`],
    { cwd: root, env, timeout: 60_000 }
  )
  return { stdout, lines: stdout.trim().split("\n") }
}

/** The first line of every example run without credentials. */
export const SIMULATOR_LINE = /^No credentials set: running against the local simulator at http:\/\/127\.0\.0\.1:\d+$/
