// The program every runtime runs against the installed tarballs (tests/consumer/run.mjs copies it
// into the consumer project with the entry files node.mjs, node.cjs, bun.mjs and deno.mjs).
// It imports nothing itself: each entry file loads the packages its own way (ESM `import`, CJS
// `require`, with its runtime's adapter) and hands the modules in, so that no second copy of a
// package is loaded.
//
// It starts the simulator (from @rayvision/simulator) on a free port of 127.0.0.1, then with the
// adapter's client: reads the profile, reserves and submits three tasks, consumes
// TaskService.list as a stream of pages of two, and catches two typed errors by their tag (one
// refused before sending, one answered by the service). Then the same through the adapter's
// Promise facade (`/promise`). It prints one line, "consumer-report {json}", that run.mjs checks.

/**
 * @param {{
 *   runtime: string,
 *   Effect: any, Redacted: any, Stream: any,
 *   ApiError: any, TaskService: any, UserService: any,
 *   Simulator: any, SimulatorServer: any, SimulatorService: any,
 *   adapter: { layer: (options: unknown) => any },
 *   createClient: (options: unknown) => Promise<any>
 * }} modules
 */
export const scenario = async (modules) => {
  const {
    runtime,
    Effect,
    Redacted,
    Stream,
    ApiError,
    TaskService,
    UserService,
    Simulator,
    SimulatorServer,
    SimulatorService
  } = modules
  const program = Effect.gen(function* () {
    const sim = yield* SimulatorService.make({ seed: 1 })
    const server = yield* SimulatorServer.serve(sim, { host: "127.0.0.1", port: 0 })
    const options = {
      accessId: Simulator.demoAccount.accessId,
      accessKey: Redacted.make(Simulator.demoAccount.accessKey),
      domain: `${server.host}:${server.port}`,
      protocol: "http",
      platform: 2
    }

    const withEffect = yield* Effect.gen(function* () {
      const user = yield* UserService.UserService
      const tasks = yield* TaskService.TaskService
      const profile = yield* user.profile()
      const { taskIdList } = yield* tasks.createTaskIds({ count: 3 })
      for (const taskId of taskIdList) yield* tasks.submit({ taskId })
      const listed = yield* Stream.runCollect(tasks.list({ pageSize: 2 }))
      const invalid = yield* tasks.stop([]).pipe(
        Effect.as("not caught"),
        Effect.catchTag("InvalidRequest", (error) => Effect.succeed(`InvalidRequest ${error.field}`))
      )
      const refused = yield* tasks.submit({ taskId: taskIdList[0] }).pipe(
        Effect.as("not caught"),
        Effect.catchTag("ParameterInvalid", (error) => Effect.succeed(error._tag))
      )
      return {
        userName: profile.userName,
        userId: profile.userId,
        created: [...taskIdList],
        listed: Array.from(listed, (task) => task.id),
        caught: [invalid, refused]
      }
    }).pipe(Effect.provide(modules.adapter.layer(options)))

    const withPromises = yield* Effect.promise(async () => {
      const client = await modules.createClient({ ...options, accessKey: Simulator.demoAccount.accessKey })
      try {
        const profile = await client.user.profile()
        let listed = 0
        for await (const _task of client.tasks.list({ pageSize: 2 })) listed++
        let caught = "not caught"
        try {
          await client.tasks.stop([])
        } catch (error) {
          caught =
            error instanceof ApiError.InvalidRequest ? "InvalidRequest" : `not an ApiError.InvalidRequest: ${error}`
        }
        return { userName: profile.userName, listed, caught }
      } finally {
        await client.close()
      }
    })

    return { runtime, ...withEffect, promise: withPromises }
  })
  const report = await Effect.runPromise(Effect.scoped(program))
  console.log(`consumer-report ${JSON.stringify(report)}`)
}
