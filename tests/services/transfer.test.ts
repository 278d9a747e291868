/**
 * TransferService against the simulator: bucket ids, Raysync server and key, transfer
 * configuration, task-JSON upload and output storage (docs/protocol.md 4.6, 4.2.2), with the fixes
 * of the Python SDK's zone rule (7.2) and of its discarded `tree_path` (7.15).
 */
import { assert, describe, it } from "@effect/vitest"
import { TaskService, Transfer, TransferService, User } from "@rayvision/core"
import { Simulator, SimulatorService } from "@rayvision/simulator"
import { Effect, Inspectable, Redacted, Schema } from "effect"
import { inspect } from "node:util"
import { asOther, callsTo, failureOf, inProcess, lastBody, otherAccount, overSocket, raw, refused } from "../support.ts"
import { paths } from "../paths.ts"

const { TaskJsonFileName } = Transfer
const { Zone } = User
const transfer = <A, E>(f: (service: TransferService.Service) => Effect.Effect<A, E>) =>
  Effect.flatMap(TransferService.TransferService, f)

/** Reserves one task id and, unless `submit` is false, submits it. */
const newTask = (submit = true) =>
  Effect.gen(function* () {
    const tasks = yield* TaskService.TaskService
    const { taskIdList } = yield* tasks.createTaskIds()
    const taskId = taskIdList[0]!
    if (submit) yield* tasks.submit({ taskId })
    return taskId
  })

const taskFiles = (taskId: number) =>
  Effect.flatMap(SimulatorService.SimulatorService, (sim) => sim.taskFiles(Simulator.demoAccount.accessId, taskId))

/** A client with a wrong access key for the demo account: every call answers 611. */
const wrongKey = inProcess({}, { accessKey: Redacted.make("not-the-demo-key") })

/** The demo client on a simulator that also has the other account. */
const twoAccounts = inProcess({ accounts: [Simulator.demoAccount, otherAccount] })

describe("TransferService.bucketIds", () => {
  it.effect("decodes the snake_case getBid answer into camelCase; the body is {}", () =>
    Effect.gen(function* () {
      const ids = yield* transfer((t) => t.bucketIds())
      assert.strictEqual(ids.inputBid, "10999")
      assert.strictEqual(ids.outputBid, "20201")
      assert.strictEqual(ids.configBid, "30201")
      assert.deepStrictEqual(
        ids.subUserOutputBids?.map((s) => [s.userId, s.outputBid]),
        [["1001", "20777"]]
      )
      assert.strictEqual(yield* lastBody(paths.getBid), "{}")
    }).pipe(
      Effect.provide(
        inProcess({
          accounts: [
            {
              ...Simulator.demoAccount,
              bids: { input_bid: "10999", sub_user_output_bids: [{ userId: "1001", outputBid: "20777" }] }
            }
          ]
        })
      )
    )
  )

  it.effect("a wrong access key is a SignatureInvalid (611) (the call takes no input to refuse)", () =>
    Effect.gen(function* () {
      const error = yield* failureOf(transfer((t) => t.bucketIds()))
      assert.strictEqual(error._tag, "SignatureInvalid")
    }).pipe(Effect.provide(wrongKey))
  )
})

describe("TransferService.serverInfo", () => {
  it.effect("a Renderbus domain sends zone 1 (China), as the document says, not the SDK's 2 (spec 7.2)", () =>
    Effect.gen(function* () {
      const info = yield* transfer((t) => t.serverInfo())
      assert.strictEqual(yield* lastBody(paths.getServerInfo), '{"zone": 1}')
      assert.strictEqual(info.raysyncTransfer.proxyIp, "42.123.110.38")
      assert.strictEqual(info.raysyncTransfer.serverPort, 2121)
      assert.strictEqual(info.raysyncTransfer.sslPort, 2443)
      assert.strictEqual(info.clientVersion, "3.2.8.2")
      // An explicit zone wins.
      const abroad = yield* transfer((t) => t.serverInfo({ zone: Zone.Abroad }))
      assert.strictEqual(yield* lastBody(paths.getServerInfo), '{"zone": 2}')
      assert.notStrictEqual(abroad.raysyncTransfer.proxyIp, info.raysyncTransfer.proxyIp)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a Fox Renderfarm domain sends zone 2 (abroad) (spec 7.2)", () =>
    Effect.gen(function* () {
      const info = yield* transfer((t) => t.serverInfo())
      assert.strictEqual(yield* lastBody(paths.getServerInfo), '{"zone": 2}')
      const china = yield* transfer((t) => t.serverInfo({ zone: Zone.China }))
      assert.strictEqual(yield* lastBody(paths.getServerInfo), '{"zone": 1}')
      assert.notStrictEqual(info.raysyncTransfer.proxyIp, china.raysyncTransfer.proxyIp)
    }).pipe(Effect.provide(inProcess({}, { domain: "task.foxrenderfarm.com" })))
  )

  it("the zone of a domain: renderbus in any case is China, anything else abroad", () => {
    assert.strictEqual(User.zoneForDomain("task.renderbus.com"), Zone.China)
    assert.strictEqual(User.zoneForDomain("TASK.RenderBus.COM:8443"), Zone.China)
    assert.strictEqual(User.zoneForDomain("task.foxrenderfarm.com"), Zone.Abroad)
    assert.strictEqual(User.zoneForDomain("jop.foxrenderfarm.com"), Zone.Abroad)
    assert.strictEqual(User.zoneForDomain("127.0.0.1:8080"), Zone.Abroad)
  })

  it.effect("a zone other than 1 or 2 is refused before sending; the simulator answers 600 to one sent anyway", () =>
    Effect.gen(function* () {
      const error = yield* refused(
        transfer((t) => t.serverInfo({ zone: 3 as User.Zone })),
        paths.getServerInfo,
        "zone"
      )
      assert.lengthOf(yield* callsTo(paths.getServerInfo), 0, "nothing was ever sent")
      assert.include(error.message, "must be 1 (China) or 2 (abroad)")
      const sent = yield* failureOf(raw(paths.getServerInfo, { zone: 3 }))
      assert.strictEqual(sent._tag, "ParameterInvalid")
      const text = yield* failureOf(raw(paths.getServerInfo, { zone: "1" }))
      assert.strictEqual(text._tag, "ParameterInvalid")
      // The zone is optional on the service side: the account's zone (China) is used.
      const answer = (yield* raw(paths.getServerInfo, {})) as { raysyncTransfer: { proxyIp: string } }
      assert.strictEqual(answer.raysyncTransfer.proxyIp, "42.123.110.38")
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TransferService.raySyncUserKey", () => {
  it.effect("decodes the keys as Redacted: deterministic, readable with Redacted.value, never printed", () =>
    Effect.gen(function* () {
      const key = yield* transfer((t) => t.raySyncUserKey())
      assert.strictEqual(yield* lastBody(paths.getRaySyncUserKey), "{}")
      const secret = Redacted.value(key.raySyncUserKey)
      assert.match(secret, /^[0-9a-f]{40}$/)
      assert.isDefined(key.userKey)
      assert.isDefined(key.signature)
      const userKey = Redacted.value(key.userKey!)
      const signature = Redacted.value(key.signature!)
      assert.isAbove(userKey.length, 10)
      assert.isAbove(signature.length, 10)
      assert.strictEqual(key.userName, "rayvision_demo")
      assert.strictEqual(key.platform, 2)
      assert.strictEqual(key.channel, 4)
      // Asked again, the same keys.
      const again = yield* transfer((t) => t.raySyncUserKey())
      assert.strictEqual(Redacted.value(again.raySyncUserKey), secret)
      // Nothing that prints the result shows a credential.
      const texts = [
        JSON.stringify(key),
        inspect(key, { depth: 10 }),
        String(key),
        Inspectable.format(key),
        Inspectable.toStringUnknown(key)
      ]
      for (const text of texts) {
        for (const credential of [secret, userKey, signature]) assert.notInclude(text, credential)
      }
      assert.include(JSON.stringify(key), "<redacted>")
      // The model encodes back to the wire form, keys included (for whoever needs to store it).
      const encoded = Schema.encodeSync(Transfer.RaySyncUserKey)(key)
      assert.strictEqual(encoded.raySyncUserKey, secret)
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a wrong access key is a SignatureInvalid (611) (the call takes no input to refuse)", () =>
    Effect.gen(function* () {
      const error = yield* failureOf(transfer((t) => t.raySyncUserKey()))
      assert.strictEqual(error._tag, "SignatureInvalid")
    }).pipe(Effect.provide(wrongKey))
  )
})

describe("TransferService.transferConfig", () => {
  it.effect("decodes bucket ids, engines, lines and engine accounts (passwords Redacted)", () =>
    Effect.gen(function* () {
      const config = yield* transfer((t) => t.transferConfig())
      assert.strictEqual(yield* lastBody(paths.getConfig), "{}")
      const ids = yield* transfer((t) => t.bucketIds())
      assert.strictEqual(config.inputBid, ids.inputBid)
      assert.strictEqual(config.outputBid, ids.outputBid)
      assert.strictEqual(config.configBid, ids.configBid)
      const engines = config.resqEngines.map((e) => e.engineName)
      assert.deepStrictEqual(engines, ["RaySync", "Aspera"])
      const [raysync, aspera] = config.resqEngines as [Transfer.TransferEngine, Transfer.TransferEngine]
      assert.strictEqual(raysync.isDefault, 1)
      assert.deepStrictEqual(raysync.resqEngineAccounts, [], "null decodes to an empty list")
      assert.deepStrictEqual(
        raysync.respTaskEngineLines.map((l) => l.type),
        [Transfer.LineType.General, Transfer.LineType.Dedicated]
      )
      const account = aspera.resqEngineAccounts[0]!
      assert.isDefined(account.password)
      const password = Redacted.value(account.password!)
      assert.isAbove(password.length, 0)
      assert.notInclude(JSON.stringify(config), password)
      assert.notInclude(inspect(config, { depth: 10 }), password)
      assert.deepStrictEqual(config.subUserOutputBids, [])
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a wrong access key is a SignatureInvalid (611) (the call takes no input to refuse)", () =>
    Effect.gen(function* () {
      const error = yield* failureOf(transfer((t) => t.transferConfig()))
      assert.strictEqual(error._tag, "SignatureInvalid")
    }).pipe(Effect.provide(wrongKey))
  )
})

describe("TransferService.uploadTaskJson", () => {
  it.effect("uploads an object as JSON text; the body is {taskId, fileName, content: string}", () =>
    Effect.gen(function* () {
      const taskId = yield* newTask(false)
      const taskJson = { task_info: { cg_id: "2000", platform: "2", ram: "64" }, software_config: { cg_name: "Maya" } }
      yield* transfer((t) => t.uploadTaskJson({ taskId, fileName: TaskJsonFileName.Task, content: taskJson }))
      const text = JSON.stringify(taskJson)
      assert.strictEqual(
        yield* lastBody(paths.taskJsonFile),
        `{"taskId": ${taskId}, "fileName": "task.json", "content": ${JSON.stringify(text)}}`
      )
      assert.deepStrictEqual(yield* taskFiles(taskId), { "task.json": text })
      assert.isFalse(TransferService.endpoints.uploadTaskJson.idempotent, "never retried")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("uploads JSON text as given, for each of the four files; a new upload replaces the file", () =>
    Effect.gen(function* () {
      const taskId = yield* newTask()
      const texts = {
        "task.json": '{"task_info": {"task_id": "1"}}',
        "upload.json": '{"asset": [{"local": "D:/a.ma", "server": "/D/a.ma"}]}',
        "asset.json": "{}",
        "tips.json": '{"15000": ["missing texture"]}'
      }
      for (const fileName of Object.values(TaskJsonFileName)) {
        yield* transfer((t) => t.uploadTaskJson({ taskId, fileName, content: texts[fileName] }))
        const body = JSON.parse(yield* lastBody(paths.taskJsonFile))
        assert.deepStrictEqual(body, { taskId, fileName, content: texts[fileName] })
      }
      assert.deepStrictEqual(yield* taskFiles(taskId), texts)
      yield* transfer((t) => t.uploadTaskJson({ taskId, fileName: "asset.json", content: [1, 2] }))
      assert.strictEqual((yield* taskFiles(taskId))["asset.json"], "[1,2]")
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("a task the account does not own is a ResourceNotFound (404); nothing is stored", () =>
    Effect.gen(function* () {
      const theirs = yield* asOther(newTask(false))
      const error = yield* failureOf(
        transfer((t) => t.uploadTaskJson({ taskId: theirs, fileName: "task.json", content: {} }))
      )
      assert.strictEqual(error._tag, "ResourceNotFound")
      const unknown = yield* failureOf(
        transfer((t) => t.uploadTaskJson({ taskId: 1, fileName: "task.json", content: {} }))
      )
      assert.strictEqual(unknown._tag, "ResourceNotFound")
      const sim = yield* SimulatorService.SimulatorService
      assert.deepStrictEqual(yield* sim.taskFiles(otherAccount.accessId, theirs), {})
    }).pipe(Effect.provide(twoAccounts))
  )

  it.effect("a wrong file name, text that is not JSON or a bad task id is refused before sending", () =>
    Effect.gen(function* () {
      const taskId = yield* newTask(false)
      const name = yield* refused(
        transfer((t) => t.uploadTaskJson({ taskId, fileName: "scene.json" as Transfer.TaskJsonFileName, content: {} })),
        paths.taskJsonFile,
        "fileName"
      )
      assert.include(name.issue, "task.json, upload.json, asset.json, tips.json")
      const text = yield* refused(
        transfer((t) => t.uploadTaskJson({ taskId, fileName: "task.json", content: "{task_info: 1}" })),
        paths.taskJsonFile,
        "content"
      )
      assert.include(text.issue, "must be valid JSON text")
      yield* refused(
        transfer((t) => t.uploadTaskJson({ taskId, fileName: "task.json", content: "" })),
        paths.taskJsonFile,
        "content"
      )
      const cyclic: Record<string, unknown> = {}
      cyclic["self"] = cyclic
      yield* refused(
        transfer((t) => t.uploadTaskJson({ taskId, fileName: "task.json", content: cyclic })),
        paths.taskJsonFile,
        "content"
      )
      yield* refused(
        transfer((t) => t.uploadTaskJson({ taskId: 0, fileName: "task.json", content: {} })),
        paths.taskJsonFile,
        "taskId"
      )
      assert.lengthOf(yield* callsTo(paths.taskJsonFile), 0, "nothing was ever sent")
      // Sent anyway, the simulator refuses them with 600 and 601.
      const sentName = yield* failureOf(raw(paths.taskJsonFile, { taskId, fileName: "scene.json", content: "{}" }))
      assert.strictEqual(sentName._tag, "ParameterInvalid")
      const sentText = yield* failureOf(raw(paths.taskJsonFile, { taskId, fileName: "task.json", content: "{" }))
      assert.strictEqual(sentText._tag, "ParameterInvalid")
      const sentObject = yield* failureOf(raw(paths.taskJsonFile, { taskId, fileName: "task.json", content: {} }))
      assert.strictEqual(sentObject._tag, "ParameterInvalid")
      const noContent = yield* failureOf(raw(paths.taskJsonFile, { taskId, fileName: "task.json" }))
      assert.strictEqual(noContent._tag, "ParameterCantBeEmpty")
      assert.deepStrictEqual(yield* taskFiles(taskId), {})
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TransferService.outputFiles", () => {
  it.effect('lists a folder per submitted task at the root; the body is {treePath: "/"}', () =>
    Effect.gen(function* () {
      const first = yield* newTask()
      const second = yield* newTask()
      yield* newTask(false) // reserved only: no output folder
      const root = yield* transfer((t) => t.outputFiles())
      assert.strictEqual(yield* lastBody(paths.getOutputUserDirFile), '{"treePath": "/"}')
      assert.lengthOf(root, 2)
      assert.isTrue(root.every((f) => f.directory && f.fileSize === undefined && f.isArrears === 0))
      assert.deepStrictEqual(
        root.map((f) => f.fileName.split("_")[0]),
        [String(first), String(second)]
      )
      // A task folder, by path from the root.
      const folder = root[0]!
      const inside = yield* transfer((t) => t.outputFiles({ treePath: folder.filePath }))
      assert.strictEqual(
        yield* lastBody(paths.getOutputUserDirFile),
        `{"treePath": ${JSON.stringify(folder.filePath)}}`
      )
      const files = inside.filter((f) => !f.directory)
      assert.isAbove(files.length, 0)
      for (const file of files) {
        assert.isTrue(file.filePath.startsWith(`${folder.filePath}/`))
        assert.strictEqual(file.fileType, "png")
        assert.isAbove(file.fileSize ?? 0, 0)
        assert.match(file.lastModify ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
      }
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect('with a task id, treePath is kept as given, not replaced by "/" (spec 7.15)', () =>
    Effect.gen(function* () {
      const taskId = yield* newTask()
      const top = yield* transfer((t) => t.outputFiles({ taskId }))
      assert.strictEqual(yield* lastBody(paths.getOutputUserDirFile), `{"treePath": "/", "taskId": ${taskId}}`)
      const preview = top.find((f) => f.directory && f.fileName === "preview")
      assert.isDefined(preview)
      const previews = yield* transfer((t) => t.outputFiles({ taskId, treePath: "/preview" }))
      assert.strictEqual(yield* lastBody(paths.getOutputUserDirFile), `{"treePath": "/preview", "taskId": ${taskId}}`)
      assert.isAbove(previews.length, 0)
      assert.isTrue(previews.every((f) => !f.directory && f.fileType === "jpg"))
      assert.isTrue(previews.every((f) => f.filePath.startsWith(`${preview!.filePath}/`)))
      assert.notDeepEqual(
        previews.map((f) => f.filePath),
        top.map((f) => f.filePath)
      )
    }).pipe(Effect.provide(inProcess()))
  )

  it.effect("another account's task or a missing folder is a ResourceNotFound (404)", () =>
    Effect.gen(function* () {
      const theirs = yield* asOther(newTask())
      const error = yield* failureOf(transfer((t) => t.outputFiles({ taskId: theirs })))
      assert.strictEqual(error._tag, "ResourceNotFound")
      const mine = yield* newTask()
      const missing = yield* failureOf(transfer((t) => t.outputFiles({ taskId: mine, treePath: "/nothing/here" })))
      assert.strictEqual(missing._tag, "ResourceNotFound")
      const nowhere = yield* failureOf(transfer((t) => t.outputFiles({ treePath: "/no_such_task" })))
      assert.strictEqual(nowhere._tag, "ResourceNotFound")
    }).pipe(Effect.provide(twoAccounts))
  )

  it.effect("an empty treePath or a bad task id is refused before sending", () =>
    Effect.gen(function* () {
      yield* refused(
        transfer((t) => t.outputFiles({ treePath: "" })),
        paths.getOutputUserDirFile,
        "treePath"
      )
      yield* refused(
        transfer((t) => t.outputFiles({ taskId: -5 })),
        paths.getOutputUserDirFile,
        "taskId"
      )
      yield* refused(
        transfer((t) => t.outputFiles({ taskId: 1.5 })),
        paths.getOutputUserDirFile,
        "taskId"
      )
      assert.lengthOf(yield* callsTo(paths.getOutputUserDirFile), 0, "nothing was ever sent")
    }).pipe(Effect.provide(inProcess()))
  )
})

describe("TransferService over a socket", () => {
  it.live("a loopback domain is abroad (zone 2); upload and browse a task's output", () =>
    Effect.gen(function* () {
      const info = yield* transfer((t) => t.serverInfo())
      assert.strictEqual(yield* lastBody(paths.getServerInfo), '{"zone": 2}')
      assert.strictEqual(info.raysyncTransfer.serverPort, 2121)
      const taskId = yield* newTask()
      yield* transfer((t) =>
        t.uploadTaskJson({ taskId, fileName: "task.json", content: { task_info: { task_id: String(taskId) } } })
      )
      assert.deepStrictEqual(JSON.parse((yield* taskFiles(taskId))["task.json"]!), {
        task_info: { task_id: String(taskId) }
      })
      const files = yield* transfer((t) => t.outputFiles({ taskId }))
      assert.isTrue(files.some((f) => !f.directory))
      const key = yield* transfer((t) => t.raySyncUserKey())
      assert.match(Redacted.value(key.raySyncUserKey), /^[0-9a-f]{40}$/)
    }).pipe(Effect.provide(overSocket()))
  )
})
