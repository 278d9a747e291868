/**
 * Where a call's CPU goes, on Node: `TaskService.info` run many times under V8's sampling profiler
 * (`node:inspector`), each sample put in one stage by the nearest frame of its stack that belongs
 * to a known part (the leaf first: the code that was running), and each stage's share of the
 * samples multiplied by the call's CPU time measured without the profiler. Two settings: an
 * HttpClient answering from memory, and the Node adapter over a socket to `serve.ts` (another
 * process). Prints one JSON object: `{ memory: {...}, socket: {...} }`, µs per call by stage.
 *
 * `node --import tsx bench/where-cpu-goes.ts [calls] [--out file.json] [--commit sha]`, after
 * `pnpm build` (it measures the built packages, as `main.ts` does)
 * (`main.ts` runs it after Node's benchmarks; `cpu-stages.ts` makes its section of the report).
 * Run on an idle machine; `bench/results/cpu-stages.json` keeps the committed figures.
 */
import { spawn } from "node:child_process"
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { createInterface } from "node:readline"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Rayvision, Signer, TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import type { CpuStages } from "./cpu-stages.ts"
import { demoOptions, makeFixtures } from "./fixtures.ts"
import { asTheSdkSends, medianCpuUsPerCall } from "./runtime.ts"

const args = process.argv.slice(2)
const calls = Number(args.find((a) => /^\d+$/.test(a)) ?? 20000)
const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : undefined
const commit = args.includes("--commit") ? args[args.indexOf("--commit") + 1] : undefined
const BATCH = 20

/** The stages, in the order a call meets them; the first rule a frame's URL (or name) meets wins. */
const stages: ReadonlyArray<readonly [stage: string, test: (url: string, name: string) => boolean]> = [
  ["garbage collection", (_, name) => name === "(garbage collector)"],
  ["nonce", (url) => url.includes("/internal/nonce.")],
  ["string to sign and HMAC", (url, name) => /\/internal\/(canonical|hmac)\./.test(url) || name === "Hmac"],
  ["building the request", (url) => url.includes("/internal/request.")],
  ["reading the envelope", (url) => url.includes("/internal/answer.")],
  [
    "schemas (validating the input, decoding the answer)",
    (url) => /\/(ParseResult|Schema|SchemaAST)\.js$|\/internal\/(fastDecode|schema)\./.test(url)
  ],
  [
    "span and metrics",
    (url) => /\/internal\/(instrument|span)\.|\/(Metric\w*|Tracer)\.js$|\/internal\/(metric|tracer)/.test(url)
  ],
  ["timeout", (url) => url.includes("/internal/timeout.")],
  ["sending through the adapter's exchange", (url) => url.includes("/internal/direct.")],
  ["reading the body (core kit)", (url) => url.includes("/HttpClientKit.")],
  ["@effect/platform HttpClient", (url) => url.includes("@effect/platform/")],
  ["transport (HttpTransport.ts)", (url) => url.includes("/HttpTransport.")],
  [
    "sockets and streams (undici, node:net, web streams)",
    (url) => url.includes("undici") || /^node:(net|_http|stream|internal\/(stream|webstreams|net|dns|http))/.test(url)
  ],
  ["Effect runtime (fibers, FiberRefs, scheduler)", (url) => url.includes("/effect/dist/")]
]

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string }
  readonly children?: ReadonlyArray<number>
}

/** The share of the samples per stage (idle time and V8's unattributed "(program)" samples left out). */
const attribute = (profile: {
  nodes: ReadonlyArray<ProfileNode>
  samples: ReadonlyArray<number>
  timeDeltas: ReadonlyArray<number>
}) => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const stageOf = new Map<number, string | undefined>()
  const classify = (id: number): string | undefined => {
    if (stageOf.has(id)) return stageOf.get(id)
    let stage: string | undefined
    for (let at: number | undefined = id; at !== undefined && stage === undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame
      if (functionName === "(idle)" || functionName === "(program)") return undefined
      stage = stages.find(([, test]) => test(url, functionName))?.[0]
    }
    stageOf.set(id, stage ?? "other (bench loop, node internals)")
    return stageOf.get(id)
  }
  const time = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const stage = classify(id)
    if (stage === undefined) return
    const dt = profile.timeDeltas[i] ?? 0
    time.set(stage, (time.get(stage) ?? 0) + dt)
    total += dt
  })
  return new Map([...time].map(([stage, t]) => [stage, t / total]))
}

/** CPU µs per call (median of 9 stretches, unprofiled), then the same loop profiled. */
const measure = async (run: () => Promise<unknown>) => {
  const perCall = await medianCpuUsPerCall(run, calls, BATCH)
  const session = new Session()
  session.connect()
  await session.post("Profiler.enable")
  await session.post("Profiler.setSamplingInterval", { interval: 100 })
  await session.post("Profiler.start")
  for (let i = 0; i < Math.max(3, Math.round(calls / 3 / BATCH)); i++) await run()
  const { profile } = await session.post("Profiler.stop")
  session.disconnect()
  const shares = attribute(profile as never)
  const stagesUs: Record<string, number> = {}
  const order = [...stages.map(([stage]) => stage), "other (bench loop, node internals)"]
  for (const stage of order) {
    const share = shares.get(stage)
    if (share !== undefined) stagesUs[stage] = Math.round(share * perCall * 10) / 10
  }
  return { cpuUsPerCall: Math.round(perCall * 10) / 10, stages: stagesUs }
}

/** The signed `queryTaskInfo` request of the SDK's call, built once. */
const preBuilt = async (domain: string, taskId: number) => {
  const { accessKey, accessId } = demoOptions(domain, "http")
  const path = TaskService.endpoints.info.path
  const body = { taskIds: [taskId] }
  const headers = {
    accessId,
    channel: "4",
    platform: "2",
    UTCTimestamp: String(Math.floor(Date.now() / 1000)),
    nonce: "482913",
    version: "2.0.0"
  }
  const signature = RayvisionNode.hmac(Redacted.value(accessKey))(Signer.stringToSign({ domain, path, headers, body }))
  return HttpClientRequest.post(`http://${domain}${path}`).pipe(
    HttpClientRequest.setHeaders({ ...headers, signature, languageFlag: "0" }),
    HttpClientRequest.bodyText(Signer.encodeBody(body), "application/json")
  )
}

const fixtures = await Effect.runPromise(makeFixtures)
const memory = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    Effect.sync(() => HttpClientResponse.fromWeb(request, new Response(fixtures.taskInfoText, { status: 200 })))
  )
)
const inMemory = ManagedRuntime.make(
  Rayvision.adapter(memory, RayvisionNode.hmac).layer({ ...demoOptions("127.0.0.1:1", "http"), retry: { times: 2 } })
)
const memoryInfo = Effect.repeatN(
  (await inMemory.runPromise(TaskService.TaskService)).info([fixtures.taskId]),
  BATCH - 1
)
const memoryFigures = await measure(() => inMemory.runPromise(memoryInfo))
await inMemory.dispose()

const server = spawn("node", ["--conditions=source", "--import", "tsx", "bench/serve.ts"], {
  stdio: ["pipe", "pipe", "inherit"]
})
const line = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once("line", resolve))
const { port, taskId } = JSON.parse(line) as { port: number; taskId: number }
const overSocket = ManagedRuntime.make(
  RayvisionNode.layer({ ...demoOptions(`127.0.0.1:${port}`, "http"), retry: { times: 2 } })
)
const socketInfo = Effect.repeatN((await overSocket.runPromise(TaskService.TaskService)).info([taskId]), BATCH - 1)
const socketFigures = await measure(() => overSocket.runPromise(socketInfo))
await overSocket.dispose()

// The floor: the adapter's own HttpClient sending one pre-built request, the answer parsed.
const adapter = ManagedRuntime.make(RayvisionNode.layerHttpClient)
const client = asTheSdkSends(await adapter.runPromise(HttpClient.HttpClient))
const prebuilt = await preBuilt(`127.0.0.1:${port}`, taskId)
const floorCall = Effect.repeatN(
  Effect.flatMap(client.execute(prebuilt), (response) => response.json),
  BATCH - 1
)
const floorFigures = await measure(() => adapter.runPromise(floorCall))
await adapter.dispose()
server.stdin!.end()

const result: CpuStages = {
  ...(commit === undefined ? {} : { commit }),
  date: new Date().toISOString(),
  calls,
  memory: memoryFigures,
  socket: socketFigures,
  adapterFloor: floorFigures
}
console.log(JSON.stringify(result, null, 2))
if (out !== undefined) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
