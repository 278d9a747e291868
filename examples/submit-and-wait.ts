/**
 * Submit and wait: check and submit a render job from its task.json with `SubmissionService`,
 * then follow it with `WaitService.watchTask`, one progress line per poll, until it ends.
 *
 * Without credentials it starts the local simulator on 127.0.0.1 with a fast farm (6 frames of
 * 0.2 s each, 3 at a time, after 0.1 s in the queue), so the job renders in about a second of
 * real time. With `RAYVISION_API_ACCESS_ID` and `RAYVISION_API_KEY` set it only checks the job
 * against the live service (software, plugins, hardware) and submits nothing: a real submission
 * renders, and costs, for real.
 *
 * Run it: `npx tsx --conditions=source examples/submit-and-wait.ts`.
 */
import { type Submission, SubmissionService, Task, WaitService } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { embeddedSimulator } from "./embedded.ts"
import { Console, Effect, Schedule, Stream } from "effect"

/** A Maya 2023 job with Redshift on Windows, on the default 64 GB CPU machine. */
export const job: Submission.SubmissionInput = {
  taskJson: {
    task_info: {
      cg_id: "2000",
      os_name: "1",
      project_name: "Forest",
      frames_per_task: 1,
      time_out: "43200",
      input_cg_file: "D:/shots/forest_010.mb"
    },
    software_config: { cg_name: "Maya", cg_version: "2023", plugins: { redshift: "3.5.16" } },
    scene_info_render: { defaultRenderLayer: { renderable: "1" } }
  },
  hardware: { model: "Default", ram: "64GB", gpuNum: null },
  producer: "examples"
}

const statusName = (status: number | undefined) =>
  status === undefined ? "unknown" : (Task.taskStatusName(status) ?? `code ${status}`)

/** Submits the job, then prints a line per poll until the task ends; fails on a bad end. */
export const submitAndWait = Effect.gen(function* () {
  const submission = yield* SubmissionService.SubmissionService
  const waiter = yield* WaitService.WaitService
  const submitted = yield* submission.submit(job)
  yield* Console.log(
    `Submitted task ${submitted.taskId} (hardware config ${submitted.hardwareConfigId}, ${submitted.warnings.length} warning(s))`
  )
  const last = yield* waiter
    .watchTask(submitted.taskId, {
      schedule: Schedule.spaced("200 millis"),
      timeout: "1 minute",
      failOn: [Task.TaskStatus.Failed, Task.TaskStatus.Abandoned]
    })
    .pipe(
      Stream.tap((p) =>
        Console.log(
          `poll ${p.poll}: ${p.doneFrames}/${p.totalFrames} frames done, ${p.executingFrames} rendering, status ${p.status} (${statusName(p.status)})`
        )
      ),
      Stream.runLast
    )
  if (last._tag === "Some") {
    const p = last.value
    yield* Console.log(
      `Task ${p.taskId} ended with status ${p.status} (${statusName(p.status)}): ${p.doneFrames}/${p.totalFrames} frames, ${p.failedFrames} failed, cost ${p.cost}, after ${p.poll} polls`
    )
  }
})

/** Against the live service: the same job, checked only (nothing is created). */
const checkOnly = Effect.gen(function* () {
  const submission = yield* SubmissionService.SubmissionService
  const checked = yield* submission.check(job)
  yield* Console.log(
    `The job passes the checks (hardware config ${checked.hardwareConfigId}, ${checked.warnings.length} warning(s)); not submitted on the live service.`
  )
})

const live = process.env["RAYVISION_API_ACCESS_ID"] !== undefined

const program = live
  ? Effect.gen(function* () {
      yield* Console.log("Credentials found: checking the job against the live service (nothing is submitted).")
      yield* checkOnly
    }).pipe(Effect.provide(RayvisionNode.layerConfig()))
  : Effect.gen(function* () {
      const { client } = yield* embeddedSimulator(RayvisionNode, {
        seed: 1,
        farm: { framesPerTask: 6, frameSeconds: 0.2, queueSeconds: 0.1, nodes: 3 }
      })
      yield* Effect.provide(submitAndWait, client)
    }).pipe(Effect.scoped)

Effect.runPromise(program).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
