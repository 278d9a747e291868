// The Promise facade's async iterators stop their streams when the caller leaves (break, a throw,
// return() while a next() waits) and when the client closes: streams whose finalizers log through
// the client's logger (its layer replaces Effect's), so each release shows in `logged`.
import { assert, describe, it } from "@effect/vitest"
import { PromiseClient } from "@rayvision/core/promise"
import { Context, Effect, Layer, Logger, Stream } from "effect"

class Probe extends Context.Tag("test/Probe")<
  Probe,
  {
    /** 0, 1, 2, ... without end. */
    readonly numbers: () => Stream.Stream<number>
    /** Never emits. */
    readonly silent: () => Stream.Stream<number>
    /** 1, 2, 3. */
    readonly few: () => Stream.Stream<number>
  }
>() {}

const setup = async () => {
  const logged: Array<string> = []
  const logger = Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ message }) => logged.push(Array.isArray(message) ? message.join(" ") : String(message)))
  )
  const probe = Layer.succeed(Probe, {
    numbers: () => Stream.iterate(0, (n) => n + 1).pipe(Stream.ensuring(Effect.log("numbers released"))),
    silent: () => Stream.never.pipe(Stream.ensuring(Effect.log("silent released"))),
    few: () => Stream.make(1, 2, 3).pipe(Stream.ensuring(Effect.log("few released")))
  })
  const client = await PromiseClient.make(Layer.merge(probe, logger), { probe: Probe })
  return { client, logged }
}

type Setup = Awaited<ReturnType<typeof setup>>

/** A test body on a fresh client, closed afterwards. */
const withClient =
  (body: (setup: Setup) => Promise<void>): (() => Promise<void>) =>
  async () => {
    const opened = await setup()
    try {
      await body(opened)
    } finally {
      await opened.client.close()
    }
  }

/** The rejection of a promise that must reject. */
const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected a rejection")
}

describe("Promise facade: iterators release their stream", () => {
  it(
    "break out of a for await: the stream's finalizer runs, logging through the client's logger",
    withClient(async ({ client, logged }) => {
      const seen: Array<number> = []
      for await (const n of client.probe.numbers()) {
        seen.push(n)
        if (n === 2) break
      }
      assert.deepStrictEqual(seen, [0, 1, 2])
      assert.deepStrictEqual(logged, ["numbers released"])
    })
  )

  it(
    "a throw in the loop's body: the same, and the error reaches the caller",
    withClient(async ({ client, logged }) => {
      const boom = new Error("boom")
      const error = await rejection(
        (async () => {
          for await (const n of client.probe.numbers()) if (n === 1) throw boom
        })()
      )
      assert.strictEqual(error, boom)
      assert.deepStrictEqual(logged, ["numbers released"])
    })
  )

  it(
    "return() while a next() waits interrupts that next(), which ends the iteration",
    withClient(async ({ client, logged }) => {
      const iterator = client.probe.silent()[Symbol.asyncIterator]()
      const waiting = iterator.next()
      // Let the pull start on the runtime.
      await new Promise((resolve) => setTimeout(resolve, 20))
      assert.deepStrictEqual(await iterator.return!(), { done: true, value: undefined })
      assert.deepStrictEqual(await waiting, { done: true, value: undefined })
      assert.deepStrictEqual(logged, ["silent released"])
      assert.deepStrictEqual(await iterator.next(), { done: true, value: undefined })
    })
  )

  it("close() stops the streams still being read before disposing; their loops throw ClientClosed", async () => {
    const { client, logged } = await setup()
    const reading = client.probe.numbers()[Symbol.asyncIterator]()
    assert.deepStrictEqual(await reading.next(), { done: false, value: 0 })
    const waiting = client.probe.silent()[Symbol.asyncIterator]()
    const pending = rejection(waiting.next())
    await new Promise((resolve) => setTimeout(resolve, 20))
    await client.close()
    assert.sameMembers(logged, ["numbers released", "silent released"])
    assert.instanceOf(await pending, PromiseClient.ClientClosed)
    const error = await rejection(reading.next())
    assert.instanceOf(error, PromiseClient.ClientClosed)
    assert.strictEqual((error as PromiseClient.ClientClosed).message, "Probe.numbers: the client is closed")
  })

  it(
    "a stream read to its end is released once",
    withClient(async ({ client, logged }) => {
      const iterator = client.probe.few()[Symbol.asyncIterator]()
      const seen: Array<number> = []
      for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) seen.push(step.value)
      assert.deepStrictEqual(seen, [1, 2, 3])
      assert.deepStrictEqual(await iterator.return!(), { done: true, value: undefined })
      assert.deepStrictEqual(logged, ["few released"])
    })
  )
})
