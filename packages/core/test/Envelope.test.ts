import { assert, describe, it } from "@effect/vitest"
import { ApiError } from "@rayvision/core"
import { Effect, Exit } from "effect"
import { envelope, failure, onePage, success } from "./support.ts"
import type { Reply } from "./support.ts"
import { onTestClock, profile, profileData, run, tasks } from "./transport.ts"
import { paths } from "../../../tests/paths.ts"

describe("HttpTransport: answers become typed errors", () => {
  for (const [code, Class] of Object.entries(ApiError.ServiceErrorByCode)) {
    it.effect(`code ${code} -> ${Class.name}`, () =>
      Effect.gen(function* () {
        const { exit, requests } = yield* run(
          () => envelope(null, Number(code), { message: "msg", requestId: "RID-9" }),
          profile,
          { retry: { times: 0 } }
        )
        const error = failure(exit)
        assert.strictEqual(error.constructor, Class)
        if (!("code" in error)) return assert.fail("not a service error")
        assert.strictEqual(error.code, Number(code))
        assert.strictEqual(error.path, paths.queryUserProfile)
        assert.strictEqual(error.requestId, "RID-9")
        assert.strictEqual(error.serverMessage, "msg")
        assert.include(error.message, "RID-9")
        // 610 (clock corrected) and 603 (nonce refused) are re-sent once; all others are answered once here.
        assert.strictEqual(requests.length, Number(code) === 610 || Number(code) === 603 ? 2 : 1)
      })
    )
  }

  it.effect("an unknown code -> UnknownApiError with the code", () =>
    Effect.gen(function* () {
      const error = failure((yield* run(() => envelope(null, 999), profile)).exit)
      assert.strictEqual(error._tag, "UnknownApiError")
      if (error._tag === "UnknownApiError") assert.strictEqual(error.code, 999)
    })
  )

  it.effect("HTTP 502 with an HTML page -> HttpStatusError with a bounded excerpt", () =>
    Effect.gen(function* () {
      const html = `<html><body>${"Bad gateway ".repeat(200)}</body></html>`
      const { exit, requests } = yield* run(() => ({ _tag: "text", status: 502, body: html }), profile, {
        retry: { times: 0 }
      })
      const error = failure(exit)
      assert.strictEqual(error._tag, "HttpStatusError")
      if (error._tag !== "HttpStatusError") return
      assert.strictEqual(error.status, 502)
      assert.isAtMost(error.bodyExcerpt.length, 513)
      assert.isTrue(error.bodyExcerpt.startsWith("<html>"))
      assert.strictEqual(requests.length, 1)
    })
  )

  it.effect("a body that is not JSON, or not an envelope -> MalformedResponse", () =>
    Effect.gen(function* () {
      for (const [body, reason] of [
        ["<html>oops</html>", "the body is not JSON"],
        ["", "the body is not JSON"],
        ['{"data": 1}', "the envelope has no integer code"],
        ['{"code": "2OO", "data": {}}', "the envelope has no integer code"],
        ['{"code": null, "data": {}}', "the envelope has no integer code"],
        ["[1,2]", "the body is not a JSON object"],
        ["null", "the body is not a JSON object"],
        ['{"code": 200.5}', "the envelope has no integer code"]
      ] as const) {
        const error = failure((yield* run(() => ({ _tag: "text", status: 200, body }), profile)).exit)
        assert.strictEqual(error._tag, "MalformedResponse", body)
        if (error._tag === "MalformedResponse") assert.strictEqual(error.reason, reason, body)
      }
    })
  )

  it.effect("only code decides: an integer string code, a null message, a string serverTime, a number requestId", () =>
    Effect.gen(function* () {
      const answer = (fields: Record<string, unknown>): Reply => ({
        _tag: "json",
        body: { code: 200, message: "success", data: profileData, serverTime: 1, requestId: "r", ...fields }
      })
      for (const fields of [
        { code: "200" },
        { message: null },
        { serverTime: "1700000000000" },
        { requestId: 12345 },
        { message: 5, serverTime: null, requestId: null },
        { message: undefined, serverTime: undefined, requestId: undefined, result: "yes", version: 2 }
      ]) {
        const { exit } = yield* run(() => answer(fields), profile)
        assert.strictEqual(success(exit).userId, 10001136, JSON.stringify(fields))
      }
      // A non-idempotent call too: no OutcomeUnknown for any of these.
      const created = yield* run(
        () => answer({ code: "200", message: null, requestId: 7, data: { taskIdList: [3] } }),
        Effect.flatMap(tasks, (t) => t.createTaskIds())
      )
      assert.deepStrictEqual(success(created.exit).taskIdList, [3])
      // An error code as text, with the tolerated fields kept when usable.
      const error = failure(
        (yield* run(() => answer({ code: "604", message: null, requestId: 42, serverTime: "99" }), profile)).exit
      )
      assert.strictEqual(error._tag, "ValidateCodeError")
      if (error._tag !== "ValidateCodeError") return
      assert.deepStrictEqual([error.code, error.serverMessage, error.requestId, error.serverTime], [604, "", "42", 99])
    })
  )

  it.effect("data of the wrong shape -> ResponseDecodeError naming the first mismatch", () =>
    Effect.gen(function* () {
      const error = failure(
        (yield* run(() => envelope({ userId: "not a number" }, 200, { requestId: "R2" }), profile)).exit
      )
      assert.strictEqual(error._tag, "ResponseDecodeError")
      if (error._tag !== "ResponseDecodeError") return
      assert.strictEqual(error.field, "userId")
      assert.strictEqual(error.requestId, "R2")
      const nested = failure(
        (yield* run(
          () => onePage([{ id: 1, respRenderingTaskList: [{ id: "x" }] }]),
          Effect.flatMap(tasks, (t) => t.info([1]))
        )).exit
      )
      assert.strictEqual(
        nested._tag === "ResponseDecodeError" ? nested.field : "",
        "items.0.respRenderingTaskList.0.id"
      )
    })
  )

  it.effect("tolerates extra fields and nulls in data", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () =>
          onePage([
            {
              id: 9,
              taskStatus: 5,
              brandNewField: [1],
              sceneName: null,
              respRenderingTaskList: [{ id: 10, layerName: "beauty" }]
            }
          ]),
        Effect.flatMap(tasks, (t) => t.info([9]))
      )
      assert.isTrue(Exit.isSuccess(exit))
      if (!Exit.isSuccess(exit)) return
      const task = exit.value.items[0]!
      assert.strictEqual(task.taskStatus, 5)
      assert.strictEqual(task.sceneName, undefined)
      assert.strictEqual(task.respRenderingTaskList?.[0]?.layerName, "beauty")
    })
  )

  it.effect("a failed connection -> TransportError", () =>
    Effect.gen(function* () {
      const error = failure((yield* run(() => ({ _tag: "transportError" }), profile, { retry: { times: 0 } })).exit)
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag === "TransportError") assert.match(error.reason, /ECONNREFUSED/)
    })
  )

  it.effect("a connection the runtime did not permit -> TransportError, even for createTask (nothing was sent)", () =>
    Effect.gen(function* () {
      const error = failure(
        (yield* run(
          () => ({ _tag: "notPermitted" }),
          Effect.flatMap(tasks, (t) => t.createTaskIds())
        )).exit
      )
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag === "TransportError") assert.match(error.reason, /--allow-sys/)
    })
  )

  it.effect("no answer within the timeout -> RequestTimeout", () =>
    Effect.gen(function* () {
      // The request may start (and its timeout begin) only after a while: the clock moves in
      // small steps until the call ends, and it ended at the 2 s timeout.
      const { exit } = yield* onTestClock(
        run(() => ({ _tag: "hang" }), profile, { timeout: "2 seconds", retry: { times: 0 } })
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "RequestTimeout")
      if (error._tag === "RequestTimeout") assert.strictEqual(error.timeoutMillis, 2000)
    })
  )
})
