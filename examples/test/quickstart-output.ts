import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/**
 * The check of a quick start run, shared by the runs on Node (`examples/test/quickstart.test.ts`),
 * Bun (`packages/bun/test/quickstart.test.ts`) and Deno (`packages/deno/test/quickstart.test.ts`):
 * written with `node:assert`, which all three runtimes have.
 */

/** The repository's root directory (where the quick start is run from). */
export const root = fileURLToPath(new URL("../..", import.meta.url))

/** The port is any free one: masked, so runs compare equal. */
const maskPort = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT").trim()

/**
 * Checks the output of a quick start run without credentials: each line says what it should,
 * and the whole output is the run the README shows (only the port may differ).
 */
export const checkQuickstartOutput = (stdout: string): void => {
  const lines = stdout.trim().split("\n")
  assert.match(lines[0]!, /^No credentials set: running against the local simulator at http:\/\/127\.0\.0\.1:\d+$/)
  assert.match(stdout, /^Signed in as \S+ \(user id \d+\), platform 2$/m)
  assert.match(stdout, /^Task timeout: \d+ h \(\d+ s\)$/m)
  assert.match(stdout, /^Reserved task (\d+) \(2W\1\)$/m)
  assert.match(stdout, /^After stop, task \d+ has status 10 \(10 = stopped\)$/m)
  assert.match(
    stdout,
    /^A typed error, nothing sent: TaskService\.stop: invalid input at "taskIds": must hold at least one task id \(nothing was sent\)$/m
  )

  // The README shows this run: it must stay true.
  const readme = readFileSync(`${root}/README.md`, "utf8")
  const shown = /A run without credentials prints:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1]
  assert.ok(shown !== undefined, "the README shows a run without credentials")
  assert.strictEqual(maskPort(stdout), maskPort(shown))
}
