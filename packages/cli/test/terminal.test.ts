/**
 * The built binary on a real pseudo-terminal (`script` from util-linux), its help and shell
 * completions, `errors` (offline) and `simulator serve --speed`.
 */
import { TaskService } from "@rayvision/core"
import { Effect } from "effect"
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { baseEnv, bin, ndjson, oneErrorLine, rayvision, type Served, serveSimulator } from "./support.ts"

const T = 120_000
const ESC = "\u001b"

/** Single-quotes a word for `sh -c`. */
const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`

describe("task wait on a terminal", () => {
  let served: Served
  beforeAll(async () => {
    // One frame at a time, 4 frames: the bar goes 0, 25, 50, 75, 100.
    served = await serveSimulator({
      seed: 5,
      farm: { framesPerTask: 4, nodes: 1, queueSeconds: 0.2, frameSeconds: 0.4 }
    })
  }, 60_000)
  afterAll(() => served.close())

  it(
    "draws a progress bar redrawn in place until the task finishes, then exits 0",
    async () => {
      const [id] = await served.submit(1)
      // Stopped first, so the wait surely draws the task before it renders (no race with the farm).
      await served.client(Effect.flatMap(TaskService.TaskService, (tasks) => tasks.stop([id!])))
      const command = [process.execPath, bin, "task", "wait", String(id), "--through-stops", "--interval", "0.1"]
        .map(quote)
        .join(" ")
      const child: ChildProcess = spawn("/usr/bin/script", ["-qfec", command, "/dev/null"], {
        env: { ...baseEnv, ...served.env, TERM: "xterm", COLUMNS: "100" },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let output = ""
      child.stdout!.setEncoding("utf8")
      child.stdout!.on("data", (chunk: string) => {
        output += chunk
      })
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
      // Once the stopped task is on screen, start it: the farm renders it frame by frame.
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (/\d+%.*Stopped/.test(output)) {
            child.stdout!.off("data", check)
            resolve()
          }
        }
        child.stdout!.on("data", check)
        child.once("exit", () => reject(new Error(`wait ended before drawing: ${JSON.stringify(output)}`)))
      })
      await served.client(Effect.flatMap(TaskService.TaskService, (tasks) => tasks.start([id!])))
      assert.strictEqual(await exited, 0)

      // Redrawn in place: after the first frame of the board, each redraw moves the cursor up
      // over the previous one and clears the line.
      assert.include(output, `${ESC}[1A`)
      assert.include(output, `${ESC}[2K`)
      // At least the stopped board and one redraw (how many depends on how the polls fall).
      const frames = output.split(`${ESC}[1A`)
      assert.isAtLeast(frames.length, 2)
      const percents = [...output.matchAll(/(\d+)% {2}(\d+)\/(\d+) frames {2}(\w+)/g)].map((m) => ({
        percent: Number(m[1]),
        done: Number(m[2]),
        total: Number(m[3]),
        status: m[4]
      }))
      assert.strictEqual(percents[0]?.percent, 0)
      assert.match(percents[0]?.status ?? "", /^Stopped/)
      assert.deepStrictEqual(percents.at(-1), { percent: 100, done: 4, total: 4, status: "Finished" })
      // Successive percentages never go back, and each matches frames done / total.
      for (let i = 1; i < percents.length; i++) assert.isAtLeast(percents[i]!.percent, percents[i - 1]!.percent)
      for (const p of percents) assert.strictEqual(p.percent, p.total === 0 ? 0 : Math.floor((p.done * 100) / p.total))
      assert.isAbove(new Set(percents.map((p) => p.percent)).size, 1)
      assert.include(output, "1 task(s) finished")
    },
    T
  )
})

describe("help, completions and errors", () => {
  const commands = [
    ["user", "profile"],
    ["user", "settings"],
    ["user", "set-task-timeout"],
    ["user", "hardware"],
    ["platforms"],
    ["tasks", "list"],
    ["task", "info"],
    ["task", "frames"],
    ["task", "wait"],
    ["task", "stop"],
    ["task", "start"],
    ["task", "abandon"],
    ["task", "delete"],
    ["task", "priority"],
    ["task", "limit"],
    ["task", "overtime"],
    ["task", "full-speed"],
    ["task", "restart-frames"],
    ["task", "stop-frames"],
    ["task", "progress-image"],
    ["task", "tag"],
    ["task", "untag"],
    ["records", "tasks"],
    ["records", "logins"],
    ["projects", "list"],
    ["projects", "add"],
    ["projects", "delete"],
    ["software", "list"],
    ["software", "versions"],
    ["software", "plugins"],
    ["envs", "list"],
    ["envs", "add"],
    ["envs", "edit"],
    ["envs", "delete"],
    ["envs", "default"],
    ["outputs"],
    ["submit"],
    ["frames", "stats"],
    ["frames", "thumbnails"],
    ["frames", "log"],
    ["transfer", "buckets"],
    ["transfer", "server"],
    ["transfer", "raysync-key"],
    ["transfer", "config"],
    ["transfer", "upload-json"],
    ["analysis-errors"],
    ["errors"],
    ["simulator", "serve"]
  ]

  it(
    "--help lists every command with a description, without ANSI escapes when piped",
    async () => {
      const run = await rayvision(["--help"])
      assert.strictEqual(run.code, 0)
      assert.notInclude(run.stdout, ESC)
      // @effect/cli's COMMANDS list: one line per command, its usage, then its description.
      for (const command of commands) {
        const entry = new RegExp(`^ {2}- ${command.join(" ")}(?: [^\\n]*)? {2,}\\S[^\\n]{10,}$`, "m")
        assert.match(run.stdout, entry)
      }
      // Every help page ends with the global options and the exit codes.
      assert.match(
        run.stdout,
        /GLOBAL OPTIONS\n\n[^\n]*\n\n\[--json\] \[--verbose\] \[--simulate\] \[--access-id text\]/
      )
      assert.include(run.stdout, "EXIT CODES")
    },
    T
  )

  it(
    "--help of each command shows its description and options, without ANSI escapes",
    async () => {
      const picks: ReadonlyArray<readonly [ReadonlyArray<string>, ReadonlyArray<string>]> = [
        [
          ["tasks", "list"],
          ["--since", "--until", "--status", "--keyword"]
        ],
        [
          ["task", "wait"],
          ["--timeout", "--interval", "--through-stops", "exit"]
        ],
        [
          ["task", "restart-frames"],
          ["--failed", "--all", "--frame-id", "--frame", "--status"]
        ],
        [
          ["records", "tasks"],
          ["--since", "--until", "--all", "--page-size"]
        ],
        [
          ["task", "limit"],
          ["<task-id>", "<nodes>"]
        ],
        [
          ["envs", "add"],
          ["--cg", "--cg-version", "--os", "--plugin-id"]
        ],
        [
          ["simulator", "serve"],
          ["--speed", "--port", "--seed", "--demo-tasks"]
        ],
        [["errors"], ["<code>", "transient"]],
        [
          ["submit"],
          ["<task-json>", "--upload-json", "--asset-json", "--project", "--hardware", "--wait", "GLOBAL OPTIONS"]
        ]
      ]
      const runs = await Promise.all(picks.map(([command]) => rayvision([...command, "--help"])))
      runs.forEach((run, i) => {
        assert.strictEqual(run.code, 0)
        assert.notInclude(run.stdout, ESC)
        assert.include(run.stdout, "DESCRIPTION")
        for (const word of picks[i]![1]) assert.include(run.stdout, word)
      })
    },
    T
  )

  it(
    "a parse error is one line without ANSI escapes, exit 2",
    async () => {
      const [unknown, missing] = await Promise.all([
        rayvision(["task", "wait", "--bogus", "1"]),
        rayvision(["software", "versions", "maya"])
      ])
      for (const run of [unknown, missing]) {
        assert.strictEqual(run.code, 2)
        assert.notInclude(run.stderr, ESC)
        oneErrorLine(run)
      }
    },
    T
  )

  it(
    "--completions bash gives a script bash completes the commands with",
    async () => {
      const [bash, zsh, fish] = await Promise.all([
        rayvision(["--completions", "bash"]),
        rayvision(["--completions", "zsh"]),
        rayvision(["--completions", "fish"])
      ])
      for (const run of [bash, zsh, fish]) {
        assert.strictEqual(run.code, 0)
        assert.notInclude(run.stdout, ESC)
        assert.include(run.stdout, "rayvision")
      }
      assert.include(zsh.stdout, "#compdef rayvision")
      assert.include(fish.stdout, "complete -c rayvision")
      const dir = mkdtempSync(join(tmpdir(), "rayvision-completions-"))
      const script = join(dir, "rayvision.bash")
      writeFileSync(script, bash.stdout)
      const complete = (words: ReadonlyArray<string>) =>
        execFileSync(
          "bash",
          [
            "-c",
            `source ${quote(script)}; COMP_WORDS=(${words.map(quote).join(" ")}); COMP_CWORD=${words.length - 1}; ` +
              `_rayvision_bash_completions rayvision ${quote(words.at(-1)!)} ${quote(words.at(-2)!)}; echo "\${COMPREPLY[@]}"`
          ],
          { encoding: "utf8" }
        )
          .trim()
          .split(/\s+/)
      assert.deepStrictEqual(complete(["rayvision", "ta"]), ["task", "tasks"])
      assert.deepStrictEqual(complete(["rayvision", "task", "re"]), ["restart-frames"])
      assert.deepStrictEqual(complete(["rayvision", "simulator", "serve", "--sp"]), ["--speed"])
    },
    T
  )

  it(
    "errors explains a service code offline, from core's error classes",
    async () => {
      const [login, internal, unknown, all, bad] = await Promise.all([
        rayvision(["errors", "602", "--json"]),
        rayvision(["errors", "500", "--json"]),
        rayvision(["errors", "12345"]),
        rayvision(["errors", "--json"]),
        rayvision(["errors", "abc"])
      ])
      assert.strictEqual(login.code, 0)
      assert.containSubset(JSON.parse(login.stdout), {
        code: 602,
        name: "NeedUserLogin",
        documented: true,
        transient: false
      })
      assert.containSubset(JSON.parse(internal.stdout), { code: 500, name: "InternalError", transient: true })
      assert.strictEqual(unknown.code, 0)
      assert.match(unknown.stdout, /^name\s+UnknownApiError$/m)
      assert.match(unknown.stdout, /^documented\s+false$/m)
      const codes = (JSON.parse(all.stdout) as Array<{ code: number }>).map((e) => e.code)
      assert.includeMembers(codes, [100, 404, 500, 600, 602, 610, 611, 700])
      assert.strictEqual(bad.code, 2)
      oneErrorLine(bad)
    },
    T
  )
})

describe("simulator serve --speed", () => {
  let server: ChildProcess
  let first: Record<string, unknown> | undefined

  beforeAll(async () => {
    server = spawn(
      process.execPath,
      [bin, "simulator", "serve", "--port", "0", "--speed", "600", "--demo-tasks", "2", "--json"],
      { env: baseEnv, stdio: ["ignore", "pipe", "pipe"] }
    )
    let output = ""
    server.stdout!.setEncoding("utf8")
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on("data", (chunk: string) => {
        output += chunk
        if (output.includes("\n")) {
          first = JSON.parse(output.split("\n")[0]!) as Record<string, unknown>
          resolve()
        }
      })
      server.once("exit", (code) => reject(new Error(`server exited early (${code}): ${output}`)))
    })
  }, 60_000)

  afterAll(() => {
    if (server.exitCode === null) server.kill("SIGKILL")
  })

  it(
    "prints the URL, the demo credentials and a farm scaled by the speed; its tasks finish",
    async () => {
      assert.containSubset(first, {
        protocol: "http",
        accessId: "RAYVISION-DEMO-ACCESS-ID",
        accessKey: "rayvision-demo-access-key",
        speed: 600,
        farm: { frameSeconds: 0.1, queueSeconds: 10 / 600 }
      })
      assert.match(String(first!["url"]), /^http:\/\/127\.0\.0\.1:\d+$/)
      const ids = first!["demoTaskIds"] as Array<number>
      assert.lengthOf(ids, 2)
      const env = {
        RAYVISION_API_ACCESS_ID: String(first!["accessId"]),
        RAYVISION_API_KEY: String(first!["accessKey"]),
        RAYVISION_DOMAIN: String(first!["domain"]),
        RAYVISION_PROTOCOL: "http",
        RAYVISION_PLATFORM: "2"
      }
      const wait = await rayvision(["task", "wait", ...ids.map(String), "--interval", "0.1", "--json"], env)
      assert.strictEqual(wait.code, 0)
      const end = ndjson<{ event: string; exitCode: number; tasks: Array<{ outcome: string; percent?: number }> }>(
        wait.stdout
      ).at(-1)!
      assert.containSubset(end, { event: "end", exitCode: 0 })
      assert.deepStrictEqual(
        end.tasks.map((t) => t.outcome),
        ["finished", "finished"]
      )
    },
    T
  )

  it(
    "a bad --speed is one line and exit 2",
    async () => {
      const run = await rayvision(["simulator", "serve", "--port", "0", "--speed", "0"])
      assert.strictEqual(run.code, 2)
      assert.include(oneErrorLine(run), "--speed")
    },
    T
  )
})
