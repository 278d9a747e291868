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
const NumberOrBoolean = /* @__PURE__ */ Schema.Union(Schema.Number, Schema.Boolean)

/**
 * One frame of a task (docs/protocol.md 4.0.3 FrameInfo). `id` is what frame actions, thumbnails
 * and logs take; `frameIndex` is the frame's label (`"1"`, `"0-1"`, `"2-4[1]"`) and is not unique:
 * the same label can appear with several frame types.
 *
 * @since 0.1.0
 * @category models
 */
export class FrameInfo
  extends /* @__PURE__ */ Schema.Class<FrameInfo>("@rayvision/core/FrameInfo")({
    /** Frame id. */
    id: Schema.Number,
    taskId: Schema.Number,
    userId: /* @__PURE__ */ opt(Schema.Number),
    /** Frame label, `start-end[step]`. */
    frameIndex: Schema.String,
    /** Block number within the frame (tiles). */
    frameBlock: /* @__PURE__ */ opt(Schema.String),
    /** See {@link FrameStatus}. */
    frameStatus: Schema.Number,
    /** `"task_frame_status_<code>"`. */
    frameStatusText: /* @__PURE__ */ opt(Schema.String),
    /** See {@link FrameType}. */
    frameType: /* @__PURE__ */ opt(Schema.Number),
    framePrice: /* @__PURE__ */ opt(Schema.Number),
    feeAmount: /* @__PURE__ */ opt(Schema.Number),
    couponFee: /* @__PURE__ */ opt(Schema.Number),
    arrearsFee: /* @__PURE__ */ opt(Schema.Number),
    /** See {@link FeeType}. */
    feeType: /* @__PURE__ */ opt(Schema.Number),
    platform: /* @__PURE__ */ opt(Schema.Number),
    /** Epoch milliseconds; `0` when not started. */
    startTime: /* @__PURE__ */ opt(Schema.Number),
    /** Epoch milliseconds; `0` when not finished. */
    endTime: /* @__PURE__ */ opt(Schema.Number),
    /** Render time, seconds. */
    frameExecuteTime: /* @__PURE__ */ opt(Schema.Number),
    /** How many times the frame was resubmitted (starts at 0). */
    recommitFlag: /* @__PURE__ */ opt(Schema.Number),
    taskOverTime: /* @__PURE__ */ opt(Schema.Number),
    /** Houdini simulation node name. */
    gopName: /* @__PURE__ */ opt(Schema.String),
    /** Required memory; absent means no requirement. */
    frameRam: /* @__PURE__ */ opt(Schema.Number),
    munuJobId: /* @__PURE__ */ opt(Schema.String),
    munuTaskId: /* @__PURE__ */ opt(Schema.String),
    isCopy: /* @__PURE__ */ opt(Schema.Unknown),
    currentRenderTime: /* @__PURE__ */ opt(NumberOrString),
    averageCpu: /* @__PURE__ */ opt(Schema.Number),
    /** Bytes. */
    averageMemory: /* @__PURE__ */ opt(Schema.Number),
    isOverTime: /* @__PURE__ */ opt(NumberOrBoolean),
    overOneMonth: /* @__PURE__ */ opt(NumberOrBoolean),
    renderRam: /* @__PURE__ */ opt(Schema.Number),
    /** The render node's IP address. */
    nodeId: /* @__PURE__ */ opt(Schema.String),
    openRenderRam: /* @__PURE__ */ opt(NumberOrBoolean)
  }) {}

/**
 * A page of frames (`queryTaskFrames`, docs/protocol.md 4.3.3).
 *
 * @since 0.1.0
 * @category models
 */
export class FramePage
  extends /* @__PURE__ */ Schema.Class<FramePage>("@rayvision/core/FramePage")(
    // Spread inside a function: a bundler keeps a top-level object spread (it may run getters) and,
    // with it, the class; a pure call it drops when the class is unused.
    /* @__PURE__ */ (() => ({ ...PageFields, items: Schema.Array(FrameInfo) }))()
  ) {}

/**
 * Frame totals of the whole account (`queryAllFrameStats`, docs/protocol.md 4.3.4).
 *
 * @since 0.1.0
 * @category models
 */
export class FrameStats
  extends /* @__PURE__ */ Schema.Class<FrameStats>("@rayvision/core/FrameStats")({
    executingFramesTotal: Schema.Number,
    doneFramesTotal: Schema.Number,
    failedFramesTotal: Schema.Number,
    waitingFramesTotal: Schema.Number,
    totalFrames: Schema.Number,
    abandonFramesTotal: /* @__PURE__ */ opt(Schema.Number)
  }) {}

/**
 * The progress of one block of one frame in a {@link ProgressImage} (docs/protocol.md 4.3.8). Every
 * value is a string, as the service sends it.
 *
 * @since 0.1.0
 * @category models
 */
export class Grab
  extends /* @__PURE__ */ Schema.Class<Grab>("@rayvision/core/Grab")({
    startTime: /* @__PURE__ */ opt(Schema.String),
    endTime: /* @__PURE__ */ opt(Schema.String),
    frameStatus: /* @__PURE__ */ opt(Schema.String),
    /** Whether the price cap was reached. */
    isMaxPrice: /* @__PURE__ */ opt(Schema.String),
    feeAmount: /* @__PURE__ */ opt(Schema.String),
    couponFee: /* @__PURE__ */ opt(Schema.String),
    frameIndex: /* @__PURE__ */ opt(Schema.String),
    frameBlock: /* @__PURE__ */ opt(Schema.String),
    framePercent: /* @__PURE__ */ opt(Schema.String),
    /** Seconds used. */
    frameUsed: /* @__PURE__ */ opt(Schema.String),
    /** Estimated seconds left. */
    frameEst: /* @__PURE__ */ opt(Schema.String),
    renderInfo: /* @__PURE__ */ opt(Schema.String),
    /** Server path of the progress JPEG. */
    grabUrl: /* @__PURE__ */ opt(Schema.String)
  }) {}

/**
 * The render-progress image of a task (`loadTaskProcessImg`, docs/protocol.md 4.3.8; 3ds Max only).
 *
 * @since 0.1.0
 * @category models
 */
export class ProgressImage
  extends /* @__PURE__ */ Schema.Class<ProgressImage>("@rayvision/core/ProgressImage")({
    width: /* @__PURE__ */ opt(Schema.Number),
    height: /* @__PURE__ */ opt(Schema.Number),
    /** Number of blocks (tiles). */
    block: /* @__PURE__ */ opt(Schema.Number),
    isRenderPhoton: /* @__PURE__ */ opt(Schema.Boolean),
    /** `"Render"` (main picture) or `"RenderPhoton"`. */
    currentTaskType: /* @__PURE__ */ opt(Schema.String),
    /** Scene name, `-`, camera name. */
    sceneName: /* @__PURE__ */ opt(Schema.String),
    /** `"yyyy-MM-dd HH:mm:ss"`. */
    startTime: /* @__PURE__ */ opt(Schema.String),
    /** `"yyyy-MM-dd HH:mm:ss"`. */
    endTime: /* @__PURE__ */ opt(Schema.String),
    /** `"yyyy-MM-dd HH:mm:ss"`. */
    completedTime: /* @__PURE__ */ opt(Schema.String),
    /** Per frame, per block. */
    grabInfo: /* @__PURE__ */ opt(/* @__PURE__ */ Schema.Array(/* @__PURE__ */ Schema.Array(Grab)))
  }) {}

/**
 * The description of one analysis error code (`queryAnalyseErrorDetail`, docs/protocol.md 4.3.11).
 * `code` is always text here, also when the service sends a number.
 *
 * @since 0.1.0
 * @category models
 */
export class CodeInfo
  extends /* @__PURE__ */ Schema.Class<CodeInfo>("@rayvision/core/CodeInfo")({
    id: /* @__PURE__ */ opt(Schema.Number),
    /** The analysis error code, e.g. `"15000"`. */
    code: /* @__PURE__ */ Schema.Union(
      Schema.String,
      /* @__PURE__ */ Schema.transform(Schema.Number, Schema.String, { strict: true, decode: String, encode: Number })
    ),
    /** 0 = warning (can be ignored), 1 = error (blocks submission). */
    type: /* @__PURE__ */ opt(Schema.Number),
    /** See {@link Language}. */
    languageFlag: /* @__PURE__ */ opt(Schema.Number),
    desDescriptionCn: /* @__PURE__ */ opt(Schema.String),
    desSolutionCn: /* @__PURE__ */ opt(Schema.String),
    /** URL of the fix guide. */
    solutionPath: /* @__PURE__ */ opt(Schema.String),
    /** 1 = can be repaired. */
    isRepair: /* @__PURE__ */ opt(Schema.Number),
    /** 1 = the error blocks submission. */
    isOpen: /* @__PURE__ */ opt(Schema.Number),
    isDelete: /* @__PURE__ */ opt(Schema.Number),
    lastModifyAdmin: /* @__PURE__ */ opt(Schema.String),
    /** Epoch milliseconds. */
    updateTime: /* @__PURE__ */ opt(Schema.Number)
  }) {}

/**
 * A page of render-log lines (`showLog`, docs/protocol.md 4.3.10).
 *
 * @since 0.1.0
 * @category models
 */
export class RenderLogPage
  extends /* @__PURE__ */ Schema.Class<RenderLogPage>("@rayvision/core/RenderLogPage")(
    /* @__PURE__ */ (() => ({ ...PageFields, items: Schema.Array(Schema.String) }))()
  ) {}

/**
 * The thumbnails of a frame (`loadingFrameThumbnail`, docs/protocol.md 4.3.9): relative paths with
 * Windows separators. A bare string (`"SUCCESS"`, seen in a supplementary example) or `null` means
 * there are none.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Thumbnails = /* @__PURE__ */ Schema.Union(
  /* @__PURE__ */ Schema.Array(Schema.String),
  /* @__PURE__ */ Schema.transform(
    /* @__PURE__ */ Schema.Union(Schema.String, Schema.Null),
    /* @__PURE__ */ Schema.Array(Schema.String),
    {
      strict: true,
      decode: () => [],
      encode: () => null
    }
  )
)

const PageNumber = /* @__PURE__ */ Schema.Int.pipe(
  /* @__PURE__ */ Schema.positive({ message: () => "must be a whole number, 1 or more" })
)
const FrameStatuses = /* @__PURE__ */ Schema.Array(
  /* @__PURE__ */ Schema.Int.pipe(
    /* @__PURE__ */ Schema.positive({ message: () => "must be a frame status code (1 or more)" })
  )
).pipe(
  /* @__PURE__ */ Schema.minItems(1, {
    message: () => "must hold at least one frame status (leave it out for the service's default)"
  })
)

/**
 * Input of `framesPage` (`queryTaskFrames`, docs/protocol.md 4.3.3).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FramesPageInput = /* @__PURE__ */ Schema.Struct({
  taskId: Id,
  /** Page number, from 1. Default 1. */
  pageNum: /* @__PURE__ */ Schema.optionalWith(PageNumber, { default: () => 1 }),
  /** Frames per page. Default 100. */
  pageSize: /* @__PURE__ */ Schema.optionalWith(PageNumber, { default: () => 100 }),
  /** Name of a multi-frame-per-node group. */
  searchKeyword: /* @__PURE__ */ Schema.optional(Schema.String)
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
export const RestartFailedFramesInput = /* @__PURE__ */ Schema.Struct({
  taskIds: TaskIds,
  /** The frame statuses to resubmit ({@link FrameStatus}); when absent, failed frames. */
  status: /* @__PURE__ */ Schema.optional(FrameStatuses)
})

/**
 * What `restartFailedFrames` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type RestartFailedFramesInput = typeof RestartFailedFramesInput.Encoded

const FrameSelectionFields = /* @__PURE__ */ Schema.Struct({
  taskId: Id,
  /** Frame ids ({@link FrameInfo} `id`); when absent, every frame of the task. */
  frameIds: /* @__PURE__ */ Schema.optional(
    /* @__PURE__ */ Schema.Array(Id).pipe(
      /* @__PURE__ */ Schema.minItems(1, {
        message: () => "must hold at least one frame id (leave it out for every frame)"
      })
    )
  ),
  /** Only frames in these statuses ({@link FrameStatus}). */
  status: /* @__PURE__ */ Schema.optional(FrameStatuses)
})

const FrameSelectionWire = /* @__PURE__ */ Schema.Struct({
  taskId: Schema.Number,
  ids: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Array(Schema.Number)),
  selectAll: /* @__PURE__ */ Schema.Literal(0, 1),
  status: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Array(Schema.Number))
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
export const FrameSelection = /* @__PURE__ */ Schema.transform(FrameSelectionFields, FrameSelectionWire, {
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
export const ProgressImageInput = /* @__PURE__ */ Schema.Struct({
  taskId: Id,
  /** {@link FrameType} `Photon` (2) or `Main` (5); when absent, the stage the task is in. */
  frameType: /* @__PURE__ */ Schema.optional(
    /* @__PURE__ */ Schema.Literal(FrameType.Photon, FrameType.Main).annotations({
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
export const FrameThumbnailsInput = /* @__PURE__ */ Schema.transform(
  /* @__PURE__ */ Schema.Struct({
    frameId: Id,
    /** Default {@link FrameStatus} `Finished`: only finished frames have thumbnails. */
    frameStatus: /* @__PURE__ */ Schema.optionalWith(
      /* @__PURE__ */ Schema.Int.pipe(
        /* @__PURE__ */ Schema.positive({ message: () => "must be a frame status code (1 or more)" })
      ),
      { default: () => FrameStatus.Finished }
    )
  }),
  /* @__PURE__ */ Schema.Struct({ id: Schema.Number, frameStatus: Schema.Number }),
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
export const RenderLogInput = /* @__PURE__ */ Schema.transform(
  /* @__PURE__ */ Schema.Struct({
    frameId: Id,
    /** Page number, from 1. Default 1. */
    pageNum: /* @__PURE__ */ Schema.optionalWith(PageNumber, { default: () => 1 }),
    /** Rows per page. Default 1, as in the SDK. */
    pageSize: /* @__PURE__ */ Schema.optionalWith(PageNumber, { default: () => 1 }),
    /** Default `"render"`. */
    renderingType: /* @__PURE__ */ Schema.optionalWith(
      /* @__PURE__ */ Schema.String.pipe(/* @__PURE__ */ Schema.nonEmptyString({ message: () => "must not be empty" })),
      { default: () => "render" }
    )
  }),
  /* @__PURE__ */ Schema.Struct({
    renderingType: Schema.String,
    pageNum: Schema.Number,
    pageSize: Schema.Number,
    id: Schema.Number
  }),
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

const ErrorCode = /* @__PURE__ */ Schema.String.pipe(
  /* @__PURE__ */ Schema.nonEmptyString({ message: () => "must be a non-empty error code" })
)

/**
 * Input of `analysisErrorDetail` (`queryAnalyseErrorDetail`, docs/protocol.md 4.3.11): at least one
 * of `code` and `codes` (checked before sending; the SDK raised a bare `AssertionError`), and
 * `language` ({@link Language}, default Chinese, always sent).
 *
 * @since 0.1.0
 * @category schemas
 */
export const AnalysisErrorDetailInput = /* @__PURE__ */ Schema.Struct({
  /** One analysis error code, e.g. `"15000"`. */
  code: /* @__PURE__ */ Schema.optional(ErrorCode),
  /** Several analysis error codes. */
  codes: /* @__PURE__ */ Schema.optional(
    /* @__PURE__ */ Schema.Array(ErrorCode).pipe(
      /* @__PURE__ */ Schema.minItems(1, { message: () => "must hold at least one error code" })
    )
  ),
  /** Default {@link Language} `Chinese` (0). */
  language: /* @__PURE__ */ Schema.optionalWith(
    /* @__PURE__ */ Schema.Literal(Language.Chinese, Language.English).annotations({
      message: () => ({ message: "must be 0 (Chinese) or 1 (English)", override: true })
    }),
    { default: () => Language.Chinese }
  )
}).pipe(
  /* @__PURE__ */ Schema.filter((input) => input.code !== undefined || input.codes !== undefined, {
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
