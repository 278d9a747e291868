/**
 * The frame endpoints of TaskService against a fake service: the wire body of each call, input
 * refused before sending, the answers as decoded, and which calls are retried.
 */
import { assert, describe, it } from "@effect/vitest"
import { Frame } from "@rayvision/core"
import { Effect } from "effect"
import { envelope, failure, refusedBeforeSending, success, withTasks } from "./support.ts"
import { frameRow, type Program, run } from "./frames.ts"
import { paths } from "../../../tests/paths.ts"

describe("Frame endpoints: the wire body of each call", () => {
  const cases: ReadonlyArray<readonly [string, Program<unknown>, string, string]> = [
    [
      "framesPage with defaults",
      withTasks((t) => t.framesPage({ taskId: 19088 })),
      paths.queryTaskFrames,
      '{"taskId": 19088, "pageNum": 1, "pageSize": 100}'
    ],
    [
      "framesPage sends an empty keyword when given",
      withTasks((t) => t.framesPage({ taskId: 19088, pageNum: 2, pageSize: 5, searchKeyword: "" })),
      paths.queryTaskFrames,
      '{"taskId": 19088, "pageNum": 2, "pageSize": 5, "searchKeyword": ""}'
    ],
    ["allFrameStats", withTasks((t) => t.allFrameStats()), paths.queryAllFrameStats, "{}"],
    [
      "restartFailedFrames",
      withTasks((t) => t.restartFailedFrames({ taskIds: [11, 12] })),
      paths.recommitTasks,
      '{"taskIds": [11, 12]}'
    ],
    [
      "restartFailedFrames with statuses",
      withTasks((t) => t.restartFailedFrames({ taskIds: [11], status: [Frame.FrameStatus.Failed] })),
      paths.recommitTasks,
      '{"taskIds": [11], "status": [5]}'
    ],
    [
      "restartFrames without ids selects all",
      withTasks((t) => t.restartFrames({ taskId: 7 })),
      paths.recommitTaskFrames,
      '{"taskId": 7, "selectAll": 1}'
    ],
    [
      "restartFrames with ids selects only those",
      withTasks((t) => t.restartFrames({ taskId: 7, frameIds: [101, 102] })),
      paths.recommitTaskFrames,
      '{"taskId": 7, "ids": [101, 102], "selectAll": 0}'
    ],
    [
      "stopFrames with statuses",
      withTasks((t) => t.stopFrames({ taskId: 7, status: [Frame.FrameStatus.Waiting, Frame.FrameStatus.Running] })),
      paths.stopTaskFrames,
      '{"taskId": 7, "selectAll": 1, "status": [1, 2]}'
    ],
    [
      "stopFrames with ids",
      withTasks((t) => t.stopFrames({ taskId: 7, frameIds: [103] })),
      paths.stopTaskFrames,
      '{"taskId": 7, "ids": [103], "selectAll": 0}'
    ],
    ["progressImage", withTasks((t) => t.progressImage({ taskId: 9 })), paths.loadTaskProcessImg, '{"taskId": 9}'],
    [
      "progressImage of the photon stage",
      withTasks((t) => t.progressImage({ taskId: 9, frameType: Frame.FrameType.Photon })),
      paths.loadTaskProcessImg,
      '{"taskId": 9, "frameType": 2}'
    ],
    [
      "frameThumbnails defaults to finished frames",
      withTasks((t) => t.frameThumbnails({ frameId: 55 })),
      paths.loadingFrameThumbnail,
      '{"id": 55, "frameStatus": 4}'
    ],
    [
      "renderLog with the SDK's defaults",
      withTasks((t) => t.renderLog({ frameId: 55 })),
      paths.showLog,
      '{"renderingType": "render", "pageNum": 1, "pageSize": 1, "id": 55}'
    ],
    [
      "analysisErrorDetail with one code",
      withTasks((t) => t.analysisErrorDetail({ code: "15000" })),
      paths.queryAnalyseErrorDetail,
      '{"code": "15000", "language": 0}'
    ],
    [
      "analysisErrorDetail with codes, in English",
      withTasks((t) => t.analysisErrorDetail({ codes: ["15000", "10010"], language: Frame.Language.English })),
      paths.queryAnalyseErrorDetail,
      '{"codes": ["15000", "10010"], "language": 1}'
    ]
  ]
  for (const [name, program, path, body] of cases) {
    it.effect(name, () =>
      Effect.gen(function* () {
        const data =
          path === paths.queryAllFrameStats
            ? {
                executingFramesTotal: 0,
                doneFramesTotal: 0,
                failedFramesTotal: 0,
                waitingFramesTotal: 0,
                totalFrames: 0
              }
            : path === paths.queryTaskFrames
              ? { pageCount: 0, pageNum: 1, total: 0, size: 100, items: [] }
              : path === paths.showLog
                ? { pageCount: 0, pageNum: 1, total: 0, size: 1, items: [] }
                : path === paths.loadTaskProcessImg
                  ? {}
                  : path === paths.loadingFrameThumbnail || path === paths.queryAnalyseErrorDetail
                    ? []
                    : null
        const { exit, requests } = yield* run(() => envelope(data), program)
        success(exit)
        assert.strictEqual(requests.length, 1)
        assert.strictEqual(requests[0]!.path, path)
        assert.strictEqual(requests[0]!.bodyText, body)
        assert.isTrue(requests[0]!.signatureOk)
      })
    )
  }
})

describe("Frame endpoints: bad input is refused before anything is sent", () => {
  const cases: ReadonlyArray<readonly [string, Program<unknown>, string, RegExp]> = [
    [
      "an empty frame id list",
      withTasks((t) => t.restartFrames({ taskId: 7, frameIds: [] })),
      "frameIds",
      /at least one frame id/
    ],
    ["a frame id 0", withTasks((t) => t.stopFrames({ taskId: 7, frameIds: [0] })), "frameIds.0", /positive integer id/],
    [
      "an empty status list",
      withTasks((t) => t.restartFailedFrames({ taskIds: [7], status: [] })),
      "status",
      /at least one frame status/
    ],
    ["no task ids", withTasks((t) => t.restartFailedFrames({ taskIds: [] })), "taskIds", /at least one task id/],
    ["page size 0", withTasks((t) => t.framesPage({ taskId: 7, pageSize: 0 })), "pageSize", /1 or more/],
    ["a fractional task id", withTasks((t) => t.framesPage({ taskId: 7.5 })), "taskId", /integer/],
    [
      "frame type 3 for the progress image",
      withTasks((t) => t.progressImage({ taskId: 7, frameType: 3 as 2 })),
      "frameType",
      /2 \(photon frame\) or 5/
    ],
    ["a thumbnail without a frame id", withTasks((t) => t.frameThumbnails({} as never)), "frameId", /missing/i],
    ["a log without a frame id", withTasks((t) => t.renderLog({ pageNum: 1 } as never)), "frameId", /missing/i],
    ["neither code nor codes", withTasks((t) => t.analysisErrorDetail({})), "", /needs code or codes/],
    ["an empty codes list", withTasks((t) => t.analysisErrorDetail({ codes: [] })), "codes", /at least one/],
    [
      "language 2",
      withTasks((t) => t.analysisErrorDetail({ code: "1", language: 2 as 1 })),
      "language",
      /0 \(Chinese\) or 1 \(English\)/
    ],
    ["a misspelt field", withTasks((t) => t.restartFrames({ taskId: 7, ids: [1] } as never)), "ids", /unexpected/i],
    [
      "no frame indexes for a restart by index",
      withTasks((t) => t.restartFramesByIndex(7, [])),
      "frameIndexes",
      /at least one frame index/
    ],
    ["a bad page size for allFrames", withTasks((t) => t.allFrames(7, { pageSize: -1 })), "pageSize", /1 or more/]
  ]
  for (const [name, program, field, issue] of cases) it.effect(name, () => refusedBeforeSending(program, field, issue))
})

describe("Frame endpoints: answers", () => {
  it.effect("decodes the spec's frame page; null fields become absent", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () => envelope({ pageCount: 9, pageNum: 1, total: 17, size: 2, items: [frameRow({})] }),
        withTasks((t) => t.framesPage({ taskId: 19088, pageSize: 2 }))
      )
      const page = success(exit)
      assert.strictEqual(page.pageCount, 9)
      const frame = page.items[0]!
      assert.instanceOf(frame, Frame.FrameInfo)
      assert.strictEqual(frame.id, 1546598)
      assert.strictEqual(frame.frameIndex, "0-1")
      assert.strictEqual(frame.frameStatus, Frame.FrameStatus.Finished)
      assert.strictEqual(frame.frameType, Frame.FrameType.Main)
      assert.strictEqual(frame.feeAmount, 0.44)
      assert.strictEqual(frame.gopName, undefined)
      assert.strictEqual(frame.frameRam, undefined)
      assert.strictEqual(Frame.frameStatusName(frame.frameStatus), "Finished")
      assert.strictEqual(Frame.frameStatusName(99), undefined)
    })
  )

  it.effect("a frame row without its id is a ResponseDecodeError naming the field", () =>
    Effect.gen(function* () {
      const row: Record<string, unknown> = frameRow({})
      delete row["id"]
      const { exit } = yield* run(
        () => envelope({ pageCount: 1, pageNum: 1, total: 1, size: 100, items: [row] }),
        withTasks((t) => t.framesPage({ taskId: 19088 }))
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "ResponseDecodeError")
      if (error._tag === "ResponseDecodeError") assert.strictEqual(error.field, "items.0.id")
    })
  )

  it.effect("thumbnails: a list of paths, or none when the service answers a bare string", () =>
    Effect.gen(function* () {
      const path = "small_pic\\100000\\100001\\138\\Render_264_renderbus_0008[-]jpg.jpg"
      const list = yield* run(
        () => envelope([path]),
        withTasks((t) => t.frameThumbnails({ frameId: 1 }))
      )
      assert.deepStrictEqual(success(list.exit), [path])
      const bare = yield* run(
        () => envelope("SUCCESS"),
        withTasks((t) => t.frameThumbnails({ frameId: 1 }))
      )
      assert.deepStrictEqual(success(bare.exit), [])
    })
  )

  it.effect("analysis error codes are text, also when the service sends numbers", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () =>
          envelope([
            { id: 1, code: 15000, type: 1, languageFlag: 1, desDescriptionCn: "missing map", isRepair: 0 },
            { id: 2, code: "10010", type: 0, languageFlag: 1, solutionPath: null }
          ]),
        withTasks((t) => t.analysisErrorDetail({ codes: ["15000", "10010"], language: Frame.Language.English }))
      )
      const rows = success(exit)
      assert.deepStrictEqual(
        rows.map((r) => r.code),
        ["15000", "10010"]
      )
      assert.strictEqual(rows[0]!.desDescriptionCn, "missing map")
      assert.strictEqual(rows[1]!.solutionPath, undefined)
    })
  )

  it.effect("progress image, frame stats and render log decode", () =>
    Effect.gen(function* () {
      const grab = { frameIndex: "1", frameBlock: "1", framePercent: "40", grabUrl: "/grab/1.jpg", frameUsed: "12" }
      const image = yield* run(
        () =>
          envelope({
            width: 1920,
            height: 1080,
            block: 1,
            isRenderPhoton: false,
            currentTaskType: "Render",
            sceneName: "cloakroom-Camera01",
            startTime: "2024-01-01 10:00:00",
            endTime: null,
            grabInfo: [[grab]]
          }),
        withTasks((t) => t.progressImage({ taskId: 9 }))
      )
      const img = success(image.exit)
      assert.strictEqual(img.width, 1920)
      assert.strictEqual(img.endTime, undefined)
      assert.strictEqual(img.grabInfo?.[0]?.[0]?.framePercent, "40")
      const stats = yield* run(
        () =>
          envelope({
            executingFramesTotal: 1,
            doneFramesTotal: 308,
            failedFramesTotal: 2,
            waitingFramesTotal: 153,
            totalFrames: 577
          }),
        withTasks((t) => t.allFrameStats())
      )
      assert.strictEqual(success(stats.exit).doneFramesTotal, 308)
      const log = yield* run(
        () => envelope({ pageCount: 3, pageNum: 1, total: 3, size: 1, items: ["render started"] }),
        withTasks((t) => t.renderLog({ frameId: 5 }))
      )
      assert.deepStrictEqual(success(log.exit).items, ["render started"])
    })
  )
})

describe("Frame endpoints: retries", () => {
  it.live("resubmitting frames is never repeated after a transient failure", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        () => envelope(null, 500),
        withTasks((t) => t.restartFrames({ taskId: 7, frameIds: [1] })),
        3
      )
      assert.strictEqual(failure(exit)._tag, "InternalError")
      assert.strictEqual(requests.length, 1)
      const failed = yield* run(
        () => envelope(null, 500),
        withTasks((t) => t.restartFailedFrames({ taskIds: [7] })),
        3
      )
      assert.strictEqual(failed.requests.length, 1)
    })
  )

  it.live("stopping frames is repeated after a transient failure", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, index) => (index === 0 ? envelope(null, 500) : envelope(null)),
        withTasks((t) => t.stopFrames({ taskId: 7, frameIds: [1] })),
        3
      )
      success(exit)
      assert.strictEqual(requests.length, 2)
      assert.strictEqual(requests[1]!.bodyText, requests[0]!.bodyText)
    })
  )
})
