/**
 * The simulator's HTTP server in a process of its own, for the load run (`serverProcess.ts` forks it):
 * the client and the server then each have an event loop and a core, and each side's sockets and
 * heap are its own. Driven over the IPC channel (advanced serialization, so `Infinity` survives):
 *
 * - on start it answers `{ type: "ready", host, port }`;
 * - `{ type: "inject", faults }`: injects the faults, answers `{ type: "injected" }`;
 * - `{ type: "stats", from }`: answers the requests received from index `from` on, how many of
 *   them an injected fault took, the open connections (after waiting up to `settleMillis` for
 *   them to drop to 0), the highest number of open connections seen and the unhandled rejections;
 * - `{ type: "close" }`: stops the server, answers `{ type: "closed", sockets }` and exits.
 *
 * The simulator options come as JSON in the first argument.
 */
import { Simulator, SimulatorFault, SimulatorService, SimulatorServer } from "@rayvision/simulator"
import { Effect, Exit, Scope } from "effect"

/** A message from the load run. */
export type Request =
  | { readonly type: "inject"; readonly faults: ReadonlyArray<SimulatorFault.Fault> }
  | { readonly type: "stats"; readonly from: number; readonly settleMillis: number }
  | { readonly type: "close" }

/** A message to the load run. */
export type Reply =
  | { readonly type: "ready"; readonly host: string; readonly port: number }
  | { readonly type: "injected" }
  | {
      readonly type: "stats"
      readonly requests: number
      readonly faulted: number
      readonly redelivered: number
      readonly sockets: number
      readonly socketsPeak: number
      readonly unhandledRejections: number
    }
  | { readonly type: "closed"; readonly sockets: number }

const sockets = () => process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length

const send = (reply: Reply) => process.send?.(reply)

let unhandledRejections = 0
process.on("unhandledRejection", () => {
  unhandledRejections++
})

let socketsPeak = 0
const sampler = setInterval(() => {
  socketsPeak = Math.max(socketsPeak, sockets())
}, 50)

const settle = async (millis: number) => {
  const until = Date.now() + millis
  while (sockets() > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
  return sockets()
}

const main = Effect.gen(function* () {
  const scope = yield* Scope.make()
  const options: Simulator.Options = JSON.parse(process.argv[2] ?? "{}")
  const sim = yield* SimulatorService.make(options)
  const server = yield* Scope.extend(SimulatorServer.serve(sim, { port: 0 }), scope)
  const run = <A>(effect: Effect.Effect<A>) => Effect.runPromise(effect)

  process.on("message", (message: Request) => {
    switch (message.type) {
      case "inject":
        void run(Effect.forEach(message.faults, sim.injectFault, { discard: true })).then(() =>
          send({ type: "injected" })
        )
        return
      case "stats":
        void run(sim.calls).then(async (calls) => {
          const taken = calls.slice(message.from)
          const open = await settle(message.settleMillis)
          send({
            type: "stats",
            requests: taken.length,
            faulted: taken.filter((call) => call.fault !== undefined && call.redelivered !== true).length,
            redelivered: taken.filter((call) => call.redelivered === true).length,
            sockets: open,
            socketsPeak,
            unhandledRejections
          })
        })
        return
      case "close":
        void run(Scope.close(scope, Exit.void))
          .then(() => settle(5000))
          .then((open) => {
            clearInterval(sampler)
            send({ type: "closed", sockets: open })
            process.disconnect()
          })
        return
    }
  })
  send({ type: "ready", host: server.host, port: server.port })
})

Effect.runPromise(main).catch((error) => {
  console.error("load server:", error)
  process.exit(1)
})
