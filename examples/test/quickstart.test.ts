import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const root = fileURLToPath(new URL("../..", import.meta.url))

describe("examples/quickstart.ts (the demo)", () => {
  it("runs against the embedded simulator when no credentials are set", async () => {
    const env = { ...process.env }
    delete env["RAYVISION_API_ACCESS_ID"]
    delete env["RAYVISION_API_KEY"]
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--conditions=source", "examples/quickstart.ts"],
      { cwd: root, env, timeout: 60_000 }
    )
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

    // The README shows this run: it must stay true (only the port differs between runs).
    const readme = readFileSync(`${root}/README.md`, "utf8")
    const shown = /A run without credentials prints:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1]
    const port = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT").trim()
    assert.strictEqual(port(stdout), port(shown ?? ""))
  })

  it("the README shows the user's test of examples/test/readme-user-test.test.ts, verbatim", () => {
    const readme = readFileSync(`${root}/README.md`, "utf8")
    const file = readFileSync(`${root}/examples/test/readme-user-test.test.ts`, "utf8")
    const code = file.split("\n").slice(2).join("\n")
    assert.include(readme, "```ts\n" + code + "```")
  })
})
