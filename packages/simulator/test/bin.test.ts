import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { once } from "node:events"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { demoAccount } from "../src/Simulator.ts"
import { signed } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

const root = fileURLToPath(new URL("../../..", import.meta.url))

describe("the simulator command", () => {
  it.live("starts on a free port, prints the URL and the demo credentials, serves, and stops on SIGTERM", () =>
    Effect.gen(function* () {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "--conditions=source", "packages/simulator/src/bin.ts", "--port", "0", "--seed", "3"],
        { cwd: root, stdio: ["ignore", "pipe", "pipe"] }
      )
      let output = ""
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
      const url = yield* Effect.promise(
        () =>
          new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000)
            child.stdout.on("data", () => {
              const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
              if (match !== null && output.includes("Press Ctrl+C")) {
                clearTimeout(timer)
                resolve(match[1]!)
              }
            })
          })
      )
      assert.include(output, `demo accessId:       ${demoAccount.accessId}`)
      assert.include(output, `demo accessKey:      ${demoAccount.accessKey}`)
      const host = new URL(url).host
      assert.include(output, `domain to configure: ${host}`)

      const request = yield* signed({ path: paths.queryUserProfile, host })
      const envelope = yield* Effect.promise(() =>
        fetch(`${url}${request.path}`, { method: "POST", headers: request.headers, body: request.bodyText }).then(
          (r) => r.json() as Promise<{ code: number; data: { userId: number } }>
        )
      )
      assert.strictEqual(envelope.code, 200)
      assert.isAbove(envelope.data.userId, 0)

      child.kill("SIGTERM")
      const [code] = yield* Effect.promise(() => once(child, "exit"))
      assert.strictEqual(code, 0)
      assert.include(output, "Simulator stopped.")
    })
  )

  it.live("refuses an unknown option or a value out of range with exit code 2 and the reason", () =>
    Effect.gen(function* () {
      const refused = (args: ReadonlyArray<string>) =>
        Effect.promise(async () => {
          const child = spawn(
            process.execPath,
            ["--import", "tsx", "--conditions=source", "packages/simulator/src/bin.ts", ...args],
            { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } }
          )
          let errors = ""
          child.stderr.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk))
          const [code] = await once(child, "exit")
          return { code, errors }
        })
      const [unknown, speed] = yield* Effect.all(
        [refused(["--bogus", "1"]), refused(["--port", "0", "--speed", "0"])],
        {
          concurrency: 2
        }
      )
      assert.strictEqual(unknown.code, 2)
      assert.match(unknown.errors, /--bogus/)
      assert.strictEqual(speed.code, 2)
      assert.match(speed.errors, /invalid --speed 0/)
    })
  )
})
