import { assert, describe, it } from "@effect/vitest"
import { runExample, SIMULATOR_LINE } from "./run-example.ts"

describe("examples/bulk-stop.ts", () => {
  it("stops 280 tasks and reports the 20 unknown ids and the invalid one by error tag", async () => {
    const { lines } = await runExample("bulk-stop.ts")
    assert.match(lines[0]!, SIMULATOR_LINE)
    assert.deepStrictEqual(lines.slice(1), [
      "Submitted 280 tasks; stopping them along with 20 unknown ids and the invalid id -1",
      // The invalid id first (refused before sending), then a line per batch of 100.
      "  1/301 ids done: 0 stopped, 1 failed",
      "  101/301 ids done: 94 stopped, 7 failed",
      "  201/301 ids done: 187 stopped, 14 failed",
      "  301/301 ids done: 280 stopped, 21 failed",
      "Stopped 280 of 301 task(s); 21 failed",
      "  ResourceNotFound: 20 id(s), e.g. 900000000, 900000007, 900000014",
      "  InvalidRequest: 1 id(s), e.g. -1",
      "Distinct error tags: InvalidRequest, ResourceNotFound"
    ])
  })
})
