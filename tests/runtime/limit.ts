/**
 * Each adapter's HTTP client reads an answer up to the client's `maxResponseBytes`: an answer
 * whose `Content-Length` is larger, or whose chunks pass the limit, fails the call with
 * `ResponseTooLarge`, and the client goes on working. Each runtime's `wire.test.ts` runs (through `suite.ts`)
 * {@link checkAnswerLimit} with its adapter's `layer` (Node with vitest, Bun with `bun test`,
 * Deno with `deno test`). Throws (node:assert) on any mismatch.
 */
import assert from "node:assert/strict"
import { UserService } from "@rayvision/core"
import { Effect, Layer, Redacted } from "effect"
import { envelope, jsonAnswer, listen, type MakeLayer } from "./wire.ts"

const limit = 1000
const large = envelope({ userId: 1, userName: "x".repeat(2 * limit) })

/** The same JSON answer in chunks of 100 bytes, without a `Content-Length`. */
const chunked = (json: string): string => {
  const head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
  let body = ""
  for (let i = 0; i < json.length; i += 100) {
    const chunk = json.slice(i, i + 100)
    body += `${chunk.length.toString(16)}\r\n${chunk}\r\n`
  }
  return `${head}${body}0\r\n\r\n`
}

/** Three profile calls: a too large answer by its `Content-Length`, one too large in chunks, a small one. */
export const checkAnswerLimit = async (makeLayer: MakeLayer): Promise<void> => {
  const answers = [jsonAnswer(large), chunked(large), jsonAnswer(envelope({ userId: 1, userName: "small" }))]
  const server = await listen(() => answers.shift())
  try {
    const profile = Effect.flatMap(UserService.UserService, (user) => Effect.either(user.profile()))
    const results = await Effect.runPromise(
      Effect.all([profile, profile, profile]).pipe(
        Effect.provide(
          Layer.fresh(
            makeLayer({
              accessId: "AKID-LIMIT",
              accessKey: Redacted.make("limit-key"),
              domain: `127.0.0.1:${server.port}`,
              protocol: "http",
              platform: 2,
              maxResponseBytes: limit,
              retry: { times: 0 }
            })
          )
        )
      )
    )
    const [declared, read, small] = results
    for (const result of [declared, read]) {
      assert.ok(result?._tag === "Left", "a too large answer fails the call")
      assert.equal(result.left._tag, "ResponseTooLarge")
    }
    assert.ok(small?._tag === "Right", `the next call is answered: ${String(small)}`)
    assert.equal(small.right.userName, "small")
    assert.equal(server.captured.length, 3)
  } finally {
    await server.close()
  }
}
