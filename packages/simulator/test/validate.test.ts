/**
 * The shared request validators (`internal/validate.ts`): ids also as strings of digits, as the
 * service's JSON layer coerces them (docs/protocol.md 4.0.2), every other int strictly.
 */
import { assert, describe, it } from "@effect/vitest"
import { RawJson } from "@rayvision/core"
import { Either } from "effect"
import * as V from "../src/internal/validate.ts"
import type { JsonObject } from "../src/internal/json.ts"

/** A body as the simulator reads it (number tokens kept). */
const body = (text: string): JsonObject => {
  const parsed = RawJson.parse(text)
  if (Either.isLeft(parsed) || !RawJson.isObject(parsed.right)) throw new Error(`not a JSON object: ${text}`)
  return parsed.right
}

/** The code of a refusal, or the decoded value. */
const run = <A>(validator: V.Validator<A>, text: string): A | number =>
  Either.match(validator(body(text)), { onLeft: (e) => e.code, onRight: (a) => a })

describe("id fields", () => {
  it("are id, ids, and names ending in Id or Ids; list elements too", () => {
    for (const name of ["id", "ids", "taskId", "taskIds", "cgId", "cgIds", "outUserId", "cloneOriginalId"]) {
      assert.isTrue(V.isIdField(name), name)
    }
    for (const name of ["ids[0]", "taskIds[12]", "pluginIds[3]", "labelIds[0]"]) assert.isTrue(V.isIdField(name), name)
    for (const name of ["zone", "pageNum", "selectAll", "status", "frameStatus", "Ids", "Id", "valid", "idx", "flag"]) {
      assert.isFalse(V.isIdField(name), name)
    }
  })

  it("take an integer or a string of decimal digits; any other string is 600", () => {
    const one = V.struct({ taskId: V.int({ min: 1 }) })
    assert.deepStrictEqual(run(one, `{"taskId": 2000}`), { taskId: 2000 })
    assert.deepStrictEqual(run(one, `{"taskId": "2000"}`), { taskId: 2000 })
    assert.deepStrictEqual(run(one, `{"taskId": "007"}`), { taskId: 7 })
    for (const bad of [`"2000.0"`, `"1e3"`, `" 1"`, `"1 "`, `""`, `"+1"`, `"0x10"`, `"abc"`, `2.0`, `true`, `[1]`]) {
      assert.strictEqual(run(one, `{"taskId": ${bad}}`), 600, bad)
    }
    // The bounds apply to the value read from the string.
    assert.strictEqual(run(one, `{"taskId": "0"}`), 600)
    assert.strictEqual(run(one, `{"taskId": "-5"}`), 600)
    assert.strictEqual(run(one, `{"taskId": "99999999999999999999"}`), 600)
    assert.deepStrictEqual(run(V.struct({ taskId: V.int() }), `{"taskId": "-0"}`), { taskId: 0 })
    // Missing and null keep their codes.
    assert.strictEqual(run(one, `{}`), 601)
    assert.strictEqual(run(one, `{"taskId": null}`), 600)
  })

  it("as list elements: each an integer or a string of digits", () => {
    const list = V.struct({ cgIds: V.intList({ nonEmpty: true }) })
    assert.deepStrictEqual(run(list, `{"cgIds": ["2000", 2005, "2004"]}`), { cgIds: [2000, 2005, 2004] })
    assert.strictEqual(run(list, `{"cgIds": ["2000", "20x5"]}`), 600)
    assert.strictEqual(run(list, `{"cgIds": "2000"}`), 600)
    assert.strictEqual(run(list, `{"cgIds": []}`), 601)
  })
})

describe("other int fields", () => {
  it("refuse a string of digits, as every other wrong type", () => {
    const fields = V.struct({ zone: V.int({ allowed: [1, 2] }), statusList: V.optional(V.intList()) })
    assert.deepStrictEqual(run(fields, `{"zone": 1, "statusList": [5]}`), { zone: 1, statusList: [5] })
    assert.strictEqual(run(fields, `{"zone": "1"}`), 600)
    assert.strictEqual(run(fields, `{"zone": 1, "statusList": ["5"]}`), 600)
    const refusal = V.struct({ pageNum: V.int() })(body(`{"pageNum": "1"}`))
    assert.isTrue(Either.isLeft(refusal) && refusal.left.detail === "pageNum must be an integer, got string")
    const idRefusal = V.struct({ taskId: V.int() })(body(`{"taskId": "1.0"}`))
    assert.isTrue(
      Either.isLeft(idRefusal) &&
        idRefusal.left.detail === "taskId must be an integer (or a string of digits), got string"
    )
  })
})
