/**
 * Decoding: JSON text of a 100-task list page and of a 1,000-frame page into the response
 * schemas `TaskService` uses (`TaskPage`, `FramePage`), against `JSON.parse` alone. The decoder is
 * the transport's (`internal/fastDecode.ts`: the schema compiled once, Effect's own decoder for
 * what it refuses), so the figures are what a call pays.
 */
import { TaskService } from "@rayvision/core"
import { Either, type Schema } from "effect"
import { fastDecoder } from "../packages/core/src/internal/fastDecode.ts"
import type { Fixtures } from "./fixtures.ts"
import { type Cost, measureCost, round } from "./runtime.ts"

/** One page's figures, in nanoseconds per page. */
export interface DecodingCase {
  readonly name: string
  readonly items: number
  readonly bytes: number
  /** `JSON.parse` of the envelope, then the transport's decoder of the response schema on its data. */
  readonly decode: Cost
  /** `JSON.parse` alone. */
  readonly jsonParse: Cost
  /** decode / JSON.parse, CPU time. */
  readonly ratio: number
  /** Items decoded per second of CPU. */
  readonly itemsPerSecond: number
}

/** Runs the decoding benchmark. */
export const runDecoding = async (fixtures: Fixtures, quick: boolean): Promise<ReadonlyArray<DecodingCase>> => {
  const timing = { quick, minMs: quick ? 10 : 800 }
  const one = async <A extends { readonly items: ReadonlyArray<unknown> }, I>(
    name: string,
    text: string,
    schema: Schema.Schema<A, I>
  ): Promise<DecodingCase> => {
    const decoder = fastDecoder(schema)
    const decodeSync = (data: unknown): A => Either.getOrThrow(decoder(data))
    const items = decodeSync((JSON.parse(text) as { data: unknown }).data).items.length
    let sink = 0
    const decode = await measureCost(() => {
      sink += decodeSync((JSON.parse(text) as { data: unknown }).data).items.length
    }, timing)
    const jsonParse = await measureCost(() => {
      sink += (JSON.parse(text) as { data: { items: Array<unknown> } }).data.items.length
    }, timing)
    if (sink < 0) throw new Error("unreachable")
    return {
      name,
      items,
      bytes: new TextEncoder().encode(text).length,
      decode: { wallNs: Math.round(decode.wallNs), cpuNs: Math.round(decode.cpuNs) },
      jsonParse: { wallNs: Math.round(jsonParse.wallNs), cpuNs: Math.round(jsonParse.cpuNs) },
      ratio: round(decode.cpuNs / jsonParse.cpuNs, 2),
      itemsPerSecond: Math.round(items / (decode.cpuNs / 1e9))
    }
  }
  return [
    await one("task list page (getTaskList/v2)", fixtures.taskListText, TaskService.endpoints.listPage.response),
    await one("frame page (queryTaskFrames)", fixtures.framePageText, TaskService.endpoints.framesPage.response)
  ]
}
