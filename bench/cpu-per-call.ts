/**
 * Where a call's CPU goes, on Node: `TaskService.info` next to its floors, CPU µs per sequential
 * call of this process (the server runs in a process of its own, `serve.ts`).
 *
 * - in memory: the SDK on an HttpClient answering from memory, and `@effect/platform`'s HttpClient
 *   alone on the same client (a pre-built request, the answer parsed);
 * - over a socket: the SDK through `@rayvision/node`, the adapter's own HttpClient sending the
 *   same pre-built signed request, undici's `request` and `fetch` with the same bytes.
 *
 * Each figure is the median of 9 stretches, after a warm-up; calls run 20 to an effect, as
 * `overhead.ts` runs them. After `pnpm build`, `node --import tsx bench/cpu-per-call.ts [calls]`
 * (the built packages, as `main.ts` measures them);
 * add `--cpu-prof` to profile (`--only sdk-memory` or `--only sdk-socket` keeps one row).
 */
import { spawn } from "node:child_process"
import { createInterface } from "node:readline"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Rayvision, Signer, TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import * as Undici from "undici"
import { demoOptions } from "./fixtures.ts"
import { asTheSdkSends, medianCpuUsPerCall } from "./runtime.ts"

const args = process.argv.slice(2)
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 20000)
const BATCH = 20

/** Prints CPU µs per call (`run` making BATCH calls). */
const per = async (name: string, run: () => Promise<unknown>): Promise<void> => {
  if (only !== undefined && only !== name.split(":")[0]) return
  const perCall = await medianCpuUsPerCall(run, N, BATCH)
  console.log(`${name.padEnd(58)} ${perCall.toFixed(1).padStart(7)} µs/call`)
}
const repeat = <A, E>(effect: Effect.Effect<A, E>) => Effect.repeatN(effect, BATCH - 1)
const repeatPromise = (once: () => Promise<unknown>) => async () => {
  for (let i = 0; i < BATCH; i++) await once()
}

// In memory.
const answer = JSON.stringify({
  code: 200,
  message: "success",
  requestId: "r",
  data: { pageCount: 1, pageNum: 1, total: 1, size: 1, items: [{ id: 7, taskStatus: 10, projectName: "p" }] },
  serverTime: 1
})
const memory = HttpClient.make((request) =>
  Effect.sync(() => HttpClientResponse.fromWeb(request, new Response(answer, { status: 200 })))
)
const bare = ManagedRuntime.make(Layer.empty)
const prebuilt = HttpClientRequest.post("http://127.0.0.1:1/api/render/handle/queryTaskInfo/v2").pipe(
  HttpClientRequest.bodyText('{"taskIds": [7]}', "application/json")
)
const platformAlone = repeat(Effect.flatMap(memory.execute(prebuilt), (response) => response.json))
await per("platform-memory: @effect/platform HttpClient alone", () => bare.runPromise(platformAlone))
const memoryOptions = { ...demoOptions("127.0.0.1:1", "http"), retry: { times: 2 } }
const sdkMemory = ManagedRuntime.make(
  Rayvision.adapter(Layer.succeed(HttpClient.HttpClient, memory), RayvisionNode.hmac).layer(memoryOptions)
)
const memoryTasks = await sdkMemory.runPromise(TaskService.TaskService)
const memoryInfo = repeat(memoryTasks.info([7]))
await per("sdk-memory: SDK TaskService.info", () => sdkMemory.runPromise(memoryInfo))
await sdkMemory.dispose()

// Over a socket, the server in a process of its own.
if (only === undefined || only.endsWith("socket")) {
  const server = spawn("node", ["--conditions=source", "--import", "tsx", "bench/serve.ts"], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  const line = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once("line", resolve))
  const { port, taskId } = JSON.parse(line) as { port: number; taskId: number }
  const domain = `127.0.0.1:${port}`
  const path = TaskService.endpoints.info.path
  const url = `http://${domain}${path}`
  const options = { ...demoOptions(domain, "http"), retry: { times: 2 } }

  const sdk = ManagedRuntime.make(RayvisionNode.layer(options))
  const tasks = await sdk.runPromise(TaskService.TaskService)
  const info = repeat(tasks.info([taskId]))
  await per("sdk-socket: SDK TaskService.info (@rayvision/node)", () => sdk.runPromise(info))

  // The same request, built and signed once.
  const body = { taskIds: [taskId] }
  const headers: Record<string, string> = {
    accessId: options.accessId,
    channel: "4",
    platform: "2",
    UTCTimestamp: String(Math.floor(Date.now() / 1000)),
    nonce: "482913",
    version: "2.0.0"
  }
  const signature = RayvisionNode.hmac(Redacted.value(options.accessKey))(
    Signer.stringToSign({ domain, path, headers, body })
  )
  const bodyText = Signer.encodeBody(body)
  const wire = { ...headers, signature, languageFlag: "0", "content-type": "application/json" }
  const adapter = ManagedRuntime.make(RayvisionNode.layerHttpClient)
  const client = asTheSdkSends(await adapter.runPromise(HttpClient.HttpClient))
  const request = HttpClientRequest.post(url).pipe(
    HttpClientRequest.setHeaders(wire),
    HttpClientRequest.bodyText(bodyText, "application/json")
  )
  const adapterCall = repeat(Effect.flatMap(client.execute(request), (response) => response.json))
  await per("adapter-socket: the adapter's HttpClient, pre-built request", () => adapter.runPromise(adapterCall))
  await per(
    "undici-socket: undici.request",
    repeatPromise(async () => {
      const response = await Undici.request(url, { method: "POST", headers: wire, body: bodyText })
      return JSON.parse(await response.body.text())
    })
  )
  await per(
    "fetch-socket: fetch",
    repeatPromise(async () => {
      const response = await fetch(url, { method: "POST", headers: wire, body: bodyText })
      return JSON.parse(await response.text())
    })
  )
  await sdk.dispose()
  await adapter.dispose()
  server.stdin!.end()
}
await bare.dispose()
