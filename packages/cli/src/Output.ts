/**
 * How the command line prints: aligned tables for people, JSON (one document) or NDJSON (one
 * line per item of a stream) for scripts, chosen by `--json` in one place ({@link printResult},
 * {@link printRecord}, {@link printTable}, {@link printStream}), and one-line error messages.
 *
 * @since 0.1.0
 */
import { Console, Effect, Stream } from "effect"
import { serviceDateTime } from "./Input.ts"

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
export const oneLine = (text: string): string => stripAnsi(text).replace(/\s+/g, " ").trim()

/**
 * Removes ANSI escape sequences (colours, styles, cursor movement).
 *
 * @since 0.1.0
 * @category formatting
 */
export const stripAnsi = (text: string): string =>
  text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\u001b\][^\u0007]*\u0007/g, "")

/**
 * Repairs the bash completion script of `@effect/cli` 0.77: its `case "${cmd},${i}"` patterns for
 * a command two levels down are written `rayvision,simulator,serve)` while `cmd` is then
 * `rayvision__simulator`, so such commands (`task wait`, `simulator serve`, ...) never completed
 * their options. The patterns become `rayvision__simulator,serve)`. Any other text is returned as
 * it is.
 *
 * @since 0.1.0
 * @category formatting
 */
export const fixBashCompletions = (text: string): string =>
  text.includes("_bash_completions()")
    ? text.replace(/^(\s+)([\w-]+(?:,[\w-]+){2,})\)$/gm, (_line, indent: string, words: string) => {
        const parts = words.split(",")
        return `${indent}${parts.slice(0, -1).join("__")},${parts.at(-1)})`
      })
    : text

/**
 * What the printers read of the global options: whether to print JSON.
 *
 * @since 0.1.0
 * @category models
 */
export interface Mode {
  readonly json: boolean
}

/**
 * Prints the outcome of an action: `value` as JSON with `--json`, else the sentence `text`.
 *
 * @since 0.1.0
 * @category printing
 */
export const printResult = (mode: Mode, value: unknown, text: string): Effect.Effect<void> =>
  mode.json ? printJson(value) : Console.log(text)

/**
 * Prints one record: JSON with `--json`, else a table of fields and values.
 *
 * @since 0.1.0
 * @category printing
 */
export const printRecord = (mode: Mode, value: object): Effect.Effect<void> =>
  mode.json ? printJson(value) : Console.log(record(value as Record<string, unknown>))

/**
 * Prints rows: `json` (the rows themselves unless given) as JSON with `--json`, else a table of
 * the rows, with the `footer` line below it when given.
 *
 * @since 0.1.0
 * @category printing
 */
export const printTable = <A>(
  mode: Mode,
  columns: ReadonlyArray<Column<A>>,
  rows: ReadonlyArray<A>,
  options: { readonly json?: unknown; readonly footer?: string } = {}
): Effect.Effect<void> =>
  mode.json
    ? printJson("json" in options ? options.json : rows)
    : Console.log(options.footer === undefined ? table(columns, rows) : `${table(columns, rows)}\n${options.footer}`)

/**
 * A column of a streamed table: the rows are not all known in advance, so its width is fixed.
 *
 * @since 0.1.0
 * @category models
 */
export interface FixedColumn<A> extends Column<A> {
  readonly width: number
}

/** One row of a streamed table. */
const fixedRow = (widths: ReadonlyArray<number>, values: ReadonlyArray<string>) =>
  values
    .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i] ?? 0)))
    .join("  ")
    .trimEnd()

/**
 * Prints a stream as it arrives: NDJSON with `--json`, else a header and one fixed-width row per
 * item.
 *
 * @since 0.1.0
 * @category printing
 */
export const printStream = <A, E, R>(
  mode: Mode,
  columns: ReadonlyArray<FixedColumn<A>>,
  stream: Stream.Stream<A, E, R>
): Effect.Effect<void, E, R> => {
  const widths = columns.map((column) => column.width)
  const header = mode.json
    ? Effect.void
    : Console.log(
        fixedRow(
          widths,
          columns.map((column) => column.header)
        )
      )
  return Effect.zipRight(
    header,
    Stream.runForEach(stream, (item) =>
      mode.json
        ? printJsonLine(item)
        : Console.log(
            fixedRow(
              widths,
              columns.map((column) => showCell(column.cell(item)))
            )
          )
    )
  )
}

/**
 * An epoch-milliseconds date as `yyyy-MM-dd HH:mm:ss` in the service's zone (UTC+8); the text
 * the service sent when it is not a number.
 *
 * @since 0.1.0
 * @category formatting
 */
export const showDate = (value: unknown): unknown =>
  typeof value === "number" ? (value > 0 ? serviceDateTime(value) : "") : value
