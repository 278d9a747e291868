/**
 * The commands of the official client's release 3.0.3.23 endpoints (docs/protocol.md 4.1.5,
 * 4.1.6, 4.2.10, 4.4.6), run as the built binary against a simulator served by the test process:
 * `task limit`, `task tag` / `task untag`, `records tasks`, `records logins`. Each command's output
 * is checked against the simulator's own state, and bad arguments against what it received.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ndjson, oneErrorLine, rayvision, type Served, serveSimulator } from "./support.ts"

const T = 120_000

describe("against a slow farm (tasks stay queued)", () => {
  let served: Served
  let ids: ReadonlyArray<number>
  const run = (...args: Array<string>) => rayvision(args, served.env)
  const calls = () => served.client(served.sim.calls)
  const callsTo = async (path: string) => (await calls()).filter((c) => c.path === path)

  beforeAll(async () => {
    served = await serveSimulator({ seed: 11, farm: { queueSeconds: 3600 } })
    ids = await served.submit(3)
  }, 60_000)
  afterAll(() => served.close())

  it(
    "task limit sets the task's node limit in the simulator; --json reports it",
    async () => {
      // One after the other: the records test below reads them in this order.
      const json = await run("task", "limit", String(ids[0]), "2", "--json")
      const plain = await run("task", "limit", String(ids[1]), "6")
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout)).toEqual({ action: "limit", taskId: ids[0], taskLimit: 2 })
      expect(plain.code).toBe(0)
      expect(plain.stdout.trim()).toBe(`task ${ids[1]} renders on at most 6 node(s) at once`)
      const byId = new Map((await served.tasks()).map((t) => [t.id, t]))
      expect([ids[0], ids[1], ids[2]].map((id) => byId.get(id!)!.taskLimit)).toEqual([2, 6, undefined])
    },
    T
  )

  it(
    "a limit below 1 or not a number is one line, exit 2, and nothing is sent; an unknown task is exit 1",
    async () => {
      const path = "/api/render/handle/updateTaskLimit"
      const before = (await callsTo(path)).length
      const [zero, text] = await Promise.all([
        run("task", "limit", String(ids[0]), "0"),
        run("task", "limit", String(ids[0]), "two")
      ])
      for (const r of [zero, text]) {
        expect(r.code).toBe(2)
        expect(r.stdout).toBe("")
        oneErrorLine(r)
      }
      expect(oneErrorLine(zero)).toContain("taskLimit")
      expect((await callsTo(path)).length).toBe(before)
      const unknown = await run("task", "limit", "1", "2")
      expect(unknown.code).toBe(1)
      expect(oneErrorLine(unknown)).toContain("resource_not_found")
    },
    T
  )

  it(
    "task tag and task untag attach and remove a tag by its text",
    async () => {
      const tagged = await run("task", "tag", "hero", String(ids[0]), String(ids[1]), "--json")
      expect(tagged.code).toBe(0)
      expect(JSON.parse(tagged.stdout)).toEqual({ action: "tag", label: "hero", taskIds: [ids[0], ids[1]] })
      const untagged = await run("task", "untag", "hero", String(ids[1]))
      expect(untagged.code).toBe(0)
      expect(untagged.stdout.trim()).toBe(`tag "hero" removed from task(s) ${ids[1]}`)
      const byId = new Map((await served.tasks()).map((t) => [t.id, (t.tags ?? []).map((tag) => tag.label)]))
      expect(byId.get(ids[0]!)).toEqual(["hero"])
      expect(byId.get(ids[1]!)).toEqual([])
      const body = JSON.parse((await callsTo("/api/render/handle/deleteTaskLabel")).at(-1)!.bodyText)
      expect(body).toEqual({ taskIds: [ids[1]], labelNames: ["hero"], labelIds: [] })
      const empty = await run("task", "untag", "", String(ids[0]))
      expect(empty.code).toBe(2)
      expect(oneErrorLine(empty)).toContain("labelNames")
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
      for (const r of [page, all, future]) expect(r.code).toBe(0)
      const parsed = JSON.parse(page.stdout) as { total: number; pageCount: number; items: Array<{ id: number }> }
      const streamed = ndjson<{ id: number; taskId: number; operateType: string }>(all.stdout)
      // Newest first: submits of the three tasks, then the limits and tags of the tests above
      // (tag/untag are not task operations of the simulator's records).
      expect(streamed.map((r) => r.operateType).sort()).toEqual(["limit", "limit", "submit", "submit", "submit"])
      expect(streamed.map((r) => r.id)).toEqual([5, 4, 3, 2, 1])
      expect(parsed.total).toBe(streamed.length)
      expect(parsed.pageCount).toBe(3)
      expect(parsed.items.map((r) => r.id)).toEqual([5, 4])
      expect((JSON.parse(future.stdout) as { items: Array<unknown> }).items).toEqual([])
      const sent = (await callsTo("/api/render/handle/operate/sdk/taskRecord")).map((c) => JSON.parse(c.bodyText))
      expect(sent).toContainEqual({
        platform: 2,
        pageNum: 1,
        pageSize: 100,
        startDate: "2999-01-01 00:00:00",
        endDate: ""
      })
      const table = await run("records", "tasks")
      expect(table.code).toBe(0)
      const lines = table.stdout.trim().split("\n")
      expect(lines[0]).toMatch(/^TIME \(UTC\+8\)\s+TASK\s+ALIAS\s+OPERATION\s+DETAILS\s+USER$/)
      expect(lines[1]).toMatch(
        new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\s+${ids[1]}\\s+\\S+\\s+limit\\s+taskLimit 6`)
      )
      expect(lines.at(-1)).toBe("page 1 of 1, 5 record(s)")
    },
    T
  )

  it(
    "records logins: each profile read is a login; a bad or inverted date is exit 2 and nothing is sent",
    async () => {
      const path = "/api/render/handle/operate/sdk/loginRecord"
      const profile = await run("user", "profile")
      expect(profile.code).toBe(0)
      const logins = await run("records", "logins", "--json")
      expect(logins.code).toBe(0)
      const page = JSON.parse(logins.stdout) as { items: Array<{ userName: string; platform: number }> }
      expect(page.items.map((r) => [r.userName, r.platform])).toEqual([["rayvision_demo", 2]])
      const before = (await callsTo(path)).length
      const [date, range] = await Promise.all([
        run("records", "logins", "--since", "2024-02-30"),
        run("records", "logins", "--since", "2024-05-02", "--until", "2024-05-01")
      ])
      for (const r of [date, range]) {
        expect(r.code).toBe(2)
        expect(r.stdout).toBe("")
      }
      expect(oneErrorLine(date)).toContain("--since")
      expect(oneErrorLine(range)).toContain("is after --until")
      expect((await callsTo(path)).length).toBe(before)
    },
    T
  )
})
