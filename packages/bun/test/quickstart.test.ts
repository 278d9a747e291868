// Runs on Bun (`bun test --conditions=source packages/bun/test`): the quick start as a user runs it
// on Bun (`bun --conditions=source examples/quickstart-bun.ts`, with Bun's adapter), in a
// subprocess without credentials; its output must be the run the README shows.
import assert from "node:assert/strict"
import { execFile } from "node:child_process"
import { test } from "node:test"
import { promisify } from "node:util"
import { checkQuickstartOutput, root } from "../../../examples/test/quickstart-output.ts"

test(
  "Bun: examples/quickstart-bun.ts prints the README's run against the embedded simulator",
  { timeout: 60_000 },
  async () => {
    assert.ok("Bun" in globalThis, "this test runs on Bun")
    const env = { ...process.env }
    delete env["RAYVISION_API_ACCESS_ID"]
    delete env["RAYVISION_API_KEY"]
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--conditions=source", "examples/quickstart-bun.ts"],
      { cwd: root, env, timeout: 60_000 }
    )
    checkQuickstartOutput(stdout)
  }
)
