import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { promisify } from "node:util"
import { checkQuickstartOutput, root } from "./quickstart-output.ts"

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
    checkQuickstartOutput(stdout)
  })

  it("the README shows the user's test of examples/test/readme-user-test.test.ts, verbatim", () => {
    const readme = readFileSync(`${root}/README.md`, "utf8")
    const file = readFileSync(`${root}/examples/test/readme-user-test.test.ts`, "utf8")
    const code = file.split("\n").slice(2).join("\n")
    assert.include(readme, "```ts\n" + code + "```")
  })
})
