/**
 * The frame workflows of TaskService against a fake service: allFrames, restarting and stopping
 * frames by index, subTaskIds, their spans and their errors.
 */
import { assert, describe, it } from "@effect/vitest"
import { Frame, TaskService } from "@rayvision/core"
import { Effect, Schema } from "effect"
import { envelope, failure, onePage, parentsOf, recordingTracer, success, withTasks } from "./support.ts"
import type { Recorded } from "./support.ts"
import { frameRow, framesReply, run } from "./frames.ts"
import { paths } from "../../../tests/paths.ts"

describe("TaskService.allFrames", () => {
  it.effect("reads every page up to pageCount, in order, and stops without asking for an empty page", () =>
    Effect.gen(function* () {
      const rows = [1, 2, 3, 4, 5].map((n) => frameRow({ id: 100 + n, frameIndex: String(n) }))
      // A service that would answer any page number with frames: only pageCount can stop the loop.
      const reply = (request: Recorded) => {
        const pageNum = request.body["pageNum"] as number
        return envelope({
          pageCount: 3,
          pageNum,
          total: 5,
          size: 2,
          items: pageNum <= 3 ? rows.slice((pageNum - 1) * 2, pageNum * 2) : [frameRow({ id: 999 })]
        })
      }
      const { exit, requests } = yield* run(
        reply,
        withTasks((t) => t.allFrames(19088, { pageSize: 2 }))
      )
      const frames = success(exit)
      assert.deepStrictEqual(
        frames.map((f) => f.id),
        [101, 102, 103, 104, 105]
      )
      assert.deepStrictEqual(
        requests.map((r) => r.bodyText),
        [1, 2, 3].map((n) => `{"taskId": 19088, "pageNum": ${n}, "pageSize": 2}`)
      )
    })
  )

  it.effect("keeps frames that share a frameIndex (spec 7.13)", () =>
    Effect.gen(function* () {
      const rows = [
        frameRow({ id: 1, frameIndex: "1", frameType: Frame.FrameType.Photon }),
        frameRow({ id: 2, frameIndex: "1", frameType: Frame.FrameType.Main }),
        frameRow({ id: 3, frameIndex: "2", frameType: Frame.FrameType.Main })
      ]
      const { exit, requests } = yield* run(
        framesReply(rows, 100),
        withTasks((t) => t.allFrames(19088))
      )
      assert.deepStrictEqual(
        success(exit).map((f) => [f.id, f.frameIndex]),
        [
          [1, "1"],
          [2, "1"],
          [3, "2"]
        ]
      )
      assert.strictEqual(requests.length, 1)
    })
  )

  it.effect("a task without frames takes one call", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        framesReply([], 100),
        withTasks((t) => t.allFrames(19088))
      )
      assert.deepStrictEqual(success(exit), [])
      assert.strictEqual(requests.length, 1)
    })
  )

  it.effect("a failing page fails the whole read with its typed error", () =>
    Effect.gen(function* () {
      const rows = [1, 2, 3].map((n) => frameRow({ id: n, frameIndex: String(n) }))
      const { exit, requests } = yield* run(
        (request, index) => (index === 1 ? envelope(null, 404) : framesReply(rows, 1)(request)),
        withTasks((t) => t.allFrames(19088, { pageSize: 1 }))
      )
      assert.strictEqual(failure(exit)._tag, "ResourceNotFound")
      assert.strictEqual(requests.length, 2)
    })
  )
})

describe("TaskService.restartFramesByIndex / stopFramesByIndex", () => {
  const rows = [
    frameRow({ id: 11, frameIndex: "1", frameType: Frame.FrameType.Photon }),
    frameRow({ id: 12, frameIndex: "1", frameType: Frame.FrameType.Main }),
    frameRow({ id: 13, frameIndex: "2-4[1]" }),
    frameRow({ id: 14, frameIndex: "10" })
  ]
  const reply = (request: Recorded) =>
    request.path === paths.queryTaskFrames ? framesReply(rows, 3)(request) : envelope(null)

  it.effect("resubmits every frame whose frameIndex matches exactly, in one call", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        reply,
        withTasks((t) => t.restartFramesByIndex(19088, ["2-4[1]", "1"]))
      )
      success(exit)
      const last = requests[requests.length - 1]!
      assert.strictEqual(last.path, paths.recommitTaskFrames)
      assert.strictEqual(last.bodyText, '{"taskId": 19088, "ids": [11, 12, 13], "selectAll": 0}')
      assert.strictEqual(requests.filter((r) => r.path === paths.queryTaskFrames).length, 2)
    })
  )

  it.effect("stops frames by index through stopTaskFrames", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        reply,
        withTasks((t) => t.stopFramesByIndex(19088, ["10"]))
      )
      success(exit)
      const last = requests[requests.length - 1]!
      assert.strictEqual(last.path, paths.stopTaskFrames)
      assert.strictEqual(last.bodyText, '{"taskId": 19088, "ids": [14], "selectAll": 0}')
    })
  )

  it.effect("indexes that match no frame fail with FramesNotFound listing them, and nothing is resubmitted", () =>
    Effect.gen(function* () {
      // "2" is inside "2-4[1]" but is not its text: matching is exact.
      const { exit, requests } = yield* run(
        reply,
        withTasks((t) => t.restartFramesByIndex(19088, ["10", "2", "7", "2"]))
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "FramesNotFound")
      if (error._tag !== "FramesNotFound") return
      assert.strictEqual(error.taskId, 19088)
      assert.deepStrictEqual(error.frameIndexes, ["2", "7"])
      assert.match(error.message, /task 19088 has no frame with index "2", "7"/)
      assert.isFalse(requests.some((r) => r.path === paths.recommitTaskFrames))
    })
  )

  it.effect("nothing matched is the same typed error (the SDK raised AttributeError)", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        framesReply([], 100),
        withTasks((t) => t.stopFramesByIndex(19088, ["5"]))
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "FramesNotFound")
      if (error._tag === "FramesNotFound") assert.deepStrictEqual(error.frameIndexes, ["5"])
      assert.isFalse(requests.some((r) => r.path === paths.stopTaskFrames))
    })
  )
})

describe("TaskService.subTaskIds", () => {
  const taskRow = (id: number, children: unknown) => ({ id, taskStatus: 5, respRenderingTaskList: children })

  it.effect("returns the children's ids", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        () => onePage([taskRow(500, [taskRow(501, null), taskRow(502, null)])]),
        withTasks((t) => t.subTaskIds(500))
      )
      assert.deepStrictEqual(success(exit), [501, 502])
      assert.strictEqual(requests[0]!.path, paths.queryTaskInfo)
      assert.strictEqual(requests[0]!.bodyText, '{"taskIds": [500]}')
    })
  )

  it.effect("a task without children (null or an empty list, spec 7.14) is its own only sub-task", () =>
    Effect.gen(function* () {
      const nullList = yield* run(
        () => onePage([taskRow(500, null)]),
        withTasks((t) => t.subTaskIds(500))
      )
      assert.deepStrictEqual(success(nullList.exit), [500])
      const emptyList = yield* run(
        () => onePage([taskRow(500, [])]),
        withTasks((t) => t.subTaskIds(500))
      )
      assert.deepStrictEqual(success(emptyList.exit), [500])
      const absent = yield* run(
        () => onePage([{ id: 500 }]),
        withTasks((t) => t.subTaskIds(500))
      )
      assert.deepStrictEqual(success(absent.exit), [500])
    })
  )

  it.effect("an unknown task is a TaskNotFound, not its own id", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () => onePage([]),
        withTasks((t) => t.subTaskIds(404404))
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "TaskNotFound")
      if (error._tag !== "TaskNotFound") return
      assert.strictEqual(error.taskId, 404404)
      assert.match(error.message, /task 404404 does not exist/)
    })
  )
})

describe("Frame workflows: spans and errors", () => {
  it.effect("each workflow has its own span, with the calls inside it", () =>
    Effect.gen(function* () {
      const { spans, tracer } = recordingTracer()
      const rows = [frameRow({ id: 11, frameIndex: "1" })]
      const { exit } = yield* run(
        (request) =>
          request.path === paths.queryTaskFrames
            ? framesReply(rows, 100)(request)
            : request.path === paths.queryTaskInfo
              ? onePage([{ id: 19088 }])
              : envelope(null),
        withTasks((t) =>
          Effect.all([t.allFrames(19088), t.restartFramesByIndex(19088, ["1"]), t.subTaskIds(19088)])
        ).pipe(Effect.withTracer(tracer))
      )
      success(exit)
      const named = (name: string) => spans.filter((s) => s.name === name)
      for (const name of ["TaskService.allFrames", "TaskService.restartFramesByIndex", "TaskService.subTaskIds"]) {
        assert.strictEqual(named(name).length, 1, name)
        assert.strictEqual(named(name)[0]!.attributes.get("rayvision.task_ids"), "19088")
      }
      assert.deepStrictEqual(parentsOf(spans, "TaskService.framesPage"), [
        "TaskService.allFrames",
        "TaskService.restartFramesByIndex"
      ])
      assert.deepStrictEqual(parentsOf(spans, "TaskService.restartFrames"), ["TaskService.restartFramesByIndex"])
      assert.deepStrictEqual(parentsOf(spans, "TaskService.info"), ["TaskService.subTaskIds"])
    })
  )

  it("the workflow errors live with the workflows and survive encoding", () => {
    const WorkflowError = Schema.Union(TaskService.FramesNotFound, TaskService.TaskNotFound)
    const errors = [
      new TaskService.FramesNotFound({ taskId: 7, frameIndexes: ["2-4[1]"] }),
      new TaskService.TaskNotFound({ taskId: 7 })
    ]
    for (const error of errors) {
      const encoded = Schema.encodeSync(WorkflowError)(error)
      const decoded = Schema.decodeUnknownSync(WorkflowError)(JSON.parse(JSON.stringify(encoded)))
      assert.strictEqual(decoded._tag, error._tag)
      assert.strictEqual(decoded.message, error.message)
    }
  })
})
