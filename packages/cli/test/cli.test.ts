/**
 * Runs the BUILT `rayvision` binary (`dist/bin.js`) as a subprocess, against a fresh embedded
 * simulator (`--simulate`) or one served by `rayvision simulator serve`. The binary is rebuilt
 * first when it is missing or older than its sources (`support.ts`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { baseEnv as env, bin, rayvision } from "./support.ts"

describe("rayvision (built binary)", () => {
  it("--help lists the commands", async () => {
    const run = await rayvision(["--help"])
    expect(run.code).toBe(0)
    for (const command of [
      "user profile",
      "user settings",
      "platforms",
      "tasks list",
      "task info",
      "task stop",
      "simulator serve"
    ]) {
      expect(run.stdout).toContain(command)
    }
  })

  it("--help on a subcommand shows its options", async () => {
    const run = await rayvision(["tasks", "list", "--help"])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("--keyword")
    expect(run.stdout).toContain("--all")
  })

  it("user profile --simulate --json prints the profile as one JSON document", async () => {
    const run = await rayvision(["user", "profile", "--simulate", "--json"])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe("")
    const profile = JSON.parse(run.stdout) as { userId: number; userName: string }
    expect(profile.userId).toBe(55963778)
    expect(profile.userName).toBe("rayvision_demo")
  })

  it("user settings and platforms print aligned tables", async () => {
    const settings = await rayvision(["user", "settings", "--simulate"])
    expect(settings.code).toBe(0)
    expect(settings.stdout).toMatch(/^taskOverTimeSec\s+43200$/m)
    const platforms = await rayvision(["platforms", "--simulate"])
    expect(platforms.code).toBe(0)
    expect(platforms.stdout.split("\n")[0]).toMatch(/^PLATFORM\s+NAME$/)
  })

  it("tasks list --simulate --json lists the seeded demo tasks", async () => {
    const run = await rayvision(["tasks", "list", "--simulate", "--json"])
    expect(run.code).toBe(0)
    const page = JSON.parse(run.stdout) as { total: number; items: ReadonlyArray<{ id: number; taskStatus: number }> }
    expect(page.total).toBe(3)
    expect(page.items.map((task) => task.id)).toEqual([2433372, 2433371, 2433370])
  })

  it("tasks list --all --json streams NDJSON, one task per line", async () => {
    const run = await rayvision(["tasks", "list", "--all", "--page-size", "2", "--simulate", "--json"])
    expect(run.code).toBe(0)
    const lines = run.stdout.trim().split("\n")
    expect(lines.map((line) => (JSON.parse(line) as { id: number }).id)).toEqual([2433372, 2433371, 2433370])
  })

  it("task stop --simulate --json prints each id's outcome", async () => {
    const run = await rayvision(["task", "stop", "2433370", "--simulate", "--json"])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({
      action: "stop",
      succeeded: 1,
      failed: 0,
      outcomes: [{ taskId: 2433370, outcome: "succeeded" }]
    })
  })

  it("task stop with an unknown id reports it and exits 1", async () => {
    const run = await rayvision(["task", "stop", "2433370", "999", "--simulate", "--json"])
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout) as {
      succeeded: number
      failed: number
      outcomes: ReadonlyArray<{ taskId: number; outcome: string; error?: { _tag: string } }>
    }
    expect(result.succeeded).toBe(1)
    expect(result.outcomes[1]).toMatchObject({ taskId: 999, outcome: "failed", error: { _tag: "ResourceNotFound" } })
  })

  it("a bad argument gives a one-line error and exit code 2", async () => {
    const run = await rayvision(["task", "stop", "abc", "--simulate"])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe("")
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(run.stderr).toMatch(/^rayvision: .*abc/)
  })

  it("a bulk action on invalid ids only exits 2", async () => {
    const run = await rayvision(["task", "delete", "0", "--simulate"])
    expect(run.code).toBe(2)
    expect(run.stdout).toContain("must be a positive integer id")
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
  })

  it("an unknown option gives a one-line error and exit code 2", async () => {
    const run = await rayvision(["tasks", "list", "--bogus"])
    expect(run.code).toBe(2)
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(run.stderr).toContain("--bogus")
  })

  it("missing credentials give a one-line configuration error and exit code 2, no stack trace", async () => {
    const run = await rayvision(["user", "profile"])
    expect(run.code).toBe(2)
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(run.stderr).toContain("RAYVISION_API_ACCESS_ID")
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/)
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
    expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
    expect(domain).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(output).toContain("RAYVISION-DEMO-ACCESS-ID")
    expect(output).toContain("rayvision-demo-access-key")
  })

  it("serves a client command run with --domain, --protocol http and the demo credentials", async () => {
    const flags = ["--domain", domain, "--protocol", "http", "--platform", "2"]
    const credentials = ["--access-id", "RAYVISION-DEMO-ACCESS-ID", "--access-key", "rayvision-demo-access-key"]
    const profile = await rayvision(["user", "profile", "--json", ...flags, ...credentials])
    expect(profile.code).toBe(0)
    expect((JSON.parse(profile.stdout) as { userId: number }).userId).toBe(55963778)
  })

  it("reads the credentials and endpoint from the SDK's env variables", async () => {
    const run = await rayvision(["tasks", "list", "--json"], {
      RAYVISION_API_ACCESS_ID: "RAYVISION-DEMO-ACCESS-ID",
      RAYVISION_API_KEY: "rayvision-demo-access-key",
      RAYVISION_DOMAIN: domain,
      RAYVISION_PROTOCOL: "http",
      RAYVISION_PLATFORM: "2"
    })
    expect(run.code).toBe(0)
    expect((JSON.parse(run.stdout) as { total: number }).total).toBe(0)
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
    expect(run.code).toBe(1)
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(run.stderr).toContain("code 602")
  })

  it("stops on SIGTERM with exit code 0", async () => {
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)))
    server.kill("SIGTERM")
    expect(await exited).toBe(0)
    expect(output).toContain("Simulator stopped")
  })
})
