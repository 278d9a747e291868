/**
 * The description of Renderbus endpoints, and the service methods derived from it.
 *
 * Each service declares its endpoints once, in a table ({@link table}): path, whether repeating a
 * call is safe, the schema of its input and of the envelope's `data`, and the JSDoc of the method.
 * The method types ({@link Methods}) and the methods themselves ({@link bind}) come from the table;
 * a service writes by hand only its workflows (calls made of several calls).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { CallError, UnsafeCallError } from "./ApiError.ts"

/**
 * One endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<In, Wire, Out, WireOut, Idempotent extends boolean = boolean> {
  /** `Service.method`, used for spans, metrics and errors. */
  readonly operation: string
  /** The path of the current SDK (docs/protocol.md 4.0.1). */
  readonly path: string
  /**
   * Whether the call may be repeated after a transient failure without changing the outcome.
   * Creations, submissions, uploads and label additions are not.
   */
  readonly idempotent: Idempotent
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
export const make = <In, Wire, Out, WireOut, Idempotent extends boolean>(
  endpoint: Endpoint<In, Wire, Out, WireOut, Idempotent>
): Endpoint<In, Wire, Out, WireOut, Idempotent> => endpoint

/**
 * One entry of a service's table: an endpoint without its operation name (the table's key
 * names it), and, for a method whose arguments are not the request object itself, how its
 * arguments become that object (`args: (taskIds) => ({ taskIds })`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Definition<In = any, Wire = any, Out = any, WireOut = any, Idempotent extends boolean = boolean> {
  readonly path: string
  readonly idempotent: Idempotent
  readonly request: Schema.Schema<Wire, In>
  readonly response: Schema.Schema<Out, WireOut>
  readonly args?: (...args: any) => In
}

/**
 * A service's endpoints, each named `Service.key`.
 *
 * @since 0.1.0
 * @category models
 */
export type Table<Service extends string, T> = {
  readonly [K in keyof T]: T[K] & { readonly operation: `${Service}.${K & string}` }
}

/**
 * Names each definition of a table after its service and key (`TaskService.stop`).
 *
 * @example
 * ```ts
 * import { Endpoint } from "@rayvision/core"
 * import { Schema } from "effect"
 * const endpoints = Endpoint.table("PingService", {
 *   ping: { path: "/api/ping", idempotent: true, request: Schema.Struct({}), response: Schema.String }
 * })
 * const operation: "PingService.ping" = endpoints.ping.operation
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const table = <const Service extends string, const T extends Record<string, Definition>>(
  service: Service,
  definitions: T
): Table<Service, T> => {
  const out: Record<string, Definition & { operation: string }> = {}
  for (const key in definitions) out[key] = { ...definitions[key]!, operation: `${service}.${key}` }
  return out as Table<Service, T>
}

/**
 * The operation names of a service's hand-written methods (its workflows), for their spans and
 * errors: `Service.method`, the method checked against the service's interface.
 *
 * @example
 * ```ts
 * import { Endpoint, TaskService } from "@rayvision/core"
 * const operation = Endpoint.operationsOf<TaskService.Service>("TaskService")
 * operation("subTaskIds") // "TaskService.subTaskIds"; a name the service lacks does not compile
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const operationsOf =
  <Service>(service: string) =>
  <Method extends keyof Service & string>(method: Method): string =>
    `${service}.${method}`

/**
 * What a call to an endpoint can fail with: {@link CallError}, plus `OutcomeUnknown` when the
 * endpoint is not safe to repeat.
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorOf<Idempotent extends boolean> = Idempotent extends true ? CallError : UnsafeCallError

/**
 * The method of one definition: it takes the request object (optional when every field is), or
 * the definition's `args`, and succeeds with the decoded `data`.
 *
 * @since 0.1.0
 * @category models
 */
export type Method<D> =
  D extends Definition<infer In, any, infer Out, any, infer Idempotent>
    ? D extends { readonly args: (...args: infer Args) => any }
      ? (...args: Args) => Effect.Effect<Out, ErrorOf<Idempotent>>
      : {} extends In
        ? (input?: In) => Effect.Effect<Out, ErrorOf<Idempotent>>
        : (input: In) => Effect.Effect<Out, ErrorOf<Idempotent>>
    : never

/**
 * The methods of a table, one per entry, each documented by its entry's JSDoc.
 *
 * @since 0.1.0
 * @category models
 */
export type Methods<T> = { readonly [K in keyof T]: Method<T[K]> }

/**
 * How the methods reach the service: `HttpTransport`'s `call`.
 *
 * @since 0.1.0
 * @category models
 */
export type Call = <In, Wire, Out, WireOut, Idempotent extends boolean>(
  endpoint: Endpoint<In, Wire, Out, WireOut, Idempotent>,
  input: In
) => Effect.Effect<Out, ErrorOf<Idempotent>>

/**
 * The methods of a table over `call`: each sends its request object (`{}` when left out) or what
 * its `args` make of its arguments.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bind = <T extends Record<string, Definition & { readonly operation: string }>>(
  call: Call,
  endpoints: T
): Methods<T> => {
  const methods: Record<string, (...args: ReadonlyArray<unknown>) => unknown> = {}
  for (const key in endpoints) {
    const endpoint = endpoints[key]!
    const args = endpoint.args
    methods[key] =
      args === undefined
        ? (input = {}) => call(endpoint, input)
        : (...values: ReadonlyArray<unknown>) => call(endpoint, args(...values))
  }
  return methods as Methods<T>
}
