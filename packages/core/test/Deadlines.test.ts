import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Deadlines } from "../src/internal/deadlines.ts"

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

describe("Deadlines: the attempts' deadlines on one timer (internal/deadlines.ts)", () => {
  it("fires each deadline at its time, in time order, and never a cancelled one", async () => {
    const deadlines = new Deadlines()
    const fired: Array<readonly [string, number]> = []
    const start = Date.now()
    const at = (name: string) => () => fired.push([name, Date.now() - start])
    deadlines.add(60, at("c"))
    const b = deadlines.add(40, at("b"))
    deadlines.add(20, at("a"))
    deadlines.cancel(deadlines.add(30, at("never")))
    await sleep(35)
    expect(fired.map(([name]) => name)).toEqual(["a"])
    deadlines.cancel(b)
    await sleep(60)
    expect(fired.map(([name]) => name)).toEqual(["a", "c"])
    // Not before their time (a millisecond of rounding aside).
    expect(fired[0]![1]).toBeGreaterThanOrEqual(19)
    expect(fired[1]![1]).toBeGreaterThanOrEqual(59)
  })

  it("a deadline added after every other one settled still fires, however many came before", async () => {
    const deadlines = new Deadlines()
    // Many attempts that settle in time, as sequential calls do: the timer armed for the first.
    for (let i = 0; i < 1_000; i++) deadlines.cancel(deadlines.add(10, () => expect.fail("cancelled")))
    let fired = 0
    deadlines.add(30, () => fired++)
    await sleep(15)
    expect(fired).toBe(0)
    await sleep(40)
    expect(fired).toBe(1)
    // And once more, with no timer armed at all.
    deadlines.add(5, () => fired++)
    await sleep(30)
    expect(fired).toBe(2)
  })

  it("with many deadlines pending and most settled out of order, the pending ones fire, once", async () => {
    const deadlines = new Deadlines()
    const fired = new Map<number, number>()
    const all = Array.from({ length: 5_000 }, (_, i) =>
      deadlines.add(20 + (i % 7), () => fired.set(i, (fired.get(i) ?? 0) + 1))
    )
    for (let i = 0; i < all.length; i++) if (i % 10 !== 3) deadlines.cancel(all[i]!)
    // New ones keep coming while the settled ones wait to be dropped.
    const late = deadlines.add(25, () => fired.set(-1, 1))
    await sleep(60)
    expect([...fired.keys()].filter((i) => i >= 0).sort((a, b) => a - b)).toEqual(
      all.map((_, i) => i).filter((i) => i % 10 === 3)
    )
    expect([...fired.values()].every((count) => count === 1)).toBe(true)
    expect(fired.get(-1)).toBe(1)
    deadlines.cancel(late)
  })

  it("setting the system's clock back does not delay a deadline", async () => {
    const deadlines = new Deadlines()
    let fired = 0
    const realNow = Date.now
    deadlines.add(20, () => fired++)
    Date.now = () => realNow() - 3_600_000
    try {
      await sleep(60)
      expect(fired).toBe(1)
    } finally {
      Date.now = realNow
    }
  })

  it("a deadline that fires may add the next attempt's deadline", async () => {
    const deadlines = new Deadlines()
    const fired: Array<number> = []
    deadlines.add(10, () => {
      fired.push(1)
      deadlines.add(10, () => fired.push(2))
    })
    await sleep(50)
    expect(fired).toEqual([1, 2])
  })

  it("does not keep the process alive: a process with a deadline an hour ahead exits at once", () => {
    const module = fileURLToPath(new URL("../src/internal/deadlines.ts", import.meta.url))
    const program = `import { Deadlines } from ${JSON.stringify(module)}
new Deadlines().add(3_600_000, () => console.log("fired"))
console.log("done")`
    const started = Date.now()
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", program], {
      encoding: "utf8",
      timeout: 20_000
    })
    expect(child.stdout.trim()).toBe("done")
    expect(child.status).toBe(0)
    expect(Date.now() - started).toBeLessThan(15_000)
  }, 30_000)

  it("where the timer has no unref, it is cleared as soon as no deadline is pending", async () => {
    const realSet = globalThis.setTimeout
    const realClear = globalThis.clearTimeout
    const live = new Map<number, ReturnType<typeof setTimeout>>()
    let next = 1
    // A runtime whose timers are numbers (the web's), as Deno's own global setTimeout.
    globalThis.setTimeout = ((fire: () => void, millis: number) => {
      const id = next++
      live.set(
        id,
        realSet(() => {
          live.delete(id)
          fire()
        }, millis)
      )
      return id
    }) as unknown as typeof setTimeout
    globalThis.clearTimeout = ((id: number) => {
      realClear(live.get(id))
      live.delete(id)
    }) as unknown as typeof clearTimeout
    try {
      const deadlines = new Deadlines()
      let fired = 0
      const a = deadlines.add(10_000, () => fired++)
      expect(live.size).toBe(1)
      deadlines.cancel(a)
      expect(live.size).toBe(0)
      deadlines.add(10, () => fired++)
      expect(live.size).toBe(1)
      await sleep(40)
      expect(fired).toBe(1)
      expect(live.size).toBe(0)
    } finally {
      globalThis.setTimeout = realSet
      globalThis.clearTimeout = realClear
    }
  })
})
