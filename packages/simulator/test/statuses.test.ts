/**
 * The task statuses as the simulated service treats them: every code of core's `Task.TaskStatus`
 * has a phase (stopped by the user, 15, and being updated, 100, included), and the actions on a
 * task follow its phase, also in the statuses the simulated farm never enters by itself.
 */
import { assert, describe, it } from "@effect/vitest"
import { Task } from "@rayvision/core"
import { abandonTask, startTask, stopTask, submit } from "../src/internal/farmActions.ts"
import { initialState, reservedTask } from "../src/internal/state.ts"
import { ACTIVE, ENDED, inPhase, phaseOf, PROGRESSING, RESTARTABLE } from "../src/internal/statuses.ts"
import { resolveOptions, type SimTask, TaskStatus } from "../src/Simulator.ts"

const options = resolveOptions({ farm: { framesPerTask: 4, queueSeconds: 10 } })

/** A submitted task with waiting frames, put in `status` (as the service may, the farm does not). */
const taskIn = (status: number): SimTask => {
  const state = initialState(options)
  const account = [...state.accounts.values()][0]!
  const reserved = reservedTask({
    seed: options.seed,
    id: state.nextTaskId,
    account,
    platform: "2",
    channel: "4",
    now: 0,
    taskUserLevel: 50,
    outUserId: undefined,
    labels: undefined,
    cloneOriginalId: undefined,
    artist: undefined
  })
  const next = submit(state, reserved, { now: 0, producer: null, taskOverTime: 43_200, options })
  return { ...next.tasks.get(reserved.id)!, taskStatus: status }
}

describe("task status phases", () => {
  it("every status core knows has one phase; a code it does not know has none", () => {
    for (const status of Object.values(Task.TaskStatus)) {
      assert.isDefined(phaseOf(status), `status ${status}`)
      // The farm works on active tasks only; no status is both active and stopped or ended.
      if (inPhase(status, ...PROGRESSING)) assert.isTrue(inPhase(status, ...ACTIVE), `status ${status}`)
      if (inPhase(status, ...ACTIVE)) assert.isFalse(inPhase(status, ...RESTARTABLE, ...ENDED), `status ${status}`)
    }
    assert.isUndefined(phaseOf(7))
  })

  it("stopped by the user (15): a start queues the task again, a stop leaves it as it is", () => {
    const started = startTask(taskIn(TaskStatus.StoppedByUser), 1000, options)
    assert.strictEqual(started.taskStatus, TaskStatus.Waiting)
    assert.strictEqual(started.waitingSince, 1000)
    assert.strictEqual(stopTask(taskIn(TaskStatus.StoppedByUser), 1000).taskStatus, TaskStatus.StoppedByUser)
  })

  it("being updated (100): a stop applies, a start changes nothing, an abandon ends the task", () => {
    const stopped = stopTask(taskIn(TaskStatus.Updating), 1000)
    assert.strictEqual(stopped.taskStatus, TaskStatus.Stopped)
    assert.strictEqual(stopped.stopType, 1)
    assert.strictEqual(startTask(taskIn(TaskStatus.Updating), 1000, options).taskStatus, TaskStatus.Updating)
    const abandoned = abandonTask(taskIn(TaskStatus.Updating), 1000)
    assert.strictEqual(abandoned.taskStatus, TaskStatus.Abandoned)
    assert.strictEqual(abandoned.completedDate, 1000)
  })
})
