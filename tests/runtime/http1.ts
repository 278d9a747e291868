/**
 * Core's HTTP/1.1 client (`Http1`) over each runtime's sockets, against raw TCP servers on
 * 127.0.0.1 that count the connections and requests they get: header names on the wire as given,
 * answers by length, chunked or up to the close, the size limit, keep-alive (and a connection the
 * server closed while idle replaced, not failed), a connection lost before the whole answer
 * failing its request with nothing sent again, interruption closing the connection, a refused
 * connection classified as never sent, and the layer's release closing every connection.
 * `packages/core/test/Http1.test.ts` (Node, vitest), `packages/bun/test/http1.test.ts` and
 * `packages/deno/test/http1.test.ts` register them.
 */
import assert from "node:assert/strict"
import { Buffer } from "node:buffer"
import * as net from "node:net"
import * as tls from "node:tls"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Http1 } from "@rayvision/core"
import { neverSent } from "../../packages/core/src/internal/answer.ts"

/** A test function: vitest's `it`, or `node:test`'s `test`. */
export type Test = (title: string, body: () => Promise<void>) => unknown

/** One request as the server read it: its head's text (names as sent) and its body. */
interface Received {
  readonly head: string
  readonly body: Buffer
}

/** What the server does with a request: the connection (to write, end or destroy), the request, its index. */
type Respond = (socket: net.Socket, request: Received, index: number) => void

/** A self-signed certificate for 127.0.0.1 (test only; P-256, valid until 2126) and its key. */
const testCert = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUOtCgf7ZPVb0TsGvg2NxvTfxEbOkwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwNTIxNTMyNloYDzIxMjYxMTEx
MjE1MzI2WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARilSREM311DvbrSWS1hfnTQgE5KsnW68KWzNwuss6AeQn1jRLVA5u0
4phickjWblZpRYSvaMHa9NYRrcxZkvvwo2QwYjAdBgNVHQ4EFgQUFhuaZlbtI0cM
C1FsaQHBlXSecIAwHwYDVR0jBBgwFoAUFhuaZlbtI0cMC1FsaQHBlXSecIAwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IBGFg2nNyFrj3aph9hJHvKLEeFh0Vb0FeKPrybq6q1RrAiEA2WKSClbuDwkjXDS6
wPA9gbwDuyLH79F0N2JKXT5oI+0=
-----END CERTIFICATE-----`
const testKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOqotJkIXSfyCX1Kx
zno2JMm5M3vlAEPv9ndhCNbxUEmhRANCAARilSREM311DvbrSWS1hfnTQgE5KsnW
68KWzNwuss6AeQn1jRLVA5u04phickjWblZpRYSvaMHa9NYRrcxZkvvw
-----END PRIVATE KEY-----`

/** A raw HTTP/1.1 server: reads `Content-Length` requests, one after another on each connection. */
const serve = async (respond: Respond, secure = false) => {
  const sockets = new Set<net.Socket>()
  const requests: Array<Received> = []
  let connections = 0
  let closed = 0
  const accept = (socket: net.Socket) => {
    connections++
    sockets.add(socket)
    socket.on("close", () => {
      closed++
      sockets.delete(socket)
    })
    socket.on("error", () => {})
    let buffer = Buffer.alloc(0)
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n")
        if (end < 0) return
        const head = buffer.subarray(0, end).toString("latin1")
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
        if (buffer.length < end + 4 + length) return
        const request = { head, body: Buffer.from(buffer.subarray(end + 4, end + 4 + length)) }
        buffer = buffer.subarray(end + 4 + length)
        requests.push(request)
        respond(socket, request, requests.length - 1)
      }
    })
  }
  const server = secure
    ? tls.createServer({ key: testKey, cert: testCert }, accept).on("tlsClientError", () => {})
    : net.createServer(accept)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    requests,
    get connections() {
      return connections
    },
    get closed() {
      return closed
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

const answer = (body: string, headers = "") =>
  `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`

const chunked = (parts: ReadonlyArray<string>) =>
  `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${parts
    .map((part) => `${Buffer.byteLength(part).toString(16)};ext=1\r\n${part}\r\n`)
    .join("")}0\r\nX-Trailer: t\r\n\r\n`

type Outcome =
  | { readonly _tag: "answer"; readonly status: number; readonly text: string; readonly headers: unknown }
  | { readonly _tag: "failed"; readonly cause: unknown }
  | { readonly _tag: "tooLarge"; readonly declared: number | undefined }

const tick = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

/** Sends one request through `client` and waits for what it reports (at most once). */
const send = (
  client: Http1.Client,
  port: number,
  options: {
    body?: string | Uint8Array<ArrayBuffer> | null
    headers?: Record<string, string>
    limit?: number
    method?: string
    secure?: boolean
  } = {}
): { readonly outcome: Promise<Outcome>; readonly cancel: () => void } => {
  const url = new URL(`${options.secure ? "https" : "http"}://127.0.0.1:${port}/api/render/user/queryUserProfile?x=1`)
  const request = HttpClientRequest.make((options.method ?? "POST") as "POST")(url)
  let reports = 0
  let cancel = () => {}
  const outcome = new Promise<Outcome>((resolve) => {
    const report = (outcome: Outcome) => {
      reports++
      assert.equal(reports, 1, "the exchange reports once")
      resolve(outcome)
    }
    cancel = client.exchange(
      request,
      url,
      options.headers ?? { accessId: "AKID", UTCTimestamp: "1700000000", "content-type": "application/json" },
      options.body === undefined ? '{"a":"é"}' : options.body,
      options.limit ?? 1 << 20,
      (response) =>
        report({
          _tag: "answer",
          status: response.status,
          text: (response as unknown as { decoded(): string }).decoded(),
          headers: response.headers
        }),
      (cause) => report({ _tag: "failed", cause }),
      (declared) => report({ _tag: "tooLarge", declared })
    )
  })
  return { outcome, cancel }
}

const expectAnswer = async (pending: { readonly outcome: Promise<Outcome> }, text: string): Promise<void> => {
  const outcome = await pending.outcome
  assert.equal(outcome._tag, "answer", `expected an answer, got ${JSON.stringify(outcome)}`)
  if (outcome._tag === "answer") assert.equal(outcome.text, text)
}

/** Registers the `Http1` tests on `runtime`'s sockets (`options`: its connect functions). */
export const http1Tests = (test: Test, runtime: string, options: Http1.Options): void => {
  const on = (title: string, body: () => Promise<void>) => test(`${runtime} Http1: ${title}`, body)
  const withServer = async (
    respond: Respond,
    body: (server: Awaited<ReturnType<typeof serve>>, client: Http1.Client) => Promise<void>
  ) => {
    const server = await serve(respond)
    const client = Http1.make(options)
    try {
      await body(server, client)
    } finally {
      client.close()
      await server.close()
    }
  }

  on("header names and values on the wire as given, the body's bytes with its Content-Length, keep-alive", () =>
    withServer(
      (socket, request) => socket.write(answer(`{"n":${request.body.length}}`)),
      async (server, client) => {
        await expectAnswer(send(client, server.port), '{"n":10}')
        await expectAnswer(send(client, server.port, { body: new Uint8Array([1, 2, 3]) }), '{"n":3}')
        await expectAnswer(send(client, server.port, { body: null }), '{"n":0}')
        const [first] = server.requests
        assert.equal(
          first!.head,
          `POST /api/render/user/queryUserProfile?x=1 HTTP/1.1\r\naccessId: AKID\r\nUTCTimestamp: 1700000000\r\n` +
            `content-type: application/json\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 10`
        )
        assert.deepEqual([...first!.body], [...Buffer.from('{"a":"é"}')])
        assert.deepEqual([...server.requests[1]!.body], [1, 2, 3])
        assert.match(server.requests[2]!.head, /\r\nContent-Length: 0$/)
        assert.equal(server.connections, 1, "three requests on one kept-alive connection")
      }
    )
  )

  on("chunked answers, answers split in small writes, a 1 MiB answer, 204 and HEAD without a body", () =>
    withServer(
      (socket, request, index) => {
        if (index === 0) socket.write(chunked(['{"a":', '"b"}']))
        else if (index === 1) {
          const bytes = Buffer.from(answer('{"split":true}', "X-Many: 1\r\nX-Many: 2\r\n"))
          for (let i = 0; i < bytes.length; i += 3) socket.write(bytes.subarray(i, i + 3))
        } else if (index === 2) {
          const big = Array.from({ length: 1 << 15 }, (_, i) => String(i).padStart(31, "-")).join("|")
          socket.write(answer(big))
        } else if (index === 3) socket.write("HTTP/1.1 204 No Content\r\n\r\n")
        else if (request.head.startsWith("HEAD")) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
      },
      async (server, client) => {
        await expectAnswer(send(client, server.port), '{"a":"b"}')
        const split = await send(client, server.port).outcome
        assert.equal(split._tag === "answer" && split.text, '{"split":true}')
        assert.deepEqual(split._tag === "answer" && (split.headers as Record<string, string>)["x-many"], "1, 2")
        const big = Array.from({ length: 1 << 15 }, (_, i) => String(i).padStart(31, "-")).join("|")
        await expectAnswer(send(client, server.port), big)
        await expectAnswer(send(client, server.port), "")
        await expectAnswer(send(client, server.port, { method: "HEAD", body: null }), "")
        assert.equal(server.connections, 1)
      }
    )
  )

  on("an answer past the limit: refused by its Content-Length, or as its chunks pass it; the next call works", () =>
    withServer(
      (socket, _request, index) => {
        if (index === 0) socket.write(answer("x".repeat(2000)))
        else if (index === 1) socket.write(chunked(["y".repeat(600), "y".repeat(600)]))
        else socket.write(answer('{"ok":1}'))
      },
      async (server, client) => {
        assert.deepEqual(await send(client, server.port, { limit: 1000 }).outcome, { _tag: "tooLarge", declared: 2000 })
        assert.deepEqual(await send(client, server.port, { limit: 1000 }).outcome, {
          _tag: "tooLarge",
          declared: undefined
        })
        await expectAnswer(send(client, server.port, { limit: 1000 }), '{"ok":1}')
        assert.equal(server.connections, 3, "a connection refused past the limit is not used again")
      }
    )
  )

  on("the server closes a kept-alive connection while idle: the next call goes on a new one and succeeds", () =>
    withServer(
      (socket, _request, index) => {
        // The first answer ends its connection at once; the second's is closed once idle a while.
        if (index === 0) socket.end(answer('{"ok":1}', "Connection: keep-alive\r\n"))
        else {
          socket.write(answer('{"ok":1}', "Connection: keep-alive\r\n"))
          setTimeout(() => socket.end(), 10)
        }
      },
      async (server, client) => {
        await expectAnswer(send(client, server.port), '{"ok":1}')
        await tick(50)
        await expectAnswer(send(client, server.port), '{"ok":1}')
        await tick(50)
        await expectAnswer(send(client, server.port), '{"ok":1}')
        assert.equal(server.connections, 3)
        assert.equal(server.requests.length, 3)
      }
    )
  )

  on(
    "an answer with Connection: close, or without a length (read to the close), is not followed on its connection",
    () =>
      withServer(
        (socket, _request, index) => {
          if (index === 0) socket.write(answer('{"ok":1}', "Connection: close\r\n"))
          else socket.end("HTTP/1.1 200 OK\r\n\r\n" + '{"to":"close"}')
        },
        async (server, client) => {
          await expectAnswer(send(client, server.port), '{"ok":1}')
          await expectAnswer(send(client, server.port), '{"to":"close"}')
          assert.equal(server.connections, 2)
        }
      )
  )

  on("the server closes mid-answer, or before any: the call fails, and the request is not sent again", () =>
    withServer(
      (socket, _request, index) => {
        if (index === 0) socket.write(answer('{"ok":1}'))
        else if (index === 1)
          socket.destroy() // on the kept-alive connection, after reading the request
        else if (index === 2) socket.end(answer('{"whole":"answer"}').slice(0, -5))
        else socket.write(answer('{"ok":2}'))
      },
      async (server, client) => {
        await expectAnswer(send(client, server.port), '{"ok":1}')
        const lost = await send(client, server.port).outcome
        assert.equal(lost._tag, "failed")
        const cut = await send(client, server.port).outcome
        assert.equal(cut._tag, "failed")
        assert.equal(lost._tag === "failed" && (lost.cause as { code?: string }).code, "ECONNRESET")
        await tick(50)
        assert.equal(server.requests.length, 3, "each request reached the server once")
        await expectAnswer(send(client, server.port), '{"ok":2}')
        assert.equal(server.requests.length, 4)
      }
    )
  )

  on("a call interrupted before its answer closes its connection; the next call opens another", () =>
    withServer(
      (socket, _request, index) => {
        if (index > 0) socket.write(answer('{"ok":1}'))
      },
      async (server, client) => {
        const pending = send(client, server.port)
        await tick(50)
        assert.equal(server.requests.length, 1)
        pending.cancel()
        await tick(50)
        assert.equal(server.closed, 1, "the connection was closed")
        await expectAnswer(send(client, server.port), '{"ok":1}')
        assert.equal(server.connections, 2)
        const late = await Promise.race([pending.outcome, tick(20).then(() => "none")])
        assert.equal(late, "none", "an interrupted exchange reports nothing")
      }
    )
  )

  on(
    "https: over connectTls, the certificate checked (trusted: answered on one connection; not: failed, nothing sent)",
    async () => {
      const server = await serve((socket) => socket.write(answer('{"tls":1}')), true)
      const connectTls = options.connectTls!
      const trusting = Http1.make({ ...options, connectTls: (o) => connectTls({ ...o, ca: testCert } as typeof o) })
      const strict = Http1.make(options)
      try {
        await expectAnswer(send(trusting, server.port, { secure: true }), '{"tls":1}')
        await expectAnswer(send(trusting, server.port, { secure: true }), '{"tls":1}')
        assert.equal(server.connections, 1)
        const refused = await send(strict, server.port, { secure: true }).outcome
        assert.equal(refused._tag, "failed")
        assert.equal(server.requests.length, 2, "nothing sent over an untrusted connection")
      } finally {
        trusting.close()
        strict.close()
        await server.close()
      }
    }
  )

  on("a refused connection fails with ECONNREFUSED, which the transport counts as never sent", async () => {
    const server = await serve(() => {})
    const port = server.port
    await server.close()
    const client = Http1.make(options)
    try {
      const outcome = await send(client, port).outcome
      assert.equal(outcome._tag, "failed")
      const cause = outcome._tag === "failed" ? outcome.cause : undefined
      assert.equal((cause as { code?: string }).code, "ECONNREFUSED", String(cause))
      const request = HttpClientRequest.post(`http://127.0.0.1:${port}/`)
      assert.ok(neverSent(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
    } finally {
      client.close()
    }
  })

  on("a header with a line break is refused before anything is sent; close() closes idle connections", () =>
    withServer(
      (socket) => socket.write(answer('{"ok":1}')),
      async (server, client) => {
        const url = new URL(`http://127.0.0.1:${server.port}/`)
        const request = HttpClientRequest.post(url)
        const unexpected = () => assert.fail("nothing is reported")
        assert.throws(
          () => client.exchange(request, url, { "x-a": "b\r\nx-b: c" }, null, 1000, unexpected, unexpected, unexpected),
          /line break/
        )
        assert.throws(
          () => client.exchange(request, url, { "x a": "b" }, null, 1000, unexpected, unexpected, unexpected),
          /not a token/
        )
        await expectAnswer(send(client, server.port), '{"ok":1}')
        assert.equal(server.requests.length, 1)
        client.close()
        await tick(50)
        assert.equal(server.closed, 1, "the idle connection was closed")
        const after = await send(client, server.port).outcome
        assert.equal(after._tag, "failed")
      }
    )
  )
}
