/**
 * Every endpoint of core's services is reachable from the command line. `reach` names, for each
 * endpoint of every `endpoints` table core exports (found by walking core's modules, so a new
 * service or endpoint is found too), the command of the built binary that calls it. The test
 * checks that the table covers exactly those endpoints, then runs each command, one after the
 * other, against a simulator served by the test process: the command must succeed, and the
 * simulator must have received the endpoint's path, and answered it with 200, during that command.
 */
import * as Core from "@rayvision/core"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { rayvision, type Served, serveSimulator } from "./support.ts"

/** Every endpoint of the `endpoints` tables core exports. */
const coreEndpoints: ReadonlyArray<{ readonly operation: string; readonly path: string }> = Object.values(Core).flatMap(
  (module) => {
    const table = (module as { readonly endpoints?: unknown }).endpoints
    return typeof table === "object" && table !== null
      ? Object.values(table as Record<string, { readonly operation: string; readonly path: string }>)
      : []
  }
)

/** What the commands need from the simulator's state. */
interface Context {
  readonly ids: ReadonlyArray<number>
  readonly frameId: number
  readonly hardwareId: number
  readonly mayaVersion: string
  readonly files: string
}

const fixtures = fileURLToPath(new URL("../../../tests/services/fixtures/task-files/maya", import.meta.url))

/** The settings of the render environment the `envs` commands add and edit. */
const envFlags = (c: Context) => [
  "--name",
  "cli-endpoints",
  "--cg",
  "maya",
  "--cg-version",
  c.mayaVersion,
  "--os",
  "linux"
]

/**
 * A command, and the endpoints (by operation) it is the test's witness for; `finished`: run
 * against the second simulator, whose task has finished rendering (only a finished frame has
 * thumbnails).
 */
const reach: ReadonlyArray<{
  readonly args: (c: Context) => ReadonlyArray<string>
  readonly reaches: ReadonlyArray<string>
  readonly finished?: true
}> = [
  { args: () => ["user", "profile"], reaches: ["UserService.profile"] },
  { args: () => ["user", "settings"], reaches: ["UserService.settings"] },
  { args: () => ["user", "set-task-timeout", "43200"], reaches: ["UserService.updateSettings"] },
  { args: (c) => ["user", "hardware", "--task-id", String(c.ids[0])], reaches: ["UserService.hardwareConfigs"] },
  { args: () => ["platforms"], reaches: ["UserService.platforms"] },
  { args: () => ["records", "tasks"], reaches: ["UserService.taskRecordsPage"] },
  { args: () => ["records", "logins", "--all"], reaches: ["UserService.loginRecordsPage"] },
  { args: () => ["tasks", "list"], reaches: ["TaskService.listPage"] },
  { args: (c) => ["task", "info", String(c.ids[0])], reaches: ["TaskService.info"] },
  { args: (c) => ["task", "frames", String(c.ids[0])], reaches: ["TaskService.framesPage"] },
  { args: () => ["frames", "stats"], reaches: ["TaskService.allFrameStats"] },
  { args: (c) => ["task", "progress-image", String(c.ids[0])], reaches: ["TaskService.progressImage"] },
  {
    args: (c) => ["frames", "thumbnails", String(c.frameId)],
    reaches: ["TaskService.frameThumbnails"],
    finished: true
  },
  { args: (c) => ["frames", "log", String(c.frameId)], reaches: ["TaskService.renderLog"], finished: true },
  { args: (c) => ["task", "priority", "high", String(c.ids[0])], reaches: ["TaskService.updatePriority"] },
  { args: (c) => ["task", "limit", String(c.ids[0]), "2"], reaches: ["TaskService.updateTaskLimit"] },
  { args: (c) => ["task", "overtime", "3600", String(c.ids[0])], reaches: ["TaskService.setOvertimeStop"] },
  { args: (c) => ["task", "full-speed", String(c.ids[0])], reaches: ["TaskService.fullSpeed"] },
  { args: (c) => ["task", "stop", String(c.ids[1])], reaches: ["TaskService.stop"] },
  { args: (c) => ["task", "start", String(c.ids[1])], reaches: ["TaskService.start"] },
  { args: (c) => ["task", "restart-frames", String(c.ids[2])], reaches: ["TaskService.restartFailedFrames"] },
  { args: (c) => ["task", "restart-frames", String(c.ids[2]), "--all"], reaches: ["TaskService.restartFrames"] },
  { args: (c) => ["task", "stop-frames", String(c.ids[2]), "--all"], reaches: ["TaskService.stopFrames"] },
  { args: (c) => ["task", "abandon", String(c.ids[3])], reaches: ["TaskService.abandon"] },
  { args: (c) => ["task", "delete", String(c.ids[3])], reaches: ["TaskService.delete"] },
  { args: () => ["analysis-errors", "15000"], reaches: ["TaskService.analysisErrorDetail"] },
  { args: () => ["projects", "add", "cli-endpoints"], reaches: ["ProjectService.add"] },
  { args: () => ["projects", "list"], reaches: ["ProjectService.list"] },
  { args: () => ["projects", "list", "--scope", "all"], reaches: ["ProjectService.listByScope"] },
  { args: () => ["projects", "delete", "cli-endpoints"], reaches: ["ProjectService.delete"] },
  { args: (c) => ["task", "tag", "hero", String(c.ids[0])], reaches: ["ProjectService.tagTasks"] },
  { args: (c) => ["task", "untag", "hero", String(c.ids[0])], reaches: ["ProjectService.untagTasks"] },
  { args: () => ["software", "list"], reaches: ["RenderEnvService.softwareList"] },
  { args: () => ["software", "versions", "maya", "--os", "linux"], reaches: ["RenderEnvService.softwareDetail"] },
  { args: (c) => ["envs", "add", ...envFlags(c)], reaches: ["RenderEnvService.addEnv"] },
  { args: (c) => ["envs", "edit", ...envFlags(c)], reaches: ["RenderEnvService.editEnv"] },
  { args: () => ["envs", "default", "cli-endpoints"], reaches: ["RenderEnvService.setDefaultEnv"] },
  { args: () => ["envs", "list"], reaches: ["RenderEnvService.listEnvs"] },
  { args: () => ["envs", "delete", "cli-endpoints"], reaches: ["RenderEnvService.deleteEnv"] },
  { args: () => ["transfer", "buckets"], reaches: ["TransferService.bucketIds"] },
  { args: () => ["transfer", "server"], reaches: ["TransferService.serverInfo"] },
  { args: () => ["transfer", "raysync-key"], reaches: ["TransferService.raySyncUserKey"] },
  { args: () => ["transfer", "config"], reaches: ["TransferService.transferConfig"] },
  {
    args: (c) => ["transfer", "upload-json", String(c.ids[0]), join(c.files, "upload.json")],
    reaches: ["TransferService.uploadTaskJson"]
  },
  { args: (c) => ["outputs", String(c.ids[0])], reaches: ["TransferService.outputFiles"] },
  {
    args: (c) => ["submit", join(fixtures, "task.json"), "--hardware", String(c.hardwareId)],
    reaches: ["TaskService.createTaskIds", "TaskService.submit"]
  }
]

describe("every endpoint of core's services is reachable from the command line", () => {
  // Tasks wait an hour in the queue on the first; the second renders its task at once.
  let served: Served
  let finished: Served
  let context: Context
  const run = (args: ReadonlyArray<string>) => rayvision(args, served.env)

  beforeAll(async () => {
    served = await serveSimulator({ seed: 13, farm: { queueSeconds: 3600 } })
    finished = await serveSimulator({
      seed: 17,
      farm: { framesPerTask: 2, nodes: 2, queueSeconds: 0, frameSeconds: 0.05 }
    })
    const ids = await served.submit(4)
    const [rendered] = await finished.submit(1)
    let frames: ReadonlyArray<{ readonly id: number; readonly frameStatus: number }> = []
    while (frames.length === 0 || frames.some((f) => f.frameStatus !== 4)) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      frames = (await finished.tasks()).find((t) => t.id === rendered)!.frames
    }
    const frameId = frames[0]!.id
    const [hardware, versions] = await Promise.all([
      run(["user", "hardware", "--json"]),
      run(["software", "versions", "maya", "--os", "linux", "--json"])
    ])
    const configs = JSON.parse(hardware.stdout) as Array<{ id: number; platform: number; model: string; ram: string }>
    const files = mkdtempSync(join(tmpdir(), "rayvision-endpoints-"))
    writeFileSync(join(files, "upload.json"), JSON.stringify({ asset: [] }))
    context = {
      ids,
      frameId,
      hardwareId: configs.find((c) => c.platform === 2 && c.model === "Default" && c.ram === "64GB")!.id,
      mayaVersion: (JSON.parse(versions.stdout) as Array<{ cgVersion: string }>).at(-1)!.cgVersion,
      files
    }
  }, 60_000)
  afterAll(() => Promise.all([served.close(), finished.close()]))

  it("the table names every endpoint of every `endpoints` table of core, and no other", () => {
    assert.isAtLeast(coreEndpoints.length, 40)
    const named = reach.flatMap((step) => step.reaches)
    assert.deepStrictEqual([...new Set(named)].sort(), coreEndpoints.map((e) => e.operation).sort())
    assert.strictEqual(named.length, new Set(named).size)
  })

  it("each command succeeds, and the simulator answers the endpoint's path with 200 during it", async () => {
    const pathOf = new Map(coreEndpoints.map((e) => [e.operation, e.path]))
    for (const step of reach) {
      const args = step.args(context)
      const target = step.finished === true ? finished : served
      const before = (await target.client(target.sim.calls)).length
      const result = await rayvision(args, target.env)
      assert.deepStrictEqual({ args, code: result.code, stderr: result.stderr }, { args, code: 0, stderr: "" })
      const calls = (await target.client(target.sim.calls)).slice(before)
      for (const operation of step.reaches) {
        assert.deepStrictEqual(
          {
            args,
            operation,
            answered: calls.some((c) => c.path === pathOf.get(operation) && c.code === 200)
          },
          {
            args,
            operation,
            answered: true
          }
        )
      }
    }
  }, 600_000)
})
