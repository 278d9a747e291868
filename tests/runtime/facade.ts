/**
 * What each adapter's Promise facade (`@rayvision/<runtime>/promise`) must do besides its calls,
 * on every runtime (Node with vitest, Bun with `bun test`, Deno with `deno test`): sign with the
 * adapter's native HMAC, as its Effect `layer` does, and leave no request open when a `for await`
 * is left early. Throws (node:assert) on any mismatch.
 */
import assert from "node:assert/strict"
import { Signer } from "@rayvision/core"
import type { PromiseClient } from "@rayvision/core/promise"
import { Effect, Option } from "effect"
import { envelope, jsonAnswer, listen } from "./wire.ts"

/** An adapter's `createClient`. */
export type CreateClient = (options: PromiseClient.Options) => Promise<PromiseClient.RayvisionClient>

const accessKey = "facade-κλειδί-🔑"

/** Waits until `condition` holds (checked every 5 ms), or fails after 5 s. */
const until = async (condition: () => boolean, what: string): Promise<void> => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= 5_000) assert.fail(`still not so after 5 s: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * The facade's signer is the adapter's native HMAC: it signs synchronously (WebCrypto's
 * `subtle.sign` is asynchronous, so `runSync` would throw on it) and agrees with WebCrypto.
 */
export const checkNativeSigner = async (createClient: CreateClient): Promise<void> => {
  const client = await createClient({ accessId: "AKID-FACADE", accessKey, platform: 2 })
  try {
    const signer = Option.getOrThrow(await client.runtime.runPromise(Effect.serviceOption(Signer.Signer)))
    const text = "[POST]task.renderbus.com:/api/render/common/queryPlatforms&label=测试&zone=1"
    const native = Effect.runSync(signer.sign(text))
    assert.equal(native, await Effect.runPromise(Signer.signature(accessKey, text)))
  } finally {
    await client.close()
  }
}

/**
 * A `for await` over the task list, one task a page and one page read ahead, left with `break`
 * while the page read ahead is still unanswered (the server holds it): the request is abandoned,
 * its connection closed, and no further page is asked for.
 */
export const checkEarlyExit = async (createClient: CreateClient): Promise<void> => {
  const server = await listen((request) => {
    if (!request.requestLine.includes("/getTaskList")) return jsonAnswer(envelope(null))
    const { pageNum } = JSON.parse(new TextDecoder().decode(request.body)) as { readonly pageNum: number }
    return pageNum === 1
      ? jsonAnswer(envelope({ pageCount: 3, pageNum: 1, total: 3, size: 1, items: [{ id: 101 }] }))
      : undefined
  })
  try {
    const client = await createClient({
      accessId: "AKID-FACADE",
      accessKey,
      domain: `127.0.0.1:${server.port}`,
      protocol: "http",
      platform: 2,
      retry: { times: 0 }
    })
    try {
      const seen: Array<number> = []
      for await (const task of client.tasks.list({ pageSize: 1, lookAhead: 1 })) {
        seen.push(task.id)
        await until(() => server.held() === 1, "page 2 is asked for ahead of the loop, and held")
        break
      }
      assert.deepEqual(seen, [101])
      await until(() => server.held() === 0, "leaving the loop closes page 2's connection")
      assert.equal(server.captured.length, 2, "pages 1 and 2 only")
    } finally {
      await client.close()
    }
  } finally {
    await server.close()
  }
}
