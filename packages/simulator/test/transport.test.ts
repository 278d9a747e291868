import { HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Exit, Scope } from "effect"
import * as Http from "node:http"
import { serve } from "../src/SimulatorServer.ts"
import { layer, make, SimulatorService } from "../src/SimulatorService.ts"
import { type Envelope, signed, listening } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

/** POSTs a signed request with fetch. */
const post = (
  url: string,
  request: { readonly headers: Readonly<Record<string, string>>; readonly bodyText: string },
  path: string
) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}${path}`, { method: "POST", headers: request.headers, body: request.bodyText })
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      envelope: (await response.json()) as Envelope
    }
  })

describe("in-process HttpClient (layer)", () => {
  it.effect("answers a signed HttpClient request, host and path taken from the URL", () =>
    Effect.gen(function* () {
      const request = yield* signed({ path: paths.queryPlatforms, body: { zone: 1 }, host: "task.renderbus.com" })
      const client = yield* HttpClient.HttpClient
      const response = yield* client.execute(
        HttpClientRequest.post(`https://task.renderbus.com${paths.queryPlatforms}`).pipe(
          HttpClientRequest.setHeaders(request.headers),
          HttpClientRequest.bodyText(request.bodyText, "application/json")
        )
      )
      assert.strictEqual(response.status, 200)
      const envelope = (yield* response.json) as unknown as Envelope
      assert.strictEqual(envelope.code, 200)
      assert.isArray(envelope.data)

      // A Uint8Array body, on a URL with a port.
      const request2 = yield* signed({ path: paths.queryUserProfile, host: "127.0.0.1:8080" })
      const response2 = yield* client.execute(
        HttpClientRequest.post(`http://127.0.0.1:8080${paths.queryUserProfile}`).pipe(
          HttpClientRequest.setHeaders(request2.headers),
          HttpClientRequest.bodyUint8Array(new TextEncoder().encode(request2.bodyText), "application/json")
        )
      )
      assert.strictEqual(((yield* response2.json) as unknown as Envelope).code, 200)

      // The same simulator is in the context.
      const sim = yield* SimulatorService
      assert.deepStrictEqual(
        (yield* sim.calls).map((c) => [c.path, c.code]),
        [
          [paths.queryPlatforms, 200],
          [paths.queryUserProfile, 200]
        ]
      )
    }).pipe(Effect.provide(layer()))
  )

  it.effect("a signature for another host is refused (611)", () =>
    Effect.gen(function* () {
      const request = yield* signed({ path: paths.queryUserProfile, host: "task.renderbus.com" })
      const response = yield* HttpClient.execute(
        HttpClientRequest.post(`http://127.0.0.1:8080${paths.queryUserProfile}`).pipe(
          HttpClientRequest.setHeaders(request.headers),
          HttpClientRequest.bodyText(request.bodyText)
        )
      )
      assert.strictEqual(((yield* response.json) as unknown as Envelope).code, 611)
    }).pipe(Effect.provide(layer()))
  )
})

describe("real HTTP server on loopback", () => {
  it.live("answers signed requests via fetch, concurrently, then closes with nothing left listening", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const scope = yield* Scope.make()
      const address = yield* serve(sim, { port: 0 }).pipe(Scope.extend(scope))
      assert.strictEqual(address.host, "127.0.0.1")
      assert.isAbove(address.port, 0)
      assert.strictEqual(address.url, `http://127.0.0.1:${address.port}`)
      const host = `127.0.0.1:${address.port}`

      const one = yield* post(
        address.url,
        yield* signed({ path: paths.queryUserProfile, host }),
        paths.queryUserProfile
      )
      assert.strictEqual(one.status, 200)
      assert.match(one.contentType ?? "", /^application\/json/)
      assert.strictEqual(one.envelope.code, 200)

      // Concurrent requests over keep-alive connections.
      const many = yield* Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        () =>
          Effect.flatMap(signed({ path: paths.createTask, body: { count: 1, taskUserLevel: 50 }, host }), (r) =>
            post(address.url, r, paths.createTask)
          ),
        { concurrency: "unbounded" }
      )
      assert.isTrue(many.every((r) => r.envelope.code === 200))
      const ids = many.map((r) => (r.envelope.data as { taskIdList: ReadonlyArray<number> }).taskIdList[0])
      assert.strictEqual(new Set(ids).size, 20)

      // Errors are HTTP 200 envelopes too; GET is refused with 603.
      const get = yield* Effect.promise(() =>
        fetch(`${address.url}${paths.queryUserProfile}`).then((r) => r.json() as Promise<Envelope>)
      )
      assert.strictEqual(get.code, 603)

      // A keep-alive connection left open by a node:http agent must not block the close.
      const agent = new Http.Agent({ keepAlive: true })
      const idle = yield* Effect.async<number>((resume) => {
        const req = Http.request(`${address.url}${paths.getBid}`, { method: "POST", agent }, (res) => {
          res.resume()
          res.on("end", () => resume(Effect.succeed(res.statusCode ?? 0)))
        })
        req.end("{}")
      })
      assert.strictEqual(idle, 200)

      assert.isTrue(yield* listening(address.port))
      yield* Scope.close(scope, Exit.void)
      assert.isFalse(yield* listening(address.port))
      const after = yield* Effect.either(
        Effect.tryPromise(() => fetch(`${address.url}${paths.queryUserProfile}`, { method: "POST" }))
      )
      assert.isTrue(Either.isLeft(after))
      agent.destroy()
    })
  )

  it.live("a body over the limit answers 600 and closes the connection", () =>
    Effect.gen(function* () {
      const sim = yield* make({ maxBodyBytes: 1024 })
      const address = yield* serve(sim)
      const host = `127.0.0.1:${address.port}`
      const request = yield* signed({
        path: paths.queryUserProfile,
        host,
        bodyText: `{"pad": "${"x".repeat(200_000)}"}`
      })
      const result = yield* post(address.url, request, paths.queryUserProfile)
      assert.strictEqual(result.envelope.code, 600)
      assert.include(result.envelope.message, "larger than 1024 bytes")
      const calls = yield* sim.calls
      assert.strictEqual(calls.length, 1)
      assert.strictEqual(calls[0]?.bodyText.length, 1024)
      // The server still serves normal requests.
      const fine = yield* post(
        address.url,
        yield* signed({ path: paths.queryUserProfile, host }),
        paths.queryUserProfile
      )
      assert.strictEqual(fine.envelope.code, 200)
    }).pipe(Effect.scoped)
  )

  it.live("a taken port is a ServeError", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const first = yield* serve(sim)
      const second = yield* Effect.either(serve(sim, { port: first.port }))
      assert.isTrue(Either.isLeft(second))
      if (Either.isLeft(second)) {
        assert.strictEqual(second.left._tag, "ServeError")
        assert.include(second.left.message, String(first.port))
      }
    }).pipe(Effect.scoped)
  )
})
