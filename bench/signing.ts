/**
 * Signing: signatures per second with the SDK's signer as `HttpTransport` signs (the string to
 * sign built, then `Signer.signSync`, the adapter's native HMAC over `node:crypto`, called at
 * once, no Effect step) against bare HMAC-SHA256 of the same string with `node:crypto` (the same
 * primitive) and with WebCrypto (core's portable default).
 */
import { Signer } from "@rayvision/core"
import { Simulator } from "@rayvision/simulator"
import { Effect, Redacted } from "effect"
import { createHmac } from "node:crypto"
import { adapterHmac, type Cost, measureCost, round } from "./runtime.ts"

/** Per-signature cost (elapsed and CPU nanoseconds) of each way of signing one body. */
export interface SigningCase {
  readonly name: string
  readonly ids: number
  /** Length of the string to sign, in characters. */
  readonly stringLength: number
  /** Building the string to sign and signing it with `Signer.signSync`, as the transport does. */
  readonly sdk: Cost
  /** Building the string to sign only (`Signer.stringToSign`, the transport's `canonical.stringToSignJs`). */
  readonly canonical: Cost
  /** `Signer.signSync` on a built string (the adapter's native HMAC, called at once). */
  readonly sign: Cost
  /** Bare WebCrypto `crypto.subtle.sign` + Base64 on a built string, key imported once. */
  readonly webCrypto: Cost
  /** Bare `node:crypto` `createHmac(...).update(...).digest("base64")` on a built string. */
  readonly nodeCrypto: Cost
}

/** Results of the signing benchmark. */
export interface SigningResults {
  /** Small (`queryTaskInfo`, 1 id), medium (100-id stop), large (2,000-id bulk). */
  readonly cases: ReadonlyArray<SigningCase>
  /** Bodies of 1, 10, 100, 1,000 and 10,000 ids. */
  readonly series: ReadonlyArray<SigningCase>
  /** Slope of log(SDK CPU cost) against log(ids) from 100 to 10,000 ids: 1 is linear. */
  readonly growthExponent: number
}

const DOMAIN = "task.renderbus.com"
const headers = {
  accessId: Simulator.demoAccount.accessId,
  channel: "4",
  platform: "2",
  UTCTimestamp: "1795910291",
  nonce: "482913",
  version: "2.0.0"
}
const ids = (n: number) => Array.from({ length: n }, (_, i) => 2_433_370 + i)
const encoder = new TextEncoder()
const base64 = (bytes: Uint8Array) => {
  let binary = ""
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return btoa(binary)
}

/** Runs the signing benchmark; `quick` measures each case briefly. */
export const runSigning = async (quick: boolean): Promise<SigningResults> => {
  const key = Simulator.demoAccount.accessKey
  const signer = await Effect.runPromise(Signer.makeWith(Redacted.make(key), await adapterHmac()))
  const signSync = signer.signSync
  if (signSync === undefined)
    throw new Error("Signer.makeWith gave no signSync: the transport would sign through an Effect")
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"]
  )
  let timing = { quick, minMs: quick ? 10 : 500 }
  const perOp = async (op: () => unknown, batch: number): Promise<Cost> => {
    const cost = await measureCost(op, timing)
    return { wallNs: round(cost.wallNs / batch, 1), cpuNs: round(cost.cpuNs / batch, 1) }
  }

  const measureCase = async (name: string, path: string, n: number): Promise<SigningCase> => {
    const body = { taskIds: ids(n) }
    const input = { domain: DOMAIN, path, headers, body }
    const text = Signer.stringToSign(input)
    // Every sample runs `batch` operations in one plain loop: the transport signs synchronously
    // (`signSync(canonical.stringToSignJs(...))`, no Effect step), so nothing else is measured.
    const batch = Math.max(1, Math.min(quick ? 10 : 100, Math.round((quick ? 200 : 2000) / n)))
    const expected = createHmac("sha256", key).update(text).digest("base64")
    if (signSync(Signer.stringToSign(input)) !== expected)
      throw new Error("the SDK's signature differs from node:crypto's")
    let sink = 0
    const sdk = await perOp(() => {
      for (let i = 0; i < batch; i++) sink += signSync(Signer.stringToSign(input)).length
    }, batch)
    const sign = await perOp(() => {
      for (let i = 0; i < batch; i++) sink += signSync(text).length
    }, batch)
    const canonical = await perOp(() => {
      for (let i = 0; i < batch; i++) sink += Signer.stringToSign(input).length
    }, batch)
    const webCrypto = await perOp(async () => {
      for (let i = 0; i < batch; i++)
        sink += base64(new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(text)))).length
    }, batch)
    const nodeCrypto = await perOp(() => {
      for (let i = 0; i < batch; i++) sink += createHmac("sha256", key).update(text).digest("base64").length
    }, batch)
    if (sink < 0) throw new Error("unreachable")
    return {
      name,
      ids: n,
      stringLength: text.length,
      sdk,
      canonical,
      sign,
      webCrypto,
      nodeCrypto
    }
  }

  // Warm-up, results dropped: the first case measured would otherwise pay for compiling the
  // signing code (the CPU time counts the compiler's threads too), the baselines already warm.
  timing = { quick: true, minMs: quick ? 20 : 200 }
  await measureCase("warm-up", "/api/render/handle/queryTaskInfo/v2", 1)
  await measureCase("warm-up", "/api/rendering/task/renderingTask/stopTask", 100)
  timing = { quick, minMs: quick ? 10 : 500 }
  const cases = [
    await measureCase("small: queryTaskInfo, 1 id", "/api/render/handle/queryTaskInfo/v2", 1),
    await measureCase("medium: stopTask, 100 ids", "/api/rendering/task/renderingTask/stopTask", 100),
    await measureCase("large: bulk stopTask, 2,000 ids", "/api/rendering/task/renderingTask/stopTask", 2000)
  ]
  const series: Array<SigningCase> = []
  for (const n of [1, 10, 100, 1000, 10_000]) {
    series.push(await measureCase(`${n} ids`, "/api/rendering/task/renderingTask/stopTask", n))
  }
  const at = (n: number) => series.find((s) => s.ids === n)!.sdk.cpuNs
  const growthExponent = Math.log(at(10_000) / at(100)) / Math.log(100)
  return { cases, series, growthExponent: round(growthExponent, 3) }
}
