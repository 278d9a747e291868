/**
 * What the load run measures in its own process: the open TCP sockets and the heap, settled.
 */
import { Duration, Effect } from "effect"

/** Open TCP sockets that keep the process alive (client and server ends both count). */
export const tcpSockets = (): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length

/** `global.gc`, there when node runs with `--expose-gc`. */
export const gc = (globalThis as { gc?: () => void }).gc

/** Heap used after a full collection (a few rounds, so finalizers run), or as it is when gc is not exposed. */
export const settledHeap = Effect.promise(async () => {
  if (gc !== undefined) {
    for (let i = 0; i < 4; i++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return process.memoryUsage().heapUsed
})

/** Polls `tcpSockets()` until it is at most `target` or `within` has passed; the last count. */
export const socketsSettled = (target: number, within: Duration.DurationInput) =>
  Effect.gen(function* () {
    const until = Date.now() + Duration.toMillis(within)
    let count = tcpSockets()
    while (count > target && Date.now() < until) {
      yield* Effect.sleep("20 millis")
      count = tcpSockets()
    }
    return count
  })

/** The value at quantile `q` of sorted values. */
export const quantile = (sorted: Float64Array, q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
