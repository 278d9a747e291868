/**
 * Task and frame statuses as the simulated service treats them. The codes are core's
 * (`Task.TaskStatus`, `Frame.FrameStatus`; docs/protocol.md 5.1, 5.2); what the simulator does with
 * a task in each status is one table, {@link phaseOf}, typed over every code core knows, so a code
 * added there cannot be left out here.
 *
 * @internal
 */
import { Frame, Task } from "@rayvision/core"

/** Task status codes (docs/protocol.md 5.1). @internal */
export const TaskStatus = Task.TaskStatus

/** Frame status codes (docs/protocol.md 5.2). @internal */
export const FrameStatus = Frame.FrameStatus

/**
 * How the simulated service treats a task in a status:
 *
 * - `queued` and `rendering`: the farm moves the task on (`farm.ts`); a stop applies;
 * - `preparing`: a step of the service around rendering (pre-rendering, analysis, an update) that
 *   the simulated farm never enters by itself; a stop applies;
 * - `stopped` (by the user): a start queues the task again, a stop changes nothing;
 * - `timedOut` (by `overTimeStop`): a start queues the task again, its rendering time reset;
 * - `held` (for arrears): only the service releases it; it can still be abandoned;
 * - `finished`: ended with frames rendered; it cannot be abandoned;
 * - `failed` and `abandoned`: ended otherwise.
 *
 * @internal
 */
export type Phase =
  "queued" | "rendering" | "preparing" | "stopped" | "timedOut" | "held" | "finished" | "failed" | "abandoned"

/** The entries of the statuses of one phase. */
const inPhaseOf = <S extends Task.TaskStatus>(phase: Phase, ...statuses: ReadonlyArray<S>) =>
  Object.fromEntries(statuses.map((status) => [status, phase])) as Readonly<Record<S, Phase>>

// Typed over every status core knows: a status without a phase does not compile.
const PHASES: Readonly<Record<Task.TaskStatus, Phase>> = {
  ...inPhaseOf("queued", TaskStatus.Waiting),
  ...inPhaseOf("rendering", TaskStatus.Rendering),
  ...inPhaseOf("preparing", TaskStatus.PreRendering, TaskStatus.Analysing, TaskStatus.Updating),
  ...inPhaseOf("stopped", TaskStatus.Stopped, TaskStatus.StoppedByUser),
  ...inPhaseOf("timedOut", TaskStatus.StoppedByTimeout),
  ...inPhaseOf("held", TaskStatus.StoppedInArrears),
  ...inPhaseOf("finished", TaskStatus.Finished, TaskStatus.FinishedWithFailedFrames, TaskStatus.TestFinished),
  ...inPhaseOf("failed", TaskStatus.Failed),
  ...inPhaseOf("abandoned", TaskStatus.Abandoned)
}

/** The phase of a status code; `undefined` for a code core does not know. @internal */
export const phaseOf = (status: number): Phase | undefined => (PHASES as Readonly<Record<number, Phase>>)[status]

/** Whether the status is in one of the phases. @internal */
export const inPhase = (status: number, ...phases: ReadonlyArray<Phase>): boolean => {
  const phase = phaseOf(status)
  return phase !== undefined && phases.includes(phase)
}

/** The phases in which the farm works on a task. @internal */
export const PROGRESSING: ReadonlyArray<Phase> = ["queued", "rendering"]

/** The phases a stop applies to (the task goes to `Stopped`). @internal */
export const ACTIVE: ReadonlyArray<Phase> = ["queued", "rendering", "preparing"]

/** The phases a start applies to (the task is queued again). @internal */
export const RESTARTABLE: ReadonlyArray<Phase> = ["stopped", "timedOut"]

/** The phases a task never leaves by itself (a resubmission of frames reopens it). @internal */
export const ENDED: ReadonlyArray<Phase> = ["finished", "failed", "abandoned"]

/** `<code> (render_task_status_<code>)`, for messages. @internal */
export const statusLabel = (status: number): string => `${status} (render_task_status_${status})`
