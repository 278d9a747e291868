/**
 * How the command line prints: aligned tables for people, JSON (one document) or NDJSON (one
 * line per item of a stream) for scripts, and one-line error messages.
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"

/**
 * A column of a table: its header and how to show a row's cell.
 *
 * @since 0.1.0
 * @category models
 */
export interface Column<A> {
  readonly header: string
  readonly cell: (row: A) => unknown
}

/**
 * Shows a cell: nothing for `undefined`/`null`, JSON for objects, the text otherwise.
 *
 * @since 0.1.0
 * @category formatting
 */
export const showCell = (value: unknown): string => {
  if (value === undefined || value === null) return ""
  if (typeof value === "object") return JSON.stringify(value)
  return String(value).replace(/\s+/g, " ")
}

/**
 * An aligned table: a header row, then one line per row, columns separated by two spaces.
 *
 * @since 0.1.0
 * @category formatting
 */
export const table = <A>(columns: ReadonlyArray<Column<A>>, rows: ReadonlyArray<A>): string => {
  const cells = rows.map((row) => columns.map((column) => showCell(column.cell(row))))
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)))
  const line = (values: ReadonlyArray<string>) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd()
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join("\n")
}

/**
 * A two-column table of fields and values, for one record.
 *
 * @since 0.1.0
 * @category formatting
 */
export const record = (fields: Readonly<Record<string, unknown>>): string => {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined && value !== null)
  const width = Math.max(0, ...entries.map(([key]) => key.length))
  return entries.map(([key, value]) => `${key.padEnd(width)}  ${showCell(value)}`).join("\n")
}

/**
 * Turns a value into plain JSON data (class instances lose their prototype, `Map`s become
 * objects, `bigint`s strings).
 *
 * @since 0.1.0
 * @category formatting
 */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString()
    if (v instanceof Map) return Object.fromEntries(v)
    return v
  })

/**
 * Prints one JSON document (pretty on a TTY, one line otherwise).
 *
 * @since 0.1.0
 * @category printing
 */
export const printJson = (value: unknown): Effect.Effect<void> =>
  Console.log(process.stdout.isTTY ? JSON.stringify(JSON.parse(toJson(value)), null, 2) : toJson(value))

/**
 * Prints one NDJSON line.
 *
 * @since 0.1.0
 * @category printing
 */
export const printJsonLine = (value: unknown): Effect.Effect<void> => Console.log(toJson(value))

/**
 * Removes ANSI escape sequences and folds a text into one line.
 *
 * @since 0.1.0
 * @category formatting
 */
export const oneLine = (text: string): string =>
  text
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, "")
    .replace(/\s+/g, " ")
    .trim()
