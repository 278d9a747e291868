/**
 * The account's records: `records tasks` (operations on tasks, `taskRecord`) and `records logins`
 * (`loginRecord`), one page or every page, filtered by time.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import { type User, UserService } from "@rayvision/core"
import { Effect, Either, type Stream } from "effect"
import { usage } from "../Failure.ts"
import { checkRange, paging, timeRange } from "../Flags.ts"
import { clientCommand, type Global, note } from "../Global.ts"
import { type FixedColumn, printStream, printTable, showDate, toJson } from "../Output.ts"

const taskRecordColumns: ReadonlyArray<FixedColumn<User.TaskRecord>> = [
  { header: "TIME (UTC+8)", width: 19, cell: (r) => showDate(r.operateTime) },
  { header: "TASK", width: 10, cell: (r) => r.taskId },
  { header: "ALIAS", width: 11, cell: (r) => r.taskAlias },
  { header: "OPERATION", width: 10, cell: (r) => r.operateType },
  { header: "DETAILS", width: 20, cell: (r) => r.operateContent },
  { header: "USER", width: 0, cell: (r) => r.userName }
]

const loginRecordColumns: ReadonlyArray<FixedColumn<User.LoginRecord>> = [
  { header: "TIME (UTC+8)", width: 19, cell: (r) => showDate(r.loginTime) },
  { header: "USER", width: 20, cell: (r) => r.userName },
  { header: "PLATFORM", width: 8, cell: (r) => r.platform },
  { header: "CHANNEL", width: 0, cell: (r) => r.channel }
]

const recordOptions = { ...timeRange("records"), ...paging("Records") }

/** A page of records: its paging fields are optional (the answer is undocumented). */
interface RecordPage<A> {
  readonly items: ReadonlyArray<A>
  readonly pageNum?: number
  readonly pageCount?: number
  readonly total?: number
}

/** The filters sent by both record commands. */
interface RecordFilters {
  readonly pageSize: number
  readonly startDate?: string
  readonly endDate?: string
}

/** A record command: one page, or every page with `--all`, of the records `read` gives. */
const recordCommand = <A>(
  name: string,
  description: string,
  columns: ReadonlyArray<FixedColumn<A>>,
  read: (user: UserService.Service) => {
    readonly page: (filters: RecordFilters & { readonly pageNum: number }) => Effect.Effect<RecordPage<A>, unknown>
    readonly all: (filters: RecordFilters) => Stream.Stream<A, unknown>
  }
) =>
  clientCommand(name, description, recordOptions, (global: Global, input) =>
    Effect.gen(function* () {
      const range = yield* Either.mapLeft(checkRange(input), usage)
      const records = read(yield* UserService.UserService)
      const filters: RecordFilters = {
        pageSize: input.pageSize,
        ...(range.since === undefined ? {} : { startDate: range.since }),
        ...(range.until === undefined ? {} : { endDate: range.until })
      }
      yield* note(global, `filters: ${toJson(filters)}`)
      if (input.all) return yield* printStream(global, columns, records.all(filters))
      const page = yield* records.page({ ...filters, pageNum: input.page })
      yield* printTable(global, columns, page.items, {
        json: page,
        footer: `page ${page.pageNum ?? "?"} of ${page.pageCount ?? "?"}, ${page.total ?? "?"} record(s)`
      })
    })
  )

/**
 * `rayvision records`: tasks, logins.
 *
 * @since 0.1.0
 * @category commands
 */
export const records = Command.make("records").pipe(
  Command.withDescription("The account's records: operations on tasks, logins (filters by time)"),
  Command.withSubcommands([
    recordCommand(
      "tasks",
      "List the operation records of tasks on the configured platform (taskRecord), newest first: one page, or every page with --all",
      taskRecordColumns,
      (user) => ({ page: user.taskRecordsPage, all: user.taskRecords })
    ),
    recordCommand(
      "logins",
      "List the account's login records (loginRecord), newest first: one page, or every page with --all",
      loginRecordColumns,
      (user) => ({ page: user.loginRecordsPage, all: user.loginRecords })
    )
  ])
)
