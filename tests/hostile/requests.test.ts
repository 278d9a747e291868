/**
 * Hostile input at every request validator: every endpoint of every service, called through the
 * transport with arbitrary values, mutated valid inputs, deep nesting, huge numbers, odd strings
 * and enormous strings and arrays. The outcome is always a typed `InvalidRequest` with nothing
 * sent, or an accepted request (exactly one sent, a JSON object body); never a defect or a throw.
 */
import { ProjectService, RawJson, TaskService, UserService } from "@rayvision/core"
import { FastCheck as fc } from "effect"
import { afterAll, assert, describe, it } from "vitest"
import {
  allEndpoints,
  type AnyEndpoint,
  callEndpoint,
  deeplyNested,
  defectOf,
  failureTag,
  jsonValue,
  makeHarness,
  mutatedInputs,
  nastyValue,
  pathsOf,
  replaceAt,
  SPEC_ENDPOINT_COUNT,
  validInputs
} from "./support.ts"

const harness = makeHarness()
afterAll(() => harness.dispose())

/** Calls `endpoint` with `input` and checks the outcome; returns whether the input was accepted. */
const check = async (endpoint: AnyEndpoint, input: unknown): Promise<boolean> => {
  const { exit, sent } = await harness.run(callEndpoint(endpoint, input))
  const defect = defectOf(exit)
  if (defect !== undefined) assert.fail(`${endpoint.operation}: defect for input ${preview(input)}\n${defect}`)
  if (failureTag(exit) === "InvalidRequest") {
    assert.strictEqual(sent.length, 0, `${endpoint.operation}: refused input was sent`)
    return false
  }
  assert.strictEqual(sent.length, 1, `${endpoint.operation}: an accepted input is sent once`)
  const request = sent[0]!
  assert.strictEqual(request.path, endpoint.path)
  // What goes on the wire is strict JSON (no NaN/Infinity), an object, and pure ASCII
  // (docs/protocol.md 1.6).
  const parsed = RawJson.parse(request.bodyText)
  assert.isTrue(
    parsed._tag === "Right" && RawJson.isObject(parsed.right),
    `${endpoint.operation}: body ${preview(request.bodyText)}`
  )
  assert.match(request.bodyText, /^[\x20-\x7e]*$/)
  return true
}

const preview = (value: unknown): string => {
  try {
    const text =
      typeof value === "string" ? value : JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))
    return text === undefined ? Object.prototype.toString.call(value) : text.slice(0, 300)
  } catch {
    // Values that cannot be turned into text are the point of these tests: never throw here.
    return Object.prototype.toString.call(value)
  }
}

const RUNS = 6

describe("every request validator", () => {
  it("covers every endpoint of the protocol reference (47), each path once", () => {
    assert.strictEqual(allEndpoints.length, SPEC_ENDPOINT_COUNT)
    assert.strictEqual(new Set(allEndpoints.map((e) => e.path)).size, SPEC_ENDPOINT_COUNT)
    assert.strictEqual(new Set(allEndpoints.map((e) => e.operation)).size, SPEC_ENDPOINT_COUNT)
  })

  for (const endpoint of allEndpoints) {
    describe(endpoint.operation, () => {
      it("sends valid inputs generated from its schema", async () => {
        await fc.assert(
          fc.asyncProperty(validInputs(endpoint), async (input) => {
            assert.isTrue(await check(endpoint, input), `valid input refused: ${preview(input)}`)
          }),
          { numRuns: RUNS }
        )
      })

      it("refuses or sends arbitrary values, never a defect", async () => {
        await fc.assert(
          fc.asyncProperty(fc.oneof(nastyValue, jsonValue), async (input) => {
            await check(endpoint, input)
          }),
          { numRuns: RUNS }
        )
      })

      it("refuses or sends valid inputs with one node replaced by a hostile value", async () => {
        await fc.assert(
          fc.asyncProperty(mutatedInputs(endpoint), async (input) => {
            await check(endpoint, input)
          }),
          { numRuns: RUNS * 2 }
        )
      })

      /** Each giant as the whole input, then as each field of a valid input (`fields` of them at most). */
      const everywhere = async (giants: ReadonlyArray<unknown>, fields = Infinity) => {
        const [valid] = fc.sample(validInputs(endpoint), { numRuns: 1, seed: 42 })
        const paths = pathsOf(valid)
          .filter((path) => path.length <= 1)
          .slice(0, fields + 1)
        for (const giant of giants) {
          for (const path of paths) await check(endpoint, replaceAt(valid, path, giant))
        }
      }

      it("survives huge numbers, odd strings, and enormous strings and arrays in every field", async () => {
        await everywhere([
          ...[NaN, Infinity, -0, 1e308, 2 ** 53 + 1, 1.5, -1],
          ...["", "😀", "\ud800", "\u0000", "__proto__", "2.0"],
          2n ** 80n,
          Object.create(null),
          [Object.create(null)],
          [Symbol("s")]
        ])
        await everywhere(
          [
            "x".repeat(2 * 1024 * 1024),
            "😀".repeat(100_000),
            Array.from({ length: 5_000 }, (_, i) => i + 1),
            Array.from({ length: 5_000 }, () => "a")
          ],
          2
        )
      })

      it("survives list elements that cannot be turned into text", async () => {
        await everywhere([[{ toString: "" }], [{ toString: 0 }], [Object.create(null)]])
      })

      it("survives 10,000 levels of nesting in every field", async () => {
        await everywhere([deeplyNested(10_000), [deeplyNested(10_000)], { k: deeplyNested(10_000) }])
      })
    })
  }

  it("survives 100,000-element arrays and lists (explicit cases)", async () => {
    const ints = Array.from({ length: 100_000 }, (_, i) => i + 1)
    assert.isTrue(await check(TaskService.endpoints.stop, { taskIds: ints }))
    assert.isFalse(await check(TaskService.endpoints.stop, { taskIds: [...ints, 0] }))
    assert.isFalse(await check(TaskService.endpoints.stop, { taskIds: ints.map(String) }))
    assert.isFalse(await check(ProjectService.endpoints.tagTasks, { label: "l", taskIds: ints.map(String) }))
    assert.isFalse(await check(UserService.endpoints.profile, ints))
    // The endpoints of release 3.0.3.23 (docs/protocol.md 4.1.5, 4.1.6, 4.2.10, 4.4.6).
    const names = ints.map((i) => `tag-${i}`)
    assert.isTrue(await check(ProjectService.endpoints.untagTasks, { taskIds: ints, labelNames: names }))
    assert.isFalse(await check(ProjectService.endpoints.untagTasks, { taskIds: ints, labelNames: [...names, ""] }))
    assert.isFalse(await check(ProjectService.endpoints.untagTasks, { taskIds: ints }))
    assert.isFalse(await check(TaskService.endpoints.updateTaskLimit, { taskId: 1, taskLimit: 0 }))
    assert.isFalse(await check(UserService.endpoints.taskRecordsPage, { platform: 2, pageSize: 2 ** 53 }))
    assert.isFalse(await check(UserService.endpoints.loginRecordsPage, { startDate: "2024-07-11\n08:00:00" }))
    assert.isTrue(
      await check(UserService.endpoints.loginRecordsPage, { startDate: "", endDate: "2024-07-11 08:00:00" })
    )
  })
})
