/**
 * The operation and login records of the account (docs/protocol.md 4.1.5, 4.1.6): their queries,
 * rows and pages. The protocol does not document the shape of the rows, so they are read
 * leniently: every field optional, and every field the service adds kept. `User` exports them too.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { list, NumberOrString, optionalFields, Rest } from "./internal/fields.ts"
import { DateTimeText, pageNum, pageSize, positiveInt } from "./internal/schema.ts"
import { PageFields } from "./Task.ts"

/** A row or page of an undocumented shape: `fields`, each optional, and every other field kept. */
const lenientRecord = <F extends Schema.Struct.Fields>(fields: F) => Schema.Struct(optionalFields(fields), Rest)

/**
 * A platform number in a request body: a whole number, 1 or more.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PlatformNumber = /* @__PURE__ */ positiveInt("must be a platform number, a whole number, 1 or more")

/**
 * A date bound of the record queries: a time `"yyyy-MM-dd HH:mm:ss"` (the form of the other date
 * filters, `Task.ListTasksInput`), or `""` for no bound (what the Python SDK sends by default).
 */
const DateBound = /* @__PURE__ */ Schema.Union(Schema.Literal(""), DateTimeText).annotations({
  message: () => ({ message: 'must be a time written "yyyy-MM-dd HH:mm:ss", or "" for no bound', override: true })
})

const recordQueryFields = {
  /** Page number, from 1. Default 1, as the Python SDK. */
  pageNum,
  /** Rows per page, 1 or more. Default 10, as the Python SDK. */
  pageSize: /* @__PURE__ */ pageSize(10),
  /**
   * Only records at or after this time, `"yyyy-MM-dd HH:mm:ss"` in the service's zone; `""` (the
   * default, sent as the Python SDK sends it) for no bound.
   */
  startDate: /* @__PURE__ */ Schema.optionalWith(DateBound, { default: () => "" }),
  /** Only records at or before this time, the same way. */
  endDate: /* @__PURE__ */ Schema.optionalWith(DateBound, { default: () => "" })
}

/**
 * Input of the `taskRecord` endpoint (docs/protocol.md 4.1.5) as it goes on the wire:
 * `{"platform", "pageNum", "pageSize", "startDate", "endDate"}`, every field sent. The service
 * method fills in `platform` from the configured platform when it is not given.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskRecordsInput = /* @__PURE__ */ Schema.Struct(
  // Spread inside a function, so that a bundler can drop it when unused (see Task.TaskInfo).
  /* @__PURE__ */ (() => ({
    /** The platform whose records to read. */
    platform: PlatformNumber,
    ...recordQueryFields
  }))()
)

/**
 * What `UserService.taskRecordsPage` accepts: the filters of {@link TaskRecordsInput}, with
 * `platform` optional (default: the configured platform).
 *
 * @since 0.1.0
 * @category models
 */
export type TaskRecordsInput = Omit<typeof TaskRecordsInput.Encoded, "platform"> & {
  readonly platform?: number
}

/**
 * Input of the `loginRecord` endpoint (docs/protocol.md 4.1.6):
 * `{"pageNum", "pageSize", "startDate", "endDate"}`, every field sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoginRecordsInput = /* @__PURE__ */ Schema.Struct(recordQueryFields)

/**
 * What `UserService.loginRecordsPage` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type LoginRecordsInput = typeof LoginRecordsInput.Encoded

/**
 * One operation record of a task (`taskRecord`, docs/protocol.md 4.1.5). The protocol does not
 * document the shape, so it is decoded leniently: the fields below are the ones the simulator
 * sends (each optional, `null` read as absent, numbers also accepted as strings), and every other
 * field the service sends is kept as it came. Times are epoch milliseconds in the simulator.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskRecord = /* @__PURE__ */ lenientRecord({
  /** The record's id. */
  id: NumberOrString,
  taskId: NumberOrString,
  /** The task's display id, e.g. `"2W2433370"`. */
  taskAlias: Schema.String,
  /** What was done, e.g. `"submit"`, `"stop"`, `"updateTaskLimit"` in the simulator. */
  operateType: NumberOrString,
  /** A description of the operation, e.g. `"taskLimit 2"`. */
  operateContent: Schema.String,
  /** When it was done. */
  operateTime: NumberOrString,
  userId: NumberOrString,
  userName: Schema.String,
  platform: NumberOrString
})

/**
 * One operation record of a task.
 *
 * @since 0.1.0
 * @category models
 */
export type TaskRecord = typeof TaskRecord.Type

/**
 * One login record (`loginRecord`, docs/protocol.md 4.1.6), decoded leniently like
 * {@link TaskRecord}: the fields the simulator sends, each optional, and every other field kept.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoginRecord = /* @__PURE__ */ lenientRecord({
  /** The record's id. */
  id: NumberOrString,
  userId: NumberOrString,
  userName: Schema.String,
  /** When the login happened. */
  loginTime: NumberOrString,
  platform: NumberOrString,
  /** The `channel` header of the login request in the simulator. */
  channel: NumberOrString
})

/**
 * One login record.
 *
 * @since 0.1.0
 * @category models
 */
export type LoginRecord = typeof LoginRecord.Type

/**
 * A page of records as the lenient record queries read it: the paging fields of the other pages
 * (docs/protocol.md 4.0.3), each optional, the rows in `items` (a missing or `null` list is
 * empty), every other field kept, and a `null` page read as an empty one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecordPage = <Item extends Schema.Schema.Any>(item: Item) => {
  const page = lenientRecord({ ...PageFields, items: list(item) })
  return Schema.Union(
    page,
    Schema.transform(Schema.Null, Schema.typeSchema(page), {
      strict: false,
      decode: () => ({ items: [] }),
      encode: () => null
    })
  )
}

/**
 * A page of task operation records.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskRecordPage = /* @__PURE__ */ RecordPage(TaskRecord)

/**
 * A page of task operation records.
 *
 * @since 0.1.0
 * @category models
 */
export type TaskRecordPage = typeof TaskRecordPage.Type

/**
 * A page of login records.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoginRecordPage = /* @__PURE__ */ RecordPage(LoginRecord)

/**
 * A page of login records.
 *
 * @since 0.1.0
 * @category models
 */
export type LoginRecordPage = typeof LoginRecordPage.Type
