import { assert, describe, it } from "@effect/vitest"
import { Simulator } from "@rayvision/simulator"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const root = fileURLToPath(new URL("../..", import.meta.url))

describe("examples/observability.ts (export to OpenTelemetry)", () => {
  it("prints the spans and metrics the in-memory OpenTelemetry exporters received, and no secret", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--conditions=source", "examples/observability.ts"],
      { cwd: root, timeout: 60_000 }
    )
    const [spanPart, metricPart] = stdout.split(/^Exported \d+ metrics/m)
    assert.isDefined(metricPart, stdout)
    assert.match(stdout, /^Calling the in-process simulator, exporting to in-memory OpenTelemetry exporters$/m)

    // Spans: one per call, named after the method, children under the workflow that made them.
    assert.match(spanPart!, /^Exported 9 spans:$/m)
    // The first call: the injected 500 retried (an event with the error and the delay), then a
    // 610 (the simulator's clock runs 10 minutes ahead) and a clock correction, then the answer.
    const profile = /^ {2}UserService\.profile \[ok\] .*\n((?: {4}event .*\n)+)/m.exec(spanPart!)
    assert.isNotNull(profile, spanPart)
    assert.match(
      profile![0],
      /^ {2}UserService\.profile \[ok\] rayvision\.path=\/api\/render\/setUp\/queryUserProfile rayvision\.platform=4 rayvision\.attempts=3 rayvision\.code=200\n/
    )
    assert.deepStrictEqual(
      profile![1]!
        .trim()
        .split("\n")
        .map((line) => line.trim().replace(/_ms=[\d.]+/g, "_ms=N")),
      [
        "event rayvision.attempt rayvision.attempt=1 rayvision.code=500 rayvision.duration_ms=N rayvision.error=InternalError",
        "event rayvision.retry rayvision.attempt=1 rayvision.error=InternalError rayvision.code=500 rayvision.retry_delay_ms=N",
        "event rayvision.attempt rayvision.attempt=2 rayvision.code=610 rayvision.duration_ms=N rayvision.error=SignatureExpired",
        "event rayvision.clock_corrected rayvision.attempt=2 rayvision.clock_offset_ms=N",
        "event rayvision.resend rayvision.attempt=2 rayvision.code=610",
        "event rayvision.attempt rayvision.attempt=3 rayvision.code=200 rayvision.duration_ms=N"
      ]
    )
    assert.match(spanPart!, /^ {2}UserService\.userInfo \[ok\]/m)
    for (const child of ["UserService\\.profile", "UserService\\.settings", "TransferService\\.bucketIds"])
      assert.match(
        spanPart!,
        new RegExp(
          `^ {4}${child} \\[ok\\] rayvision\\.path=/api/\\S+ rayvision\\.platform=4 rayvision\\.attempts=1 rayvision\\.code=200$`,
          "m"
        )
      )
    assert.match(spanPart!, /^ {2}TaskService\.createTaskIds \[ok\] .*rayvision\.attempts=1 rayvision\.code=200$/m)
    const taskId = /^ {2}TaskService\.submit \[ok\] .*rayvision\.task_ids=(\d+) /m.exec(spanPart!)?.[1]
    assert.isDefined(taskId, spanPart)
    assert.match(
      spanPart!,
      new RegExp(
        `^ {2}TaskService\\.info \\[ok\\] .*rayvision\\.task_ids=${taskId} rayvision\\.attempts=1 rayvision\\.code=200$`,
        "m"
      )
    )
    assert.match(
      spanPart!,
      /^ {2}TaskService\.stop \[error\] rayvision\.path=\S+ rayvision\.platform=4 rayvision\.attempts=0 rayvision\.code=InvalidRequest$/m
    )

    // Metrics: the SDK's six, with their tags.
    assert.match(metricPart!, /^, 6 of them the SDK's:$/m)
    for (const name of [
      "rayvision_calls_total",
      "rayvision_call_errors_total",
      "rayvision_retries_total",
      "rayvision_clock_corrections_total",
      "rayvision_resends_total",
      "rayvision_call_duration_ms"
    ])
      assert.match(metricPart!, new RegExp(`^ {2}${name} \\(.+\\)$`, "m"))
    assert.match(metricPart!, /^ {4}\{operation=UserService\.profile path=\/api\/render\/setUp\/queryUserProfile\} 2$/m)
    assert.match(metricPart!, /^ {4}\{operation=TaskService\.stop code=InvalidRequest\} 1$/m)
    assert.match(
      metricPart!,
      /^ {4}\{operation=UserService\.profile\} 2$/m,
      "a retry and a re-send after the correction"
    )
    assert.match(metricPart!, /^ {4}\{operation=UserService\.profile\} 1$/m, "one clock correction")
    assert.match(metricPart!, /^ {4}\{operation=UserService\.profile code=610\} 1$/m, "one re-send after a 610")
    assert.match(metricPart!, /^ {4}\{operation=UserService\.profile\} count=2 sum=[\d.]+$/m)
    assert.match(metricPart!, /^ {4}\{operation=TaskService\.info\} count=1 sum=[\d.]+$/m)

    // Nothing secret was exported: not the key, no signature (43 base64 characters and "="),
    // not even the access id.
    assert.notInclude(stdout, Simulator.demoAccount.accessKey)
    assert.notInclude(stdout, Simulator.demoAccount.accessId)
    assert.notMatch(stdout, /[A-Za-z0-9+/]{43}=/)
  })
})
