import { assert, describe, it } from "@effect/vitest"
import { runExample, SIMULATOR_LINE } from "./run-example.ts"

describe("examples/promise-facade.ts", () => {
  it("reads, lists with for await, stops and catches typed errors with plain async/await", async () => {
    const { lines, stdout } = await runExample("promise-facade.ts")
    assert.match(lines[0]!, SIMULATOR_LINE)
    assert.match(lines[1]!, /^Signed in as rayvision_demo \(user id \d+\), platform 2$/)
    assert.match(lines[2]!, /^Task timeout: \d+ h \(\d+ s\)$/)
    assert.strictEqual(lines[3], "Listed 0 task(s) with for await")
    assert.strictEqual(
      lines[4],
      'Caught an InvalidRequest: TaskService.stop: invalid input at "taskIds": must hold at least one task id (nothing was sent)'
    )
    const submitted = /^Submitted tasks (\d+) and (\d+)$/.exec(lines[5]!)
    assert.isNotNull(submitted, stdout)
    const [first, second] = [submitted![1]!, submitted![2]!]
    assert.strictEqual(lines[6], `for await over tasks.list: 2 task(s), ${second}, ${first}`)
    assert.strictEqual(lines[7], `After stop, task ${first} has status 10 (10 = stopped)`)
    assert.match(
      lines[8]!,
      /^Caught a ResourceNotFound \(code 404\) for task 900000001: \/api\/rendering\/task\/renderingTask\/stopTask: the resource does not exist \(code 404, server said "resource_not_found: task 900000001 does not exist"\) \(requestId \S+\)$/
    )
    assert.strictEqual(lines.length, 9, stdout)
  })
})
