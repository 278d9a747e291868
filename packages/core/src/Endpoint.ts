/**
 * The description of one Renderbus endpoint: its path, whether repeating it is safe, the schema
 * of its input (validated and decoded into the wire body before anything is sent) and the schema
 * of the envelope's `data` on success.
 *
 * Services are thin: each method is `transport.call(endpoint, input)`.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"

/**
 * One endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<In, Wire, Out, WireOut> {
  /** `Service.method`, used for spans and errors. */
  readonly operation: string
  /** The path of the current SDK (docs/protocol.md 4.0.1). */
  readonly path: string
  /**
   * Whether the call may be repeated after a transient failure without changing the outcome.
   * Creations, submissions, uploads and label additions are not.
   */
  readonly idempotent: boolean
  /**
   * Decodes what a user passes (`In`, the schema's encoded side) into the wire body (a JSON
   * object): checks every field and fills in defaults.
   */
  readonly request: Schema.Schema<Wire, In>
  /** Wire `data` -> result type. */
  readonly response: Schema.Schema<Out, WireOut>
}

/**
 * Defines an endpoint (an identity function that fixes the types).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <In, Wire, Out, WireOut>(
  endpoint: Endpoint<In, Wire, Out, WireOut>
): Endpoint<In, Wire, Out, WireOut> => endpoint
