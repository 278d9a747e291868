/**
 * Enumerations of the frame endpoints (docs/protocol.md 4.0.3, 5.2, 5.5): frame statuses and
 * types, fee types, `selectAll` and languages. `Frame` exports them too.
 *
 * @since 0.1.0
 */
import { nameOf } from "./internal/schema.ts"

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
export const frameStatusName = (code: number): keyof typeof FrameStatus | undefined => nameOf(FrameStatus, code)

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
export const Language = { Chinese: 0, English: 1 } as const

/**
 * A language code.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type Language = (typeof Language)[keyof typeof Language]
