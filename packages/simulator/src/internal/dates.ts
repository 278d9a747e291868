/**
 * The `yyyy-MM-dd HH:mm:ss` times of request bodies (docs/protocol.md 4.3.1), read in the
 * service's time zone (`Options.utcOffsetMinutes`).
 *
 * @internal
 */
import { Either } from "effect"
import { invalid, type ServiceError } from "./codes.ts"

/** `yyyy-MM-dd HH:mm:ss` in the service's time zone -> epoch ms; `undefined` for anything else. @internal */
export const parseDateTime = (text: string, utcOffsetMinutes: number): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (m === null) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const utc = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(utc)
  // Reject dates that Date.UTC silently rolls over (2024-02-30, 25:00:00).
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  )
    return undefined
  return utc - utcOffsetMinutes * 60_000
}

/** An inclusive range of epoch ms; a missing side is open. @internal */
export interface Range {
  readonly from: number | undefined
  readonly to: number | undefined
}

/**
 * The range of a pair of optional date fields: `""` or absent is an open side, the end time
 * covers its whole second; a malformed value answers 600 naming its field. @internal
 */
export const rangeOf = (
  start: { readonly name: string; readonly value: string | undefined },
  end: { readonly name: string; readonly value: string | undefined },
  utcOffsetMinutes: number
): Either.Either<Range, ServiceError> => {
  let from: number | undefined
  let to: number | undefined
  if (start.value !== undefined && start.value !== "") {
    from = parseDateTime(start.value, utcOffsetMinutes)
    if (from === undefined) return invalid(`${start.name} must be yyyy-MM-dd HH:mm:ss`)
  }
  if (end.value !== undefined && end.value !== "") {
    const t = parseDateTime(end.value, utcOffsetMinutes)
    if (t === undefined) return invalid(`${end.name} must be yyyy-MM-dd HH:mm:ss`)
    to = t + 999
  }
  return Either.right({ from, to })
}

/** Whether an instant is inside a range. @internal */
export const inRange = (range: Range, t: number): boolean =>
  (range.from === undefined || t >= range.from) && (range.to === undefined || t <= range.to)
