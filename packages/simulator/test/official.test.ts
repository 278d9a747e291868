/**
 * The official client's requests, as it builds them (docs/protocol.md 4, 6): each of its 47
 * endpoints (release 3.0.3.23), through a working session on one account, with the body its method sends (fields in
 * its order, written as Python's `json.dumps` writes them, strings of digits where it sends them)
 * and its headers (`channel` 4, `version` 2.0.0, a random six-digit nonce). The simulator must
 * accept every one: what the official client sends and the protocol allows is what the service
 * accepts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Random, TestClock } from "effect"
import { demoAccount } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { type Created, type Envelope, type Page, send, signed, type TaskRow } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

/** The official client's endpoints (docs/protocol.md 4.0.1), by the name of its method (`user.task_record`, ...). */
const OFFICIAL = {
  query_user_profile: paths.queryUserProfile,
  query_user_setting: paths.queryUserSetting,
  update_user_settings: paths.updateUserSetting,
  get_transfer_bid: paths.getBid,
  get_hardware_config: paths.hardwareConfigList,
  create_task: paths.createTask,
  upload_json_content: paths.taskJsonFile,
  submit_task: paths.submitTask,
  error_detail: paths.queryAnalyseErrorDetail,
  get_task_list: paths.getTaskList,
  stop_task: paths.stopTask,
  start_task: paths.startTask,
  abort_task: paths.abandonTask,
  delete_task: paths.deleteTask,
  task_frames: paths.queryTaskFrames,
  all_frame_status: paths.queryAllFrameStats,
  restart_failed_frames: paths.recommitTasks,
  restart_frame: paths.recommitTaskFrames,
  task_info: paths.queryTaskInfo,
  add_label: paths.projectAdd,
  delete_label: paths.projectDelete,
  get_label_list: paths.projectGetList,
  supported_software: paths.querySoftwareList,
  supported_plugin: paths.querySoftwareDetail,
  add_render_env: paths.addUserPluginConfig,
  update_render_env: paths.editUserPluginConfig,
  delete_render_env: paths.deleteUserPluginConfig,
  set_default_render_env: paths.setDefaultUserPluginConfig,
  get_render_env: paths.getUserPluginConfig,
  update_priority: paths.updateTaskUserLevel,
  get_raysync_user_key: paths.getRaySyncUserKey,
  get_transfer_server_msg: paths.getServerInfo,
  get_task_processing_img: paths.loadTaskProcessImg,
  set_task_overtime_top: paths.setTaskOverTimeStop,
  get_frame_thumbnall: paths.loadingFrameThumbnail,
  full_speed: paths.fullSpeedRendering,
  get_transfer_config: paths.getConfig,
  add_task_tag: paths.addTaskLabel,
  delete_task_tag: paths.deleteTaskLabel,
  get_list: paths.projectList,
  get_output_files: paths.getOutputUserDirFile,
  stop_frame: paths.stopTaskFrames,
  get_render_log: paths.showLog,
  platforms: paths.queryPlatforms,
  // Added in release 3.0.3.23 (docs/protocol.md 4.0.1).
  update_task_limit: paths.updateTaskLimit,
  task_record: paths.taskRecord,
  login_record: paths.loginRecord
} as const

type Method = keyof typeof OFFICIAL

const T0 = 1_720_656_000_000 // 2024-07-11 08:00:00 in the service's zone

interface Frame {
  readonly id: number
  readonly frameIndex: string
  readonly frameStatus: number
}

/** A session of the official client on one simulator: every call recorded with its answer. */
const session = (sim: Service) => {
  const sent: Array<{ readonly method: Method; readonly body: unknown; readonly envelope: Envelope }> = []
  const rng = Random.make("the official client's nonces")
  /** Sends a body as the official client does; the answer's data, or undefined when refused. */
  const request = <A = unknown>(method: Method, body: Record<string, unknown>) =>
    Effect.gen(function* () {
      // A fresh random integer in [100000, 999998] per request (docs/protocol.md 1.5).
      const nonce = String(yield* Effect.withRandom(Random.nextIntBetween(100000, 999999), rng))
      const envelope = yield* send(sim, yield* signed({ path: OFFICIAL[method], body, nonce }))
      sent.push({ method, body, envelope })
      return (envelope.code === 200 ? envelope.data : undefined) as A | undefined
    })
  /** The same, for a call whose data the session needs next. */
  const needed = <A>(method: Method, body: Record<string, unknown>) =>
    Effect.flatMap(request<A>(method, body), (data) => {
      if (data === undefined) {
        const last = sent[sent.length - 1]!
        return Effect.dieMessage(`${method} ${JSON.stringify(body)}: ${last.envelope.code} ${last.envelope.message}`)
      }
      return Effect.succeed(data)
    })
  return { sent, request, needed }
}

/** A task.json as the official task check leaves it (docs/protocol.md 6.8): values as strings. */
const taskJson = (taskId: number, hardwareConfigId: number) =>
  JSON.stringify({
    task_info: {
      task_id: String(taskId),
      cg_id: "2000",
      platform: "2",
      os_name: "1",
      project_name: "lookdev",
      project_id: "0",
      user_id: "",
      frames_per_task: "1",
      ram: "64",
      hardwareConfigId: String(hardwareConfigId),
      graphics_cards_num: "2",
      time_out: "43200",
      stop_after_test: "2"
    },
    software_config: { cg_name: "Maya", cg_version: "2024", plugins: {} },
    scene_info_render: { defaultRenderLayer: { common: { frames: "1-4[1]" } } }
  })

describe("the official client's requests", () => {
  it.effect("every endpoint accepts the bodies the official client sends (numeric strings where it sends them)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* make({ farm: { framesPerTask: 4, queueSeconds: 10, frameSeconds: 30, nodes: 4 } })
      const { sent, request, needed } = session(sim)

      // Login (docs/protocol.md 6.1), then the account calls.
      const profile = yield* needed<{ userId: number }>("query_user_profile", {})
      yield* request("query_user_setting", {})
      yield* request("get_transfer_bid", {})
      yield* request("platforms", { zone: 1 })
      yield* request("update_user_settings", { taskOverTimeSec: 43200 })
      const configs = yield* needed<ReadonlyArray<Record<string, unknown>>>("get_hardware_config", {
        cloneTask: "false"
      })
      // The task check reads these keys of every enabled configuration, without a default (6.8).
      for (const c of configs.filter((c) => c["status"])) {
        assert.isTrue("notSupportCode" in c && "notSupportPluginList" in c && "notSupportCgId" in c, `${c["id"]}`)
      }
      const hardware = configs.find((c) => c["status"] === 1 && c["platform"] === 2)!

      // Software and render environments.
      yield* request("supported_software", {})
      const detail = yield* needed<{
        cgPlugin: ReadonlyArray<{ cvId: number; pluginVersions: ReadonlyArray<{ pluginId: number }> }>
        cgVersion: ReadonlyArray<{ id: number; cgVersion: string }>
      }>("supported_plugin", { cgId: 2000, osName: "windows" })
      const maya2024 = detail.cgVersion.find((v) => v.cgVersion === "2024")!
      const pluginId = detail.cgPlugin.find((p) => p.cvId === maya2024.id)!.pluginVersions[0]!.pluginId
      const env = {
        cgId: 2000,
        cgName: "Maya",
        cgVersion: "2024",
        renderLayerType: 0,
        editName: "sdk-env",
        renderSystem: 1,
        pluginIds: [pluginId]
      }
      yield* request("add_render_env", env)
      yield* request("update_render_env", { ...env, pluginIds: [] })
      yield* request("get_render_env", { osName: 1 })
      // get_render_env(cg_names=["maya"]): the DCC table holds strings (4.5.5).
      const envs = yield* needed<ReadonlyArray<{ editName: string }>>("get_render_env", {
        cgIds: ["2000"],
        osName: 1
      })
      assert.deepStrictEqual(
        envs.map((e) => e.editName),
        ["sdk-env"]
      )
      yield* request("set_default_render_env", { editName: "sdk-env" })

      // Projects, as check_and_add_project_name does (6.5), and add_label's default status.
      yield* request("get_list", { flag: 2 })
      yield* request("add_label", { newName: "lookdev", status: 0 })
      yield* request("get_list", { flag: 2 })
      yield* request("add_label", { newName: "comp", status: 1 })
      yield* request("get_label_list", {})
      yield* request("get_list", { flag: 0 })

      // Task ids: task.task_id's createTask (6.4), then every option of create_task.
      const [a] = (yield* needed<Created>("create_task", { count: 1, taskUserLevel: 50 })).taskIdList as [number]
      const [b] = (yield* needed<Created>("create_task", {
        count: 1,
        taskUserLevel: 50,
        outUserId: 1001,
        labels: ["lookdev"],
        cloneOriginalId: a,
        artist: "artist"
      })).taskIdList as [number]
      const [c, d] = (yield* needed<Created>("create_task", { count: 2, taskUserLevel: 60 })).taskIdList as [
        number,
        number
      ]
      // get_hardware_config(task_ids=[...]): ids as strings (4.1.4).
      yield* request("get_hardware_config", { cloneTask: "false", taskIds: [String(a)] })
      // The task check's error details: one code, language as a string (6.8); error_detail(codes=...).
      yield* request("error_detail", { code: "15000", language: "0" })
      yield* request("error_detail", { codes: ["15000", "10010"], language: 1 })

      // Upload the analysis files, then submit (6.7).
      for (const id of [a, b, c, d]) {
        yield* request("upload_json_content", {
          taskId: id,
          fileName: "task.json",
          content: taskJson(id, Number(hardware["id"]))
        })
      }
      yield* request("upload_json_content", { taskId: a, fileName: "upload.json", content: '{"asset": []}' })
      yield* request("upload_json_content", { taskId: a, fileName: "asset.json", content: "{}" })
      yield* request("upload_json_content", { taskId: a, fileName: "tips.json", content: "{}" })
      yield* request("submit_task", { taskId: a })
      yield* request("submit_task", { taskId: b, producer: "studio" })
      yield* request("submit_task", { taskId: c })
      yield* request("submit_task", { taskId: d })

      // Task actions.
      yield* request("update_priority", { taskId: a, taskUserLevel: 60 })
      yield* request("set_task_overtime_top", { taskIds: [a], overTime: 1800 })
      yield* request("full_speed", { taskIds: [a] })
      yield* request("update_task_limit", { taskId: a, taskLimit: 2 })
      yield* request("stop_task", { taskIds: [c] })
      yield* request("start_task", { taskIds: [c] })
      yield* request("abort_task", { taskIds: [d] })
      // stop_frame(task_id) and frame_number_to_stop (6.6): every frame (the task ends), or frames by id.
      yield* request("stop_frame", { taskId: b, selectAll: 1 })
      const framesOf = (taskId: number) =>
        Effect.map(needed<Page<Frame>>("task_frames", { taskId, pageNum: 1, pageSize: 100 }), (page) => page.items)
      const cFrames = yield* framesOf(c)
      yield* request("stop_frame", { taskId: c, ids: [cFrames[0]!.id], selectAll: 0 })
      yield* request("stop_frame", { taskId: c, ids: [cFrames[1]!.id], selectAll: 0, status: [1] })

      // The farm renders.
      yield* TestClock.adjust("2 minutes")
      yield* request("get_task_list", { pageNum: 1, pageSize: 100 })
      yield* request("get_task_list", {
        pageNum: 1,
        pageSize: 100,
        statusList: [25, 30, 35],
        searchKeyword: "max",
        startTime: "2024-07-11 00:00:00",
        endTime: "2024-07-12 00:00:00"
      })
      // get_small_task_id (6.6).
      const info = yield* needed<Page<TaskRow>>("task_info", { taskIds: [a] })
      assert.strictEqual(info.items[0]?.id, a)
      yield* request("task_frames", { taskId: a, pageNum: 1, pageSize: 100, searchKeyword: "1" })
      yield* request("all_frame_status", {})
      yield* request("get_task_processing_img", { taskId: a })
      yield* request("get_task_processing_img", { taskId: a, frameType: 5 })
      const aFrames = yield* framesOf(a)
      const finished = aFrames.find((f) => f.frameStatus === 4)!
      yield* request("get_frame_thumbnall", { id: finished.id, frameStatus: 4 })
      // get_render_log() sends id None (4.3.10); then a frame's log.
      yield* request("get_render_log", { renderingType: "render", pageNum: 1, pageSize: 1, id: null })
      yield* request("get_render_log", { renderingType: "render", pageNum: 1, pageSize: 1, id: finished.id })
      yield* request("get_output_files", { treePath: "/" })
      yield* request("get_output_files", { treePath: "/", taskId: a })
      yield* request("get_raysync_user_key", {})
      yield* request("get_transfer_server_msg", { zone: 2 })
      yield* request("get_transfer_config", {})

      // Resubmissions: restart_frame with select_all 1, with ids (get_custome_frames), and by status.
      yield* request("restart_frame", { taskId: c, ids: [cFrames[0]!.id], selectAll: 0 })
      yield* request("restart_frame", { taskId: c, selectAll: 1 })
      yield* request("restart_frame", { taskId: a, ids: [finished.id], selectAll: 0, status: [4] })
      yield* request("restart_failed_frames", { taskIds: [a] })
      yield* request("restart_failed_frames", { taskIds: [a, c], status: [4, 5] })

      // Tags: add_task_tag, then delete_task_tag(tag_ids) as before 3.0.3.23.
      yield* request("add_task_tag", { label: "hero", taskIds: [a, c] })
      const tagId = (yield* sim.tasks(demoAccount.accessId)).find((t) => t.id === a)!.tags![0]!.id
      yield* request("delete_task_tag", { labelIds: [tagId] })
      // Since 3.0.3.23: delete_task_tag(taskIds, labelNames, tag_ids=None).
      yield* request("add_task_tag", { label: "hero", taskIds: [a] })
      yield* request("delete_task_tag", { taskIds: [a, c], labelNames: ["hero"], labelIds: [] })
      // The records of 3.0.3.23 (user.task_record, user.login_record), with their defaults.
      yield* request("task_record", { platform: 2, pageNum: 1, pageSize: 10, startDate: "", endDate: "" })
      yield* request("login_record", { pageNum: 1, pageSize: 10, startDate: "", endDate: "" })

      // Clean up.
      yield* request("delete_task", { taskIds: [d] })
      yield* request("get_task_list", { pageNum: 1, pageSize: 100, recycleFlag: 1 })
      yield* request("delete_label", { delName: "comp" })
      yield* request("delete_render_env", { editName: "sdk-env" })

      const refused = sent.filter((s) => s.envelope.code !== 200)
      assert.deepStrictEqual(
        refused.map((s) => `${s.method} ${JSON.stringify(s.body)}: ${s.envelope.code} ${s.envelope.message}`),
        []
      )
      assert.deepStrictEqual(
        Object.keys(OFFICIAL).filter((method) => !sent.some((s) => s.method === method)),
        [],
        "every endpoint was called"
      )
      assert.isAbove(profile.userId, 0)
      assert.isAbove(sent.length, 75)
    })
  )
})
