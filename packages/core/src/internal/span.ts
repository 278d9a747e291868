/**
 * A call's span, made and ended by the transport itself. `Effect.withSpan` would also make the
 * span the parent of everything inside the call, by copying the fiber's context and its fiber
 * refs (twice each: set, then restore), which costs more CPU than the rest of the span (about a
 * sixth of a call's over a socket, mostly in garbage collection). The transport provides the span
 * as the parent only where something inside may use it: a caller's `HttpClient`, which may open
 * spans of its own, and Debug logs, which become events of the span.
 *
 * The span is the one `Effect.withSpan` makes: the fiber's tracer, the current span as the parent
 * (unless propagation is disabled along the way), the fiber's span links and annotations, the
 * given attributes, timing as the fiber says; none when the fiber's tracing is off.
 * @internal
 */
import type * as Clock from "effect/Clock"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

/** The nearest span up from `span` whose propagation is not disabled (as `Effect.withSpan` picks the parent). */
const parentOf = (span: Tracer.AnySpan | undefined): Option.Option<Tracer.AnySpan> => {
  while (span !== undefined) {
    if (!Context.get(span.context, Tracer.DisablePropagation)) return Option.some(span)
    span = span._tag === "Span" ? Option.getOrUndefined(span.parent) : undefined
  }
  return Option.none()
}

/** A client span named `name`, started now on `clock`; `undefined` when the fiber does not trace. @internal */
export const startSpan = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  name: string,
  attributes: Record<string, unknown>,
  clock: Clock.Clock
): Tracer.Span | undefined => {
  if (!fiber.getFiberRef(FiberRef.currentTracerEnabled)) return undefined
  const timing = fiber.getFiberRef(FiberRef.currentTracerTimingEnabled)
  const links = fiber.getFiberRef(FiberRef.currentTracerSpanLinks)
  const span = fiber.currentTracer.span(
    name,
    parentOf(fiber.currentSpan),
    Context.empty(),
    Chunk.isEmpty(links) ? [] : Chunk.toReadonlyArray(links),
    timing ? clock.unsafeCurrentTimeNanos() : BigInt(0),
    "client",
    { kind: "client", captureStackTrace: false, attributes }
  )
  const annotations = fiber.getFiberRef(FiberRef.currentTracerSpanAnnotations)
  if (HashMap.size(annotations) > 0) HashMap.forEach(annotations, (value, key) => span.attribute(key, value))
  for (const key in attributes) span.attribute(key, attributes[key])
  return span
}

/** Ends `span` with the call's exit, at the time the fiber's timing setting says. @internal */
export const endSpan = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  span: Tracer.Span,
  exit: Parameters<Tracer.Span["end"]>[1],
  clock: Clock.Clock
): void => {
  if (span.status._tag === "Ended") return
  span.end(fiber.getFiberRef(FiberRef.currentTracerTimingEnabled) ? clock.unsafeCurrentTimeNanos() : BigInt(0), exit)
}
