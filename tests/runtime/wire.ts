/**
 * What an adapter puts on the wire, byte for byte: a raw TCP server on 127.0.0.1 (node:net, which
 * Node, Bun and Deno all have) reads each HTTP/1.1 request head and body as they arrive and answers
 * with an envelope; {@link checkWire} asserts the exact header names (the official client's
 * spelling: the service signs with the names it receives, docs/protocol.md 1.5), their values, the
 * body bytes, and that the signature verifies over the names as received. Each runtime's test runs
 * {@link captureWire} with its adapter's `layer` (Node with vitest, Bun with `bun test`, Deno with
 * `deno test`). Throws (node:assert) on any mismatch.
 */
import assert from "node:assert/strict"
import * as net from "node:net"
import type { ClientConfig, Rayvision } from "@rayvision/core"
import { Signer, TaskService, UserService } from "@rayvision/core"
import { type ConfigError, Effect, Layer, Redacted } from "effect"
import { paths } from "../paths.ts"

/** An adapter's `layer` function. */
export type MakeLayer = (options: ClientConfig.Options) => Layer.Layer<Rayvision.Services, ConfigError.ConfigError>

/** One request as it arrived. */
export interface Captured {
  /** `POST /api/... HTTP/1.1` */
  readonly requestLine: string
  /** Every header line, in order: the name exactly as sent, the value without surrounding spaces. */
  readonly headers: ReadonlyArray<readonly [string, string]>
  /** The body's bytes. */
  readonly body: Uint8Array
}

const accessId = "AKID-WIRE-0001"
const accessKey = "wire-secret-key-0123456789"

/** A success envelope around `data`. */
export const envelope = (data: unknown) =>
  JSON.stringify({ version: "1.0.0", result: true, message: "success", code: 200, data, serverTime: 1, requestId: "w" })

/** The answer of the capture server to each path the program calls. */
const answerFor = (path: string): string => {
  if (path.endsWith("/queryUserProfile")) {
    return envelope({ userId: 1, userName: "wire", platform: 2, zone: 2, cpuPrice: 1 })
  }
  if (path.endsWith("/createTask")) return envelope({ taskIdList: [7], aliasTaskIdList: ["2W7"], userId: 1 })
  return envelope(null)
}

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join("")

/** An HTTP/1.1 answer with a JSON body and its `Content-Length`. */
export const jsonAnswer = (json: string): string => {
  const body = new TextEncoder().encode(json)
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${latin1(body)}`
}

/**
 * A capture server on 127.0.0.1: records every request (Content-Length bodies; keep-alive
 * connections too) and writes what `respond` gives for it (a whole HTTP answer, as latin1 text),
 * or nothing: the request is then held, its connection open, until the client gives up.
 * `held()` counts the connections holding a request.
 */
export const listen = async (
  respond: (request: Captured) => string | undefined = (request) =>
    jsonAnswer(answerFor(request.requestLine.split(" ")[1] ?? ""))
) => {
  const captured: Array<Captured> = []
  const sockets = new Set<net.Socket>()
  const holding = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on("close", () => {
      sockets.delete(socket)
      holding.delete(socket)
    })
    socket.on("error", () => {})
    let pending = new Uint8Array(0)
    socket.on("data", (chunk: Uint8Array) => {
      const joined = new Uint8Array(pending.length + chunk.length)
      joined.set(pending)
      joined.set(chunk, pending.length)
      pending = joined
      for (;;) {
        const text = latin1(pending)
        const end = text.indexOf("\r\n\r\n")
        if (end < 0) return
        const [requestLine = "", ...lines] = text.slice(0, end).split("\r\n")
        const headers = lines.map((line) => {
          const colon = line.indexOf(":")
          return [line.slice(0, colon), line.slice(colon + 1).trim()] as const
        })
        const length = Number(headers.find(([name]) => name.toLowerCase() === "content-length")?.[1] ?? "0")
        if (pending.length < end + 4 + length) return
        const body = pending.slice(end + 4, end + 4 + length)
        pending = pending.slice(end + 4 + length)
        const request = { requestLine, headers, body }
        captured.push(request)
        const answer = respond(request)
        if (answer === undefined) holding.add(socket)
        else socket.write(Uint8Array.from(answer, (c) => c.charCodeAt(0)))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as net.AddressInfo).port
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    })
  return { captured, port, close, held: () => holding.size }
}

/**
 * Runs three calls through the adapter against the capture server (the profile, a stop, a
 * createTask with a non-ASCII label), with a custom header spelled `X-Studio`; returns what arrived
 * and the port.
 */
export const captureWire = async (makeLayer: MakeLayer): Promise<{ captured: Array<Captured>; port: number }> => {
  const server = await listen()
  try {
    const program = Effect.gen(function* () {
      const user = yield* UserService.UserService
      const tasks = yield* TaskService.TaskService
      yield* user.profile()
      yield* tasks.stop([1, 2])
      yield* tasks.createTaskIds({ labels: ["测试"] })
    })
    await Effect.runPromise(
      Effect.provide(
        program,
        Layer.fresh(
          makeLayer({
            accessId,
            accessKey: Redacted.make(accessKey),
            domain: `127.0.0.1:${server.port}`,
            protocol: "http",
            platform: 2,
            headers: { "X-Studio": "north" },
            retry: { times: 0 }
          })
        )
      )
    )
    return { captured: server.captured, port: server.port }
  } finally {
    await server.close()
  }
}

/** The names the protocol's headers must arrive with, exactly (docs/protocol.md 1.5), and the custom one. */
const SPELLED = [
  "accessId",
  "channel",
  "platform",
  "UTCTimestamp",
  "nonce",
  "version",
  "signature",
  "languageFlag",
  "Content-Type",
  "X-Studio"
]

/** Headers a verifier leaves out of the string to sign (lowercase). */
const UNSIGNED = new Set(["signature", "languageflag", "content-type", "content-length", "host"])

/** The names a runtime may add of its own (lowercase): framing, connection, negotiation. */
const RUNTIME_ADDED = new Set([
  "host",
  "content-length",
  "connection",
  "user-agent",
  "accept",
  "accept-encoding",
  "accept-language",
  "sec-fetch-mode"
])

/**
 * What every runtime must have sent: the three requests, each with every protocol header once,
 * spelled exactly, with the expected values; the bodies byte for byte as the official client
 * writes them; and a signature that verifies over the names and values as received.
 */
export const checkWire = async ({ captured, port }: { captured: Array<Captured>; port: number }): Promise<void> => {
  assert.deepEqual(
    captured.map((c) => c.requestLine),
    [`POST ${paths.queryUserProfile} HTTP/1.1`, `POST ${paths.stopTask} HTTP/1.1`, `POST ${paths.createTask} HTTP/1.1`]
  )
  assert.deepEqual(
    captured.map((c) => new TextDecoder().decode(c.body)),
    ["{}", '{"taskIds": [1, 2]}', '{"count": 1, "taskUserLevel": 50, "labels": ["\\u6d4b\\u8bd5"]}']
  )
  for (const { body, headers, requestLine } of captured) {
    const names = headers.map(([name]) => name)
    for (const name of SPELLED) {
      assert.equal(names.filter((n) => n === name).length, 1, `${requestLine}: one "${name}" header in ${names}`)
    }
    // Nothing else but what a runtime adds of its own, and no header twice in any spelling.
    const lowercase = names.map((n) => n.toLowerCase())
    assert.equal(new Set(lowercase).size, lowercase.length, `${requestLine}: a header twice in ${names}`)
    for (const name of names) {
      assert.ok(SPELLED.includes(name) || RUNTIME_ADDED.has(name.toLowerCase()), `${requestLine}: unexpected "${name}"`)
    }
    const value = (name: string) => headers.find(([n]) => n === name)?.[1]
    assert.equal(value("accessId"), accessId)
    assert.equal(value("channel"), "4")
    assert.equal(value("platform"), "2")
    assert.match(value("UTCTimestamp") ?? "", /^\d{10}$/)
    assert.match(value("nonce") ?? "", /^[1-9]\d{5}$/)
    assert.equal(value("version"), "2.0.0")
    assert.equal(value("languageFlag"), "1", "not a Renderbus domain")
    assert.equal(value("Content-Type"), "application/json")
    assert.equal(value("X-Studio"), "north")
    const host = headers.find(([n]) => n.toLowerCase() === "host")?.[1]
    assert.equal(host, `127.0.0.1:${port}`)
    assert.equal(Number(headers.find(([n]) => n.toLowerCase() === "content-length")?.[1]), body.length)
    // A strict service: the string to sign from every header as received, names as spelled.
    const signed: Record<string, string> = {}
    for (const [name, v] of headers) if (!UNSIGNED.has(name.toLowerCase())) signed[name] = v
    for (const name of RUNTIME_ADDED)
      for (const n of Object.keys(signed)) if (n.toLowerCase() === name) delete signed[n]
    const expected = await Effect.runPromise(
      Signer.signature(
        accessKey,
        Signer.stringToSignFromJson({
          domain: host!,
          path: requestLine.split(" ")[1]!,
          headers: signed,
          bodyText: new TextDecoder().decode(body)
        })
      )
    )
    assert.equal(value("signature"), expected, `${requestLine}: the signature verifies over the names as received`)
  }
}
