/**
 * What the transport's test files share: a profile to answer with, the calls they make, and
 * {@link run}, the fake service of `support.ts` with the transport's services in scope.
 */
import type { ApiError, HttpTransport } from "@rayvision/core"
import { TaskService, UserService } from "@rayvision/core"
import { Effect, Fiber, Option, TestClock } from "effect"
import { type clientLayer, runFake } from "./support.ts"
import type { Recorded, Reply } from "./support.ts"

/** The `data` of a profile answer. */
export const profileData = {
  userId: 10001136,
  userName: "rayvision",
  platform: 2,
  zone: 1,
  cpuPrice: 0.67,
  studentEndTime: null
}

/** Runs `program` against a fake service answering with `reply`; returns the exit and the requests. */
export const run = <A>(
  reply: (request: Recorded, index: number) => Reply,
  program: Effect.Effect<
    A,
    ApiError.ApiError,
    UserService.UserService | TaskService.TaskService | HttpTransport.HttpTransport
  >,
  options: Parameters<typeof clientLayer>[1] = {}
) => runFake(reply, program, options)

/** An idempotent call. */
export const profile = Effect.flatMap(UserService.UserService, (u) => u.profile())

/** A call that is not safe to repeat. */
export const createTaskIds = Effect.flatMap(TaskService.TaskService, (t) => t.createTaskIds())

/** The task service of the client in scope. */
export const tasks = TaskService.TaskService

/**
 * Runs `effect` (a call that waits on the test clock) to its end, moving the clock 100 ms at a
 * time and letting a millisecond of real time pass between steps: signing is asynchronous, so a
 * request may be sent, and its timeout start, only after a while on a busy machine.
 */
export const onTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    while (Option.isNone(yield* Fiber.poll(fiber))) {
      yield* TestClock.adjust("100 millis")
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
    }
    return yield* Fiber.join(fiber)
  })
