#!/usr/bin/env node
/**
 * The simulator as a command: `rayvision-simulator [--port N] [--seed N] [--host H]`.
 * Serves the simulator until SIGINT or SIGTERM, and prints what a client needs to use it.
 *
 * @since 0.1.0
 */
import { Effect, Exit, Fiber } from "effect"
import process from "node:process"
import { serve } from "./SimulatorServer.ts"
import { demoAccount } from "./Simulator.ts"
import { make } from "./SimulatorService.ts"

/**
 * Command-line settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Args {
  readonly port: number
  readonly seed: number
  readonly host: string
}

const USAGE =
  "usage: rayvision-simulator [--port N (default 8080, 0 = any free port)] [--seed N (default 1)] [--host H (default 127.0.0.1)]"

/**
 * Reads `--port N`, `--seed N` and `--host H` (also `--port=N`); returns an error text for
 * anything else.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseArgs = (argv: ReadonlyArray<string>): Args | string => {
  let port = 8080
  let seed = 1
  let host = "127.0.0.1"
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    const eq = arg.indexOf("=")
    const name = eq === -1 ? arg : arg.slice(0, eq)
    if (name === "--help" || name === "-h") return USAGE
    if (name !== "--port" && name !== "--seed" && name !== "--host") return `unknown option ${name}\n${USAGE}`
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined) return `missing value for ${name}\n${USAGE}`
    switch (name) {
      case "--port": {
        const n = Number(value)
        if (!/^\d+$/.test(value) || n > 65535) return `invalid port ${value}\n${USAGE}`
        port = n
        break
      }
      case "--seed": {
        const n = Number(value)
        if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) return `invalid seed ${value}\n${USAGE}`
        seed = n
        break
      }
      case "--host":
        host = value
        break
      default:
        return `unknown option ${name}\n${USAGE}`
    }
  }
  return { port, seed, host }
}

const main = () => {
  const args = parseArgs(process.argv.slice(2))
  if (typeof args === "string") {
    console.error(args)
    process.exitCode = args === USAGE ? 0 : 2
    return
  }
  const program = Effect.scoped(
    Effect.gen(function* () {
      const sim = yield* make({ seed: args.seed })
      const address = yield* serve(sim, { port: args.port, host: args.host })
      const domain = `${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`
      console.log(`Renderbus simulator listening on ${address.url}`)
      console.log(`  domain to configure: ${domain}  (protocol http)`)
      console.log(`  demo accessId:       ${demoAccount.accessId}`)
      console.log(`  demo accessKey:      ${demoAccount.accessKey}`)
      console.log(`  seed:                ${args.seed}`)
      console.log("Press Ctrl+C to stop.")
      return yield* Effect.never
    })
  )
  const fiber = Effect.runFork(program)
  const stop = () => {
    Effect.runFork(Fiber.interrupt(fiber))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  fiber.addObserver((exit) => {
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
    if (Exit.isFailure(exit) && !Exit.isInterrupted(exit)) {
      console.error(exit.cause._tag === "Fail" ? String(exit.cause.error.message) : "simulator failed")
      process.exitCode = 1
    } else {
      console.log("Simulator stopped.")
    }
  })
}

main()
