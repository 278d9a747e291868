/**
 * The load run from the command line, with the figures on stdout:
 *
 *     node --expose-gc --conditions=source --import tsx tests/load/run.ts [calls] [concurrency] [faultRate]
 *
 * Defaults: 20 000 calls, concurrency 200, fault rate 0.01.
 */
import { Effect } from "effect"
import { defaults, formatReport, runLoad } from "./harness.ts"

const [calls, concurrency, faultRate] = process.argv.slice(2).map(Number)
const report = await Effect.runPromise(
  runLoad({
    calls: calls ?? defaults.calls,
    concurrency: concurrency ?? defaults.concurrency,
    faultRate: faultRate ?? defaults.faultRate
  })
)
console.log(formatReport(report))
process.exitCode =
  report.defects === 0 && report.unhandledRejections === 0 && report.calls === report.options.calls ? 0 : 1
