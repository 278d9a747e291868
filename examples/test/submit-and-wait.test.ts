import { assert, describe, it } from "@effect/vitest"
import { runExample, SIMULATOR_LINE } from "./run-example.ts"

describe("examples/submit-and-wait.ts", () => {
  it("submits a checked job to the simulator and prints its progress until it finishes", async () => {
    const { lines, stdout } = await runExample("submit-and-wait.ts")
    assert.match(lines[0]!, SIMULATOR_LINE)
    const submitted = /^Submitted task (\d+) \(hardware config (\d+), 0 warning\(s\)\)$/.exec(lines[1]!)
    assert.isNotNull(submitted, stdout)
    const taskId = submitted![1]!

    // One line per poll, numbered from 1, frames never going back, the task going from waiting
    // (or already rendering) through rendering to finished.
    const polls = lines.slice(2, -1).map((line) => {
      const m = /^poll (\d+): (\d+)\/6 frames done, (\d+) rendering, status (\d+) \((\w+)\)$/.exec(line)
      assert.isNotNull(m, line)
      return { poll: Number(m![1]), done: Number(m![2]), rendering: Number(m![3]), status: Number(m![4]), name: m![5] }
    })
    assert.isAtLeast(polls.length, 2, stdout)
    assert.deepStrictEqual(
      polls.map((p) => p.poll),
      polls.map((_, i) => i + 1)
    )
    for (let i = 1; i < polls.length; i++) assert.isAtLeast(polls[i]!.done, polls[i - 1]!.done, stdout)
    for (const p of polls) {
      assert.include([0, 5, 25], p.status, stdout)
      assert.strictEqual(p.name, { 0: "Waiting", 5: "Rendering", 25: "Finished" }[p.status])
      assert.isAtMost(p.rendering, 3, "3 nodes")
    }
    assert.notStrictEqual(polls[0]!.status, 25, "the first poll sees the task before it ends")
    assert.deepStrictEqual(polls.at(-1), { ...polls.at(-1)!, done: 6, rendering: 0, status: 25, name: "Finished" })
    assert.isTrue(
      polls.slice(0, -1).every((p) => p.status !== 25),
      "the watch ends at the first poll that sees the end"
    )

    // The simulator bills whole seconds of rendering: frames of 0.2 s cost nothing.
    assert.strictEqual(
      lines.at(-1),
      `Task ${taskId} ended with status 25 (Finished): 6/6 frames, 0 failed, cost 0, after ${polls.length} polls`
    )
  })
})
