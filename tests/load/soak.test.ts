/**
 * Load and soak: 20 000 calls at concurrency 200 from one client over real sockets (the Node
 * adapter against the simulator's HTTP server, which runs in a process of its own), with 1% of
 * the requests meeting an injected transient fault. Every call ends, as a success or a typed
 * `ApiError`; nothing dies, nothing is left unhandled, and once the client and the server are
 * closed neither process holds a socket more than before and (with `--expose-gc`) the client's
 * heap is about what it started with. The figures are printed; timings are never asserted.
 *
 * `RAYVISION_LOAD_CALLS` changes the number of calls (e.g. a longer soak).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { formatReport, runLoad } from "./harness.ts"

const calls = Number(process.env["RAYVISION_LOAD_CALLS"] ?? 20_000)

describe("load", () => {
  it.live(
    `${calls} calls at concurrency 200 with 1% transient faults all end, typed, and leave nothing behind`,
    () =>
      Effect.gen(function* () {
        const report = yield* runLoad({ calls, concurrency: 200, faultRate: 0.01 })
        console.log(formatReport(report))

        // Every call ended, as a success or a typed error; nothing else, on either side.
        assert.strictEqual(report.calls, calls)
        assert.strictEqual(report.defects, 0, report.defectSamples.join("\n"))
        assert.strictEqual(report.unhandledRejections, 0)
        assert.strictEqual(report.serverUnhandledRejections, 0)
        const typed = Object.values(report.errorsByTag).reduce((sum, n) => sum + n, 0)
        assert.strictEqual(report.successes + typed, report.calls)

        // The faults happened, at about the rate asked for (per request, retries included).
        const rate = report.faultedRequests / report.requests
        assert.isAbove(rate, 0.004, `fault rate ${rate}`)
        assert.isBelow(rate, 0.02, `fault rate ${rate}`)
        // Each failed call met at least one fault; idempotent calls recover by retrying (four
        // faults in a row are about one in a hundred million), the others surface their fault.
        assert.isAtMost(typed, report.faultedRequests)
        assert.isAtMost(report.idempotentFailures, Math.ceil(report.calls * 0.001))
        assert.isAbove(report.nonIdempotentFailures, 0)

        // The client's pool and the server's connections are closed: back to the sockets of the start.
        assert.isAbove(report.serverConnectionsPeak, 0)
        assert.strictEqual(report.serverConnectionsAfterClient, 0, "the client left connections open")
        assert.strictEqual(report.serverConnectionsAfterClose, 0)
        assert.isAtMost(report.socketsAfterClient, report.socketsBefore)
        assert.isAtMost(report.socketsAfterServer, report.socketsBefore)

        // Nothing of the run stays reachable in the client (loosely: under 50 MB of growth).
        if (report.heapAfter === undefined) console.log("heap check skipped: run node with --expose-gc")
        else assert.isBelow(report.heapAfter - report.heapBefore, 50 * 1024 * 1024)
      }),
    200_000
  )
})
