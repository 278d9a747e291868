/**
 * The simulator's HTTP server forked into a process of its own (`server.ts`) for the load run,
 * asked for its figures and closed over IPC.
 */
import type { Simulator } from "@rayvision/simulator"
import { Effect, type Scope } from "effect"
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { Reply, Request } from "./server.ts"

/** The forked simulator server: one request at a time over IPC. */
export interface ServerProcess {
  readonly host: string
  readonly port: number
  readonly ask: <T extends Reply["type"]>(request: Request, reply: T) => Effect.Effect<Extract<Reply, { type: T }>>
}

const serverEntry = fileURLToPath(new URL("./server.ts", import.meta.url))

/** Forks `server.ts` (TypeScript through tsx) with the simulator `options`; stopped when the scope closes. */
export const forkServer = (options: Simulator.Options): Effect.Effect<ServerProcess, never, Scope.Scope> =>
  Effect.gen(function* () {
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        fork(serverEntry, [JSON.stringify(options)], {
          execArgv: ["--conditions=source", "--import", "tsx"],
          serialization: "advanced",
          stdio: ["ignore", "inherit", "inherit", "ipc"]
        })
      ),
      (child) =>
        Effect.async<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
          child.once("exit", () => {
            clearTimeout(timer)
            resume(Effect.void)
          })
          if (child.connected) child.send({ type: "close" } satisfies Request, (error) => error && child.kill())
          else child.kill()
        })
    )
    /** The next message of type `type`; dies if the process exits first. */
    const next = <T extends Reply["type"]>(type: T) =>
      Effect.async<Extract<Reply, { type: T }>>((resume) => {
        const onMessage = (message: Reply) => {
          if (message.type !== type) return
          cleanup()
          resume(Effect.succeed(message as Extract<Reply, { type: T }>))
        }
        const onExit = (code: number | null, signal: string | null) => {
          cleanup()
          resume(Effect.dieMessage(`the load server exited (${signal ?? `code ${code}`}) while ${type} was awaited`))
        }
        const cleanup = () => {
          child.off("message", onMessage)
          child.off("exit", onExit)
        }
        child.on("message", onMessage)
        child.on("exit", onExit)
        return Effect.sync(cleanup)
      })
    const ready = yield* next("ready")
    return {
      host: ready.host,
      port: ready.port,
      ask: (request, reply) =>
        Effect.zipRight(
          // A failed send (the process is gone) shows as its exit, which `next` reports.
          Effect.sync(() => child.send(request, () => {})),
          next(reply),
          { concurrent: true }
        )
    }
  })
