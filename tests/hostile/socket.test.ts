/**
 * Hostile bytes at the simulator's HTTP server (`SimulatorServer.serve` on 127.0.0.1, port 0):
 * garbage that is not HTTP, a wrong content length, an oversized body. The server answers or
 * closes the connection, never crashes, and still answers a valid signed request afterwards.
 */
import { SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { Effect, Exit, Scope } from "effect"
import * as Http from "node:http"
import * as Net from "node:net"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { signedHeaders } from "./support.ts"
import { paths } from "../paths.ts"

let scope: Scope.CloseableScope
let port = 0
const MAX = 64 * 1024

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  const address = await Effect.runPromise(
    Effect.flatMap(SimulatorService.make({ maxBodyBytes: MAX }), (sim) => SimulatorServer.serve(sim, { port: 0 })).pipe(
      Scope.extend(scope)
    )
  )
  port = address.port
})
afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

/** Writes raw bytes; resolves with what came back before the server closed (or after `waitMs`). */
const raw = (bytes: string | Uint8Array, waitMs = 1500, end = true): Promise<string> =>
  new Promise((resolve) => {
    const socket = Net.connect({ host: "127.0.0.1", port })
    let got = ""
    const done = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(got)
    }
    const timer = setTimeout(done, waitMs)
    socket.on("data", (chunk) => (got += chunk.toString("latin1")))
    socket.on("error", done)
    socket.on("close", done)
    socket.write(bytes, () => (end ? socket.end() : undefined))
  })

/** A valid signed request over node:http; resolves with the envelope code. */
const validCall = async (bodyText = '{"zone": 1}'): Promise<number> => {
  const path = paths.queryPlatforms
  const headers = await signedHeaders(`127.0.0.1:${port}`, path, bodyText)
  return new Promise((resolve, reject) => {
    const request = Http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers
      },
      (response) => {
        let text = ""
        response.on("data", (c) => (text += c))
        response.on("end", () => {
          try {
            resolve((JSON.parse(text) as { code: number }).code)
          } catch (error) {
            reject(error)
          }
        })
      }
    )
    request.on("error", reject)
    request.end(bodyText)
  })
}

describe("the simulator's HTTP server under hostile bytes", () => {
  it("answers a valid signed request", async () => {
    assert.strictEqual(await validCall(), 200)
  })

  it("survives bytes that are not HTTP", async () => {
    const garbage = [
      "\x00\x01\x02\xff\xfe",
      "GARBAGE / NOTHTTP\r\n\r\n",
      "POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
      "POST /api HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      `POST /${"a".repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST /api HTTP/1.1\r\n${"X-A: b\r\n".repeat(5000)}\r\n`,
      new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256))
    ]
    for (const bytes of garbage) {
      const reply = await raw(bytes)
      // Either nothing (closed) or an HTTP status line; never a hang past the wait.
      assert.isTrue(reply === "" || reply.startsWith("HTTP/1.1 "), reply.slice(0, 100))
    }
    assert.strictEqual(await validCall(), 200)
  })

  it("answers or closes on a wrong content length, without blocking other requests", async () => {
    // Declares more than it sends and keeps the connection open: the request is incomplete.
    const pending = raw(
      `POST ${paths.queryPlatforms} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"zone": 1}`,
      800,
      false
    )
    assert.strictEqual(await validCall(), 200)
    await pending
    // Declares less than it sends: the rest is read as the next request (garbage) and refused.
    const shorter = await raw(
      `POST ${paths.queryPlatforms} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{"zone": 1}`
    )
    assert.isTrue(shorter === "" || shorter.startsWith("HTTP/1.1 "))
    assert.strictEqual(await validCall(), 200)
  })

  it("answers an oversized body with 600 and keeps serving", async () => {
    const body = `{"zone": 1, "pad": "${"x".repeat(4 * MAX)}"}`
    const reply = await raw(
      `POST ${paths.queryPlatforms} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      3000
    )
    assert.isTrue(reply === "" || /"code":600/.test(reply), reply.slice(0, 300))
    assert.strictEqual(await validCall(), 200)
  })
})
