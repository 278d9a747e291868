import { assert, describe, it } from "@effect/vitest"
import { ClientConfig, HttpTransport, TaskService, TransferService, UserService } from "@rayvision/core"
import { Effect, Exit, Inspectable, Layer, Logger, LogLevel, Redacted } from "effect"
import { inspect } from "node:util"
import { accessKey, clientLayer, envelope, makeFake, recordingLogger, recordingTracer } from "./support.ts"
import { paths } from "../../../tests/paths.ts"

describe("secrets never leave the signer", () => {
  it.live("no log line, span, attribute, error message or serialised error holds the key or a signature", () =>
    Effect.gen(function* () {
      const { logger, lines } = recordingLogger()
      const { spans, tracer } = recordingTracer()
      const fake = yield* makeFake((r, i) =>
        r.path === paths.queryUserProfile
          ? i === 0
            ? { _tag: "transportError" }
            : envelope({ userId: 1 })
          : r.path === paths.queryUserSetting
            ? envelope(null, 611, { message: "signature_invalid" })
            : r.path === paths.getBid
              ? { _tag: "text", status: 502, body: "<html>bad gateway</html>" }
              : r.path === paths.createTask
                ? envelope(null, 610, { serverTime: 1 })
                : envelope({ wrong: true })
      )
      const errors: Array<unknown> = []
      const program = Effect.gen(function* () {
        const user = yield* UserService.UserService
        const tasks = yield* TaskService.TaskService
        const transfer = yield* TransferService.TransferService
        yield* user.profile()
        for (const call of [
          user.settings(),
          transfer.bucketIds(),
          tasks.createTaskIds(),
          tasks.info([1]),
          tasks.stop([])
        ]) {
          const exit = yield* Effect.exit(call)
          if (Exit.isFailure(exit)) errors.push(exit.cause._tag === "Fail" ? exit.cause.error : exit.cause)
        }
        const transport = yield* HttpTransport.HttpTransport
        const config = yield* ClientConfig.ClientConfig
        return { transport, config }
      })
      const { config, transport } = yield* program.pipe(
        Effect.provide(clientLayer(fake, { retry: { times: 2, base: "1 millis" } })),
        Effect.withTracer(tracer),
        Effect.provide(
          Layer.mergeAll(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))
        )
      )
      const sent = yield* fake.requests
      const signatures = sent.map((r) => r.headers["signature"]!)
      assert.isAtLeast(signatures.length, 6)
      assert.isAtLeast(errors.length, 5)
      assert.isAtLeast(lines.length, 6, "debug logs were written")
      assert.isTrue(spans.some((s) => s.name === "UserService.profile"))
      const profileSpan = spans.find((s) => s.name === "UserService.profile")!
      assert.strictEqual(profileSpan.attributes.get("rayvision.path"), paths.queryUserProfile)
      assert.strictEqual(profileSpan.attributes.get("rayvision.attempts"), 2)
      assert.strictEqual(profileSpan.attributes.get("rayvision.code"), 200)
      const infoSpan = spans.find((s) => s.name === "TaskService.info")!
      assert.strictEqual(infoSpan.attributes.get("rayvision.task_ids"), "1")
      assert.strictEqual(infoSpan.attributes.get("rayvision.code"), "ResponseDecodeError")

      const texts: Array<string> = [
        ...lines,
        ...spans.flatMap((s) => [
          s.name,
          ...[...s.attributes].map(([k, v]) => `${k}=${String(v)}`),
          s.exit === undefined ? "" : inspect(s.exit, { depth: 10 })
        ]),
        ...errors.flatMap((e) => [
          String(e),
          JSON.stringify(e),
          inspect(e, { depth: 10 }),
          e instanceof Error ? `${e.message} ${e.stack ?? ""}` : ""
        ]),
        JSON.stringify(config),
        inspect(config, { depth: 10 }),
        Inspectable.format(config),
        inspect(transport, { depth: 5 }),
        String(Redacted.make(accessKey)),
        inspect(Redacted.make(accessKey))
      ]
      const haystack = texts.join("\n")
      assert.notInclude(haystack, accessKey)
      for (const signature of signatures)
        assert.deepStrictEqual(
          texts.filter((t) => t.includes(signature)),
          []
        )
      // The logs do say what happened.
      assert.isTrue(lines.some((l) => l.includes(`path=${paths.queryUserSetting}`) && l.includes("code=611")))
    })
  )
})
