/**
 * What a task's frames leave behind (docs/protocol.md 4.3.8-4.3.11), through raw signed requests:
 * the progress image, thumbnails, render logs and the analysis error catalogue, with every
 * validation error.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { analyseErrorCodes } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { invalid, missing, notFound, ok, other, type Page, type Sign } from "./helpers.ts"
import { frameFarm as farm, frameFixture as fixture, framesOf } from "./farmHelpers.ts"
import { paths } from "../../../tests/paths.ts"

describe("loadTaskProcessImg", () => {
  it.effect("the progress object: resolution, times, one grabInfo row of strings per frame", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 90)
      const p = paths.loadTaskProcessImg
      const img = yield* ok<Record<string, unknown>>(sim, { path: p, body: { taskId: id } })
      assert.isTrue(Number.isInteger(img["width"]) && Number.isInteger(img["height"]))
      assert.strictEqual(img["block"], 1)
      assert.strictEqual(img["isRenderPhoton"], false)
      assert.strictEqual(img["currentTaskType"], "Render")
      assert.isString(img["sceneName"])
      // Started at T0 + 10 s = 08:00:10 in the service's zone; not completed.
      assert.strictEqual(img["startTime"], "2024-07-11 08:00:10")
      assert.strictEqual(img["endTime"], "")
      const grab = img["grabInfo"] as ReadonlyArray<ReadonlyArray<Record<string, unknown>>>
      assert.strictEqual(grab.length, farm.framesPerTask)
      for (const blocks of grab) {
        assert.strictEqual(blocks.length, 1)
        for (const field of [
          "startTime",
          "endTime",
          "frameStatus",
          "isMaxPrice",
          "feeAmount",
          "couponFee",
          "frameIndex",
          "frameBlock",
          "framePercent",
          "frameUsed",
          "frameEst",
          "renderInfo",
          "grabUrl"
        ]) {
          assert.isString(blocks[0]?.[field], field)
        }
      }
      const [done, running, waiting] = [grab[0]?.[0], grab[4]?.[0], grab[8]?.[0]]
      assert.deepStrictEqual(
        [done?.["frameStatus"], done?.["framePercent"], done?.["frameUsed"], done?.["endTime"]],
        ["4", "100", "60", "2024-07-11 08:01:10"]
      )
      assert.deepStrictEqual(
        [running?.["frameStatus"], running?.["framePercent"], running?.["frameUsed"], running?.["frameEst"]],
        ["2", "50", "30", "30"]
      )
      assert.deepStrictEqual([waiting?.["frameStatus"], waiting?.["startTime"], waiting?.["grabUrl"]], ["1", "", ""])
      const photon = yield* ok<Record<string, unknown>>(sim, { path: p, body: { taskId: id, frameType: 2 } })
      assert.strictEqual(photon["currentTaskType"], "RenderPhoton")
      assert.deepStrictEqual(photon["grabInfo"], [])
      const main = yield* ok<Record<string, unknown>>(sim, { path: p, body: { taskId: id, frameType: 5 } })
      assert.deepStrictEqual(main, img)

      yield* notFound(sim, { path: p, body: { taskId: foreign } })
      yield* notFound(sim, { path: p, body: { taskId: 1 } })
      yield* missing(sim, { path: p, body: {} })
      yield* missing(sim, { path: p, body: { frameType: 5 } })
      yield* invalid(sim, { path: p, body: { taskId: `${id}.0` } })
      yield* invalid(sim, { path: p, body: { taskId: id, frameType: 3 } })
      yield* invalid(sim, { path: p, body: { taskId: id, frameType: "5" } })
      yield* invalid(sim, { path: p, body: { taskId: id, frameType: null } })
    })
  )
})

describe("loadingFrameThumbnail", () => {
  it.effect("the thumbnail paths of a finished frame (Windows separators); 600 otherwise", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 60)
      const frames = yield* framesOf(sim, id)
      const userId = frames[0]?.userId ?? 0
      const p = paths.loadingFrameThumbnail
      const thumbnails = yield* ok<ReadonlyArray<string>>(sim, {
        path: p,
        body: { id: frames[1]?.id, frameStatus: 4 }
      })
      assert.strictEqual(thumbnails.length, 1)
      const parts = (thumbnails[0] ?? "").split("\\")
      assert.deepStrictEqual([parts[0], parts[2], parts[3]], ["small_pic", String(userId), String(id)])
      assert.match(parts[4] ?? "", new RegExp(`^${id}_.+_0002\\[-\\]jpg\\.jpg$`))
      assert.notInclude(thumbnails[0] ?? "", "/")
      // The running frame 5 is not finished.
      yield* invalid(sim, { path: p, body: { id: frames[4]?.id, frameStatus: 4 } })
      yield* invalid(sim, { path: p, body: { id: frames[1]?.id, frameStatus: 5 } })
      const foreignFrame = (yield* framesOf(sim, foreign, other))[0]?.id ?? 0
      yield* notFound(sim, { path: p, body: { id: foreignFrame, frameStatus: 4 } })
      yield* notFound(sim, { path: p, body: { id: 1, frameStatus: 4 } })
      yield* missing(sim, { path: p, body: { frameStatus: 4 } })
      yield* missing(sim, { path: p, body: { id: frames[1]?.id } })
      yield* invalid(sim, { path: p, body: { id: `${frames[1]?.id}.0`, frameStatus: 4 } })
      yield* invalid(sim, { path: p, body: { id: frames[1]?.id, frameStatus: "4" } })
    })
  )
})

describe("showLog", () => {
  const log = (sim: Service, body: Record<string, unknown>, extra: Partial<Sign> = {}) =>
    ok<Page<string>>(sim, { ...extra, path: paths.showLog, body: { renderingType: "render", ...body } })

  it.effect("a page of the frame's log lines: start, progress, end or failure", () =>
    Effect.gen(function* () {
      const { foreign, id, sim } = yield* fixture(10 + 90, {
        failFrame: (f: { frameNumber: number }) => f.frameNumber === 2
      })
      const frames = yield* framesOf(sim, id)
      const finished = yield* log(sim, { id: frames[0]?.id, pageNum: 1, pageSize: 100 })
      assert.isAbove(finished.total, 3)
      assert.strictEqual(finished.items.length, finished.total)
      assert.match(finished.items[0] ?? "", /^\[2024-07-11 08:00:10\] .*frame 1\b/)
      assert.match(finished.items[finished.items.length - 1] ?? "", /^\[2024-07-11 08:01:10\] .*finished/)
      assert.isTrue(finished.items.every((line) => line.startsWith("[2024-07-11 08:0")))
      const failed = yield* log(sim, { id: frames[1]?.id, pageNum: 1, pageSize: 100 })
      assert.match(failed.items[failed.items.length - 1] ?? "", /ERROR/)
      // A running frame's log goes up to now (30 s of 60: up to 50 %).
      const running = yield* log(sim, { id: frames[4]?.id, pageNum: 1, pageSize: 100 })
      assert.match(running.items[running.items.length - 1] ?? "", /50%/)
      assert.notMatch(running.items.join("\n"), /finished|ERROR/)
      const waiting = yield* log(sim, { id: frames[8]?.id, pageNum: 1, pageSize: 100 })
      assert.strictEqual(waiting.total, 0)
      // Paging over the lines; the same frame, the same lines.
      const second = yield* log(sim, { id: frames[0]?.id, pageNum: 2, pageSize: 2 })
      assert.deepStrictEqual(
        [second.pageNum, second.size, second.total, second.pageCount],
        [2, 2, finished.total, Math.ceil(finished.total / 2)]
      )
      assert.deepStrictEqual(second.items, finished.items.slice(2, 4))
      // `id` null (the SDK's default) or absent: no frame, no lines.
      assert.strictEqual((yield* log(sim, { id: null, pageNum: 1, pageSize: 1 })).total, 0)
      assert.strictEqual((yield* log(sim, { pageNum: 1, pageSize: 1 })).total, 0)

      const foreignFrame = (yield* framesOf(sim, foreign, other))[0]?.id ?? 0
      const p = paths.showLog
      yield* notFound(sim, { path: p, body: { renderingType: "render", pageNum: 1, pageSize: 1, id: foreignFrame } })
      yield* notFound(sim, { path: p, body: { renderingType: "render", pageNum: 1, pageSize: 1, id: 1 } })
      yield* missing(sim, { path: p, body: { renderingType: "render", pageSize: 1, id: null } })
      yield* missing(sim, { path: p, body: { renderingType: "render", pageNum: 1, id: null } })
      yield* invalid(sim, { path: p, body: { renderingType: "render", pageNum: 0, pageSize: 1, id: null } })
      yield* invalid(sim, { path: p, body: { renderingType: 1, pageNum: 1, pageSize: 1, id: null } })
      yield* invalid(sim, { path: p, body: { renderingType: "render", pageNum: 1, pageSize: 1, id: "7.0" } })
      yield* invalid(sim, {
        path: p,
        bodyText: `{"renderingType": "render", "pageNum": 1, "pageSize": 1.5, "id": null}`
      })
    })
  )
})

describe("queryAnalyseErrorDetail", () => {
  type CodeInfo = Record<string, unknown> & { readonly code: string }
  const detail = (sim: Service, body: Record<string, unknown>) =>
    ok<ReadonlyArray<CodeInfo>>(sim, { path: paths.queryAnalyseErrorDetail, body })

  it.effect("CodeInfo rows from the catalogue, Chinese (0) or English (1)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      assert.isAtLeast(analyseErrorCodes.length, 10)
      assert.isTrue(analyseErrorCodes.some((e) => e.type === 1))
      assert.isTrue(analyseErrorCodes.some((e) => e.type === 0))
      const missingTexture = analyseErrorCodes.find((e) => e.code === "15000")
      assert.strictEqual(missingTexture?.type, 1)

      const zh = (yield* detail(sim, { code: "15000", language: 0 }))[0]
      assert.isDefined(zh)
      assert.deepStrictEqual(
        [zh?.code, zh?.["type"], zh?.["languageFlag"], zh?.["desDescriptionCn"], zh?.["desSolutionCn"]],
        ["15000", 1, 0, missingTexture?.zh.description, missingTexture?.zh.solution]
      )
      for (const [field, type] of [
        ["id", "number"],
        ["isRepair", "number"],
        ["isOpen", "number"],
        ["isDelete", "number"],
        ["solutionPath", "string"],
        ["lastModifyAdmin", "string"],
        ["updateTime", "number"]
      ] as const) {
        assert.strictEqual(typeof zh?.[field], type, field)
      }
      const en = (yield* detail(sim, { code: "15000", language: 1 }))[0]
      assert.isDefined(en)
      assert.deepStrictEqual([en?.["languageFlag"], en?.["desDescriptionCn"]], [1, missingTexture?.en.description])
      assert.deepStrictEqual(yield* detail(sim, { code: "15000", language: "1" }), [en])
      assert.deepStrictEqual(yield* detail(sim, { code: "15000" }), [zh])
      const several = yield* detail(sim, { code: "10010", codes: ["15000", "99999", "10010"], language: 1 })
      assert.deepStrictEqual(
        several.map((r) => [r.code, r["type"]]),
        [
          ["10010", 0],
          ["15000", 1]
        ]
      )
      assert.deepStrictEqual(yield* detail(sim, { codes: ["99999"], language: 0 }), [])
    })
  )

  it.effect("validation: code or codes required (601), typed fields (600)", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const p = paths.queryAnalyseErrorDetail
      yield* missing(sim, { path: p, body: { language: 0 } })
      yield* missing(sim, { path: p, body: { code: "", codes: [], language: 0 } })
      // The document's own example sends the code as a number.
      yield* invalid(sim, { path: p, body: { code: 15000, language: 0 } })
      yield* invalid(sim, { path: p, body: { codes: "15000", language: 0 } })
      yield* invalid(sim, { path: p, body: { codes: [15000], language: 0 } })
      yield* invalid(sim, { path: p, body: { code: "15000", language: 2 } })
      yield* invalid(sim, { path: p, body: { code: "15000", language: "en" } })
      yield* invalid(sim, { path: p, body: { code: "15000", language: null } })
      yield* invalid(sim, { path: p, bodyText: `{"code": "15000", "language": 1.0}` })
    })
  )
})
