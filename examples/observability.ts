/**
 * Observability: export the spans and metrics of a few API calls to OpenTelemetry with
 * `@effect/opentelemetry`.
 *
 * Every call of the SDK is a client span named after its method (`UserService.profile`, ...)
 * with `rayvision.*` attributes and an event per attempt, retry, clock correction and re-send; the
 * metrics `rayvision_calls_total`, `rayvision_call_errors_total`, `rayvision_retries_total`,
 * `rayvision_clock_corrections_total`, `rayvision_resends_total` and `rayvision_call_duration_ms`
 * are Effect metrics, which
 * `@effect/opentelemetry` hands to any OpenTelemetry metric reader.
 *
 * It runs against the in-process simulator (no socket, no credentials), which fails the first
 * request with a 500 (retried) and whose clock is ten minutes ahead (the second request gets a
 * 610 and the client corrects its clock). The exporters are in memory: the program prints what was
 * exported and sends nothing anywhere. In production, swap them for OTLP exporters
 * (`@opentelemetry/exporter-trace-otlp-http`, a `BatchSpanProcessor`, ...) or use
 * `@effect/opentelemetry/Otlp`.
 *
 * Run it: `npx tsx --conditions=source examples/observability.ts`.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import type { Attributes } from "@opentelemetry/api"
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader
} from "@opentelemetry/sdk-metrics"
import type { ResourceMetrics } from "@opentelemetry/sdk-metrics"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { Rayvision, TaskService, UserService } from "@rayvision/core"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Console, Effect, Layer, Redacted } from "effect"

// --- OpenTelemetry, in memory -------------------------------------------------------------

const spanExporter = new InMemorySpanExporter()
const spanProcessor = new SimpleSpanProcessor(spanExporter)
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
// Exports on demand (forceFlush below); the interval is only the reader's periodic fallback.
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })

/** Effect's tracer and metrics, wired to the OpenTelemetry SDK. */
const OpenTelemetry = NodeSdk.layer(() => ({
  resource: { serviceName: "rayvision-observability-example", serviceVersion: "0.1.0" },
  spanProcessor,
  metricReader
}))

// --- The calls ----------------------------------------------------------------------------

const PROFILE = UserService.endpoints.profile.path

/** A client on the in-process simulator, its clock 10 minutes ahead, one 500 on the profile. */
const Client = Rayvision.layer({
  accessId: Simulator.demoAccount.accessId,
  accessKey: Redacted.make(Simulator.demoAccount.accessKey),
  retry: { base: "20 millis" }
}).pipe(
  Layer.provideMerge(
    SimulatorService.layer({ seed: 1, clockOffsetMillis: 10 * 60_000, faults: [{ path: PROFILE, code: 500 }] })
  )
)

const calls = Effect.gen(function* () {
  const user = yield* UserService.UserService
  const tasks = yield* TaskService.TaskService
  // First request: the injected 500, retried; second: a 610, the clock corrected; third: the answer.
  yield* user.profile()
  yield* user.userInfo() // a workflow: its span has its three calls as children
  const { taskIdList } = yield* tasks.createTaskIds({ count: 1 })
  yield* tasks.submit({ taskId: taskIdList[0]! })
  yield* tasks.info(taskIdList)
  yield* Effect.flip(tasks.stop([])) // refused before sending: an InvalidRequest
})

// --- Printing what was exported -----------------------------------------------------------

/** `key=value` pairs; of a multi-line value (an exception's stack trace), the first line. */
const format = (attributes: Attributes) =>
  Object.entries(attributes)
    .map(([key, value]) => `${key}=${(Array.isArray(value) ? value.join(",") : String(value)).split("\n")[0]}`)
    .join(" ")

const printSpans = (spans: ReadonlyArray<ReadableSpan>) =>
  Effect.gen(function* () {
    yield* Console.log(`Exported ${spans.length} spans:`)
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]))
    const depth = (span: ReadableSpan): number => {
      const parent = span.parentSpanContext?.spanId
      const parentSpan = parent === undefined ? undefined : byId.get(parent)
      return parentSpan === undefined ? 0 : 1 + depth(parentSpan)
    }
    // In start order, children under their parent.
    const ordered = [...spans].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
    for (const span of ordered) {
      const indent = "  ".repeat(depth(span) + 1)
      yield* Console.log(
        `${indent}${span.name} [${span.status.code === 2 ? "error" : "ok"}] ${format(span.attributes)}`
      )
      for (const event of span.events)
        yield* Console.log(`${indent}  event ${event.name} ${format(event.attributes ?? {})}`)
    }
  })

const printMetrics = (exported: ReadonlyArray<ResourceMetrics>) =>
  Effect.gen(function* () {
    const last = exported.at(-1)
    const all = (last?.scopeMetrics ?? []).flatMap((scope) => scope.metrics)
    // Effect's own runtime metrics (effect_fiber_*) are exported too; the SDK's are these:
    const metrics = all.filter((metric) => metric.descriptor.name.startsWith("rayvision_"))
    yield* Console.log(`Exported ${all.length} metrics, ${metrics.length} of them the SDK's:`)
    for (const metric of metrics) {
      yield* Console.log(`  ${metric.descriptor.name} (${metric.descriptor.description})`)
      for (const point of metric.dataPoints) {
        const tags = `{${format(point.attributes)}}`
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const value = point.value as { count: number; sum?: number }
          yield* Console.log(`    ${tags} count=${value.count} sum=${(value.sum ?? 0).toFixed(1)}`)
        } else {
          yield* Console.log(`    ${tags} ${String(point.value)}`)
        }
      }
    }
  })

// --- The program --------------------------------------------------------------------------

const program = Effect.gen(function* () {
  yield* Console.log("Calling the in-process simulator, exporting to in-memory OpenTelemetry exporters")
  yield* calls.pipe(Effect.provide(Layer.fresh(Client)))
  yield* Effect.promise(() => spanProcessor.forceFlush())
  yield* Effect.promise(() => metricReader.forceFlush())
  yield* printSpans(spanExporter.getFinishedSpans())
  yield* printMetrics(metricExporter.getMetrics())
}).pipe(Effect.provide(OpenTelemetry))

Effect.runPromise(program).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
