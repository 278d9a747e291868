/**
 * Project labels (projects) and task tags (spec 4.4).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"
import { HttpTransport } from "./HttpTransport.ts"

/**
 * The endpoints this service calls.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {}

/**
 * The service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {}

/**
 * The service of the client in scope.
 *
 * @since 0.1.0
 * @category tags
 */
export class ProjectService extends Context.Tag("@rayvision/core/ProjectService")<ProjectService, Service>() {}

/**
 * Builds the service on the transport in scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function* () {
  const transport = yield* HttpTransport
  void transport
  return ProjectService.of({})
})

/**
 * The service layer; needs an `HttpTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ProjectService, never, HttpTransport> = Layer.effect(ProjectService, make)
