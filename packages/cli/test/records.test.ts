/**
 * The commands of the official client's release 3.0.3.23 endpoints (docs/protocol.md 4.1.5,
 * 4.1.6, 4.2.10, 4.4.6), run as the built binary against a simulator served by the test process:
 * `task limit`, `task tag` / `task untag`, `records tasks`, `records logins`. Each command's output
 * is checked against the simulator's own state, and bad arguments against what it received.
 */
import { assert, describe, it } from "vitest"
import { paths } from "../../../tests/paths.ts"
import { suiteSimulator } from "./suite.ts"
import { ndjson, oneErrorLine } from "./support.ts"

const T = 120_000

describe("against a slow farm (tasks stay queued)", () => {
  const farm = suiteSimulator({ seed: 11, farm: { queueSeconds: 3600 } }, 3)
  const { run } = farm
  const callsTo = async (path: string) =>
    (await farm.served.client(farm.served.sim.calls)).filter((c) => c.path === path)

  it(
    "task limit sets the task's node limit in the simulator; --json reports it",
    async () => {
      // One after the other: the records test below reads them in this order.
      const json = await run("task", "limit", String(farm.ids[0]), "2", "--json")
      const plain = await run("task", "limit", String(farm.ids[1]), "6")
      assert.strictEqual(json.code, 0)
      assert.deepStrictEqual(JSON.parse(json.stdout), { action: "limit", taskId: farm.ids[0], taskLimit: 2 })
      assert.strictEqual(plain.code, 0)
      assert.strictEqual(plain.stdout.trim(), `task ${farm.ids[1]} renders on at most 6 node(s) at once`)
      const byId = new Map((await farm.served.tasks()).map((t) => [t.id, t]))
      assert.deepStrictEqual(
        [farm.ids[0], farm.ids[1], farm.ids[2]].map((id) => byId.get(id!)!.taskLimit),
        [2, 6, undefined]
      )
    },
    T
  )

  it(
    "a limit below 1 or not a number is one line, exit 2, and nothing is sent; an unknown task is exit 1",
    async () => {
      const path = paths.updateTaskLimit
      const before = (await callsTo(path)).length
      const [zero, text] = await Promise.all([
        run("task", "limit", String(farm.ids[0]), "0"),
        run("task", "limit", String(farm.ids[0]), "two")
      ])
      for (const r of [zero, text]) {
        assert.strictEqual(r.code, 2)
        assert.strictEqual(r.stdout, "")
        oneErrorLine(r)
      }
      assert.include(oneErrorLine(zero), "taskLimit")
      assert.strictEqual((await callsTo(path)).length, before)
      const unknown = await run("task", "limit", "1", "2")
      assert.strictEqual(unknown.code, 1)
      assert.include(oneErrorLine(unknown), "resource_not_found")
    },
    T
  )

  it(
    "task tag and task untag attach and remove a tag by its text",
    async () => {
      const tagged = await run("task", "tag", "hero", String(farm.ids[0]), String(farm.ids[1]), "--json")
      assert.strictEqual(tagged.code, 0)
      assert.deepStrictEqual(JSON.parse(tagged.stdout), {
        action: "tag",
        label: "hero",
        taskIds: [farm.ids[0], farm.ids[1]]
      })
      const untagged = await run("task", "untag", "hero", String(farm.ids[1]))
      assert.strictEqual(untagged.code, 0)
      assert.strictEqual(untagged.stdout.trim(), `tag "hero" removed from task(s) ${farm.ids[1]}`)
      const byId = new Map((await farm.served.tasks()).map((t) => [t.id, (t.tags ?? []).map((tag) => tag.label)]))
      assert.deepStrictEqual(byId.get(farm.ids[0]!), ["hero"])
      assert.deepStrictEqual(byId.get(farm.ids[1]!), [])
      const body = JSON.parse((await callsTo(paths.deleteTaskLabel)).at(-1)!.bodyText)
      assert.deepStrictEqual(body, { taskIds: [farm.ids[1]], labelNames: ["hero"], labelIds: [] })
      const empty = await run("task", "untag", "", String(farm.ids[0]))
      assert.strictEqual(empty.code, 2)
      assert.include(oneErrorLine(empty), "labelNames")
    },
    T
  )

  it(
    "records tasks: one page as the simulator holds the operations, every page as NDJSON, the time filters",
    async () => {
      const [page, all, future] = await Promise.all([
        run("records", "tasks", "--page-size", "2", "--json"),
        run("records", "tasks", "--all", "--page-size", "2", "--json"),
        run("records", "tasks", "--since", "2999-01-01", "--json")
      ])
      for (const r of [page, all, future]) assert.strictEqual(r.code, 0)
      const parsed = JSON.parse(page.stdout) as { total: number; pageCount: number; items: Array<{ id: number }> }
      const streamed = ndjson<{ id: number; taskId: number; operateType: string }>(all.stdout)
      // Newest first: submits of the three tasks, then the limits and tags of the tests above
      // (tag/untag are not task operations of the simulator's records).
      assert.deepStrictEqual(streamed.map((r) => r.operateType).sort(), [
        "limit",
        "limit",
        "submit",
        "submit",
        "submit"
      ])
      assert.deepStrictEqual(
        streamed.map((r) => r.id),
        [5, 4, 3, 2, 1]
      )
      assert.strictEqual(parsed.total, streamed.length)
      assert.strictEqual(parsed.pageCount, 3)
      assert.deepStrictEqual(
        parsed.items.map((r) => r.id),
        [5, 4]
      )
      assert.deepStrictEqual((JSON.parse(future.stdout) as { items: Array<unknown> }).items, [])
      const sent = (await callsTo(paths.taskRecord)).map((c) => JSON.parse(c.bodyText))
      assert.deepInclude(sent, {
        platform: 2,
        pageNum: 1,
        pageSize: 100,
        startDate: "2999-01-01 00:00:00",
        endDate: ""
      })
      const table = await run("records", "tasks")
      assert.strictEqual(table.code, 0)
      const lines = table.stdout.trim().split("\n")
      assert.match(lines[0]!, /^TIME \(UTC\+8\)\s+TASK\s+ALIAS\s+OPERATION\s+DETAILS\s+USER$/)
      assert.match(
        lines[1]!,
        new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\s+${farm.ids[1]}\\s+\\S+\\s+limit\\s+taskLimit 6`)
      )
      assert.strictEqual(lines.at(-1), "page 1 of 1, 5 record(s)")
    },
    T
  )

  it(
    "records logins: each profile read is a login; a bad or inverted date is exit 2 and nothing is sent",
    async () => {
      const path = paths.loginRecord
      const profile = await run("user", "profile")
      assert.strictEqual(profile.code, 0)
      const logins = await run("records", "logins", "--json")
      assert.strictEqual(logins.code, 0)
      const page = JSON.parse(logins.stdout) as { items: Array<{ userName: string; platform: number }> }
      assert.deepStrictEqual(
        page.items.map((r) => [r.userName, r.platform]),
        [["rayvision_demo", 2]]
      )
      const before = (await callsTo(path)).length
      const [date, range] = await Promise.all([
        run("records", "logins", "--since", "2024-02-30"),
        run("records", "logins", "--since", "2024-05-02", "--until", "2024-05-01")
      ])
      for (const r of [date, range]) {
        assert.strictEqual(r.code, 2)
        assert.strictEqual(r.stdout, "")
      }
      assert.include(oneErrorLine(date), "--since")
      assert.include(oneErrorLine(range), "is after --until")
      assert.strictEqual((await callsTo(path)).length, before)
    },
    T
  )
})
