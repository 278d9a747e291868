/**
 * Where a call's CPU goes, in memory: `TaskService.info` on an HttpClient answering from memory,
 * next to `@effect/platform`'s HttpClient alone on the same client (a pre-built request, the
 * answer parsed), and the SDK's parts alone. `node --cpu-prof --import tsx bench/cpu-per-call.ts`
 * profiles it. Prints CPU µs per call.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Rayvision, TaskService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"

const answer = JSON.stringify({
  code: 200,
  message: "success",
  requestId: "r",
  data: { pageCount: 1, pageNum: 1, total: 1, size: 1, items: [{ id: 7, taskStatus: 10, projectName: "p" }] },
  serverTime: 1
})
const client = HttpClient.make((request) =>
  Effect.sync(() => HttpClientResponse.fromWeb(request, new Response(answer, { status: 200 })))
)
const options = {
  accessId: "AKID",
  accessKey: Redacted.make("key"),
  domain: "127.0.0.1:1",
  protocol: "http" as const,
  platform: 2
}
const cpu = () => {
  const u = process.cpuUsage()
  return u.user + u.system
}
const per = async (name: string, n: number, run: () => Promise<unknown>) => {
  for (let i = 0; i < Math.min(n, 2000); i++) await run()
  const start = cpu()
  for (let i = 0; i < n; i++) await run()
  console.log(`${name.padEnd(44)} ${((cpu() - start) / n).toFixed(1)} µs/call`)
}
const N = Number(process.argv[2] ?? 20000)

const platformRuntime = ManagedRuntime.make(Layer.empty)
const request = HttpClientRequest.post("http://127.0.0.1:1/api/render/handle/queryTaskInfo/v2").pipe(
  HttpClientRequest.bodyText('{"taskIds":[7]}', "application/json")
)
const platformCall = Effect.flatMap(client.execute(request), (response) => response.json)
await per("platform HttpClient alone", N, () => platformRuntime.runPromise(platformCall))

const sdk = ManagedRuntime.make(
  Rayvision.adapter(Layer.succeed(HttpClient.HttpClient, client), RayvisionNode.hmac).layer(options)
)
const tasks = await sdk.runPromise(TaskService.TaskService)
await per("SDK TaskService.info", N, () => sdk.runPromise(tasks.info([7])))
await sdk.dispose()
