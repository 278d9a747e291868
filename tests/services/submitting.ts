/**
 * What the SubmissionService tests share: the service in scope, a valid task description, and the
 * checks that a refused submission created, uploaded and submitted nothing.
 */
import { assert } from "@effect/vitest"
import { type Submission, SubmissionService } from "@rayvision/core"
import { Effect } from "effect"
import { callsTo } from "../support.ts"
import { paths } from "../paths.ts"

export const submission = SubmissionService.SubmissionService

/** A Maya 2023 job with V-Ray on Windows, platform 2, the default 64 GB CPU machine. */
export const valid = (overrides: Partial<Submission.SubmissionInput> = {}): Submission.SubmissionInput => ({
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
  producer: "lead",
  ...overrides
})

/** Paths whose calls would mean something was created, uploaded or submitted. */
export const WRITES = [paths.createTask, paths.taskJsonFile, paths.submitTask, paths.projectAdd]

export const nothingWritten = Effect.gen(function* () {
  for (const path of WRITES) assert.deepStrictEqual(yield* callsTo(path), [], `no call to ${path}`)
})

export const refusedWith = (input: Submission.SubmissionInput, fields: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(Effect.flatMap(submission, (s) => s.submit(input)))
    assert.strictEqual(error._tag, "TaskCheckFailed", String(error))
    if (error._tag !== "TaskCheckFailed") return
    assert.deepStrictEqual(
      error.issues.map((i) => i.field),
      fields,
      error.message
    )
    assert.match(error.message, /nothing was created/)
    yield* nothingWritten
    return error
  })
