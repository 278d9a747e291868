/**
 * Models, enumerations and inputs of the frame, log and analysis-error endpoints (docs/protocol.md
 * 4.0.3 FrameInfo, 4.3.3-4.3.11, 5.2, 5.5).
 *
 * Response fields the service may omit or send as `null` are optional properties; extra
 * fields the service adds are ignored. Optional inputs are sent whenever they are given,
 * including `0` and `""` (the Python SDK drops falsy values).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id, NumberOrString, opt, TaskIds } from "./internal/schema.ts"
import { PageFields } from "./Task.ts"

/**
 * Frame status codes (`frameStatus`; docs/protocol.md 5.2), so code reads `FrameStatus.Failed`
 * rather than `5`.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const FrameStatus = {
  Waiting: 1,
  Running: 2,
  Stopped: 3,
  Finished: 4,
  Failed: 5,
  /** Waiting for the pre-processing to finish. */
  WaitingForPreRender: 6,
  /** Waiting for the photon frame to finish. */
  WaitingForPhoton: 7,
  /** Waiting for the priority render to finish. */
  WaitingForPriority: 8,
  /** Waiting for the photon job to finish. */
  WaitingForPhotonJob: 9,
  /** Waiting for the simulation (settlement) job to finish. */
  WaitingForSimulation: 10,
  TimedOut: 11
} as const

/**
 * A frame status code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type FrameStatus = (typeof FrameStatus)[keyof typeof FrameStatus]

/**
 * The name of a frame status code, or `undefined` for a code this SDK does not know.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const frameStatusName = (code: number): keyof typeof FrameStatus | undefined =>
  (Object.keys(FrameStatus) as Array<keyof typeof FrameStatus>).find((name) => FrameStatus[name] === code)

/**
 * Frame type codes (`frameType`; docs/protocol.md 5.2).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const FrameType = {
  /** Pre-render: a single frame, even with several cameras. */
  PreRender: 1,
  Photon: 2,
  MergedPhoton: 3,
  Priority: 4,
  /** The main render frame. */
  Main: 5,
  /** Maya/Max priority composite frame. */
  PriorityComposite: 6,
  /** Maya/Max main-picture composite frame. */
  MainComposite: 7,
  /** Houdini simulation frame. */
  Simulation: 8,
  /** Max channel (render element) frame. */
  ChannelFrame: 9
} as const

/**
 * A frame type code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type FrameType = (typeof FrameType)[keyof typeof FrameType]

/**
 * How a frame is charged (`feeType`; docs/protocol.md 4.0.3, 5.2).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const FeeType = {
  ByUsage: 0,
  /** By machine (a package). */
  ByMachine: 1,
  ByProject: 2
} as const

/**
 * A fee type code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type FeeType = (typeof FeeType)[keyof typeof FeeType]

/**
 * `selectAll` of `recommitTaskFrames` and `stopTaskFrames` (docs/protocol.md 5.5). The service
 * methods choose it from whether frame ids are given.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const SelectAll = {
  /** Only the frames listed in `ids`. */
  OnlyListed: 0,
  /** Every frame of the task. */
  All: 1
} as const

/**
 * A `selectAll` value.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type SelectAll = (typeof SelectAll)[keyof typeof SelectAll]

/**
 * `language` of `queryAnalyseErrorDetail` and `languageFlag` of its rows (docs/protocol.md 5.5).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const Language = {
  Chinese: 0,
  English: 1
} as const

/**
 * A language code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type Language = (typeof Language)[keyof typeof Language]

/** Flags some rows carry as 0/1 and others as booleans (undocumented extras). */
const NumberOrBoolean = Schema.Union(Schema.Number, Schema.Boolean)

/**
 * One frame of a task (docs/protocol.md 4.0.3 FrameInfo). `id` is what frame actions, thumbnails
 * and logs take; `frameIndex` is the frame's label (`"1"`, `"0-1"`, `"2-4[1]"`) and is not unique:
 * the same label can appear with several frame types.
 *
 * @since 0.1.0
 * @category models
 */
export class FrameInfo extends Schema.Class<FrameInfo>("@rayvision/core/FrameInfo")({
  /** Frame id. */
  id: Schema.Number,
  taskId: Schema.Number,
  userId: opt(Schema.Number),
  /** Frame label, `start-end[step]`. */
  frameIndex: Schema.String,
  /** Block number within the frame (tiles). */
  frameBlock: opt(Schema.String),
  /** See {@link FrameStatus}. */
  frameStatus: Schema.Number,
  /** `"task_frame_status_<code>"`. */
  frameStatusText: opt(Schema.String),
  /** See {@link FrameType}. */
  frameType: opt(Schema.Number),
  framePrice: opt(Schema.Number),
  feeAmount: opt(Schema.Number),
  couponFee: opt(Schema.Number),
  arrearsFee: opt(Schema.Number),
  /** See {@link FeeType}. */
  feeType: opt(Schema.Number),
  platform: opt(Schema.Number),
  /** Epoch milliseconds; `0` when not started. */
  startTime: opt(Schema.Number),
  /** Epoch milliseconds; `0` when not finished. */
  endTime: opt(Schema.Number),
  /** Render time, seconds. */
  frameExecuteTime: opt(Schema.Number),
  /** How many times the frame was resubmitted (starts at 0). */
  recommitFlag: opt(Schema.Number),
  taskOverTime: opt(Schema.Number),
  /** Houdini simulation node name. */
  gopName: opt(Schema.String),
  /** Required memory; absent means no requirement. */
  frameRam: opt(Schema.Number),
  munuJobId: opt(Schema.String),
  munuTaskId: opt(Schema.String),
  isCopy: opt(Schema.Unknown),
  currentRenderTime: opt(NumberOrString),
  averageCpu: opt(Schema.Number),
  /** Bytes. */
  averageMemory: opt(Schema.Number),
  isOverTime: opt(NumberOrBoolean),
  overOneMonth: opt(NumberOrBoolean),
  renderRam: opt(Schema.Number),
  /** The render node's IP address. */
  nodeId: opt(Schema.String),
  openRenderRam: opt(NumberOrBoolean)
}) {}

/**
 * A page of frames (`queryTaskFrames`, docs/protocol.md 4.3.3).
 *
 * @since 0.1.0
 * @category models
 */
export class FramePage extends Schema.Class<FramePage>("@rayvision/core/FramePage")({
  ...PageFields,
  items: Schema.Array(FrameInfo)
}) {}

/**
 * Frame totals of the whole account (`queryAllFrameStats`, docs/protocol.md 4.3.4).
 *
 * @since 0.1.0
 * @category models
 */
export class FrameStats extends Schema.Class<FrameStats>("@rayvision/core/FrameStats")({
  executingFramesTotal: Schema.Number,
  doneFramesTotal: Schema.Number,
  failedFramesTotal: Schema.Number,
  waitingFramesTotal: Schema.Number,
  totalFrames: Schema.Number,
  abandonFramesTotal: opt(Schema.Number)
}) {}

/**
 * The progress of one block of one frame in a {@link ProgressImage} (docs/protocol.md 4.3.8). Every
 * value is a string, as the service sends it.
 *
 * @since 0.1.0
 * @category models
 */
export class Grab extends Schema.Class<Grab>("@rayvision/core/Grab")({
  startTime: opt(Schema.String),
  endTime: opt(Schema.String),
  frameStatus: opt(Schema.String),
  /** Whether the price cap was reached. */
  isMaxPrice: opt(Schema.String),
  feeAmount: opt(Schema.String),
  couponFee: opt(Schema.String),
  frameIndex: opt(Schema.String),
  frameBlock: opt(Schema.String),
  framePercent: opt(Schema.String),
  /** Seconds used. */
  frameUsed: opt(Schema.String),
  /** Estimated seconds left. */
  frameEst: opt(Schema.String),
  renderInfo: opt(Schema.String),
  /** Server path of the progress JPEG. */
  grabUrl: opt(Schema.String)
}) {}

/**
 * The render-progress image of a task (`loadTaskProcessImg`, docs/protocol.md 4.3.8; 3ds Max only).
 *
 * @since 0.1.0
 * @category models
 */
export class ProgressImage extends Schema.Class<ProgressImage>("@rayvision/core/ProgressImage")({
  width: opt(Schema.Number),
  height: opt(Schema.Number),
  /** Number of blocks (tiles). */
  block: opt(Schema.Number),
  isRenderPhoton: opt(Schema.Boolean),
  /** `"Render"` (main picture) or `"RenderPhoton"`. */
  currentTaskType: opt(Schema.String),
  /** Scene name, `-`, camera name. */
  sceneName: opt(Schema.String),
  /** `"yyyy-MM-dd HH:mm:ss"`. */
  startTime: opt(Schema.String),
  /** `"yyyy-MM-dd HH:mm:ss"`. */
  endTime: opt(Schema.String),
  /** `"yyyy-MM-dd HH:mm:ss"`. */
  completedTime: opt(Schema.String),
  /** Per frame, per block. */
  grabInfo: opt(Schema.Array(Schema.Array(Grab)))
}) {}

/**
 * The description of one analysis error code (`queryAnalyseErrorDetail`, docs/protocol.md 4.3.11).
 * `code` is always text here, also when the service sends a number.
 *
 * @since 0.1.0
 * @category models
 */
export class CodeInfo extends Schema.Class<CodeInfo>("@rayvision/core/CodeInfo")({
  id: opt(Schema.Number),
  /** The analysis error code, e.g. `"15000"`. */
  code: Schema.Union(
    Schema.String,
    Schema.transform(Schema.Number, Schema.String, { strict: true, decode: String, encode: Number })
  ),
  /** 0 = warning (can be ignored), 1 = error (blocks submission). */
  type: opt(Schema.Number),
  /** See {@link Language}. */
  languageFlag: opt(Schema.Number),
  desDescriptionCn: opt(Schema.String),
  desSolutionCn: opt(Schema.String),
  /** URL of the fix guide. */
  solutionPath: opt(Schema.String),
  /** 1 = can be repaired. */
  isRepair: opt(Schema.Number),
  /** 1 = the error blocks submission. */
  isOpen: opt(Schema.Number),
  isDelete: opt(Schema.Number),
  lastModifyAdmin: opt(Schema.String),
  /** Epoch milliseconds. */
  updateTime: opt(Schema.Number)
}) {}

/**
 * A page of render-log lines (`showLog`, docs/protocol.md 4.3.10).
 *
 * @since 0.1.0
 * @category models
 */
export class RenderLogPage extends Schema.Class<RenderLogPage>("@rayvision/core/RenderLogPage")({
  ...PageFields,
  items: Schema.Array(Schema.String)
}) {}

/**
 * The thumbnails of a frame (`loadingFrameThumbnail`, docs/protocol.md 4.3.9): relative paths with
 * Windows separators. A bare string (`"SUCCESS"`, seen in a supplementary example) or `null` means
 * there are none.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Thumbnails = Schema.Union(
  Schema.Array(Schema.String),
  Schema.transform(Schema.Union(Schema.String, Schema.Null), Schema.Array(Schema.String), {
    strict: true,
    decode: () => [],
    encode: () => null
  })
)

const PageNumber = Schema.Int.pipe(Schema.positive({ message: () => "must be a whole number, 1 or more" }))
const FrameStatuses = Schema.Array(
  Schema.Int.pipe(Schema.positive({ message: () => "must be a frame status code (1 or more)" }))
).pipe(
  Schema.minItems(1, {
    message: () => "must hold at least one frame status (leave it out for the service's default)"
  })
)

/**
 * Input of `framesPage` (`queryTaskFrames`, docs/protocol.md 4.3.3).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FramesPageInput = Schema.Struct({
  taskId: Id,
  /** Page number, from 1. Default 1. */
  pageNum: Schema.optionalWith(PageNumber, { default: () => 1 }),
  /** Frames per page. Default 100. */
  pageSize: Schema.optionalWith(PageNumber, { default: () => 100 }),
  /** Name of a multi-frame-per-node group. */
  searchKeyword: Schema.optional(Schema.String)
})

/**
 * What `framesPage` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type FramesPageInput = typeof FramesPageInput.Encoded

/**
 * Input of `restartFailedFrames` (`recommitTasks`, docs/protocol.md 4.3.5).
 *
 * @since 0.1.0
 * @category schemas
 */
export const RestartFailedFramesInput = Schema.Struct({
  taskIds: TaskIds,
  /** The frame statuses to resubmit ({@link FrameStatus}); when absent, failed frames. */
  status: Schema.optional(FrameStatuses)
})

/**
 * What `restartFailedFrames` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type RestartFailedFramesInput = typeof RestartFailedFramesInput.Encoded

const FrameSelectionFields = Schema.Struct({
  taskId: Id,
  /** Frame ids ({@link FrameInfo} `id`); when absent, every frame of the task. */
  frameIds: Schema.optional(
    Schema.Array(Id).pipe(
      Schema.minItems(1, { message: () => "must hold at least one frame id (leave it out for every frame)" })
    )
  ),
  /** Only frames in these statuses ({@link FrameStatus}). */
  status: Schema.optional(FrameStatuses)
})

const FrameSelectionWire = Schema.Struct({
  taskId: Schema.Number,
  ids: Schema.optional(Schema.Array(Schema.Number)),
  selectAll: Schema.Literal(0, 1),
  status: Schema.optional(Schema.Array(Schema.Number))
})

/**
 * Input of `restartFrames` and `stopFrames` (`recommitTaskFrames`, `stopTaskFrames`;
 * docs/protocol.md 4.3.6, 4.3.7): `{ taskId, frameIds?, status? }`. Without `frameIds` the wire
 * body is `{taskId, selectAll: 1}` (every frame); with them, `{taskId, ids, selectAll: 0}`. An
 * empty `frameIds` is refused before sending (the SDK raised `AttributeError`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FrameSelection = Schema.transform(FrameSelectionFields, FrameSelectionWire, {
  strict: true,
  decode: ({ frameIds, status, taskId }) => ({
    taskId,
    ...(frameIds === undefined
      ? { selectAll: SelectAll.All as SelectAll }
      : { ids: frameIds, selectAll: SelectAll.OnlyListed as SelectAll }),
    ...(status === undefined ? {} : { status })
  }),
  encode: ({ ids, status, taskId }) => ({
    taskId,
    ...(ids === undefined ? {} : { frameIds: ids }),
    ...(status === undefined ? {} : { status })
  })
})

/**
 * What `restartFrames` and `stopFrames` accept.
 *
 * @since 0.1.0
 * @category models
 */
export type FrameSelection = typeof FrameSelection.Encoded

/**
 * Input of `progressImage` (`loadTaskProcessImg`, docs/protocol.md 4.3.8).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProgressImageInput = Schema.Struct({
  taskId: Id,
  /** {@link FrameType} `Photon` (2) or `Main` (5); when absent, the stage the task is in. */
  frameType: Schema.optional(
    Schema.Literal(FrameType.Photon, FrameType.Main).annotations({
      message: () => ({ message: "must be 2 (photon frame) or 5 (main picture)", override: true })
    })
  )
})

/**
 * What `progressImage` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type ProgressImageInput = typeof ProgressImageInput.Encoded

/**
 * Input of `frameThumbnails` (`loadingFrameThumbnail`, docs/protocol.md 4.3.9):
 * `{ frameId, frameStatus? }`, sent as `{id, frameStatus}` with `frameStatus` 4 (finished) by
 * default.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FrameThumbnailsInput = Schema.transform(
  Schema.Struct({
    frameId: Id,
    /** Default {@link FrameStatus} `Finished`: only finished frames have thumbnails. */
    frameStatus: Schema.optionalWith(
      Schema.Int.pipe(Schema.positive({ message: () => "must be a frame status code (1 or more)" })),
      { default: () => FrameStatus.Finished }
    )
  }),
  Schema.Struct({ id: Schema.Number, frameStatus: Schema.Number }),
  {
    strict: true,
    decode: ({ frameId, frameStatus }) => ({ id: frameId, frameStatus }),
    encode: ({ frameStatus, id }) => ({ frameId: id, frameStatus })
  }
)

/**
 * What `frameThumbnails` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type FrameThumbnailsInput = typeof FrameThumbnailsInput.Encoded

/**
 * Input of `renderLog` (`showLog`, docs/protocol.md 4.3.10): `{ frameId, pageNum?, pageSize?,
 * renderingType? }`, sent as `{renderingType, pageNum, pageSize, id}` with the SDK's defaults
 * (`"render"`, 1, 1). A frame id is required: the SDK sent `id: null` without one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RenderLogInput = Schema.transform(
  Schema.Struct({
    frameId: Id,
    /** Page number, from 1. Default 1. */
    pageNum: Schema.optionalWith(PageNumber, { default: () => 1 }),
    /** Rows per page. Default 1, as in the SDK. */
    pageSize: Schema.optionalWith(PageNumber, { default: () => 1 }),
    /** Default `"render"`. */
    renderingType: Schema.optionalWith(
      Schema.String.pipe(Schema.nonEmptyString({ message: () => "must not be empty" })),
      { default: () => "render" }
    )
  }),
  Schema.Struct({ renderingType: Schema.String, pageNum: Schema.Number, pageSize: Schema.Number, id: Schema.Number }),
  {
    strict: true,
    decode: ({ frameId, pageNum, pageSize, renderingType }) => ({ renderingType, pageNum, pageSize, id: frameId }),
    encode: ({ id, pageNum, pageSize, renderingType }) => ({ frameId: id, pageNum, pageSize, renderingType })
  }
)

/**
 * What `renderLog` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type RenderLogInput = typeof RenderLogInput.Encoded

const ErrorCode = Schema.String.pipe(Schema.nonEmptyString({ message: () => "must be a non-empty error code" }))

/**
 * Input of `analysisErrorDetail` (`queryAnalyseErrorDetail`, docs/protocol.md 4.3.11): at least one
 * of `code` and `codes` (checked before sending; the SDK raised a bare `AssertionError`), and
 * `language` ({@link Language}, default Chinese, always sent).
 *
 * @since 0.1.0
 * @category schemas
 */
export const AnalysisErrorDetailInput = Schema.Struct({
  /** One analysis error code, e.g. `"15000"`. */
  code: Schema.optional(ErrorCode),
  /** Several analysis error codes. */
  codes: Schema.optional(
    Schema.Array(ErrorCode).pipe(Schema.minItems(1, { message: () => "must hold at least one error code" }))
  ),
  /** Default {@link Language} `Chinese` (0). */
  language: Schema.optionalWith(
    Schema.Literal(Language.Chinese, Language.English).annotations({
      message: () => ({ message: "must be 0 (Chinese) or 1 (English)", override: true })
    }),
    { default: () => Language.Chinese }
  )
}).pipe(
  Schema.filter((input) => input.code !== undefined || input.codes !== undefined, {
    message: () => "needs code or codes (at least one error code)"
  })
)

/**
 * What `analysisErrorDetail` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type AnalysisErrorDetailInput = typeof AnalysisErrorDetailInput.Encoded
