/**
 * The simulated Renderbus service's models: its options (accounts, hardware, the farm, the replay
 * check), the tasks and frames of its farm with their status codes, and its analysis error
 * catalogue. The running simulator is `SimulatorService`; the faults it can inject are
 * `SimulatorFault`.
 *
 * @since 0.1.0
 */
import { Frame, Task } from "@rayvision/core"
import { ANALYSE_ERRORS } from "./internal/analyseErrors.ts"
import type { Fault } from "./SimulatorFault.ts"

/**
 * The well-known credentials of the demo account, present when no accounts are configured.
 *
 * @since 0.1.0
 * @category accounts
 */
export const demoAccount: { readonly accessId: string; readonly accessKey: string } = {
  accessId: "RAYVISION-DEMO-ACCESS-ID",
  accessKey: "rayvision-demo-access-key"
}

/**
 * An account of the simulated service. Everything but the credentials is optional: user id and
 * name are derived from the seed, and `profile`, `settings` and `bids` override single fields of
 * the `queryUserProfile`, `queryUserSetting` and `getBid` answers.
 *
 * @since 0.1.0
 * @category accounts
 */
export interface AccountSeed {
  readonly accessId: string
  readonly accessKey: string
  readonly userId?: number
  readonly userName?: string
  /** Fields of `queryUserProfile` (docs/protocol.md 4.1.1), e.g. `{ rmbbalance: 0, zone: 2 }`. */
  readonly profile?: Readonly<Record<string, unknown>>
  /** Fields of `queryUserSetting` (docs/protocol.md 4.1.2), e.g. `{ taskOverTimeSec: 3600, taskOverTime: 1 }`. */
  readonly settings?: Readonly<Record<string, unknown>>
  /** Fields of `getBid` (docs/protocol.md 4.6.1), snake_case, e.g. `{ input_bid: "10202" }`. */
  readonly bids?: Readonly<Record<string, unknown>>
  /**
   * The account's hardware configurations (`hardwareConfig/list`, docs/protocol.md 4.1.4), in
   * answer order, replacing the default table (derived from the seed, every list present).
   */
  readonly hardwareConfigs?: ReadonlyArray<HardwareConfigSeed>
}

/**
 * A hardware configuration of an account (docs/protocol.md 4.1.4, 5.6), as `hardwareConfig/list`
 * answers it (plus `current`). A list left out is left out of the answer too, as the service's
 * supplementary example shows it: a way to test a client's tolerance (the official client fails
 * on it, docs/protocol.md 7.10). The default configurations carry every list.
 *
 * @since 0.1.0
 * @category accounts
 */
export interface HardwareConfigSeed {
  readonly id: number
  /** 1 = CPU, 2 = GPU. */
  readonly type: 1 | 2
  /** 1 = enabled, 0 = disabled. */
  readonly status: 0 | 1
  readonly platform: number
  /** E.g. `"Default"`, `"1080Ti"`. */
  readonly model: string
  /** E.g. `"64GB"`. */
  readonly ram: string
  /** Number of GPU cards, e.g. `"2"`; null on CPU configurations. */
  readonly gpuNum: string | null
  /** DCC ids the configuration cannot render. */
  readonly notSupportCgId?: ReadonlyArray<number>
  /** Analysis tip codes it cannot handle: a list, or a comma-separated string (the service sends both). */
  readonly notSupportCode?: ReadonlyArray<string> | string
  /** Plugin patterns it refuses: case-insensitive regular expressions once `(` and `)` are removed. */
  readonly notSupportPluginList?: ReadonlyArray<string>
}

/**
 * Settings of a simulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Seed of every derived id and value; default 1. */
  readonly seed?: number
  /** The accounts; default `[demoAccount]`. A repeated access id replaces the earlier account. */
  readonly accounts?: ReadonlyArray<AccountSeed>
  /** `|UTCTimestamp - server time|` beyond this answers 610; default 300. */
  readonly timestampWindowSeconds?: number
  /** What the replay check refuses with 603 (see {@link ReplayCheck}); default `"request"`. */
  readonly replayCheck?: ReplayCheck
  /** How far the server clock runs ahead of Effect's `Clock` (negative: behind); default 0. See {@link SimulatorService.Service.setClockOffset}. */
  readonly clockOffsetMillis?: number
  /** Time zone of `yyyy-MM-dd HH:mm:ss` request fields, minutes east of UTC; default 480 (UTC+8, the service's zone). */
  readonly utcOffsetMinutes?: number
  /** Larger request bodies answer 600; default 10 MiB. */
  readonly maxBodyBytes?: number
  /** How many calls {@link SimulatorService.Service.calls} keeps (the oldest are dropped); default 10 000. */
  readonly maxRecordedCalls?: number
  /** How the simulated farm renders submitted tasks (see {@link FarmOptions}); every field has a default. */
  readonly farm?: FarmOptions
  /** Faults pending from the start, as if given to {@link SimulatorService.Service.injectFault} in this order; default none. */
  readonly faults?: ReadonlyArray<Fault>
}

/**
 * What counts as a replay, answered `603 illegal_protocol` (docs/protocol.md 1.5, 3.1). Only
 * requests whose signature verified are remembered, each until its `UTCTimestamp` leaves the
 * timestamp window (a replay after that is a `610` anyway), so memory stays bounded.
 *
 * - `"request"` (the default): the same request again, as a proxy or an attacker resends it: the
 *   account has already sent this `UTCTimestamp` with this `nonce`, or this exact `signature`.
 *   Independent clients of one account that draw their nonces at random (the official client's
 *   six digits) do not refuse each other, unless two of them sign in the same second with the
 *   same nonce (about once in 900,000 such pairs of calls).
 * - `"nonce"` (strict): besides, a nonce the account has already used with any other timestamp
 *   still inside the window. Independent clients of one account then refuse each other's requests
 *   now and then (two clients making 3,000 calls each within one window share about ten nonces);
 *   for tests of a client's own nonces.
 *
 * @since 0.1.0
 * @category models
 */
export type ReplayCheck = "request" | "nonce"

/**
 * One run of one frame, as {@link FarmOptions.failFrame} sees it.
 *
 * @since 0.1.0
 * @category models
 */
export interface FrameAttempt {
  /** The id of the task that owns the frame (a layer child's id when the farm has layers). */
  readonly taskId: number
  /** The frame number, from 1 (the frame's `frameIndex` as a number). */
  readonly frameNumber: number
  /**
   * The run of this frame, from 1: every start of the frame counts, so a run interrupted by a stop,
   * a timeout or a resubmission is followed by attempt 2, 3, ...
   */
  readonly attempt: number
}

/**
 * How the simulated farm renders. Time is Effect's `Clock` (plus `clockOffsetMillis`), so tests
 * drive the farm with `TestClock`: the state is brought up to date at the start of every request,
 * event by event, so one large clock jump gives exactly the state of many small ones.
 *
 * A submitted task is `Waiting` (status 0) `queueSeconds`, then `Rendering` (5): its frames run
 * `nodes` at a time in frame order, each for `frameSeconds`; a run fails (at its end) when
 * `failFrame` says so, or with probability `failureRate` drawn from the seed. When no frame is left
 * waiting or running the task ends: `Finished` (25) if no frame failed, `FinishedWithFailedFrames`
 * (30) if some failed and some finished, `Failed` (45) if every ended frame failed, `Abandoned` (35)
 * if every frame was stopped (see {@link TaskStatus}).
 *
 * @since 0.1.0
 * @category models
 */
export interface FarmOptions {
  /** Frames of each submitted task (of each layer child when `layers` is non-empty); default 10. */
  readonly framesPerTask?: number
  /** Seconds a submitted (or restarted, or resubmitted finished) task waits (0) before rendering (5); default 10. */
  readonly queueSeconds?: number
  /** Render time of one frame, seconds; default 60. */
  readonly frameSeconds?: number
  /** Frames of one task rendered at once; default 4. */
  readonly nodes?: number
  /** Frames of one task rendered at once after `fullSpeedRendering`; default 16. */
  readonly fullSpeedNodes?: number
  /** Chance (0 to 1) that one frame run fails, drawn from the seed, the task id, frame and attempt; default 0. */
  readonly failureRate?: number
  /** Decides whether a frame run fails; overrides `failureRate` when given. */
  readonly failFrame?: (frame: FrameAttempt) => boolean
  /**
   * Layer names. When non-empty, each submitted task becomes a parent with one child task per
   * layer (ids taken right after the parent's reserved ids): the children carry the frames, the
   * parent lists them in `respRenderingTaskList` and each child has `layerParentId` = the parent
   * id. Default `[]` (plain tasks carry their own frames).
   */
  readonly layers?: ReadonlyArray<string>
  /** Cost of one second of rendering; a frame's `feeAmount` is this times its seconds, 2 decimals. Default 0.0002. */
  readonly pricePerFrameSecond?: number
}

/**
 * {@link FarmOptions} with every default filled in (counts rounded down and at least 1, times and
 * prices at least 0, `frameSeconds` at least 1 ms, `failureRate` within 0..1).
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedFarmOptions {
  readonly framesPerTask: number
  readonly queueSeconds: number
  readonly frameSeconds: number
  readonly nodes: number
  readonly fullSpeedNodes: number
  readonly failureRate: number
  readonly failFrame: ((frame: FrameAttempt) => boolean) | undefined
  readonly layers: ReadonlyArray<string>
  readonly pricePerFrameSecond: number
}

/**
 * {@link Options} with every default filled in.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedOptions {
  readonly seed: number
  readonly accounts: ReadonlyArray<AccountSeed>
  readonly timestampWindowSeconds: number
  readonly replayCheck: ReplayCheck
  readonly clockOffsetMillis: number
  readonly utcOffsetMinutes: number
  readonly maxBodyBytes: number
  readonly maxRecordedCalls: number
  readonly farm: ResolvedFarmOptions
  readonly faults: ReadonlyArray<Fault>
}

/**
 * A tag attached to a task by `addTaskLabel` (docs/protocol.md 4.4.5).
 *
 * @since 0.1.0
 * @category models
 */
export interface SimTaskTag {
  /** The id `deleteTaskLabel` takes; unique across the simulator, never reused. */
  readonly id: number
  readonly label: string
}

/**
 * A task of the simulated farm. Reserved by `createTask`, it becomes visible once submitted.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimTask {
  readonly id: number
  /** `<platform>W<id>`, e.g. `2W1234567`, from the `platform` header of `createTask`. */
  readonly taskAlias: string
  readonly accessId: string
  readonly userId: number
  readonly userName: string
  /** The `platform` header of `createTask`. */
  readonly platform: string
  /** The `channel` header of `createTask`. */
  readonly channel: string
  readonly submitted: boolean
  /**
   * See {@link TaskStatus}. The farm sets `Waiting`, `Rendering`, `Stopped`, `StoppedByTimeout`,
   * `Finished`, `FinishedWithFailedFrames`, `Failed` and `Abandoned`.
   */
  readonly taskStatus: number
  /** 1 = not deleted, 0 = deleted (in the recycle bin), as the service spells it. */
  readonly isDelete: 0 | 1
  readonly taskUserLevel: number
  /** Seconds, set by `setTaskOverTimeStop`. */
  readonly overTimeStop: number | null
  /** Set by `fullSpeedRendering`. */
  readonly fullSpeed: boolean
  /** 0, or 1 after a stop by the user. */
  readonly stopType: number
  readonly producer: string | null
  readonly artist: string | null
  readonly labels: ReadonlyArray<string>
  /**
   * Tags attached by `addTaskLabel` (docs/protocol.md 4.4.5), each with the id `deleteTaskLabel`
   * takes; absent = none.
   */
  readonly tags?: ReadonlyArray<SimTaskTag>
  /**
   * The node limit set by `updateTaskLimit` (docs/protocol.md 4.2.10): the most frames of the task
   * rendered at once, in place of the farm's `nodes` (or `fullSpeedNodes`); absent = the farm's.
   */
  readonly taskLimit?: number
  readonly outUserId: number | null
  readonly cloneOriginalId: number | null
  /** Epoch ms of `createTask`. */
  readonly createDate: number
  /** Epoch ms of the submission, or null. */
  readonly submitDate: number | null
  readonly sceneName: string
  readonly cgId: number
  /** Frames of the task (a parent: of all its layer children); 0 until submitted. */
  readonly totalFrames: number
  /** Timeout in seconds (the account's `taskOverTimeSec` at submission). */
  readonly taskOverTime: number
  readonly taskRam: number
  /** The frames, in frame order; empty until submitted, and always empty for a parent with layer children. */
  readonly frames: ReadonlyArray<SimFrame>
  /** Epoch ms the task entered the queue (`Waiting`), while it waits; otherwise null. */
  readonly waitingSince: number | null
  /** Epoch ms the task first started rendering, or null. */
  readonly startTime: number | null
  /** Epoch ms the task ended (finished, failed or abandoned), or null while it has not. */
  readonly completedDate: number | null
  /** Epoch ms the current rendering period began; null when not rendering. */
  readonly renderingSince: number | null
  /** Milliseconds spent rendering before `renderingSince` (what `overTimeStop` is measured on). */
  readonly renderedMillis: number
  /** The parent's id for a layer child; 0 for a top-level task. */
  readonly layerParentId: number
  /** The layer name of a layer child; null otherwise. */
  readonly layerName: string | null
  /** The ids of a parent's layer children, in layer order; empty otherwise. */
  readonly childIds: ReadonlyArray<number>
}

/**
 * A frame of a simulated task (docs/protocol.md 4.0.3 FrameInfo).
 *
 * @since 0.1.0
 * @category models
 */
export interface SimFrame {
  /** Frame id, unique across the simulator (what `ids`, thumbnails and logs take). */
  readonly id: number
  readonly taskId: number
  /** 1, 2, ...: the `frameIndex` as a number. */
  readonly frameNumber: number
  /** See {@link FrameStatus}. */
  readonly frameStatus: number
  /** Epoch ms the current or last run started; 0 when the frame has not run (since its resubmission). */
  readonly startTime: number
  /** Epoch ms the last run ended; 0 while waiting, running or stopped. */
  readonly endTime: number
  /** Runs started so far (the `attempt` of the next run is this plus 1). */
  readonly attempts: number
  /** Times the frame was resubmitted. */
  readonly recommitFlag: number
}

/**
 * Frame status codes (docs/protocol.md 5.2): core's `Frame.FrameStatus`. The simulated farm uses
 * `Waiting`, `Running`, `Stopped`, `Finished` and `Failed`.
 *
 * @since 0.1.0
 * @category constants
 */
export const FrameStatus: typeof Frame.FrameStatus = Frame.FrameStatus

/**
 * Task status codes (docs/protocol.md 5.1): core's `Task.TaskStatus`.
 *
 * @since 0.1.0
 * @category constants
 */
export const TaskStatus: typeof Task.TaskStatus = Task.TaskStatus

/**
 * Fills in the defaults of {@link Options}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolveOptions = (options: Options = {}): ResolvedOptions => ({
  seed: options.seed ?? 1,
  accounts: options.accounts ?? [{ ...demoAccount, userName: "rayvision_demo" }],
  timestampWindowSeconds: options.timestampWindowSeconds ?? 300,
  replayCheck: options.replayCheck ?? "request",
  clockOffsetMillis: options.clockOffsetMillis ?? 0,
  utcOffsetMinutes: options.utcOffsetMinutes ?? 480,
  maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
  maxRecordedCalls: options.maxRecordedCalls ?? 10_000,
  farm: resolveFarmOptions(options.farm),
  faults: options.faults ?? []
})

/** A finite number, or the fallback. */
const finite = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) ? value : fallback

/**
 * Fills in the defaults of {@link FarmOptions} (see {@link ResolvedFarmOptions} for the bounds).
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolveFarmOptions = (farm: FarmOptions = {}): ResolvedFarmOptions => ({
  framesPerTask: Math.max(1, Math.floor(finite(farm.framesPerTask, 10))),
  queueSeconds: Math.max(0, finite(farm.queueSeconds, 10)),
  frameSeconds: Math.max(0.001, finite(farm.frameSeconds, 60)),
  nodes: Math.max(1, Math.floor(finite(farm.nodes, 4))),
  fullSpeedNodes: Math.max(1, Math.floor(finite(farm.fullSpeedNodes, 16))),
  failureRate: Math.min(1, Math.max(0, finite(farm.failureRate, 0))),
  failFrame: farm.failFrame,
  layers: farm.layers ?? [],
  pricePerFrameSecond: Math.max(0, finite(farm.pricePerFrameSecond, 0.0002))
})

/**
 * The text of an analysis error code in one language.
 *
 * @since 0.1.0
 * @category models
 */
export interface AnalyseErrorText {
  readonly description: string
  readonly solution: string
}

/**
 * One analysis error code the simulated service knows (what `queryAnalyseErrorDetail` answers,
 * docs/protocol.md 4.3.11): `type` 1 is an error that blocks submission, 0 a warning.
 *
 * @since 0.1.0
 * @category models
 */
export interface AnalyseErrorCode {
  /** The code as the service spells it: a string of digits, e.g. `"15000"`. */
  readonly code: string
  /** 0 = warning (can be ignored), 1 = error (blocks submission). */
  readonly type: 0 | 1
  /** 1 = the platform can repair it automatically. */
  readonly isRepair: 0 | 1
  /** 1 = blocks submission (the errors). */
  readonly isOpen: 0 | 1
  /** URL of the fix guide. */
  readonly solutionPath: string
  readonly zh: AnalyseErrorText
  readonly en: AnalyseErrorText
}

/**
 * The analysis error catalogue of the simulated service (docs/protocol.md 4.3.11): about ten codes,
 * such as `"15000"` (missing texture, an error) and `"10010"` (a warning). The same for every seed.
 *
 * @since 0.1.0
 * @category constants
 */
export const analyseErrorCodes: ReadonlyArray<AnalyseErrorCode> = ANALYSE_ERRORS
