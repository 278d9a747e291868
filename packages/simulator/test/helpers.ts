/**
 * Test helpers: requests signed by hand with the core signing functions (not through any
 * client), so the simulator is tested against the protocol itself.
 */
import { assert } from "@effect/vitest"
import { Signer } from "@rayvision/core"
import { Clock, Effect } from "effect"
import { readFileSync } from "node:fs"
import * as Net from "node:net"
import { fileURLToPath } from "node:url"
import { demoAccount } from "../src/Simulator.ts"
import { type Service, type SimRequest } from "../src/SimulatorService.ts"

export const HOST = "127.0.0.1:8080"

export interface Sign {
  readonly path: string
  /** A JS body, written with `Signer.encodeBody` and signed with `Signer.stringToSign`; default `{}`. */
  readonly body?: unknown
  /** A raw body text instead, signed with `Signer.stringToSignFromJson`. */
  readonly bodyText?: string
  readonly accessId?: string
  readonly accessKey?: string
  readonly host?: string
  /** Seconds; default the Clock's now. */
  readonly timestamp?: number | string
  readonly nonce?: string
  readonly platform?: string
  readonly channel?: string
  readonly version?: string
  readonly method?: string
}

let nonceCounter = 100000

/** A fresh nonce, unique within the test run (6 digits like the SDK's). */
export const freshNonce = (): string => String(nonceCounter++)

/** The canonical signed headers of a request. */
export const signedHeaders = (s: Sign, timestamp: string) => ({
  accessId: s.accessId ?? demoAccount.accessId,
  channel: s.channel ?? "4",
  platform: s.platform ?? "2",
  UTCTimestamp: timestamp,
  nonce: s.nonce ?? freshNonce(),
  version: s.version ?? "2.0.0"
})

/** Lower-cases header names, as HTTP transports hand them over. */
export const lower = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))

/** A correctly signed request (unless the caller tampers with it afterwards). */
export const signed = (s: Sign): Effect.Effect<SimRequest> =>
  Effect.gen(function* () {
    const nowSeconds = Math.floor((yield* Clock.currentTimeMillis) / 1000)
    const timestamp = String(s.timestamp ?? nowSeconds)
    const headers = signedHeaders(s, timestamp)
    const host = s.host ?? HOST
    const bodyText = s.bodyText ?? Signer.encodeBody(s.body ?? {})
    const stringToSign =
      s.bodyText !== undefined
        ? Signer.stringToSignFromJson({ domain: host, path: s.path, headers, bodyText })
        : Signer.stringToSign({ domain: host, path: s.path, headers, body: s.body ?? {} })
    const signature = yield* Signer.signature(s.accessKey ?? demoAccount.accessKey, stringToSign)
    return {
      method: s.method ?? "POST",
      host,
      path: s.path,
      headers: lower({ ...headers, signature, "Content-Type": "application/json", languageFlag: "0" }),
      bodyText
    }
  })

/** A parsed response envelope. */
export interface Envelope {
  readonly version: string
  readonly result: boolean
  readonly message: string
  readonly code: number
  readonly serverTime: number
  readonly data: unknown
  readonly requestId: string
}

/** Sends a request to the simulator and parses the envelope (asserting HTTP 200 + JSON). */
export const send = (sim: Service, request: SimRequest): Effect.Effect<Envelope> =>
  Effect.map(sim.handle(request), (response) => {
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
    return JSON.parse(response.body) as Envelope
  })

/** Signs and sends. */
export const call = (sim: Service, s: Sign): Effect.Effect<Envelope> => Effect.flatMap(signed(s), (r) => send(sim, r))

/** Signs and sends, and fails the test unless the code is 200; returns `data` (typed by the caller). */
export const ok = <A = unknown>(sim: Service, s: Sign): Effect.Effect<A> =>
  Effect.map(call(sim, s), (e) => {
    if (e.code !== 200) throw new Error(`${s.path}: expected success, got ${e.code} ${e.message}`)
    return e.data as A
  })

/** The fields of a TaskInfo row the tests read. */
/** A second account, and the accounts of a simulator with both (the demo account first). */
export const other = { accessId: "OTHER-ACCESS-ID", accessKey: "other-access-key" }
export const accounts = [
  { ...demoAccount, userName: "demo" },
  { ...other, userName: "other" }
]

/** The names the envelope's message starts with, of the failure codes the tests expect (docs/protocol.md 3.1). */
const CODE_NAMES: Readonly<Record<number, string>> = {
  404: "resource_not_found",
  600: "parameter_invalid",
  601: "parameter_cant_be_empty"
}

/** Expects a failure code for a request (with its name first in the message); returns the message. */
export const expectCode = (sim: Service, s: Sign, code: number) =>
  Effect.map(call(sim, s), (e) => {
    assert.strictEqual(e.code, code, `${s.path} ${s.bodyText ?? JSON.stringify(s.body)}: ${e.message}`)
    assert.isFalse(e.result)
    const name = CODE_NAMES[code]
    if (name !== undefined) assert.isTrue(e.message === name || e.message.startsWith(`${name}: `), e.message)
    assert.isNull(e.data)
    return e.message
  })
export const invalid = (sim: Service, s: Sign) => expectCode(sim, s, 600)
export const missing = (sim: Service, s: Sign) => expectCode(sim, s, 601)
export const notFound = (sim: Service, s: Sign) => expectCode(sim, s, 404)

export interface TaskRow {
  readonly id: number
  readonly taskAlias: string
  readonly sceneName: string
  readonly taskStatus: number
  readonly statusText: string
  readonly isDelete: number
  readonly submitDate: number | null
  readonly completedDate: number | null
  readonly respRenderingTaskList: unknown
  readonly taskUserLevel: number
  readonly overTimeStop: number | null
  readonly producer: string | null
  readonly userId: number
  readonly [field: string]: unknown
}

/** A `Page<T>` (docs/protocol.md 4.0.3). */
export interface Page<T> {
  readonly pageCount: number
  readonly pageNum: number
  readonly total: number
  readonly size: number
  readonly items: ReadonlyArray<T>
}

/** `createTask` data. */
export interface Created {
  readonly taskIdList: ReadonlyArray<number>
  readonly aliasTaskIdList: ReadonlyArray<string>
  readonly userId: number
}

export interface Vector {
  readonly name: string
  readonly accessKey: string
  readonly domain: string | null
  readonly path: string | null
  readonly headers: Record<string, string>
  readonly wireBody: string | null
  readonly stringToSign: string
  readonly signature: string
}

/** The signature vectors of the repository's one fixture, in the core package's tests. */
export const vectors = (): ReadonlyArray<Vector> =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL("../../core/test/fixtures/signature-vectors.json", import.meta.url)), "utf8")
  )

/** True when something accepts TCP connections on the port. */
export const listening = (port: number) =>
  Effect.async<boolean>((resume) => {
    const socket = Net.connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resume(Effect.succeed(true))
    })
    socket.once("error", () => resume(Effect.succeed(false)))
  })
