/**
 * `rayvision submit`, through the built binary: a task file of an analyser submitted and waited
 * for against `rayvision simulator serve --speed` (a farm that renders in a fraction of a second),
 * and against a simulator served by the test process, whose state shows what was uploaded and
 * that refused input created nothing.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { paths } from "../../../tests/paths.ts"
import { suiteSimulator } from "./suite.ts"
import { baseEnv, bin, ndjson, oneErrorLine, rayvision } from "./support.ts"

const T = 120_000
const fixtures = fileURLToPath(new URL("../../../tests/services/fixtures/task-files", import.meta.url))
const fixture = (dcc: string, file: string) => join(fixtures, dcc, file)

/** `submit` of the task file of a DCC's fixtures, on a hardware configuration, with `flags`. */
const submitting = (dcc: string, hardware: string, ...flags: Array<string>) => [
  "submit",
  fixture(dcc, "task.json"),
  "--hardware",
  hardware,
  ...flags
]

/** The files of an analysis as `submit` options. */
const analysisFiles = (dcc: string) => [
  "--upload-json",
  fixture(dcc, "upload.json"),
  "--asset-json",
  fixture(dcc, "asset.json"),
  "--tips-json",
  fixture(dcc, "tips.json")
]

/**
 * The id of the hardware configuration the fixtures are written for (platform 2, Default, 64GB),
 * and of one of another platform.
 */
const hardwareIds = async (env: Record<string, string>) => {
  const run = await rayvision(["user", "hardware", "--json"], env)
  const configs = JSON.parse(run.stdout) as Array<{ id: number; platform: number; model: string; ram: string }>
  return {
    fixtures: String(configs.find((c) => c.platform === 2 && c.model === "Default" && c.ram === "64GB")!.id),
    // Matched by model and memory on the task's platform: one that platform 2 has none like.
    elsewhere: String(
      configs.find((c) => !configs.some((d) => d.platform === 2 && d.model === c.model && d.ram === c.ram))!.id
    )
  }
}

describe("submit --wait against rayvision simulator serve --speed", () => {
  let server: ChildProcess
  let env: Record<string, string>
  let hardware: string

  beforeAll(async () => {
    server = spawn(process.execPath, [bin, "simulator", "serve", "--port", "0", "--speed", "600", "--json"], {
      env: baseEnv,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    server.stdout!.setEncoding("utf8")
    const first = await new Promise<Record<string, string>>((resolve, reject) => {
      server.stdout!.on("data", (chunk: string) => {
        output += chunk
        if (output.includes("\n")) resolve(JSON.parse(output.split("\n")[0]!) as Record<string, string>)
      })
      server.once("exit", (code) => reject(new Error(`server exited early (${code}): ${output}`)))
    })
    env = {
      RAYVISION_API_ACCESS_ID: first["accessId"]!,
      RAYVISION_API_KEY: first["accessKey"]!,
      RAYVISION_DOMAIN: first["domain"]!,
      RAYVISION_PROTOCOL: "http",
      RAYVISION_PLATFORM: "2"
    }
    hardware = (await hardwareIds(env)).fixtures
  }, 60_000)

  afterAll(() => {
    if (server.exitCode === null) server.kill("SIGTERM")
  })

  it(
    "submits a Maya task file with its analysis files, then waits until it finished: NDJSON events, exit 0",
    async () => {
      const run = await rayvision(
        submitting("maya", hardware, ...analysisFiles("maya"), "--wait", "--interval", "0.1", "--json"),
        env
      )
      assert.strictEqual(run.stderr, "")
      assert.strictEqual(run.code, 0)
      const events = ndjson<{
        event: string
        taskId?: number
        hardwareConfigId?: number
        exitCode?: number
        tasks?: Array<{ taskId: number; outcome: string }>
      }>(run.stdout)
      const submitted = events[0]!
      assert.containSubset(submitted, { event: "submitted", hardwareConfigId: Number(hardware) })
      const end = events.at(-1)
      assert.containSubset(end, { event: "end", exitCode: 0 })
      assert.deepStrictEqual(
        end?.tasks?.map((t) => ({ taskId: t.taskId, outcome: t.outcome })),
        [{ taskId: submitted.taskId, outcome: "finished" }]
      )
      // The service holds the task as finished, in the project the task file names.
      const [info, projects] = await Promise.all([
        rayvision(["task", "info", String(submitted.taskId), "--json"], env),
        rayvision(["projects", "list", "--scope", "all", "--json"], env)
      ])
      const task = (JSON.parse(info.stdout) as { items: Array<{ id: number; taskStatus: number }> }).items[0]!
      assert.containSubset(task, { id: submitted.taskId, taskStatus: 25 })
      const names = (JSON.parse(projects.stdout) as Array<{ projectName: string }>).map((p) => p.projectName)
      assert.include(
        names,
        (JSON.parse(readFileSync(fixture("maya", "task.json"), "utf8")) as { task_info: { project_name: string } })
          .task_info.project_name
      )
    },
    T
  )

  it(
    "without --json: the submission, one line per change, and the summary",
    async () => {
      const run = await rayvision(submitting("houdini", hardware, ...analysisFiles("houdini"), "--wait"), { ...env })
      assert.strictEqual(run.code, 0)
      const lines = run.stdout.trim().split("\n")
      const id = /^task (\d+) submitted \(hardware configuration \d+\)$/.exec(lines[0]!)?.[1]
      assert.isDefined(id)
      // The analysis warning of its tips.json is shown, not refused.
      assert.isTrue(lines.some((line) => line.startsWith("warning ")))
      assert.include(lines, `task ${id}: Finished, 10/10 frames (100%)`)
      assert.strictEqual(lines.at(-1), "1 task(s) finished")
    },
    T
  )
})

describe("submit against a simulator served by the test process", () => {
  // Tasks above this id fail every frame run (none do until the last test sets it).
  let failAbove = Number.POSITIVE_INFINITY
  const farm = suiteSimulator({
    seed: 19,
    farm: {
      framesPerTask: 2,
      nodes: 2,
      queueSeconds: 0,
      frameSeconds: 0.05,
      failFrame: ({ taskId }) => taskId > failAbove
    }
  })
  const { run } = farm
  let hardware: { readonly fixtures: string; readonly elsewhere: string }
  const calls = () => farm.served.client(farm.served.sim.calls)
  const created = async () => (await calls()).filter((c) => c.path === paths.createTask).length

  beforeAll(async () => {
    hardware = await hardwareIds(farm.served.env)
  }, 60_000)

  it(
    "uploads the files as given, the project named by --project, and submits",
    async () => {
      const result = await run(
        ...submitting("maya", hardware.fixtures, ...analysisFiles("maya"), "--project", "cli-submit", "--json")
      )
      assert.strictEqual(result.code, 0)
      const { taskId } = JSON.parse(result.stdout) as { taskId: number }
      const { served } = farm
      const files = await served.client(served.sim.taskFiles(served.env["RAYVISION_API_ACCESS_ID"]!, taskId))
      assert.deepStrictEqual(Object.keys(files).sort(), ["asset.json", "task.json", "tips.json", "upload.json"])
      for (const name of ["upload.json", "asset.json"]) {
        assert.deepStrictEqual(JSON.parse(files[name]!), JSON.parse(readFileSync(fixture("maya", name), "utf8")))
      }
      const taskInfo = (JSON.parse(files["task.json"]!) as { task_info: Record<string, string> }).task_info
      assert.containSubset(taskInfo, {
        task_id: String(taskId),
        project_name: "cli-submit",
        hardwareConfigId: hardware.fixtures
      })
      assert.notStrictEqual(taskInfo["project_id"], "")
      assert.isTrue((await served.tasks()).find((t) => t.id === taskId)?.submitted)
    },
    T
  )

  it(
    "--check checks only: nothing is created",
    async () => {
      const before = await created()
      const result = await run(...submitting("katana", hardware.fixtures, "--check", "--json"))
      assert.strictEqual(result.code, 0)
      assert.containSubset(JSON.parse(result.stdout), { hardwareConfigId: Number(hardware.fixtures) })
      assert.notProperty(JSON.parse(result.stdout), "taskId")
      assert.strictEqual(await created(), before)
    },
    T
  )

  it(
    "refused input is one line and exit 2, and creates nothing",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "rayvision-submit-"))
      const blocking = join(dir, "tips.json")
      writeFileSync(blocking, JSON.stringify({ "15000": ["D:/textures/missing.tx"] }))
      const notJson = join(dir, "task.json")
      writeFileSync(notJson, "{ task_info: ")
      const callsBefore = (await calls()).length
      const [noHardware, unparsable] = await Promise.all([
        run("submit", fixture("maya", "task.json")),
        run("submit", notJson, "--hardware", hardware.fixtures)
      ])
      // Refused before anything was sent.
      assert.strictEqual((await calls()).length, callsBefore)
      const before = await created()
      const [tips, unknownHardware, otherPlatform] = await Promise.all([
        run(...submitting("maya", hardware.fixtures, "--tips-json", blocking)),
        run(...submitting("maya", "999999")),
        run(...submitting("maya", hardware.elsewhere))
      ])
      for (const refused of [noHardware, unparsable, tips, unknownHardware, otherPlatform]) {
        assert.strictEqual(refused.code, 2)
        assert.strictEqual(refused.stdout, "")
      }
      assert.include(oneErrorLine(noHardware), "--hardware")
      assert.include(oneErrorLine(unparsable), "is not JSON")
      assert.include(oneErrorLine(tips), "tipsJson.15000")
      assert.include(oneErrorLine(unknownHardware), "no hardware configuration 999999")
      assert.match(oneErrorLine(otherPlatform), /nothing was created.*hardware: no enabled configuration/)
      assert.strictEqual(await created(), before)
    },
    T
  )

  it(
    "--wait ends with exit 3 when the task failed",
    async () => {
      failAbove = Math.max(...(await farm.served.tasks()).map((t) => t.id))
      const result = await run(...submitting("blender", hardware.fixtures, "--wait", "--interval", "0.1"))
      assert.strictEqual(result.code, 3)
      const id = /^task (\d+) submitted/.exec(result.stdout)?.[1]
      assert.strictEqual(oneErrorLine(result), `rayvision: task ${id} failed (Failed)`)
      assert.strictEqual((await farm.served.tasks()).find((t) => String(t.id) === id)?.taskStatus, 45)
    },
    T
  )
})
