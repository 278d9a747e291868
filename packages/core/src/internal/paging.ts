/**
 * The paging streams of the services: pages 1, 2, ... of a paged endpoint (docs/protocol.md
 * 4.0.3 Page), requested as the consumer pulls.
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { InvalidRequest } from "../ApiError.ts"

/**
 * What the paging streams need of a page. `pageCount` and `total` are optional for the pages
 * whose shape the protocol does not document (the record queries, docs/protocol.md 4.1.5, 4.1.6).
 * @internal
 */
export interface Paged {
  readonly pageCount?: number | undefined
  readonly total?: number | undefined
  readonly items: ReadonlyArray<unknown>
}

/**
 * The pages `fetch` gives for page numbers 1, 2, ..., as a stream: a page is requested when the
 * consumer pulls (plus up to `lookAhead` pages ahead, never beyond the announced last page), and
 * the stream ends after the last page: the one numbered `pageCount`, the one that brings the rows
 * up to `total`, or an empty one, whichever comes first. A page that announces neither
 * `pageCount` nor `total` is the last when it holds fewer rows than `pageSize` (when given), and
 * then nothing is requested ahead of it. Requests still in flight when the stream ends (the
 * consumer stopped early) are interrupted with it.
 * @internal
 */
export const pagesOf = <P extends Paged, E>(
  fetch: (pageNum: number) => Effect.Effect<P, E>,
  lookAhead: number,
  pageSize?: number
): Stream.Stream<P, E> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const scope = yield* Effect.scope
      // Pages requested but not handed over yet, in page order.
      const requested: Array<{ readonly pageNum: number; readonly fiber: Fiber.RuntimeFiber<P, E> }> = []
      let nextPage = 1
      // Only page 1 is known to exist until a page announces the count.
      let lastPage = 1
      let rows = 0
      let done = false
      const request = Effect.suspend(() => {
        const pageNum = nextPage++
        return Effect.map(Effect.forkIn(fetch(pageNum), scope), (fiber) => {
          requested.push({ pageNum, fiber })
        })
      })
      const pull: Effect.Effect<P, Option.Option<E>> = Effect.suspend(() => {
        if (done) return Effect.fail(Option.none())
        return Effect.gen(function* () {
          if (requested.length === 0) yield* request
          const { fiber, pageNum } = requested.shift()!
          const page = yield* Effect.mapError(Fiber.join(fiber), Option.some)
          rows += page.items.length
          lastPage = page.pageCount ?? pageNum
          const unannounced = page.pageCount === undefined && page.total === undefined
          if (
            (page.pageCount !== undefined && pageNum >= page.pageCount) ||
            (page.total !== undefined && rows >= page.total) ||
            page.items.length === 0 ||
            (unannounced && pageSize !== undefined && page.items.length < pageSize)
          ) {
            done = true
            yield* Fiber.interruptAll(requested.splice(0).map((r) => r.fiber))
          } else {
            while (requested.length < lookAhead && nextPage <= lastPage) yield* request
          }
          return page
        })
      })
      return Stream.repeatEffectOption(pull)
    })
  )

/**
 * The look-ahead of a paging stream's options, or an `InvalidRequest` naming it (nothing is sent
 * then).
 * @internal
 */
export const lookAheadOf = (operation: string, lookAhead: number = 0): Effect.Effect<number, InvalidRequest> =>
  Number.isInteger(lookAhead) && lookAhead >= 0
    ? Effect.succeed(lookAhead)
    : Effect.fail(new InvalidRequest({ operation, field: "lookAhead", issue: "must be a whole number, 0 or more" }))
