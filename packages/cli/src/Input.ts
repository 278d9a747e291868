/**
 * Parsing of the command line's own argument forms (dates, status names, priorities, DCC names),
 * each failing with a one-line message that names the flag, the value and what it accepts.
 *
 * @since 0.1.0
 */
import { Frame, RenderEnv, Task } from "@rayvision/core"
import { Either } from "effect"

/**
 * The service's time zone, minutes east of UTC: `yyyy-MM-dd HH:mm:ss` fields of requests are
 * read in UTC+8 (docs/protocol.md 4.3.1, the simulator's default).
 *
 * @since 0.1.0
 * @category constants
 */
export const SERVICE_UTC_OFFSET_MINUTES = 480

const pad2 = (n: number) => String(n).padStart(2, "0")

/**
 * An instant as the service writes times: `yyyy-MM-dd HH:mm:ss` in its zone (UTC+8).
 *
 * @since 0.1.0
 * @category formatting
 */
export const serviceDateTime = (millis: number): string => {
  const d = new Date(millis + SERVICE_UTC_OFFSET_MINUTES * 60_000)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes()
  )}:${pad2(d.getUTCSeconds())}`
}

/** Whether year, month, day (and time) name a real calendar date. */
const isRealDate = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s
  )
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/
const ZONED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i

/**
 * Reads a `--since` / `--until` value as the service's `yyyy-MM-dd HH:mm:ss` (UTC+8):
 *
 * - `yyyy-MM-dd`: the start of that day (`edge: "start"`) or its last second (`"end"`);
 * - `yyyy-MM-dd HH:mm[:ss]` or `yyyy-MM-ddTHH:mm[:ss]` without a zone: that time in the
 *   service's zone, as is;
 * - ISO 8601 with a zone (`2024-05-01T10:00:00Z`, `...+02:00`): converted to the service's zone.
 *
 * Fails with a one-line message naming `flag` for anything else (or a date that does not exist).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseTimeBound = (flag: string, text: string, edge: "start" | "end"): Either.Either<string, string> => {
  const value = text.trim()
  const bad = Either.left(
    `${flag}: ${JSON.stringify(text)} is not a date: use yyyy-MM-dd, "yyyy-MM-dd HH:mm:ss" (the service's zone, UTC+8) or ISO 8601 with a zone (2024-05-01T10:00:00Z)`
  )
  const day = DATE_ONLY.exec(value)
  if (day !== null) {
    const [y, mo, d] = [Number(day[1]), Number(day[2]), Number(day[3])]
    if (!isRealDate(y, mo, d)) return bad
    return Either.right(`${day[1]}-${day[2]}-${day[3]} ${edge === "start" ? "00:00:00" : "23:59:59"}`)
  }
  const local = LOCAL.exec(value)
  if (local !== null) {
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(local[i])) as [number, number, number, number, number]
    const s = local[6] === undefined ? (edge === "start" ? 0 : 59) : Number(local[6])
    if (!isRealDate(y, mo, d, h, mi, s)) return bad
    return Either.right(`${local[1]}-${local[2]}-${local[3]} ${local[4]}:${local[5]}:${pad2(s)}`)
  }
  const zoned = ZONED.exec(value)
  if (zoned !== null) {
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(zoned[i])) as [number, number, number, number, number]
    const s = zoned[6] === undefined ? 0 : Number(zoned[6])
    const millis = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))
    if (!isRealDate(y, mo, d, h, mi, s) || Number.isNaN(millis)) return bad
    return Either.right(serviceDateTime(millis))
  }
  return bad
}

/**
 * Reads a task status: its code (`10`) or its name in {@link Task.TaskStatus}, in any case and
 * with or without dashes (`rendering`, `Finished`, `stopped-by-user`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseTaskStatus = (text: string): Either.Either<number, string> => {
  const value = text.trim()
  if (/^\d+$/.test(value)) return Either.right(Number(value))
  const key = value.replace(/[-_\s]/g, "").toLowerCase()
  const found = Object.entries(Task.TaskStatus).find(([name]) => name.toLowerCase() === key)
  return found === undefined
    ? Either.left(
        `--status: ${JSON.stringify(text)} is not a task status: a code or one of ${Object.keys(Task.TaskStatus)
          .map((name) => kebab(name))
          .join(", ")}`
      )
    : Either.right(found[1])
}

/**
 * Reads a frame status: its code (`5`) or its name in {@link Frame.FrameStatus} (`failed`,
 * `timed-out`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseFrameStatus = (text: string): Either.Either<Frame.FrameStatus, string> => {
  const value = text.trim()
  const codes = Object.values(Frame.FrameStatus) as ReadonlyArray<number>
  if (/^\d+$/.test(value) && codes.includes(Number(value))) return Either.right(Number(value) as Frame.FrameStatus)
  const key = value.replace(/[-_\s]/g, "").toLowerCase()
  const found = Object.entries(Frame.FrameStatus).find(([name]) => name.toLowerCase() === key)
  return found === undefined
    ? Either.left(
        `--status: ${JSON.stringify(text)} is not a frame status: a code 1 to 11 or one of ${Object.keys(
          Frame.FrameStatus
        )
          .map((name) => kebab(name))
          .join(", ")}`
      )
    : Either.right(found[1])
}

/**
 * `StoppedByUser` as `stopped-by-user`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()

/**
 * Reads a user-side priority: an integer, or `normal` (50) / `high` (60) ({@link Task.TaskUserLevel}).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parsePriority = (text: string): Either.Either<number, string> => {
  const value = text.trim().toLowerCase()
  if (/^-?\d+$/.test(value)) return Either.right(Number(value))
  if (value === "normal") return Either.right(Task.TaskUserLevel.Normal)
  if (value === "high") return Either.right(Task.TaskUserLevel.High)
  return Either.left(`priority: ${JSON.stringify(text)} is not a level: an integer, "normal" (50) or "high" (60)`)
}

/**
 * Reads a DCC: its id (`2000`) or a name {@link RenderEnv.cgIdOf} knows (`maya`, `"3ds max"`,
 * `cinema4d`, `blender`, ...).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseCg = (text: string): Either.Either<RenderEnv.CgId, string> => {
  const value = text.trim()
  const id = /^\d+$/.test(value) ? Number(value) : RenderEnv.cgIdOf(value)
  return id !== undefined && RenderEnv.isCgId(id)
    ? Either.right(id)
    : Either.left(
        `DCC: ${JSON.stringify(text)} is not a DCC: an id (2000) or one of ${Object.values(RenderEnv.cgNames).join(", ")}`
      )
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * Reads a duration as milliseconds: seconds (`90`, `0.5`) or a number with a unit (`250ms`,
 * `90s`, `10m`, `2h`); more than 0.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseDuration = (flag: string, text: string): Either.Either<number, string> => {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim())
  const millis = match === null ? Number.NaN : Number(match[1]) * UNITS[(match[2] ?? "s").toLowerCase()]!
  return Number.isFinite(millis) && millis > 0
    ? Either.right(Math.round(millis))
    : Either.left(
        `${flag}: ${JSON.stringify(text)} is not a duration: seconds (90, 0.5) or with a unit (250ms, 90s, 10m, 2h)`
      )
}

/**
 * Reads a whole number, 1 or more (an id). Repeated integer options are read as text and then
 * with this: `Options.integer` with `Options.repeated` refuses every value in `@effect/cli` 0.77.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseId =
  (flag: string) =>
  (text: string): Either.Either<number, string> =>
    /^\d+$/.test(text.trim()) && Number(text) > 0 && Number.isSafeInteger(Number(text))
      ? Either.right(Number(text))
      : Either.left(`${flag}: ${JSON.stringify(text)} is not an id: a whole number, 1 or more`)
