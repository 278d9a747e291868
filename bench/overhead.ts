/**
 * Per-call overhead: `TaskService.info([id])` through the runtime's adapter against a trivial
 * loopback server, next to raw `fetch` (and, on Node, undici's `request`) POSTing the same
 * pre-built bytes and headers and parsing the JSON answer. Latency at concurrency 1, calls per
 * second at concurrency 1, 16 and 128.
 */
import { Rayvision, Signer, TaskService } from "@rayvision/core"
import { Simulator } from "@rayvision/simulator"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect, Either, Layer, ManagedRuntime, Redacted } from "effect"
import { fastDecoder } from "../packages/core/src/internal/fastDecode.ts"
import { demoOptions } from "./fixtures.ts"
import {
  adapterHmac,
  adapterHttpClient,
  asTheSdkSends,
  cpuNs,
  measureCost,
  measureCpuInTurns,
  now,
  quantile,
  round,
  runtime
} from "./runtime.ts"

/** One client's figures. */
export interface ClientFigures {
  readonly client: string
  readonly latencyP50Ms: number
  readonly latencyP99Ms: number
  readonly latencyMeanMs: number
  /** Calls per second by concurrency ("1", "16", "128"). */
  readonly callsPerSecond: Readonly<Record<string, number>>
  /** CPU time of the client's process per call, µs, by concurrency (the server runs elsewhere in full runs). */
  readonly cpuUsPerCall: Readonly<Record<string, number>>
}

/**
 * The SDK's own cost per call, with no network: `TaskService.info` against an in-memory
 * HttpClient answering the fixed envelope, in CPU µs, next to its parts measured alone.
 */
export interface InMemoryFigures {
  /**
   * The whole call (validate, encode, sign, build the request, read, parse, decode, observe). This
   * and the next two are measured in turns (`measureCpuInTurns`), the rest one after the other.
   */
  readonly sdkCallCpuUs: number
  /** `@effect/platform`'s HttpClient alone on the same in-memory client: a pre-built request, the answer parsed. */
  readonly platformCallCpuUs: number
  /** The same signing with WebCrypto (core's default) instead of the adapter's native HMAC. */
  readonly sdkWebCryptoCallCpuUs: number
  /** String to sign + `Signer.signSync` of the same body, as the transport signs. */
  readonly signCpuUs: number
  /** `JSON.parse` + the transport's decoder of `TaskPage` (`internal/fastDecode.ts`) of the answer's data. */
  readonly decodeCpuUs: number
  /** `JSON.parse` of the answer alone. */
  readonly jsonParseCpuUs: number
}

/** Results of the per-call benchmark. */
export interface OverheadResults {
  /** Where the server ran: "separate process" or "in-process". */
  readonly server: string
  readonly clients: ReadonlyArray<ClientFigures>
  readonly inMemory: InMemoryFigures
  /** SDK / raw fetch: latency p50, p99 (lower is better) and throughput by concurrency (higher is better). */
  readonly ratios: {
    readonly latencyP50: number
    readonly latencyP99: number
    readonly throughput: Readonly<Record<string, number>>
    /** CPU per call by concurrency (lower is better): the figure a busy machine distorts least. */
    readonly cpuPerCall: Readonly<Record<string, number>>
  }
}

/** A way of making the call: `once` makes one call and resolves when its answer is parsed. */
interface Caller {
  readonly client: string
  /** Runs `calls` sequential calls, returning each one's latency in ms. */
  readonly latencies: (calls: number) => Promise<Array<number>>
  /** Runs `concurrency` loops of sequential calls for `millis`, returning the calls completed. */
  readonly throughput: (concurrency: number, millis: number) => Promise<number>
}

const PATH = TaskService.endpoints.info.path
const CONCURRENCY = [1, 16, 128]

const promiseCaller = (client: string, once: () => Promise<unknown>): Caller => ({
  client,
  latencies: async (calls) => {
    const out: Array<number> = []
    for (let i = 0; i < calls; i++) {
      const start = now()
      await once()
      out.push(now() - start)
    }
    return out
  },
  throughput: async (concurrency, millis) => {
    let done = 0
    const deadline = now() + millis
    const loop = async () => {
      while (now() < deadline) {
        await once()
        done++
      }
    }
    await Promise.all(Array.from({ length: concurrency }, loop))
    return done
  }
})

/** Runs the per-call benchmark against `host:port`, where the `queryTaskInfo` answer is served. */
export const runOverhead = async (
  target: { readonly host: string; readonly port: number; readonly taskId: number; readonly server: string },
  quick: boolean
): Promise<OverheadResults> => {
  const domain = `${target.host}:${target.port}`
  const url = `http://${domain}${PATH}`

  // The SDK through this runtime's adapter (its HttpClient and its native HMAC); and, to tell
  // what the signing primitive costs, the same client signing with WebCrypto (core's default).
  const adapter = await adapterHttpClient()
  const hmac = await adapterHmac()
  const { accessKey, ...options } = demoOptions(domain, "http")
  const sdkLayers = [
    {
      client: `SDK (${runtime === "node" ? "@rayvision/node, undici" : `@rayvision/${runtime}, Http1`})`,
      layer: Rayvision.adapter(adapter, hmac).layer(demoOptions(domain, "http"))
    },
    {
      client: "SDK, Signer on WebCrypto (core's portable default)",
      layer: Rayvision.layer(demoOptions(domain, "http")).pipe(Layer.provide(adapter))
    }
  ]
  const runtimes: Array<{ readonly dispose: () => Promise<void> }> = []
  const sdkCallers: Array<Caller> = []
  for (const { client, layer } of sdkLayers) {
    const sdkRuntime = ManagedRuntime.make(layer)
    runtimes.push(sdkRuntime)
    const tasks = await sdkRuntime.runPromise(TaskService.TaskService)
    const info = tasks.info([target.taskId])
    const check = await sdkRuntime.runPromise(info)
    if (check.items[0]?.id !== target.taskId) throw new Error("the SDK did not decode the served task")
    sdkCallers.push({
      client,
      latencies: (calls) =>
        sdkRuntime.runPromise(
          Effect.gen(function* () {
            const out: Array<number> = []
            for (let i = 0; i < calls; i++) {
              const start = now()
              yield* info
              out.push(now() - start)
            }
            return out
          })
        ),
      throughput: (concurrency, millis) =>
        sdkRuntime.runPromise(
          Effect.gen(function* () {
            let done = 0
            const deadline = now() + millis
            const loop = Effect.gen(function* () {
              while (now() < deadline) {
                yield* info
                done++
              }
            })
            yield* Effect.all(
              Array.from({ length: concurrency }, () => loop),
              { concurrency: "unbounded", discard: true }
            )
            return done
          })
        )
    })
  }
  const [sdk, sdkNodeCrypto] = sdkCallers as [Caller, Caller]

  // No network: the same two clients on an HttpClient answering from memory.
  const answer = await fetch(`http://${domain}${PATH}`, { method: "POST", body: "{}" }).then((r) => r.text())
  const inMemoryClient = Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.sync(() => HttpClientResponse.fromWeb(request, new Response(answer, { status: 200 })))
    )
  )
  const timing = { quick, minMs: quick ? 30 : 1000 }
  const batch = 20
  // The SDK (native HMAC, then WebCrypto) and the platform alone, measured in turns.
  const runtimesInMemory: Array<{ readonly dispose: () => Promise<void> }> = []
  const inMemoryTasks = async <E>(layer: Layer.Layer<TaskService.TaskService, E>) => {
    const managed = ManagedRuntime.make(layer)
    runtimesInMemory.push(managed)
    const tasks = await managed.runPromise(TaskService.TaskService)
    const calls = Effect.repeatN(tasks.info([target.taskId]), batch - 1)
    return () => managed.runPromise(calls)
  }
  const platformAlone = async () => {
    const managed = ManagedRuntime.make(inMemoryClient)
    runtimesInMemory.push(managed)
    const client = await managed.runPromise(HttpClient.HttpClient)
    const request = HttpClientRequest.post(`http://${domain}${PATH}`).pipe(
      HttpClientRequest.bodyText(Signer.encodeBody({ taskIds: [target.taskId] }), "application/json")
    )
    const calls = Effect.repeatN(
      Effect.flatMap(client.execute(request), (response) => response.json),
      batch - 1
    )
    return () => managed.runPromise(calls)
  }
  const inMemoryCpuNs = await measureCpuInTurns(
    {
      sdk: await inMemoryTasks(Rayvision.adapter(inMemoryClient, hmac).layer(demoOptions(domain, "http"))),
      platform: await platformAlone(),
      sdkWebCrypto: await inMemoryTasks(
        Rayvision.layer(demoOptions(domain, "http")).pipe(Layer.provide(inMemoryClient))
      )
    },
    { quick, minMs: quick ? 90 : 3000 }
  )
  for (const managed of runtimesInMemory) await managed.dispose()
  const perCallUs = (cpuNs: number) => round(cpuNs / batch / 1000, 1)
  const signer = await Effect.runPromise(Signer.makeWith(accessKey, hmac))
  const signInput = {
    domain,
    path: PATH,
    headers: {
      accessId: options.accessId,
      channel: "4",
      platform: "2",
      UTCTimestamp: "1",
      nonce: "1",
      version: "2.0.0"
    },
    body: { taskIds: [target.taskId] }
  }
  const signNow = signer.signSync!
  const decoder = fastDecoder(TaskService.endpoints.info.response)
  const decodeInfo = (data: unknown) => Either.getOrThrow(decoder(data)) as { readonly items: ReadonlyArray<unknown> }
  let sink = 0
  const inMemory: InMemoryFigures = {
    sdkCallCpuUs: perCallUs(inMemoryCpuNs.sdk),
    platformCallCpuUs: perCallUs(inMemoryCpuNs.platform),
    sdkWebCryptoCallCpuUs: perCallUs(inMemoryCpuNs.sdkWebCrypto),
    signCpuUs: round(
      (
        await measureCost(() => {
          for (let i = 0; i < batch; i++) sink += signNow(Signer.stringToSign(signInput)).length
        }, timing)
      ).cpuNs /
        batch /
        1000,
      1
    ),
    decodeCpuUs: round(
      (
        await measureCost(() => {
          for (let i = 0; i < batch; i++)
            sink += decodeInfo((JSON.parse(answer) as { data: unknown }).data).items.length
        }, timing)
      ).cpuNs /
        batch /
        1000,
      1
    ),
    jsonParseCpuUs: round(
      (
        await measureCost(() => {
          for (let i = 0; i < batch; i++) sink += (JSON.parse(answer) as { code: number }).code
        }, timing)
      ).cpuNs /
        batch /
        1000,
      1
    )
  }
  if (sink < 0) throw new Error("unreachable")

  // The same request, built once: body bytes and signed headers.
  const bodyText = Signer.encodeBody({ taskIds: [target.taskId] })
  const bodyBytes = new TextEncoder().encode(bodyText)
  const headers: Record<string, string> = {
    accessId: Simulator.demoAccount.accessId,
    channel: "4",
    platform: "2",
    UTCTimestamp: String(Math.floor(Date.now() / 1000)),
    nonce: "482913",
    version: "2.0.0"
  }
  const signature = await Effect.runPromise(
    Signer.signature(
      Redacted.make(Simulator.demoAccount.accessKey),
      Signer.stringToSign({ domain, path: PATH, headers, body: { taskIds: [target.taskId] } })
    )
  )
  const wireHeaders = { ...headers, signature, languageFlag: "0", "content-type": "application/json" }
  const callers: Array<Caller> = [
    sdk,
    promiseCaller("raw fetch", async () => {
      const response = await fetch(url, { method: "POST", headers: wireHeaders, body: bodyBytes })
      return JSON.parse(await response.text())
    })
  ]
  let closeUndici: () => Promise<void> = async () => {}
  if (runtime === "node") {
    const undici = await import("undici")
    const agent = new undici.Agent()
    closeUndici = () => agent.close()
    callers.push(
      promiseCaller("raw undici.request", async () => {
        const response = await undici.request(url, {
          method: "POST",
          headers: wireHeaders,
          body: bodyBytes,
          dispatcher: agent
        })
        return JSON.parse(await response.body.text())
      })
    )
  }
  callers.push(sdkNodeCrypto)
  // The adapter's own Effect HttpClient posting the pre-built request: what @effect/platform and
  // the Effect runtime cost without the SDK (no validation, signing, decoding, span or metrics).
  const platformRuntime = ManagedRuntime.make(adapter)
  runtimes.push(platformRuntime)
  const httpClient = asTheSdkSends(await platformRuntime.runPromise(HttpClient.HttpClient))
  const prebuilt = HttpClientRequest.post(url).pipe(
    HttpClientRequest.setHeaders(wireHeaders),
    HttpClientRequest.bodyUint8Array(bodyBytes, "application/json")
  )
  const platformCall = httpClient.execute(prebuilt).pipe(
    Effect.flatMap((response) => response.text),
    Effect.map((text) => JSON.parse(text) as unknown)
  )
  callers.push({
    client: "Effect HttpClient of the adapter, pre-built request",
    latencies: (calls) =>
      platformRuntime.runPromise(
        Effect.gen(function* () {
          const out: Array<number> = []
          for (let i = 0; i < calls; i++) {
            const start = now()
            yield* platformCall
            out.push(now() - start)
          }
          return out
        })
      ),
    throughput: (concurrency, millis) =>
      platformRuntime.runPromise(
        Effect.gen(function* () {
          let done = 0
          const deadline = now() + millis
          const loop = Effect.gen(function* () {
            while (now() < deadline) {
              yield* platformCall
              done++
            }
          })
          yield* Effect.all(
            Array.from({ length: concurrency }, () => loop),
            { concurrency: "unbounded", discard: true }
          )
          return done
        })
      )
  })

  const latencyCalls = quick ? 60 : 1500
  const millis = quick ? 100 : 1000
  const rounds = quick ? 1 : 3
  const figures = new Map<
    string,
    { latencies: Array<number>; perSecond: Map<number, Array<number>>; cpu: Map<number, [number, number]> }
  >()
  for (const caller of callers) {
    // Warm-up: connections open, code optimized.
    await caller.latencies(quick ? 20 : 500)
    await caller.throughput(16, quick ? 30 : 500)
    figures.set(caller.client, { latencies: [], perSecond: new Map(), cpu: new Map() })
  }
  // Rounds interleave the clients, so a slow phase of the machine is shared between them.
  for (let r = 0; r < rounds; r++) {
    for (const caller of callers) {
      figures.get(caller.client)!.latencies.push(...(await caller.latencies(Math.ceil(latencyCalls / rounds))))
    }
    for (const concurrency of CONCURRENCY) {
      for (const caller of callers) {
        const cpuBefore = cpuNs()
        const calls = await caller.throughput(concurrency, millis)
        const cpu = cpuNs() - cpuBefore
        const { cpu: cpuFigures, perSecond } = figures.get(caller.client)!
        perSecond.set(concurrency, [...(perSecond.get(concurrency) ?? []), (calls * 1000) / millis])
        const [cpuSum, callSum] = cpuFigures.get(concurrency) ?? [0, 0]
        cpuFigures.set(concurrency, [cpuSum + cpu, callSum + calls])
      }
    }
  }
  for (const sdkRuntime of runtimes) await sdkRuntime.dispose()
  await closeUndici()

  const median = (xs: ReadonlyArray<number>) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5
    )
  const clients: Array<ClientFigures> = callers.map((caller) => {
    const { cpu, latencies, perSecond } = figures.get(caller.client)!
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      client: caller.client,
      latencyP50Ms: round(quantile(sorted, 0.5), 4),
      latencyP99Ms: round(quantile(sorted, 0.99), 4),
      latencyMeanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length, 4),
      callsPerSecond: Object.fromEntries(CONCURRENCY.map((c) => [String(c), Math.round(median(perSecond.get(c)!))])),
      cpuUsPerCall: Object.fromEntries(
        CONCURRENCY.map((c) => {
          const [cpuSum, calls] = cpu.get(c)!
          return [String(c), round(cpuSum / calls / 1000, 1)]
        })
      )
    }
  })
  const [sdkFigures, fetchFigures] = clients as [ClientFigures, ClientFigures]
  return {
    server: target.server,
    clients,
    inMemory,
    ratios: {
      latencyP50: round(sdkFigures.latencyP50Ms / fetchFigures.latencyP50Ms),
      latencyP99: round(sdkFigures.latencyP99Ms / fetchFigures.latencyP99Ms),
      throughput: Object.fromEntries(
        CONCURRENCY.map((c) => [
          String(c),
          round(sdkFigures.callsPerSecond[String(c)]! / fetchFigures.callsPerSecond[String(c)]!)
        ])
      ),
      cpuPerCall: Object.fromEntries(
        CONCURRENCY.map((c) => [
          String(c),
          round(sdkFigures.cpuUsPerCall[String(c)]! / fetchFigures.cpuUsPerCall[String(c)]!)
        ])
      )
    }
  }
}
