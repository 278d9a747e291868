/**
 * The per-call benchmark's server in a process of its own (started by `main.ts`), so the client
 * under test has its process, and on a multi-core machine a core, to itself. Prints
 * `{"port": n, "taskId": id}` on one line, then serves the fixtures' `queryTaskInfo` answer until
 * stdin closes.
 */
import { Effect } from "effect"
import { makeFixtures } from "./fixtures.ts"
import { startServer } from "./server.ts"

const fixtures = await Effect.runPromise(makeFixtures)
const server = await startServer(fixtures.taskInfoText)
process.stdout.write(`${JSON.stringify({ port: server.port, taskId: fixtures.taskId })}\n`)
const stop = () => void server.close().then(() => process.exit(0))
process.stdin.on("end", stop)
process.stdin.resume()
process.on("SIGTERM", stop)
