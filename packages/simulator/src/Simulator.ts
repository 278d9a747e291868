/**
 * A local stand-in for the Renderbus service, as strict as the protocol (docs/protocol.md): it
 * checks the headers, the timestamp window, the HMAC signature (over the raw body text, exactly
 * as the service verifies the official Python client) and replays (see {@link ReplayCheck}),
 * validates every request body against the endpoint's schema, and keeps accounts and tasks in
 * memory.
 *
 * Errors are answered as the service does: HTTP 200 with an envelope whose `code` is not 200
 * (docs/protocol.md 1.8). All time comes from Effect's `Clock` (tests can drive it with
 * `TestClock`), and every id is derived from the seed.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Chunk, Clock, Context, Effect, Layer, Ref, Stream } from "effect"
import { Code } from "./internal/codes.ts"
import { type Deps, faultProblem, makeHandle, type PendingFault, pendingFault } from "./internal/handle.ts"
import { initialState, Status } from "./internal/state.ts"
import { advanceFarm, FrameStatus as FrameStatusCodes } from "./internal/farm.ts"
import { ANALYSE_ERRORS, type AnalyseError } from "./internal/analyseErrors.ts"
import { ReplayStore } from "./internal/verify.ts"

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
  /** How far the server clock runs ahead of Effect's `Clock` (negative: behind); default 0. See {@link Simulator.setClockOffset}. */
  readonly clockOffsetMillis?: number
  /** Time zone of `yyyy-MM-dd HH:mm:ss` request fields, minutes east of UTC; default 480 (UTC+8, the service's zone). */
  readonly utcOffsetMinutes?: number
  /** Larger request bodies answer 600; default 10 MiB. */
  readonly maxBodyBytes?: number
  /** How many calls {@link Simulator.calls} keeps (the oldest are dropped); default 10 000. */
  readonly maxRecordedCalls?: number
  /** How the simulated farm renders submitted tasks (see {@link FarmOptions}); every field has a default. */
  readonly farm?: FarmOptions
  /** Faults pending from the start, as if given to {@link Simulator.injectFault} in this order; default none. */
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
 * What an injected {@link Fault} does to the request it takes.
 *
 * - `"error"`: answers an error without processing the request (see {@link Fault.code} and
 *   {@link Fault.httpStatus});
 * - `"delay"`: processes the request normally and answers after {@link Fault.delayMillis};
 * - `"reset"`: the connection is dropped without an answer (processed first when
 *   {@link Fault.acted});
 * - `"hang"`: no answer ever comes; the connection stays open until the client gives up or the
 *   server closes (processed first when {@link Fault.acted});
 * - `"truncate"`: the answer (of the processed request, unless `acted` is `false`) is cut after
 *   half of its bytes, with the full `content-length`, and the connection is dropped;
 * - `"notJson"`: HTTP 200 with a JSON content type but a body that is not JSON; not processed;
 * - `"wrongShape"`: processes the request, then answers a success envelope whose `data` has the
 *   wrong shape (every field of an object gets another JSON type; anything else becomes a string
 *   or a number);
 * - `"duplicate"`: the request is delivered twice, as a proxy resending it: the second delivery
 *   meets the replay check (`603`) and changes nothing; the client gets the first answer.
 *
 * @since 0.1.0
 * @category models
 */
export type FaultKind = "error" | "delay" | "reset" | "hang" | "truncate" | "notJson" | "wrongShape" | "duplicate"

/**
 * A failure to inject (see {@link Simulator.injectFault}): the next `times` matching requests
 * (after `skip` of them went through, and each with `probability`) fail as `kind` says.
 *
 * The default kind `"error"` answers before authentication, without processing anything:
 *
 * - `code` only: HTTP 200 with an envelope of that service code (docs/protocol.md 1.8), e.g. `500`
 *   (`INTERNAL_ERROR`, transient: the client retries idempotent calls), `600`, `403`, or a code
 *   the client does not know;
 * - `httpStatus` only: that HTTP status with an HTML error page, as a front proxy answers
 *   (`502`, `503`, ...; `200` gives a body that is not JSON);
 * - both: that HTTP status with the code's envelope;
 * - neither: `code` 500.
 *
 * The other kinds are described at {@link FaultKind}; `delayMillis` adds latency to any kind
 * (slept on Effect's `Clock`, so `TestClock` drives it). Latency comes after the processing (a
 * caller that gives up during it leaves the state changed) and before the answer.
 *
 * Matching faults are consulted oldest first: a fault with requests left to `skip` lets the
 * request through (counting it), a fault with a `probability` draws and lets it through on a
 * miss, and otherwise the fault takes the request and later faults are not consulted. So faults
 * for one path answer in the order they were injected.
 *
 * Every request a fault takes is recorded ({@link RecordedCall}) with the fault's kind in
 * `fault`: an `"error"` with its `code` (or, for an HTML page, its HTTP status) and the
 * `httpStatus` when it is not 200; a processed request with the code of the processing; a
 * `reset` or `hang` that was not processed with code `0`; a `duplicate` as two calls, the second
 * with `redelivered: true`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fault {
  /** The endpoint path, e.g. `/api/render/handle/queryTaskInfo/v2`; omitted: every endpoint. */
  readonly path?: string
  /** What happens to the request; default `"error"`. */
  readonly kind?: FaultKind
  /** Kind `"error"`: the envelope code to answer with (not 200). Default 500 when `httpStatus` is not given. */
  readonly code?: number
  /** Kind `"error"`: the HTTP status, 200 to 599. Without `code` the body is an HTML page. Default 200. */
  readonly httpStatus?: number
  /** Kind `"error"`: the envelope's `message`. Default the code's name, as the service writes it (`internal_error`). */
  readonly message?: string
  /**
   * Extra latency in milliseconds (Effect's `Clock`) before the answer, for any kind; kind
   * `"delay"` only adds this. Default 0.
   */
  readonly delayMillis?: number
  /**
   * Kinds `"reset"`, `"hang"` and `"truncate"`: whether the service processed the request (its
   * state changed) before the connection failed. Default `false` for `reset` and `hang`, `true`
   * for `truncate`.
   */
  readonly acted?: boolean
  /** How many requests the fault affects, at least 1; `Infinity` until {@link Simulator.clearFaults}. Default 1. */
  readonly times?: number
  /** How many matching requests go through untouched before the fault starts; default 0. */
  readonly skip?: number
  /**
   * Above 0 and at most 1: each matching request (after `skip`) is affected with this chance,
   * drawn from a PRNG seeded by `seed`, so a run with the same seed replays exactly. Default 1.
   */
  readonly probability?: number
  /** Seed of the `probability` draws (an integer); default the simulator's seed. */
  readonly seed?: number
}

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
 * A submitted task WAITs (status 0) `queueSeconds`, then RENDERs (5): its frames run `nodes` at a
 * time in frame order, each for `frameSeconds`; a run fails (at its end) when `failFrame` says so,
 * or with probability `failureRate` drawn from the seed. When no frame is left waiting or running
 * the task ends: FINISHED (25) if no frame failed, FINISHED_HAS_FAILED (30) if some failed and some
 * finished, FAILED (45) if every ended frame failed, ABANDON (35) if every frame was stopped.
 *
 * @since 0.1.0
 * @category models
 */
export interface FarmOptions {
  /** Frames of each submitted task (of each layer child when `layers` is non-empty); default 10. */
  readonly framesPerTask?: number
  /** Seconds a submitted (or restarted, or resubmitted finished) task WAITs (0) before RENDERING (5); default 10. */
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
 * A request as the simulator sees it, whatever the transport.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimRequest {
  readonly method: string
  /**
   * The `Host` header (host and optional port): the domain of the string to sign
   * (docs/protocol.md 1.1).
   */
  readonly host: string
  readonly path: string
  /** Header names lower-cased (lookups are case-insensitive anyway). */
  readonly headers: Readonly<Record<string, string>>
  readonly bodyText: string
}

/**
 * A response: HTTP 200 with a JSON envelope (docs/protocol.md 1.7, 1.8), unless an injected
 * {@link Fault} says otherwise.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /**
   * A directive to the transport from an injected fault: `"reset"` drops the connection without
   * answering, `"hang"` never answers (the connection stays open), `"truncate"` sends the status,
   * the headers with the full `content-length` and the first half of the body's bytes, then drops
   * the connection. Absent: answer normally. `Server.serve` and {@link httpClient} honour it.
   */
  readonly transport?: "reset" | "hang" | "truncate"
}

/**
 * One request the simulator received, with the envelope code it answered.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedCall {
  /** The request path, without a query string. */
  readonly path: string
  /** The `accessId` header, if there was one. */
  readonly accessId: string | undefined
  /**
   * The envelope code answered; for an injected fault's HTML page, its HTTP status; for a request
   * a fault let the service process, the code of that processing (even if the answer was lost or
   * mangled); `0` for a `reset` or `hang` that was not processed.
   */
  readonly code: number
  /** The HTTP status, when it was not 200 (only an injected fault answers another). */
  readonly httpStatus?: number
  /** The kind of the injected fault that took this request, if one did. */
  readonly fault?: FaultKind
  /**
   * `true` on the second delivery of a `duplicate` fault (not a request the client sent): count
   * the client's attempts as the calls without it.
   */
  readonly redelivered?: true
  /** The raw body (only the first KiB of a body over the size limit). */
  readonly bodyText: string
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
  /** See {@link TaskStatus}. */
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
  /** Epoch ms the task entered the queue (WAITING), while it waits; otherwise null. */
  readonly waitingSince: number | null
  /** Epoch ms the task first started RENDERING, or null. */
  readonly startTime: number | null
  /** Epoch ms the task ended (finished, failed or abandoned), or null while it has not. */
  readonly completedDate: number | null
  /** Epoch ms the current RENDERING period began; null when not rendering. */
  readonly renderingSince: number | null
  /** Milliseconds spent RENDERING before `renderingSince` (what `overTimeStop` is measured on). */
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
 * Frame status codes the simulated farm uses (docs/protocol.md 5.2).
 *
 * @since 0.1.0
 * @category constants
 */
export const FrameStatus: typeof FrameStatusCodes = FrameStatusCodes

/**
 * Task status codes (docs/protocol.md 5.1).
 *
 * @since 0.1.0
 * @category constants
 */
export const TaskStatus: typeof Status = Status

/**
 * Envelope codes (docs/protocol.md 3.1).
 *
 * @since 0.1.0
 * @category constants
 */
export const ServiceCode: typeof Code = Code

/**
 * A running simulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Simulator {
  /** Answers one request. Never fails and never dies, whatever the input. */
  readonly handle: (request: SimRequest) => Effect.Effect<SimResponse>
  /** Every request received, oldest first (for tests: "nothing was sent"). */
  readonly calls: Effect.Effect<ReadonlyArray<RecordedCall>>
  /** The tasks of an account, reserved ones and layer children included, by ascending id, as of the Clock's time. */
  readonly tasks: (accessId: string) => Effect.Effect<ReadonlyArray<SimTask>>
  /** The task JSON files uploaded for a task (`taskJsonFile`), by file name, as the JSON text received. */
  readonly taskFiles: (accessId: string, taskId: number) => Effect.Effect<Readonly<Record<string, string>>>
  /**
   * Makes the next `fault.times` matching requests fail as {@link Fault} says. Dies when the
   * fault is malformed (a path without a leading `/`, an unknown kind, code 200, a status outside
   * 200..599, `times` below 1, a negative `skip` or `delayMillis`, a `probability` outside
   * (0, 1], a seed that is not an integer).
   */
  readonly injectFault: (fault: Fault) => Effect.Effect<void>
  /**
   * The injected faults still pending, oldest first, each with the requests it has left as
   * `times` (and, while it has some, the requests it still lets through as `skip`).
   */
  readonly faults: Effect.Effect<ReadonlyArray<Fault>>
  /** Removes every pending fault. */
  readonly clearFaults: Effect.Effect<void>
  /**
   * Sets how far the server clock runs ahead of Effect's `Clock`, in milliseconds (negative:
   * behind), from the next request on; e.g. beyond the timestamp window to make the next
   * requests answer 610. Replaces `clockOffsetMillis` of the options.
   */
  readonly setClockOffset: (millis: number) => Effect.Effect<void>
  /** The current server clock offset, in milliseconds (see {@link Simulator.setClockOffset}). */
  readonly clockOffsetMillis: Effect.Effect<number>
  /** The options, defaults filled in (`clockOffsetMillis` is the initial offset). */
  readonly options: ResolvedOptions
}

/**
 * The simulator as a service.
 *
 * @since 0.1.0
 * @category tags
 */
export class SimulatorTag extends Context.Tag("@rayvision/simulator/Simulator")<SimulatorTag, Simulator>() {}

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
 * One analysis error code the simulated service knows (what `queryAnalyseErrorDetail` answers,
 * docs/protocol.md 4.3.11): `type` 1 is an error that blocks submission, 0 a warning.
 *
 * @since 0.1.0
 * @category models
 */
export type AnalyseErrorCode = AnalyseError

/**
 * The analysis error catalogue of the simulated service (docs/protocol.md 4.3.11): about ten codes,
 * such as `"15000"` (missing texture, an error) and `"10010"` (a warning). The same for every seed.
 *
 * @since 0.1.0
 * @category constants
 */
export const analyseErrorCodes: ReadonlyArray<AnalyseErrorCode> = ANALYSE_ERRORS

/**
 * Creates a simulator with fresh state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options?: Options): Effect.Effect<Simulator> =>
  Effect.gen(function* () {
    const resolved = resolveOptions(options)
    const checked = (fault: Fault) => {
      const problem = faultProblem(fault)
      return problem === undefined
        ? Effect.succeed(pendingFault(fault))
        : Effect.dieMessage(`Simulator fault ${JSON.stringify(fault)}: ${problem}`)
    }
    const deps: Deps = {
      options: resolved,
      state: yield* Ref.make(initialState(resolved)),
      replays: new ReplayStore(resolved.replayCheck),
      calls: yield* Ref.make(Chunk.empty<RecordedCall>()),
      requestCount: yield* Ref.make(0),
      faults: yield* Ref.make<ReadonlyArray<PendingFault>>(yield* Effect.forEach(resolved.faults, checked)),
      clockOffset: yield* Ref.make(resolved.clockOffsetMillis)
    }
    return {
      handle: makeHandle(deps),
      calls: Effect.map(Ref.get(deps.calls), Chunk.toReadonlyArray),
      tasks: (accessId) =>
        Effect.flatMap(
          Effect.zipWith(Clock.currentTimeMillis, Ref.get(deps.clockOffset), (a, b) => a + b),
          (now) =>
            Ref.modify(deps.state, (before) => {
              // The farm is brought up to the Clock's time first, as a request would.
              const state = advanceFarm(before, now, resolved)
              const tasks = Array.from(state.tasks.values())
                .filter((t) => t.accessId === accessId)
                .sort((a, b) => a.id - b.id)
              return [tasks, state] as const
            })
        ),
      taskFiles: (accessId, taskId) =>
        Effect.map(Ref.get(deps.state), (state) => ({
          ...state.accounts.get(accessId)?.taskJsonFiles.get(taskId)
        })),
      injectFault: (fault) =>
        Effect.flatMap(checked(fault), (pending) => Ref.update(deps.faults, (faults) => [...faults, pending])),
      faults: Effect.map(Ref.get(deps.faults), (faults) =>
        faults.map((f) => ({ ...f.fault, times: f.left, ...(f.skip > 0 ? { skip: f.skip } : {}) }))
      ),
      clearFaults: Ref.set(deps.faults, []),
      setClockOffset: (millis) =>
        Number.isFinite(millis)
          ? Ref.set(deps.clockOffset, millis)
          : Effect.dieMessage(`Simulator clock offset ${millis}: must be a finite number`),
      clockOffsetMillis: Ref.get(deps.clockOffset),
      options: resolved
    }
  })

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** The body of a client request as text. */
const bodyText = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<string, HttpClientError.RequestError> => {
  const unsupported = (what: string) =>
    Effect.fail(
      new HttpClientError.RequestError({
        request,
        reason: "Encode",
        description: `the simulator cannot read a ${what} body`
      })
    )
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed("")
    case "Uint8Array":
      return Effect.succeed(decoder.decode(body.body))
    case "Raw":
      if (typeof body.body === "string") return Effect.succeed(body.body)
      if (body.body instanceof Uint8Array) return Effect.succeed(decoder.decode(body.body))
      return unsupported("raw non-text")
    case "Stream":
      return body.stream.pipe(
        Stream.runFold([] as Array<Uint8Array>, (chunks, chunk) => {
          chunks.push(chunk)
          return chunks
        }),
        Effect.map((chunks) => {
          const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
          let offset = 0
          for (const c of chunks) {
            all.set(c, offset)
            offset += c.length
          }
          return decoder.decode(all)
        }),
        Effect.mapError((cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause }))
      )
    case "FormData":
      return unsupported("form-data")
  }
}

/**
 * An in-process `HttpClient` answered by the simulator, without a socket. The request's host
 * (with port) is taken from its URL and used as the signing domain.
 *
 * It honours {@link SimResponse.transport}: `"reset"` fails with a `RequestError` of reason
 * `"Transport"` ("connection reset by the simulator"), `"hang"` never completes (interruptible),
 * `"truncate"` answers the status and headers (with the full `content-length`), then its body
 * gives the first half of the bytes and fails (as a connection dropped mid-body: reading it is a
 * `ResponseError`).
 *
 * @since 0.1.0
 * @category clients
 */
export const httpClient = (sim: Simulator): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const text = yield* bodyText(request)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
      const response = yield* sim.handle({
        method: request.method,
        host: url.host,
        path: url.pathname,
        headers,
        bodyText: text
      })
      switch (response.transport) {
        case "reset":
          return yield* Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              description: "connection reset by the simulator"
            })
          )
        case "hang":
          return yield* Effect.never
        case "truncate": {
          // As over a socket: the full content-length, half of the bytes, then the connection drops.
          const bytes = encoder.encode(response.body)
          const half = bytes.slice(0, Math.floor(bytes.length / 2))
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(half)
              controller.error(new Error("connection reset by the simulator: the answer was cut off"))
            }
          })
          return HttpClientResponse.fromWeb(
            request,
            new Response(body, {
              status: response.status,
              headers: { ...response.headers, "content-length": String(bytes.length) }
            })
          )
        }
        default:
          return HttpClientResponse.fromWeb(
            request,
            new Response(response.body, { status: response.status, headers: { ...response.headers } })
          )
      }
    })
  )

/**
 * A simulator and an in-process `HttpClient` bound to it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<SimulatorTag | HttpClient.HttpClient> =>
  Layer.effectContext(
    Effect.map(make(options), (sim) =>
      Context.make(SimulatorTag, sim).pipe(Context.add(HttpClient.HttpClient, httpClient(sim)))
    )
  )
