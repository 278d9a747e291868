import { assert, describe, it } from "@effect/vitest"
import { runExample, SIMULATOR_LINE } from "./run-example.ts"

describe("examples/paging.ts", () => {
  it("streams 37 tasks in 4 pages of up to 10, each page fetched only when pulled", async () => {
    const { lines } = await runExample("paging.ts")
    assert.match(lines[0]!, SIMULATOR_LINE)
    assert.deepStrictEqual(lines.slice(1), [
      "Submitted 37 tasks",
      // Taking 3 tasks: the first page only.
      "Page 1: 10 task(s) (1-10 of 37); 1 request(s) sent so far",
      "Took the first 3 task(s): 1 request(s) sent in all",
      // Every task: one request per page, each sent as the stream reaches it.
      "Page 1: 10 task(s) (1-10 of 37); 1 request(s) sent so far",
      "Page 2: 10 task(s) (11-20 of 37); 2 request(s) sent so far",
      "Page 3: 10 task(s) (21-30 of 37); 3 request(s) sent so far",
      "Page 4: 7 task(s) (31-37 of 37); 4 request(s) sent so far",
      "Total: 37 task(s) in 4 page(s) of up to 10, 4 request(s)",
      "TaskService.list streamed 37 task(s)"
    ])
  })
})
