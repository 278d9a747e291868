/**
 * The commands beyond the first cut, run as the built binary against a simulator served by the
 * test process: each command's `--json` output is checked against the simulator's own state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ndjson, oneErrorLine, rayvision, type Served, serveSimulator } from "./support.ts"

/** The calls the simulator received so far. */
const callsOf = (served: Served) => served.client(served.sim.calls)

const T = 120_000

describe("against a slow farm (tasks stay queued)", () => {
  let served: Served
  let ids: ReadonlyArray<number>
  const run = (...args: Array<string>) => rayvision(args, served.env)

  beforeAll(async () => {
    // Tasks wait an hour in the queue: nothing moves on by itself during the tests.
    served = await serveSimulator({ seed: 7, farm: { queueSeconds: 3600 } })
    ids = await served.submit(4)
  }, 60_000)
  afterAll(() => served.close())

  it(
    "tasks list filters by status, keyword and submit time, as the simulator sees the tasks",
    async () => {
      const tasks = await served.tasks()
      const target = tasks.find((t) => t.id === ids[1])!
      const [waiting, finished, keyword, past, since] = await Promise.all([
        run("tasks", "list", "--status", "waiting", "--json"),
        run("tasks", "list", "--status", "finished", "--status", "45", "--json"),
        run("tasks", "list", "--keyword", target.sceneName, "--json"),
        run("tasks", "list", "--since", "2000-01-01", "--until", "2000-01-02T00:00:00Z", "--json"),
        run("tasks", "list", "--since", "2000-01-01 00:00:00", "--all", "--json")
      ])
      for (const r of [waiting, finished, keyword, past, since]) expect(r.code).toBe(0)
      const idsOf = (text: string) => (JSON.parse(text) as { items: Array<{ id: number }> }).items.map((t) => t.id)
      expect(idsOf(waiting.stdout).sort()).toEqual([...ids].sort())
      expect(idsOf(finished.stdout)).toEqual([])
      const keywordLower = target.sceneName.toLowerCase()
      const expected = tasks
        .filter((t) => t.submitted && t.sceneName.toLowerCase().includes(keywordLower))
        .map((t) => t.id)
      expect(idsOf(keyword.stdout)).toContain(target.id)
      expect(idsOf(keyword.stdout).sort()).toEqual(expected.sort())
      expect(idsOf(past.stdout)).toEqual([])
      expect(ndjson<{ id: number }>(since.stdout).map((t) => t.id)).toEqual([...ids].sort((a, b) => b - a))
    },
    T
  )

  it(
    "a bad --since, --status or an inverted range is one line, exit 2, and nothing is sent",
    async () => {
      const before = (await callsOf(served)).length
      const [date, status, range] = await Promise.all([
        run("tasks", "list", "--since", "2024-02-30"),
        run("tasks", "list", "--status", "sleeping"),
        run("tasks", "list", "--since", "2024-05-02", "--until", "2024-05-01")
      ])
      for (const r of [date, status, range]) {
        expect(r.code).toBe(2)
        expect(r.stdout).toBe("")
      }
      expect(oneErrorLine(date)).toContain("--since")
      expect(oneErrorLine(status)).toContain("sleeping")
      expect(oneErrorLine(range)).toContain("is after --until")
      expect((await callsOf(served)).length).toBe(before)
    },
    T
  )

  it(
    "task priority, overtime and full-speed change the tasks in the simulator",
    async () => {
      const [priority, overtime, fullSpeed] = await Promise.all([
        run("task", "priority", "high", String(ids[0]), String(ids[1]), "--json"),
        run("task", "overtime", "3600", String(ids[0]), String(ids[2]), "--json"),
        run("task", "full-speed", String(ids[3]), "--json")
      ])
      expect(priority.code).toBe(0)
      expect(JSON.parse(priority.stdout)).toMatchObject({ action: "priority", succeeded: 2, failed: 0 })
      expect(overtime.code).toBe(0)
      expect(JSON.parse(overtime.stdout)).toEqual({ action: "overtime", overTime: 3600, taskIds: [ids[0], ids[2]] })
      expect(fullSpeed.code).toBe(0)
      expect(JSON.parse(fullSpeed.stdout)).toMatchObject({ action: "full-speed", succeeded: 1 })
      const byId = new Map((await served.tasks()).map((t) => [t.id, t]))
      expect([ids[0], ids[1], ids[2]].map((id) => byId.get(id!)!.taskUserLevel)).toEqual([60, 60, 50])
      expect([ids[0], ids[1], ids[2]].map((id) => byId.get(id!)!.overTimeStop)).toEqual([3600, null, 3600])
      expect(byId.get(ids[3]!)!.fullSpeed).toBe(true)
      expect(byId.get(ids[0]!)!.fullSpeed).toBe(false)
    },
    T
  )

  it(
    "bad levels and seconds are refused with exit 2",
    async () => {
      const [level, seconds] = await Promise.all([
        run("task", "priority", "urgent", String(ids[0])),
        run("task", "overtime", "0", String(ids[0]))
      ])
      expect(level.code).toBe(2)
      expect(oneErrorLine(level)).toContain("urgent")
      expect(seconds.code).toBe(2)
      expect(oneErrorLine(seconds)).toContain("overTime")
    },
    T
  )

  it(
    "task frames: one page, and every frame streamed as NDJSON, as the simulator holds them",
    async () => {
      const [page, all] = await Promise.all([
        run("task", "frames", String(ids[0]), "--page-size", "4", "--json"),
        run("task", "frames", String(ids[0]), "--all", "--page-size", "3", "--json")
      ])
      const simFrames = (await served.tasks()).find((t) => t.id === ids[0])!.frames
      expect(page.code).toBe(0)
      const parsed = JSON.parse(page.stdout) as { total: number; pageCount: number; items: Array<{ id: number }> }
      expect(parsed.total).toBe(simFrames.length)
      expect(parsed.pageCount).toBe(Math.ceil(simFrames.length / 4))
      expect(parsed.items.map((f) => f.id)).toEqual(simFrames.slice(0, 4).map((f) => f.id))
      expect(all.code).toBe(0)
      const streamed = ndjson<{ id: number; frameIndex: string; frameStatus: number }>(all.stdout)
      expect(streamed.map((f) => f.id)).toEqual(simFrames.map((f) => f.id))
      expect(streamed.map((f) => f.frameStatus)).toEqual(simFrames.map((f) => f.frameStatus))
    },
    T
  )

  it(
    "task wait: a stopped task ends with exit 5, an abandoned one with 4, a timeout with 6",
    async () => {
      const stop = await run("task", "stop", String(ids[0]))
      const abandon = await run("task", "abandon", String(ids[1]))
      expect([stop.code, abandon.code]).toEqual([0, 0])
      const [stopped, abandoned, timeout, both] = await Promise.all([
        run("task", "wait", String(ids[0]), "--interval", "0.2"),
        run("task", "wait", String(ids[1]), "--json", "--interval", "0.2"),
        run("task", "wait", String(ids[2]), "--timeout", "1s", "--interval", "0.2"),
        run("task", "wait", String(ids[0]), String(ids[1]), "--json")
      ])
      expect(stopped.code).toBe(5)
      expect(oneErrorLine(stopped)).toContain(`task ${ids[0]} stopped`)
      expect(stopped.stdout).toMatch(new RegExp(`^task ${ids[0]}: Stopped`, "m"))
      expect(abandoned.code).toBe(4)
      const events = ndjson<{ event: string; exitCode?: number; tasks?: Array<{ outcome: string; status: number }> }>(
        abandoned.stdout
      )
      expect(events.at(-1)).toMatchObject({ event: "end", exitCode: 4, tasks: [{ outcome: "abandoned", status: 35 }] })
      expect(timeout.code).toBe(6)
      expect(oneErrorLine(timeout)).toContain(`still pending: ${ids[2]}`)
      // Failed before abandoned before stopped: the worst end decides.
      expect(both.code).toBe(4)
      const statuses = new Map((await served.tasks()).map((t) => [t.id, t.taskStatus]))
      expect(
        ndjson<{ event: string; tasks?: Array<{ taskId: number; status: number }> }>(both.stdout).at(-1)!.tasks
      ).toEqual([
        expect.objectContaining({ taskId: ids[0], status: statuses.get(ids[0]!) }),
        expect.objectContaining({ taskId: ids[1], status: statuses.get(ids[1]!) })
      ])
    },
    T
  )

  it(
    "projects add, list and delete",
    async () => {
      const add = await run("projects", "add", "cli-test-project", "--status", "on", "--json")
      expect(add.code).toBe(0)
      const listed = await run("projects", "list", "--json")
      const names = (JSON.parse(listed.stdout) as Array<{ projectName: string; projectId: number }>).map(
        (p) => p.projectName
      )
      expect(names).toContain("cli-test-project")
      // The service refuses a name that exists (600, a parameter it rejects): exit 2.
      const again = await run("projects", "add", "cli-test-project")
      expect(again.code).toBe(2)
      expect(oneErrorLine(again)).toContain("code 600")
      const del = await run("projects", "delete", "cli-test-project")
      expect(del.code).toBe(0)
      const after = await run("projects", "list", "--scope", "all", "--json")
      expect((JSON.parse(after.stdout) as Array<{ projectName: string }>).map((p) => p.projectName)).not.toContain(
        "cli-test-project"
      )
    },
    T
  )

  it(
    "software list, versions and plugins; envs add, list, default and delete",
    async () => {
      const [list, versions, plugins] = await Promise.all([
        run("software", "list", "--json"),
        run("software", "versions", "maya", "--os", "linux", "--json"),
        run("software", "plugins", "2000", "--os", "linux", "--json")
      ])
      expect(list.code).toBe(0)
      const dccs = (JSON.parse(list.stdout) as { renderInfoList: Array<{ cgId: number }> }).renderInfoList
      expect(dccs.map((d) => d.cgId)).toContain(2000)
      const mayaVersions = JSON.parse(versions.stdout) as Array<{ cgVersion: string; cgName: string }>
      expect(mayaVersions.length).toBeGreaterThan(0)
      const version = mayaVersions.at(-1)!.cgVersion
      const mayaPlugins = JSON.parse(plugins.stdout) as Array<{ cgVersion: string; pluginId: number }>
      const plugin = mayaPlugins.find((p) => p.cgVersion === version)
      const pluginFlags = plugin === undefined ? [] : ["--plugin-id", String(plugin.pluginId)]

      const badVersion = await run(
        "envs",
        "add",
        "--name",
        "x",
        "--cg",
        "maya",
        "--cg-version",
        "1999",
        "--os",
        "linux"
      )
      expect(badVersion.code).toBe(2)
      expect(oneErrorLine(badVersion)).toContain(version)

      const add = await run(
        "envs",
        "add",
        "--name",
        "cli-env",
        "--cg",
        "maya",
        "--cg-version",
        version,
        "--os",
        "linux",
        ...pluginFlags,
        "--json"
      )
      expect(add.code).toBe(0)
      const name = (JSON.parse(add.stdout) as { name: string }).name
      const def = await run("envs", "default", name)
      expect(def.code).toBe(0)
      const envs = await run("envs", "list", "--cg", "maya", "--json")
      const listed = JSON.parse(envs.stdout) as Array<{
        editName: string
        cgVersion: string
        isDefault: number
        respUserPluginInfoVos: Array<{ pluginId: number }>
      }>
      const env = listed.find((e) => e.editName === name)!
      expect(env).toMatchObject({ cgVersion: version, isDefault: 1 })
      expect(env.respUserPluginInfoVos.map((p) => p.pluginId)).toEqual(plugin === undefined ? [] : [plugin.pluginId])
      const del = await run("envs", "delete", name)
      expect(del.code).toBe(0)
      const after = await run("envs", "list", "--json")
      expect((JSON.parse(after.stdout) as Array<{ editName: string }>).map((e) => e.editName)).not.toContain(name)
    },
    T
  )

  it(
    "outputs lists a task's output folder, and every file below it with --recursive",
    async () => {
      const [folder, recursive, missing] = await Promise.all([
        run("outputs", String(ids[0]), "--json"),
        run("outputs", String(ids[0]), "--recursive", "--json"),
        run("outputs", String(ids[0]), "--path", "/nowhere")
      ])
      expect(folder.code).toBe(0)
      const top = JSON.parse(folder.stdout) as Array<{ fileName: string; directory: boolean; filePath: string }>
      expect(top.some((f) => f.directory && f.fileName === "preview")).toBe(true)
      expect(recursive.code).toBe(0)
      const all = ndjson<{ filePath: string; directory: boolean }>(recursive.stdout)
      const files = all.filter((f) => !f.directory).map((f) => f.filePath)
      expect(files.some((p) => p.includes("/preview/"))).toBe(true)
      for (const f of top.filter((f) => !f.directory)) expect(files).toContain(f.filePath)
      expect(missing.code).toBe(1)
      expect(oneErrorLine(missing)).toContain("code 404")
    },
    T
  )
})

describe("against a fast farm (tasks end within a second)", () => {
  let served: Served
  let ids: ReadonlyArray<number>
  const failing = new Set<number>()
  const run = (...args: Array<string>) => rayvision(args, served.env)

  beforeAll(async () => {
    served = await serveSimulator({
      seed: 3,
      farm: {
        framesPerTask: 3,
        nodes: 3,
        queueSeconds: 0,
        frameSeconds: 0.05,
        // The first task's frames fail on their first run (and render on a resubmission).
        failFrame: ({ attempt, taskId }) => failing.has(taskId) && attempt === 1
      }
    })
    ids = await served.submit(3, (created) => failing.add(created[0]!))
  }, 60_000)
  afterAll(() => served.close())

  it(
    "task wait: exit 3 for a failed task, 0 when all finished; plain progress lines end at 100%",
    async () => {
      const [failed, finished] = await Promise.all([
        run("task", "wait", String(ids[0]), "--interval", "0.1"),
        run("task", "wait", String(ids[1]), String(ids[2]), "--interval", "0.1")
      ])
      expect(failed.code).toBe(3)
      expect(oneErrorLine(failed)).toContain(`task ${ids[0]} failed (Failed)`)
      expect(finished.code).toBe(0)
      expect(finished.stderr).toBe("")
      const lines = finished.stdout.trim().split("\n")
      expect(lines.at(-1)).toBe("2 task(s) finished")
      for (const id of [ids[1], ids[2]]) {
        expect(lines).toContain(`task ${id}: Finished, 3/3 frames (100%)`)
      }
      const statuses = (await served.tasks()).filter((t) => ids.includes(t.id)).map((t) => t.taskStatus)
      expect(statuses).toEqual([45, 25, 25])
    },
    T
  )

  it(
    "task restart-frames: failed frames (default), by frame id, by frame index, every frame",
    async () => {
      const frames = (await served.tasks()).find((t) => t.id === ids[1])!.frames
      const [failed, byId, byIndex, all] = await Promise.all([
        run("task", "restart-frames", String(ids[0]), "--json"),
        run("task", "restart-frames", String(ids[1]), "--frame-id", String(frames[0]!.id), "--json"),
        run("task", "restart-frames", String(ids[1]), "--frame", "3"),
        run("task", "restart-frames", String(ids[2]), "--all", "--status", "finished", "--json")
      ])
      expect(failed.code).toBe(0)
      expect(JSON.parse(failed.stdout)).toEqual({ action: "restart-frames", taskId: ids[0], mode: "failed" })
      expect(byId.code).toBe(0)
      expect(JSON.parse(byId.stdout)).toMatchObject({ mode: "frame-ids", frameIds: [frames[0]!.id] })
      expect(byIndex.code).toBe(0)
      expect(byIndex.stdout).toContain(`task ${ids[1]}: resubmitted frame(s) 3`)
      expect(all.code).toBe(0)
      expect(JSON.parse(all.stdout)).toMatchObject({ mode: "all", status: [4] })
      const byTask = new Map((await served.tasks()).map((t) => [t.id, t.frames.map((f) => f.recommitFlag)]))
      expect(byTask.get(ids[0]!)).toEqual([1, 1, 1])
      expect(byTask.get(ids[1]!)).toEqual([1, 0, 1])
      expect(byTask.get(ids[2]!)).toEqual([1, 1, 1])
      // Resubmitted, the failed task renders again and finishes.
      const again = await run("task", "wait", String(ids[0]), "--interval", "0.1", "--json")
      expect(again.code).toBe(0)
      expect(ndjson<{ event: string; tasks?: Array<{ outcome: string }> }>(again.stdout).at(-1)).toMatchObject({
        event: "end",
        tasks: [{ outcome: "finished" }]
      })
    },
    T
  )

  it(
    "restart-frames refuses two selections, or a frame index the task lacks",
    async () => {
      const [two, missing] = await Promise.all([
        run("task", "restart-frames", String(ids[1]), "--all", "--frame", "2"),
        run("task", "restart-frames", String(ids[1]), "--frame", "99")
      ])
      expect(two.code).toBe(2)
      expect(oneErrorLine(two)).toContain("only one of")
      expect(missing.code).toBe(1)
      expect(oneErrorLine(missing)).toContain("99")
    },
    T
  )
})
