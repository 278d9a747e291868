/**
 * Regression tests for the bugs the hostile-input properties found and that were fixed.
 */
import { BulkService, RenderEnv, Signer, TaskService, TransferService, UserService } from "@rayvision/core"
import { Arbitrary, Effect, FastCheck as fc, Schema } from "effect"
import { afterAll, assert, describe, it } from "vitest"
import { callEndpoint, deeplyNested, deeplyNestedText, defectOf, failureTag, makeHarness } from "./support.ts"

const harness = makeHarness()
afterAll(() => harness.dispose())

describe("fixed by the hostile-input properties", () => {
  it("an endpoint without parameters refuses anything but {} and sends nothing (was: 0, [], {a: NaN} sent as the body)", async () => {
    for (const endpoint of [
      UserService.endpoints.profile,
      TaskService.endpoints.allFrameStats,
      TransferService.endpoints.bucketIds
    ]) {
      for (const input of [0, "", [], false, { a: NaN }, { "": [Infinity] }, new Date(0), deeplyNested(10_000)]) {
        const { exit, sent } = await harness.run(callEndpoint(endpoint, input))
        assert.isUndefined(defectOf(exit))
        assert.strictEqual(failureTag(exit), "InvalidRequest", `${endpoint.operation} ${String(input)}`)
        assert.strictEqual(sent.length, 0)
      }
      const { exit, sent } = await harness.run(callEndpoint(endpoint, {}))
      assert.notStrictEqual(failureTag(exit), "InvalidRequest")
      assert.deepStrictEqual(
        sent.map((s) => s.bodyText),
        ["{}"]
      )
    }
  })

  it("Signer.encodeBody writes 100,000 levels of nesting (was: RangeError, it recursed)", () => {
    const text = Signer.encodeBody({ a: deeplyNested(100_000) })
    assert.isTrue(text === `{"a": ${deeplyNestedText(100_000).replace(/\{"k":/g, '{"k": ')}}`)
    assert.isTrue(text.startsWith('{"a": {"k": [{"k": ['))
    // Unchanged output for ordinary values: separators, omitted members, toJSON, non-ASCII.
    assert.strictEqual(
      Signer.encodeBody({ a: [1, undefined, "é"], b: undefined, c: { toJSON: () => [2.5] }, d: {} }),
      '{"a": [1, null, "\\u00e9"], "c": [2.5], "d": {}}'
    )
  })

  it("request schemas with a DCC id field can be sampled (was: the filter rejected every random integer)", () => {
    const input = Arbitrary.make(RenderEnv.SoftwareDetailInput)
    for (const value of fc.sample(input, 20)) assert.isTrue(RenderEnv.isCgId(value.cgId))
    assert.isTrue(Schema.is(RenderEnv.SoftwareDetailInput)(fc.sample(input, 1)[0]))
  })
})

describe("a deeply nested invalid input", () => {
  it("is an InvalidRequest of the bulk service, not a stack overflow while describing it", async () => {
    const { exit } = await harness.run(
      Effect.flatMap(BulkService.BulkService, (bulk) =>
        bulk.restartFailedFrames([1], { status: deeplyNested(10_000) as never })
      ) as Effect.Effect<unknown, unknown, never>
    )
    assert.isUndefined(defectOf(exit))
    assert.strictEqual(failureTag(exit), "InvalidRequest")
  })
})
