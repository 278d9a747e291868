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
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { baseEnv, bin, ndjson, oneErrorLine, rayvision, type Served, serveSimulator } from "./support.ts"

const T = 120_000
const fixtures = fileURLToPath(new URL("../../../tests/services/fixtures/task-files", import.meta.url))
const fixture = (dcc: string, file: string) => join(fixtures, dcc, file)

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
        [
          "submit",
          fixture("maya", "task.json"),
          ...analysisFiles("maya"),
          "--hardware",
          hardware,
          "--wait",
          "--interval",
          "0.1",
          "--json"
        ],
        env
      )
      expect(run.stderr).toBe("")
      expect(run.code).toBe(0)
      const events = ndjson<{ event: string; taskId?: number; hardwareConfigId?: number; exitCode?: number }>(
        run.stdout
      )
      const submitted = events[0]!
      expect(submitted).toMatchObject({ event: "submitted", hardwareConfigId: Number(hardware) })
      expect(events.at(-1)).toMatchObject({
        event: "end",
        exitCode: 0,
        tasks: [{ taskId: submitted.taskId, outcome: "finished" }]
      })
      // The service holds the task as finished, in the project the task file names.
      const [info, projects] = await Promise.all([
        rayvision(["task", "info", String(submitted.taskId), "--json"], env),
        rayvision(["projects", "list", "--scope", "all", "--json"], env)
      ])
      const task = (JSON.parse(info.stdout) as { items: Array<{ id: number; taskStatus: number }> }).items[0]!
      expect(task).toMatchObject({ id: submitted.taskId, taskStatus: 25 })
      const names = (JSON.parse(projects.stdout) as Array<{ projectName: string }>).map((p) => p.projectName)
      expect(names).toContain(
        (JSON.parse(readFileSync(fixture("maya", "task.json"), "utf8")) as { task_info: { project_name: string } })
          .task_info.project_name
      )
    },
    T
  )

  it(
    "without --json: the submission, one line per change, and the summary",
    async () => {
      const run = await rayvision(
        ["submit", fixture("houdini", "task.json"), ...analysisFiles("houdini"), "--hardware", hardware, "--wait"],
        { ...env }
      )
      expect(run.code).toBe(0)
      const lines = run.stdout.trim().split("\n")
      const id = /^task (\d+) submitted \(hardware configuration \d+\)$/.exec(lines[0]!)?.[1]
      expect(id).toBeDefined()
      // The analysis warning of its tips.json is shown, not refused.
      expect(lines.some((line) => line.startsWith("warning "))).toBe(true)
      expect(lines).toContain(`task ${id}: Finished, 10/10 frames (100%)`)
      expect(lines.at(-1)).toBe("1 task(s) finished")
    },
    T
  )
})

describe("submit against a simulator served by the test process", () => {
  let served: Served
  let hardware: { readonly fixtures: string; readonly elsewhere: string }
  // Tasks above this id fail every frame run (none do until the last test sets it).
  let failAbove = Number.POSITIVE_INFINITY
  const run = (...args: Array<string>) => rayvision(args, served.env)
  const created = async () =>
    (await served.client(served.sim.calls)).filter((c) => c.path === "/api/render/submit/createTask").length

  beforeAll(async () => {
    served = await serveSimulator({
      seed: 19,
      farm: {
        framesPerTask: 2,
        nodes: 2,
        queueSeconds: 0,
        frameSeconds: 0.05,
        failFrame: ({ taskId }) => taskId > failAbove
      }
    })
    hardware = await hardwareIds(served.env)
  }, 60_000)
  afterAll(() => served.close())

  it(
    "uploads the files as given, the project named by --project, and submits",
    async () => {
      const result = await run(
        "submit",
        fixture("maya", "task.json"),
        ...analysisFiles("maya"),
        "--hardware",
        hardware.fixtures,
        "--project",
        "cli-submit",
        "--json"
      )
      expect(result.code).toBe(0)
      const { taskId } = JSON.parse(result.stdout) as { taskId: number }
      const files = await served.client(served.sim.taskFiles(served.env["RAYVISION_API_ACCESS_ID"]!, taskId))
      expect(Object.keys(files).sort()).toEqual(["asset.json", "task.json", "tips.json", "upload.json"])
      for (const name of ["upload.json", "asset.json"]) {
        expect(JSON.parse(files[name]!)).toEqual(JSON.parse(readFileSync(fixture("maya", name), "utf8")))
      }
      const taskInfo = (JSON.parse(files["task.json"]!) as { task_info: Record<string, string> }).task_info
      expect(taskInfo).toMatchObject({
        task_id: String(taskId),
        project_name: "cli-submit",
        hardwareConfigId: hardware.fixtures
      })
      expect(taskInfo["project_id"]).not.toBe("")
      expect((await served.tasks()).find((t) => t.id === taskId)?.submitted).toBe(true)
    },
    T
  )

  it(
    "--check checks only: nothing is created",
    async () => {
      const before = await created()
      const result = await run(
        "submit",
        fixture("katana", "task.json"),
        "--hardware",
        hardware.fixtures,
        "--check",
        "--json"
      )
      expect(result.code).toBe(0)
      expect(JSON.parse(result.stdout)).toMatchObject({ hardwareConfigId: Number(hardware.fixtures) })
      expect(JSON.parse(result.stdout)).not.toHaveProperty("taskId")
      expect(await created()).toBe(before)
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
      const callsBefore = (await served.client(served.sim.calls)).length
      const [noHardware, unparsable] = await Promise.all([
        run("submit", fixture("maya", "task.json")),
        run("submit", notJson, "--hardware", hardware.fixtures)
      ])
      // Refused before anything was sent.
      expect((await served.client(served.sim.calls)).length).toBe(callsBefore)
      const before = await created()
      const [tips, unknownHardware, otherPlatform] = await Promise.all([
        run("submit", fixture("maya", "task.json"), "--hardware", hardware.fixtures, "--tips-json", blocking),
        run("submit", fixture("maya", "task.json"), "--hardware", "999999"),
        run("submit", fixture("maya", "task.json"), "--hardware", hardware.elsewhere)
      ])
      for (const refused of [noHardware, unparsable, tips, unknownHardware, otherPlatform]) {
        expect(refused.code).toBe(2)
        expect(refused.stdout).toBe("")
      }
      expect(oneErrorLine(noHardware)).toContain("--hardware")
      expect(oneErrorLine(unparsable)).toContain("is not JSON")
      expect(oneErrorLine(tips)).toContain("tipsJson.15000")
      expect(oneErrorLine(unknownHardware)).toContain("no hardware configuration 999999")
      expect(oneErrorLine(otherPlatform)).toMatch(/nothing was created.*hardware: no enabled configuration/)
      expect(await created()).toBe(before)
    },
    T
  )

  it(
    "--wait ends with exit 3 when the task failed",
    async () => {
      failAbove = Math.max(...(await served.tasks()).map((t) => t.id))
      const result = await run(
        "submit",
        fixture("blender", "task.json"),
        "--hardware",
        hardware.fixtures,
        "--wait",
        "--interval",
        "0.1"
      )
      expect(result.code).toBe(3)
      const id = /^task (\d+) submitted/.exec(result.stdout)?.[1]
      expect(oneErrorLine(result)).toBe(`rayvision: task ${id} failed (Failed)`)
      expect((await served.tasks()).find((t) => String(t.id) === id)?.taskStatus).toBe(45)
    },
    T
  )
})
