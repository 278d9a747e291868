/**
 * The metrics of a call belong to its endpoint, not to its operation name: two endpoints may share
 * an operation name (a method whose path depends on its input, say) and not a path.
 */
import { assert, describe, it } from "@effect/vitest"
import { Endpoint, HttpTransport, Metrics } from "@rayvision/core"
import { Effect, Exit, Metric, Schema } from "effect"
import { envelope } from "./support.ts"
import { run } from "./transport.ts"

const operation = "EndpointMetricsTest.shared"
const endpointAt = (path: string) =>
  Endpoint.make({ operation, path, idempotent: true, request: Schema.Struct({}), response: Schema.Unknown })
const first = endpointAt("/made-up/shared/first")
const second = endpointAt("/made-up/shared/second")
// In both orders, so that neither endpoint is only ever the first one seen under the name.
const sequence = [first, second, second, first, second]

const callsAt = (path: string) =>
  Metric.value(
    Metrics.calls.pipe(Metric.tagged(Metrics.OperationTag, operation), Metric.tagged(Metrics.PathTag, path))
  ).pipe(Effect.map((state) => state.count))

describe("metrics per endpoint", () => {
  it.effect("two endpoints sharing an operation name count their calls under their own path", () =>
    Effect.gen(function* () {
      const read = Effect.all([callsAt(first.path), callsAt(second.path)])
      const before = yield* read
      const { exit, requests, spans } = yield* run(
        (request) => envelope({ path: request.path }),
        Effect.gen(function* () {
          const transport = yield* HttpTransport.HttpTransport
          for (const endpoint of sequence) yield* transport.call(endpoint, {})
        })
      )
      assert.isTrue(Exit.isSuccess(exit), String(exit))
      const after = yield* read
      assert.deepStrictEqual(
        requests.map((r) => r.path),
        sequence.map((e) => e.path)
      )
      assert.deepStrictEqual(
        after.map((count, i) => count - before[i]!),
        [first, second].map((endpoint) => sequence.filter((e) => e === endpoint).length)
      )
      // Each call's span names its own path too.
      assert.deepStrictEqual(
        spans.filter((s) => s.name === operation).map((s) => s.attributes.get("rayvision.path")),
        requests.map((r) => r.path)
      )
    })
  )
})
