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
export const oneLine = (text: string): string => stripAnsi(text).replace(/\s+/g, " ").trim()

/**
 * Removes ANSI escape sequences (colours, styles, cursor movement).
 *
 * @since 0.1.0
 * @category formatting
 */
export const stripAnsi = (text: string): string =>
  text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\u001b\][^\u0007]*\u0007/g, "")

/** The usage of the global options, as `@effect/cli` writes it in every command's usage. */
const GLOBAL_USAGE =
  "[--json] [--verbose] [--simulate] [--access-id text] [--access-key redacted] [--domain text] [--platform text] [--protocol https | http]"

/**
 * Makes `@effect/cli`'s help text readable: the global options' usage, repeated on every command,
 * becomes `[global options]`, the usage line names the whole command (`$ rayvision task wait`
 * rather than `$ wait`, given the `commandPath` typed), and each entry of the COMMANDS list (usage and description on one
 * line padded to the longest usage, hundreds of characters wide) becomes the usage on one line
 * and the description indented below it. Any other text is returned as it is.
 *
 * @since 0.1.0
 * @category formatting
 */
export const tidyHelp = (text: string, commandPath: ReadonlyArray<string> = []): string => {
  if (!/(^|\n)(\u001b\[[0-9;]*m)*USAGE/.test(text)) return text
  const leaf = commandPath.at(-1)
  return text
    .replace(/^\$ (\S+)/m, (usage, name: string) =>
      leaf !== undefined && name === leaf ? `$ rayvision ${commandPath.join(" ")}` : usage
    )
    .split(GLOBAL_USAGE)
    .join("[global options]")
    .split("\n")
    .map((line) => {
      const entry = /^( {2}- )(.+?) {2,}(\S.*)$/.exec(line)
      return entry === null ? line.trimEnd() : `${entry[1]}${entry[2]}\n      ${entry[3]}`
    })
    .join("\n")
}

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
