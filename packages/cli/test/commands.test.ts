/**
 * The commands beyond the first cut, run as the built binary against a simulator served by the
 * test process: each command's `--json` output is checked against the simulator's own state.
 */
import { assert, describe, it } from "vitest"
import { suiteSimulator } from "./suite.ts"
import { ndjson, oneErrorLine, type Served } from "./support.ts"

/** The calls the simulator received so far. */
const callsOf = (served: Served) => served.client(served.sim.calls)

const T = 120_000

describe("against a slow farm (tasks stay queued)", () => {
  // Tasks wait an hour in the queue: nothing moves on by itself during the tests.
  const farm = suiteSimulator({ seed: 7, farm: { queueSeconds: 3600 } }, 4)
  const { run } = farm

  it(
    "tasks list filters by status, keyword and submit time, as the simulator sees the tasks",
    async () => {
      const tasks = await farm.served.tasks()
      const target = tasks.find((t) => t.id === farm.ids[1])!
      const [waiting, finished, keyword, past, since] = await Promise.all([
        run("tasks", "list", "--status", "waiting", "--json"),
        run("tasks", "list", "--status", "finished", "--status", "45", "--json"),
        run("tasks", "list", "--keyword", target.sceneName, "--json"),
        run("tasks", "list", "--since", "2000-01-01", "--until", "2000-01-02T00:00:00Z", "--json"),
        run("tasks", "list", "--since", "2000-01-01 00:00:00", "--all", "--json")
      ])
      for (const r of [waiting, finished, keyword, past, since]) assert.strictEqual(r.code, 0)
      const idsOf = (text: string) => (JSON.parse(text) as { items: Array<{ id: number }> }).items.map((t) => t.id)
      assert.deepStrictEqual(idsOf(waiting.stdout).sort(), [...farm.ids].sort())
      assert.deepStrictEqual(idsOf(finished.stdout), [])
      const keywordLower = target.sceneName.toLowerCase()
      const expected = tasks
        .filter((t) => t.submitted && t.sceneName.toLowerCase().includes(keywordLower))
        .map((t) => t.id)
      assert.include(idsOf(keyword.stdout), target.id)
      assert.deepStrictEqual(idsOf(keyword.stdout).sort(), expected.sort())
      assert.deepStrictEqual(idsOf(past.stdout), [])
      assert.deepStrictEqual(
        ndjson<{ id: number }>(since.stdout).map((t) => t.id),
        [...farm.ids].sort((a, b) => b - a)
      )
    },
    T
  )

  it(
    "a bad --since, --status or an inverted range is one line, exit 2, and nothing is sent",
    async () => {
      const before = (await callsOf(farm.served)).length
      const [date, status, range] = await Promise.all([
        run("tasks", "list", "--since", "2024-02-30"),
        run("tasks", "list", "--status", "sleeping"),
        run("tasks", "list", "--since", "2024-05-02", "--until", "2024-05-01")
      ])
      for (const r of [date, status, range]) {
        assert.strictEqual(r.code, 2)
        assert.strictEqual(r.stdout, "")
      }
      assert.include(oneErrorLine(date), "--since")
      assert.include(oneErrorLine(status), "sleeping")
      assert.include(oneErrorLine(range), "is after --until")
      assert.strictEqual((await callsOf(farm.served)).length, before)
    },
    T
  )

  it(
    "task priority, overtime and full-speed change the tasks in the simulator",
    async () => {
      const [priority, overtime, fullSpeed] = await Promise.all([
        run("task", "priority", "high", String(farm.ids[0]), String(farm.ids[1]), "--json"),
        run("task", "overtime", "3600", String(farm.ids[0]), String(farm.ids[2]), "--json"),
        run("task", "full-speed", String(farm.ids[3]), "--json")
      ])
      assert.strictEqual(priority.code, 0)
      assert.containSubset(JSON.parse(priority.stdout), { action: "priority", succeeded: 2, failed: 0 })
      assert.strictEqual(overtime.code, 0)
      assert.deepStrictEqual(JSON.parse(overtime.stdout), {
        action: "overtime",
        overTime: 3600,
        taskIds: [farm.ids[0], farm.ids[2]]
      })
      assert.strictEqual(fullSpeed.code, 0)
      assert.containSubset(JSON.parse(fullSpeed.stdout), { action: "full-speed", succeeded: 1 })
      const byId = new Map((await farm.served.tasks()).map((t) => [t.id, t]))
      assert.deepStrictEqual(
        [farm.ids[0], farm.ids[1], farm.ids[2]].map((id) => byId.get(id!)!.taskUserLevel),
        [60, 60, 50]
      )
      assert.deepStrictEqual(
        [farm.ids[0], farm.ids[1], farm.ids[2]].map((id) => byId.get(id!)!.overTimeStop),
        [3600, null, 3600]
      )
      assert.isTrue(byId.get(farm.ids[3]!)!.fullSpeed)
      assert.isFalse(byId.get(farm.ids[0]!)!.fullSpeed)
    },
    T
  )

  it(
    "bad levels and seconds are refused with exit 2",
    async () => {
      const [level, seconds] = await Promise.all([
        run("task", "priority", "urgent", String(farm.ids[0])),
        run("task", "overtime", "0", String(farm.ids[0]))
      ])
      assert.strictEqual(level.code, 2)
      assert.include(oneErrorLine(level), "urgent")
      assert.strictEqual(seconds.code, 2)
      assert.include(oneErrorLine(seconds), "overTime")
    },
    T
  )

  it(
    "task frames: one page, and every frame streamed as NDJSON, as the simulator holds them",
    async () => {
      const [page, all] = await Promise.all([
        run("task", "frames", String(farm.ids[0]), "--page-size", "4", "--json"),
        run("task", "frames", String(farm.ids[0]), "--all", "--page-size", "3", "--json")
      ])
      const simFrames = (await farm.served.tasks()).find((t) => t.id === farm.ids[0])!.frames
      assert.strictEqual(page.code, 0)
      const parsed = JSON.parse(page.stdout) as { total: number; pageCount: number; items: Array<{ id: number }> }
      assert.strictEqual(parsed.total, simFrames.length)
      assert.strictEqual(parsed.pageCount, Math.ceil(simFrames.length / 4))
      assert.deepStrictEqual(
        parsed.items.map((f) => f.id),
        simFrames.slice(0, 4).map((f) => f.id)
      )
      assert.strictEqual(all.code, 0)
      const streamed = ndjson<{ id: number; frameIndex: string; frameStatus: number }>(all.stdout)
      assert.deepStrictEqual(
        streamed.map((f) => f.id),
        simFrames.map((f) => f.id)
      )
      assert.deepStrictEqual(
        streamed.map((f) => f.frameStatus),
        simFrames.map((f) => f.frameStatus)
      )
    },
    T
  )

  it(
    "task wait: a stopped task ends with exit 5, an abandoned one with 4, a timeout with 6",
    async () => {
      const stop = await run("task", "stop", String(farm.ids[0]))
      const abandon = await run("task", "abandon", String(farm.ids[1]))
      assert.deepStrictEqual([stop.code, abandon.code], [0, 0])
      const [stopped, abandoned, timeout, both] = await Promise.all([
        run("task", "wait", String(farm.ids[0]), "--interval", "0.2"),
        run("task", "wait", String(farm.ids[1]), "--json", "--interval", "0.2"),
        run("task", "wait", String(farm.ids[2]), "--timeout", "1s", "--interval", "0.2"),
        run("task", "wait", String(farm.ids[0]), String(farm.ids[1]), "--json")
      ])
      assert.strictEqual(stopped.code, 5)
      assert.include(oneErrorLine(stopped), `task ${farm.ids[0]} stopped`)
      assert.match(stopped.stdout, new RegExp(`^task ${farm.ids[0]}: Stopped`, "m"))
      assert.strictEqual(abandoned.code, 4)
      const events = ndjson<{ event: string; exitCode?: number; tasks?: Array<{ outcome: string; status: number }> }>(
        abandoned.stdout
      )
      const end = events.at(-1)
      assert.containSubset(end, { event: "end", exitCode: 4 })
      assert.deepStrictEqual(
        end?.tasks?.map((t) => ({ outcome: t.outcome, status: t.status })),
        [{ outcome: "abandoned", status: 35 }]
      )
      assert.strictEqual(timeout.code, 6)
      assert.include(oneErrorLine(timeout), `still pending: ${farm.ids[2]}`)
      // Failed before abandoned before stopped: the worst end decides.
      assert.strictEqual(both.code, 4)
      const statuses = new Map((await farm.served.tasks()).map((t) => [t.id, t.taskStatus]))
      const ended = ndjson<{ event: string; tasks?: Array<{ taskId: number; status: number }> }>(both.stdout).at(-1)!
      assert.deepStrictEqual(
        ended.tasks?.map((t) => ({ taskId: t.taskId, status: t.status })),
        [
          { taskId: farm.ids[0], status: statuses.get(farm.ids[0]!) },
          { taskId: farm.ids[1], status: statuses.get(farm.ids[1]!) }
        ]
      )
    },
    T
  )

  it(
    "projects add, list and delete",
    async () => {
      const add = await run("projects", "add", "cli-test-project", "--status", "on", "--json")
      assert.strictEqual(add.code, 0)
      const listed = await run("projects", "list", "--json")
      const names = (JSON.parse(listed.stdout) as Array<{ projectName: string; projectId: number }>).map(
        (p) => p.projectName
      )
      assert.include(names, "cli-test-project")
      // The service refuses a name that exists (600, a parameter it rejects): exit 2.
      const again = await run("projects", "add", "cli-test-project")
      assert.strictEqual(again.code, 2)
      assert.include(oneErrorLine(again), "code 600")
      const del = await run("projects", "delete", "cli-test-project")
      assert.strictEqual(del.code, 0)
      const after = await run("projects", "list", "--scope", "all", "--json")
      assert.notInclude(
        (JSON.parse(after.stdout) as Array<{ projectName: string }>).map((p) => p.projectName),
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
      assert.strictEqual(list.code, 0)
      const dccs = (JSON.parse(list.stdout) as { renderInfoList: Array<{ cgId: number }> }).renderInfoList
      assert.include(
        dccs.map((d) => d.cgId),
        2000
      )
      const mayaVersions = JSON.parse(versions.stdout) as Array<{ cgVersion: string; cgName: string }>
      assert.isAbove(mayaVersions.length, 0)
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
      assert.strictEqual(badVersion.code, 2)
      assert.include(oneErrorLine(badVersion), version)

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
      assert.strictEqual(add.code, 0)
      const name = (JSON.parse(add.stdout) as { name: string }).name
      const def = await run("envs", "default", name)
      assert.strictEqual(def.code, 0)
      const envs = await run("envs", "list", "--cg", "maya", "--json")
      const listed = JSON.parse(envs.stdout) as Array<{
        editName: string
        cgVersion: string
        isDefault: number
        respUserPluginInfoVos: Array<{ pluginId: number }>
      }>
      const env = listed.find((e) => e.editName === name)!
      assert.containSubset(env, { cgVersion: version, isDefault: 1 })
      assert.deepStrictEqual(
        env.respUserPluginInfoVos.map((p) => p.pluginId),
        plugin === undefined ? [] : [plugin.pluginId]
      )
      const del = await run("envs", "delete", name)
      assert.strictEqual(del.code, 0)
      const after = await run("envs", "list", "--json")
      assert.notInclude(
        (JSON.parse(after.stdout) as Array<{ editName: string }>).map((e) => e.editName),
        name
      )
    },
    T
  )

  it(
    "outputs lists a task's output folder, and every file below it with --recursive",
    async () => {
      const [folder, recursive, missing] = await Promise.all([
        run("outputs", String(farm.ids[0]), "--json"),
        run("outputs", String(farm.ids[0]), "--recursive", "--json"),
        run("outputs", String(farm.ids[0]), "--path", "/nowhere")
      ])
      assert.strictEqual(folder.code, 0)
      const top = JSON.parse(folder.stdout) as Array<{ fileName: string; directory: boolean; filePath: string }>
      assert.isTrue(top.some((f) => f.directory && f.fileName === "preview"))
      assert.strictEqual(recursive.code, 0)
      const all = ndjson<{ filePath: string; directory: boolean }>(recursive.stdout)
      const files = all.filter((f) => !f.directory).map((f) => f.filePath)
      assert.isTrue(files.some((p) => p.includes("/preview/")))
      for (const f of top.filter((f) => !f.directory)) assert.include(files, f.filePath)
      assert.strictEqual(missing.code, 1)
      assert.include(oneErrorLine(missing), "code 404")
    },
    T
  )
})

describe("against a fast farm (tasks end within a second)", () => {
  const failing = new Set<number>()
  const farm = suiteSimulator(
    {
      seed: 3,
      farm: {
        framesPerTask: 3,
        nodes: 3,
        queueSeconds: 0,
        frameSeconds: 0.05,
        // The first task's frames fail on their first run (and render on a resubmission).
        failFrame: ({ attempt, taskId }) => failing.has(taskId) && attempt === 1
      }
    },
    3,
    (created) => failing.add(created[0]!)
  )
  const { run } = farm

  it(
    "task wait: exit 3 for a failed task, 0 when all finished; plain progress lines end at 100%",
    async () => {
      const [failed, finished] = await Promise.all([
        run("task", "wait", String(farm.ids[0]), "--interval", "0.1"),
        run("task", "wait", String(farm.ids[1]), String(farm.ids[2]), "--interval", "0.1")
      ])
      assert.strictEqual(failed.code, 3)
      assert.include(oneErrorLine(failed), `task ${farm.ids[0]} failed (Failed)`)
      assert.strictEqual(finished.code, 0)
      assert.strictEqual(finished.stderr, "")
      const lines = finished.stdout.trim().split("\n")
      assert.strictEqual(lines.at(-1), "2 task(s) finished")
      for (const id of [farm.ids[1], farm.ids[2]]) {
        assert.include(lines, `task ${id}: Finished, 3/3 frames (100%)`)
      }
      const statuses = (await farm.served.tasks()).filter((t) => farm.ids.includes(t.id)).map((t) => t.taskStatus)
      assert.deepStrictEqual(statuses, [45, 25, 25])
    },
    T
  )

  it(
    "task restart-frames: failed frames (default), by frame id, by frame index, every frame",
    async () => {
      const frames = (await farm.served.tasks()).find((t) => t.id === farm.ids[1])!.frames
      const [failed, byId, byIndex, all] = await Promise.all([
        run("task", "restart-frames", String(farm.ids[0]), "--json"),
        run("task", "restart-frames", String(farm.ids[1]), "--frame-id", String(frames[0]!.id), "--json"),
        run("task", "restart-frames", String(farm.ids[1]), "--frame", "3"),
        run("task", "restart-frames", String(farm.ids[2]), "--all", "--status", "finished", "--json")
      ])
      assert.strictEqual(failed.code, 0)
      assert.deepStrictEqual(JSON.parse(failed.stdout), {
        action: "restart-frames",
        taskId: farm.ids[0],
        mode: "failed"
      })
      assert.strictEqual(byId.code, 0)
      const restartedById = JSON.parse(byId.stdout) as { mode: string; frameIds: Array<number> }
      assert.strictEqual(restartedById.mode, "frame-ids")
      assert.deepStrictEqual(restartedById.frameIds, [frames[0]!.id])
      assert.strictEqual(byIndex.code, 0)
      assert.include(byIndex.stdout, `task ${farm.ids[1]}: resubmitted frame(s) 3`)
      assert.strictEqual(all.code, 0)
      const restartedAll = JSON.parse(all.stdout) as { mode: string; status: Array<number> }
      assert.strictEqual(restartedAll.mode, "all")
      assert.deepStrictEqual(restartedAll.status, [4])
      const byTask = new Map((await farm.served.tasks()).map((t) => [t.id, t.frames.map((f) => f.recommitFlag)]))
      assert.deepStrictEqual(byTask.get(farm.ids[0]!), [1, 1, 1])
      assert.deepStrictEqual(byTask.get(farm.ids[1]!), [1, 0, 1])
      assert.deepStrictEqual(byTask.get(farm.ids[2]!), [1, 1, 1])
      // Resubmitted, the failed task renders again and finishes.
      const again = await run("task", "wait", String(farm.ids[0]), "--interval", "0.1", "--json")
      assert.strictEqual(again.code, 0)
      const end = ndjson<{ event: string; tasks?: Array<{ outcome: string }> }>(again.stdout).at(-1)
      assert.strictEqual(end?.event, "end")
      assert.deepStrictEqual(
        end?.tasks?.map((t) => t.outcome),
        ["finished"]
      )
    },
    T
  )

  it(
    "restart-frames refuses two selections, or a frame index the task lacks",
    async () => {
      const [two, missing] = await Promise.all([
        run("task", "restart-frames", String(farm.ids[1]), "--all", "--frame", "2"),
        run("task", "restart-frames", String(farm.ids[1]), "--frame", "99")
      ])
      assert.strictEqual(two.code, 2)
      assert.include(oneErrorLine(two), "only one of")
      assert.strictEqual(missing.code, 1)
      assert.include(oneErrorLine(missing), "99")
    },
    T
  )
})
