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
import { NumberOrString, opt, optionalExcept, optionalFields } from "./internal/fields.ts"
import { FrameStatus, FrameType, Language, SelectAll } from "./FrameCodes.ts"
import { Id, nonEmptyList, nonEmptyText, oneOf, pageNum, pageSize, positiveInt, TaskIds } from "./internal/schema.ts"
import { PageFields } from "./Task.ts"

export * from "./FrameCodes.ts"

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
  extends /* @__PURE__ */ Schema.Class<FrameInfo>("@rayvision/core/FrameInfo")(
    /* @__PURE__ */ optionalExcept(["id", "taskId", "frameIndex", "frameStatus"], {
      /** Frame id. */
      id: Schema.Number,
      taskId: Schema.Number,
      userId: Schema.Number,
      /** Frame label, `start-end[step]`. */
      frameIndex: Schema.String,
      /** Block number within the frame (tiles). */
      frameBlock: Schema.String,
      /** See {@link FrameStatus}. */
      frameStatus: Schema.Number,
      /** `"task_frame_status_<code>"`. */
      frameStatusText: Schema.String,
      /** See {@link FrameType}. */
      frameType: Schema.Number,
      framePrice: Schema.Number,
      feeAmount: Schema.Number,
      couponFee: Schema.Number,
      arrearsFee: Schema.Number,
      /** See {@link FeeType}. */
      feeType: Schema.Number,
      platform: Schema.Number,
      /** Epoch milliseconds; `0` when not started. */
      startTime: Schema.Number,
      /** Epoch milliseconds; `0` when not finished. */
      endTime: Schema.Number,
      /** Render time, seconds. */
      frameExecuteTime: Schema.Number,
      /** How many times the frame was resubmitted (starts at 0). */
      recommitFlag: Schema.Number,
      taskOverTime: Schema.Number,
      /** Houdini simulation node name. */
      gopName: Schema.String,
      /** Required memory; absent means no requirement. */
      frameRam: Schema.Number,
      munuJobId: Schema.String,
      munuTaskId: Schema.String,
      isCopy: Schema.Unknown,
      currentRenderTime: NumberOrString,
      averageCpu: Schema.Number,
      /** Bytes. */
      averageMemory: Schema.Number,
      isOverTime: NumberOrBoolean,
      overOneMonth: NumberOrBoolean,
      renderRam: Schema.Number,
      /** The render node's IP address. */
      nodeId: Schema.String,
      openRenderRam: NumberOrBoolean
    })
  ) {}

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
  extends /* @__PURE__ */ Schema.Class<Grab>("@rayvision/core/Grab")(
    /* @__PURE__ */ optionalFields({
      startTime: Schema.String,
      endTime: Schema.String,
      frameStatus: Schema.String,
      /** Whether the price cap was reached. */
      isMaxPrice: Schema.String,
      feeAmount: Schema.String,
      couponFee: Schema.String,
      frameIndex: Schema.String,
      frameBlock: Schema.String,
      framePercent: Schema.String,
      /** Seconds used. */
      frameUsed: Schema.String,
      /** Estimated seconds left. */
      frameEst: Schema.String,
      renderInfo: Schema.String,
      /** Server path of the progress JPEG. */
      grabUrl: Schema.String
    })
  ) {}

/**
 * The render-progress image of a task (`loadTaskProcessImg`, docs/protocol.md 4.3.8; 3ds Max only).
 *
 * @since 0.1.0
 * @category models
 */
export class ProgressImage
  extends /* @__PURE__ */ Schema.Class<ProgressImage>("@rayvision/core/ProgressImage")(
    /* @__PURE__ */ optionalFields({
      width: Schema.Number,
      height: Schema.Number,
      /** Number of blocks (tiles). */
      block: Schema.Number,
      isRenderPhoton: Schema.Boolean,
      /** `"Render"` (main picture) or `"RenderPhoton"`. */
      currentTaskType: Schema.String,
      /** Scene name, `-`, camera name. */
      sceneName: Schema.String,
      /** `"yyyy-MM-dd HH:mm:ss"`. */
      startTime: Schema.String,
      /** `"yyyy-MM-dd HH:mm:ss"`. */
      endTime: Schema.String,
      /** `"yyyy-MM-dd HH:mm:ss"`. */
      completedTime: Schema.String,
      /** Per frame, per block. */
      grabInfo: /* @__PURE__ */ Schema.Array(/* @__PURE__ */ Schema.Array(Grab))
    })
  ) {}

/**
 * The description of one analysis error code (`queryAnalyseErrorDetail`, docs/protocol.md 4.3.11).
 * `code` is always text here, also when the service sends a number.
 *
 * @since 0.1.0
 * @category models
 */
export class CodeInfo
  extends /* @__PURE__ */ Schema.Class<CodeInfo>("@rayvision/core/CodeInfo")(
    /* @__PURE__ */ optionalExcept(["code"], {
      id: Schema.Number,
      /** The analysis error code, e.g. `"15000"`. */
      code: /* @__PURE__ */ Schema.Union(
        Schema.String,
        /* @__PURE__ */ Schema.transform(Schema.Number, Schema.String, { strict: true, decode: String, encode: Number })
      ),
      /** 0 = warning (can be ignored), 1 = error (blocks submission). */
      type: Schema.Number,
      /** See {@link Language}. */
      languageFlag: Schema.Number,
      desDescriptionCn: Schema.String,
      desSolutionCn: Schema.String,
      /** URL of the fix guide. */
      solutionPath: Schema.String,
      /** 1 = can be repaired. */
      isRepair: Schema.Number,
      /** 1 = the error blocks submission. */
      isOpen: Schema.Number,
      isDelete: Schema.Number,
      lastModifyAdmin: Schema.String,
      /** Epoch milliseconds. */
      updateTime: Schema.Number
    })
  ) {}

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

const FrameStatusCode = /* @__PURE__ */ positiveInt("must be a frame status code (1 or more)")

const FrameStatuses = /* @__PURE__ */ nonEmptyList(
  FrameStatusCode,
  "must hold at least one frame status (leave it out for the service's default)"
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
  pageNum,
  /** Frames per page. Default 100. */
  pageSize: /* @__PURE__ */ pageSize(100),
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
    /* @__PURE__ */ nonEmptyList(Id, "must hold at least one frame id (leave it out for every frame)")
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
    /* @__PURE__ */ oneOf(FrameType, ["Photon", "photon frame"], ["Main", "main picture"])
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
    frameStatus: /* @__PURE__ */ Schema.optionalWith(FrameStatusCode, { default: () => FrameStatus.Finished })
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
    pageNum,
    /** Rows per page. Default 1, as in the SDK. */
    pageSize: /* @__PURE__ */ pageSize(1),
    /** Default `"render"`. */
    renderingType: /* @__PURE__ */ Schema.optionalWith(/* @__PURE__ */ nonEmptyText("must not be empty"), {
      default: () => "render"
    })
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

const ErrorCode = /* @__PURE__ */ nonEmptyText("must be a non-empty error code")

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
  codes: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ nonEmptyList(ErrorCode, "must hold at least one error code")),
  /** Default {@link Language} `Chinese` (0). */
  language: /* @__PURE__ */ Schema.optionalWith(
    /* @__PURE__ */ oneOf(Language, ["Chinese", "Chinese"], ["English", "English"]),
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
