/**
 * What every endpoint module builds on: the handler context, the {@link endpoint} constructor
 * (validation, then a pure handler run inside one atomic `Ref.modify`), results and pages.
 *
 * @internal
 */
import { Either } from "effect"
import type { ResolvedOptions } from "../../Simulator.ts"
import { fail, type ServiceError } from "../codes.ts"
import type { JsonObject } from "../json.ts"
import type { AccountState, State } from "../state.ts"
import type * as V from "../validate.ts"
import type { SignedHeaders } from "../verify.ts"

/** What a handler knows about the request besides its body. @internal */
export interface HandlerContext {
  readonly accessId: string
  readonly headers: SignedHeaders
  /** Server time, epoch milliseconds. */
  readonly now: number
  readonly options: ResolvedOptions
}

/** The next state and the envelope's `data` (or a service error). @internal */
export interface Outcome {
  readonly state: State
  readonly result: Either.Either<unknown, ServiceError>
}

/**
 * An endpoint with its validator folded in. A class, so that the endpoint table can tell the
 * endpoints an area's module exports from its other exports. @internal
 */
export class Endpoint {
  constructor(
    readonly path: string,
    readonly run: (ctx: HandlerContext, body: JsonObject, state: State) => Outcome
  ) {}
}

/** A handler: the validated input and the current state in, the next state and a result out. @internal */
export type Handler<I> = (ctx: HandlerContext, input: I, state: State, account: AccountState) => Outcome

/**
 * Builds an {@link Endpoint} from its path, request validator and handler (curried, so the
 * handler's input type comes from the validator): validation first, then the handler.
 * @internal
 */
export const endpoint =
  <I>(path: string, input: V.Validator<I>) =>
  (run: Handler<I>): Endpoint =>
    new Endpoint(path, (ctx, body, state) => {
      const account = state.accounts.get(ctx.accessId)
      if (account === undefined) return { state, result: fail("NeedUserLogin", "unknown accessId") }
      const decoded = input(body)
      if (Either.isLeft(decoded)) return { state, result: Either.left(decoded.left) }
      return run(ctx, decoded.right, state, account)
    })

export const ok = (state: State, data: unknown): Outcome => ({ state, result: Either.right(data) })
export const reject = (state: State, error: ServiceError): Outcome => ({ state, result: Either.left(error) })

/** A `Page<T>` object (docs/protocol.md 4.0.3). @internal */
export const page = (items: ReadonlyArray<unknown>, pageNum: number, size: number, total: number) => ({
  pageCount: size === 0 ? 0 : Math.ceil(total / size),
  pageNum,
  total,
  size,
  items
})
