/**
 * Runs the BUILT `rayvision` binary (`dist/bin.js`) as a subprocess, against a fresh embedded
 * simulator (`--simulate`) or one served by `rayvision simulator serve`. The binary is rebuilt
 * first when it is missing or older than its sources (`support.ts`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { baseEnv as env, bin, rayvision } from "./support.ts"

describe("rayvision (built binary)", () => {
  it("--help lists the commands", async () => {
    const run = await rayvision(["--help"])
    assert.strictEqual(run.code, 0)
    for (const command of [
      "user profile",
      "user settings",
      "platforms",
      "tasks list",
      "task info",
      "task stop",
      "simulator serve"
    ]) {
      assert.include(run.stdout, command)
    }
  })

  it("--help on a subcommand shows its options", async () => {
    const run = await rayvision(["tasks", "list", "--help"])
    assert.strictEqual(run.code, 0)
    assert.include(run.stdout, "--keyword")
    assert.include(run.stdout, "--all")
  })

  it("user profile --simulate --json prints the profile as one JSON document", async () => {
    const run = await rayvision(["user", "profile", "--simulate", "--json"])
    assert.strictEqual(run.code, 0)
    assert.strictEqual(run.stderr, "")
    const profile = JSON.parse(run.stdout) as { userId: number; userName: string }
    assert.strictEqual(profile.userId, 55963778)
    assert.strictEqual(profile.userName, "rayvision_demo")
  })

  it("user settings and platforms print aligned tables", async () => {
    const settings = await rayvision(["user", "settings", "--simulate"])
    assert.strictEqual(settings.code, 0)
    assert.match(settings.stdout, /^taskOverTimeSec\s+43200$/m)
    const platforms = await rayvision(["platforms", "--simulate"])
    assert.strictEqual(platforms.code, 0)
    assert.match(platforms.stdout.split("\n")[0]!, /^PLATFORM\s+NAME$/)
  })

  it("tasks list --simulate --json lists the seeded demo tasks", async () => {
    const run = await rayvision(["tasks", "list", "--simulate", "--json"])
    assert.strictEqual(run.code, 0)
    const page = JSON.parse(run.stdout) as { total: number; items: ReadonlyArray<{ id: number; taskStatus: number }> }
    assert.strictEqual(page.total, 3)
    assert.deepStrictEqual(
      page.items.map((task) => task.id),
      [2433372, 2433371, 2433370]
    )
  })

  it("tasks list --all --json streams NDJSON, one task per line", async () => {
    const run = await rayvision(["tasks", "list", "--all", "--page-size", "2", "--simulate", "--json"])
    assert.strictEqual(run.code, 0)
    const lines = run.stdout.trim().split("\n")
    assert.deepStrictEqual(
      lines.map((line) => (JSON.parse(line) as { id: number }).id),
      [2433372, 2433371, 2433370]
    )
  })

  it("task stop --simulate --json prints each id's outcome", async () => {
    const run = await rayvision(["task", "stop", "2433370", "--simulate", "--json"])
    assert.strictEqual(run.code, 0)
    assert.deepStrictEqual(JSON.parse(run.stdout), {
      action: "stop",
      succeeded: 1,
      failed: 0,
      outcomes: [{ taskId: 2433370, outcome: "succeeded" }]
    })
  })

  it("task stop with an unknown id reports it and exits 1", async () => {
    const run = await rayvision(["task", "stop", "2433370", "999", "--simulate", "--json"])
    assert.strictEqual(run.code, 1)
    const result = JSON.parse(run.stdout) as {
      succeeded: number
      failed: number
      outcomes: ReadonlyArray<{ taskId: number; outcome: string; error?: { _tag: string } }>
    }
    assert.strictEqual(result.succeeded, 1)
    assert.containSubset(result.outcomes[1], { taskId: 999, outcome: "failed", error: { _tag: "ResourceNotFound" } })
  })

  it("a bad argument gives a one-line error and exit code 2", async () => {
    const run = await rayvision(["task", "stop", "abc", "--simulate"])
    assert.strictEqual(run.code, 2)
    assert.strictEqual(run.stdout, "")
    assert.lengthOf(run.stderr.trimEnd().split("\n"), 1)
    assert.match(run.stderr, /^rayvision: .*abc/)
  })

  it("a bulk action on invalid ids only exits 2", async () => {
    const run = await rayvision(["task", "delete", "0", "--simulate"])
    assert.strictEqual(run.code, 2)
    assert.include(run.stdout, "must be a positive integer id")
    assert.lengthOf(run.stderr.trimEnd().split("\n"), 1)
  })

  it("an unknown option gives a one-line error and exit code 2", async () => {
    const run = await rayvision(["tasks", "list", "--bogus"])
    assert.strictEqual(run.code, 2)
    assert.lengthOf(run.stderr.trimEnd().split("\n"), 1)
    assert.include(run.stderr, "--bogus")
  })

  it("missing credentials give a one-line configuration error and exit code 2, no stack trace", async () => {
    const run = await rayvision(["user", "profile"])
    assert.strictEqual(run.code, 2)
    assert.lengthOf(run.stderr.trimEnd().split("\n"), 1)
    assert.include(run.stderr, "RAYVISION_API_ACCESS_ID")
    assert.notMatch(run.stderr, /\bat .*\.js:\d+/)
  })
})

describe("rayvision simulator serve (built binary)", () => {
  let server: ChildProcess
  let output = ""
  let domain = ""

  beforeAll(async () => {
    server = spawn(process.execPath, [bin, "simulator", "serve", "--port", "0"], {
      env,
      stdio: ["ignore", "pipe", "pipe"]
    })
    server.stdout!.setEncoding("utf8")
    server.stdout!.on("data", (chunk: string) => {
      output += chunk
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 15_000)
      const check = () => {
        const match = /domain to configure: (\S+)/.exec(output)
        if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(output) && match !== null && /Press Ctrl\+C/.test(output)) {
          domain = match[1]!
          clearTimeout(timer)
          resolve()
        }
      }
      server.stdout!.on("data", check)
      server.once("exit", (code) => reject(new Error(`server exited early (${code}): ${output}`)))
    })
  })

  afterAll(() => {
    if (server.exitCode === null) server.kill("SIGKILL")
  })

  it("prints the URL, the domain and the demo credentials", () => {
    assert.match(output, /listening on http:\/\/127\.0\.0\.1:\d+/)
    assert.match(domain, /^127\.0\.0\.1:\d+$/)
    assert.include(output, "RAYVISION-DEMO-ACCESS-ID")
    assert.include(output, "rayvision-demo-access-key")
  })

  it("serves a client command run with --domain, --protocol http and the demo credentials", async () => {
    const flags = ["--domain", domain, "--protocol", "http", "--platform", "2"]
    const credentials = ["--access-id", "RAYVISION-DEMO-ACCESS-ID", "--access-key", "rayvision-demo-access-key"]
    const profile = await rayvision(["user", "profile", "--json", ...flags, ...credentials])
    assert.strictEqual(profile.code, 0)
    assert.strictEqual((JSON.parse(profile.stdout) as { userId: number }).userId, 55963778)
  })

  it("reads the credentials and endpoint from the SDK's env variables", async () => {
    const run = await rayvision(["tasks", "list", "--json"], {
      RAYVISION_API_ACCESS_ID: "RAYVISION-DEMO-ACCESS-ID",
      RAYVISION_API_KEY: "rayvision-demo-access-key",
      RAYVISION_DOMAIN: domain,
      RAYVISION_PROTOCOL: "http",
      RAYVISION_PLATFORM: "2"
    })
    assert.strictEqual(run.code, 0)
    assert.strictEqual((JSON.parse(run.stdout) as { total: number }).total, 0)
  })

  it("a wrong access id is a one-line service error with exit code 1", async () => {
    const run = await rayvision([
      "user",
      "profile",
      "--domain",
      domain,
      "--protocol",
      "http",
      "--access-id",
      "nobody",
      "--access-key",
      "x"
    ])
    assert.strictEqual(run.code, 1)
    assert.lengthOf(run.stderr.trimEnd().split("\n"), 1)
    assert.include(run.stderr, "code 602")
  })

  it("stops on SIGTERM with exit code 0", async () => {
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)))
    server.kill("SIGTERM")
    assert.strictEqual(await exited, 0)
    assert.include(output, "Simulator stopped")
  })
})
