import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ApiError, ClientConfig, Rayvision, TaskService, UserService } from "@rayvision/core"
import { ConfigProvider, Effect, Either, Exit, Layer, Redacted, TestClock } from "effect"
import {
  accessId,
  accessKey,
  clientLayer,
  envelope,
  makeFake,
  refusedBeforeSending,
  runFake,
  success
} from "./support.ts"
import * as nonces from "../src/internal/nonce.ts"
import { profile, profileData, run, tasks } from "./transport.ts"
import { paths } from "../../../tests/paths.ts"

describe("HttpTransport: requests as the spec builds them", () => {
  it.effect("sends the spec's headers, signs them with the body, and decodes the answer", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_720_656_005_123)
      const { exit, requests } = yield* run(() => envelope(profileData), profile)
      assert.isTrue(Exit.isSuccess(exit))
      const user = Exit.isSuccess(exit) ? exit.value : undefined
      assert.strictEqual(user?.userId, 10001136)
      assert.strictEqual(user?.userName, "rayvision")
      assert.strictEqual(user?.studentEndTime, undefined, "null decodes to an absent field")
      assert.strictEqual(requests.length, 1)
      const r = requests[0]!
      assert.strictEqual(r.url.toString(), `https://task.renderbus.com${paths.queryUserProfile}`)
      assert.strictEqual(r.headers["accessid"], accessId)
      assert.strictEqual(r.headers["channel"], "4")
      assert.strictEqual(r.headers["platform"], "2")
      assert.strictEqual(r.headers["utctimestamp"], "1720656005")
      assert.match(r.headers["nonce"]!, /^[1-9]\d{5}$/)
      assert.strictEqual(r.headers["version"], "2.0.0")
      assert.strictEqual(r.headers["content-type"], "application/json")
      assert.strictEqual(r.headers["languageflag"], "0")
      assert.match(r.headers["signature"]!, /^[A-Za-z0-9+/]{43}=$/)
      assert.strictEqual(r.bodyText, "{}")
      assert.isTrue(r.signatureOk)
      // The names as an adapter writes them: the official client's spelling.
      assert.deepStrictEqual(Object.keys(r.wireHeaders).sort(), [
        "Content-Type",
        "UTCTimestamp",
        "accessId",
        "channel",
        "content-length",
        "languageFlag",
        "nonce",
        "platform",
        "signature",
        "version"
      ])
    })
  )

  it.effect("sets languageFlag 1 for a domain without 'renderbus' and signs the configured domain with its port", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(() => envelope(profileData), profile, {
        domain: "127.0.0.1:8123",
        protocol: "http"
      })
      assert.strictEqual(requests[0]!.url.toString(), `http://127.0.0.1:8123${paths.queryUserProfile}`)
      assert.strictEqual(requests[0]!.headers["languageflag"], "1")
      assert.isTrue(requests[0]!.signatureOk)
    })
  )

  it.effect("a capitalised domain is used lowercased: signed as the Host header names it, Renderbus in any case", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* runFake(
        () => envelope(profileData),
        Effect.zip(profile, ClientConfig.ClientConfig),
        { domain: "Task.RenderBus.COM:443" }
      )
      const [, config] = success(exit)
      assert.strictEqual(config.domain, "task.renderbus.com", "lowercase, the default port dropped")
      assert.strictEqual(config.baseUrl, "https://task.renderbus.com")
      assert.deepStrictEqual([config.zone, config.language, config.languageFlag], [1, 0, "0"])
      assert.strictEqual(requests[0]!.url.host, "task.renderbus.com")
      assert.strictEqual(requests[0]!.wireHeaders["languageFlag"], "0")
      assert.isTrue(requests[0]!.signatureOk)
    })
  )

  it.effect("sends extra headers with the spelling they are signed with", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(() => envelope(profileData), profile, {
        headers: { "X-Studio": "north", "x-shot": "sh010" }
      })
      const r = requests[0]!
      assert.strictEqual(r.headers["x-studio"], "north")
      assert.strictEqual(r.wireHeaders["X-Studio"], "north")
      assert.strictEqual(r.wireHeaders["x-shot"], "sh010")
      assert.strictEqual(r.wireHeaders["UTCTimestamp"], r.headers["utctimestamp"])
      // The fake builds its string to sign from the names it received, "X-Studio" included.
      assert.isTrue(r.signatureOk)
    })
  )

  it.effect("writes each endpoint's body with the spec's field names and types", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(
        (r) =>
          envelope(
            r.path.endsWith("createTask")
              ? { taskIdList: [19097], aliasTaskIdList: ["2W19097"], userId: 1 }
              : r.path.includes("getTaskList") || r.path.includes("queryTaskInfo")
                ? { pageCount: 0, pageNum: 1, total: 0, size: 10, items: [] }
                : null
          ),
        Effect.gen(function* () {
          const t = yield* tasks
          const u = yield* UserService.UserService
          yield* t.createTaskIds({ count: 2, labels: ["测试"], outUserId: 0, artist: "ann" })
          yield* t.createTaskIds()
          yield* t.submit({ taskId: 19097, producer: "bob" })
          yield* t.stop([1, 2])
          yield* t.start([1])
          yield* t.abandon([3])
          yield* t.delete([4])
          yield* t.fullSpeed([5])
          yield* t.updatePriority({ taskId: 6, taskUserLevel: 60 })
          yield* t.setOvertimeStop({ taskIds: [485], overTime: 1800 })
          yield* t.listPage({
            pageSize: 10,
            statusList: [0, 5],
            searchKeyword: "shot",
            recycleFlag: 0,
            startTime: "2024-01-01 00:00:00"
          })
          yield* t.info([7])
          yield* u.updateSettings({ taskOverTimeSec: 3600 })
        })
      )
      const bodies = requests.map((r) => [r.path, r.bodyText] as const)
      assert.deepStrictEqual(bodies, [
        [
          paths.createTask,
          '{"count": 2, "taskUserLevel": 50, "outUserId": 0, "labels": ["\\u6d4b\\u8bd5"], "artist": "ann"}'
        ],
        [paths.createTask, '{"count": 1, "taskUserLevel": 50}'],
        [paths.submitTask, '{"taskId": 19097, "producer": "bob"}'],
        [paths.stopTask, '{"taskIds": [1, 2]}'],
        [paths.startTask, '{"taskIds": [1]}'],
        [paths.abandonTask, '{"taskIds": [3]}'],
        [paths.deleteTask, '{"taskIds": [4]}'],
        [paths.fullSpeedRendering, '{"taskIds": [5]}'],
        [paths.updateTaskUserLevel, '{"taskId": 6, "taskUserLevel": 60}'],
        [paths.setTaskOverTimeStop, '{"taskIds": [485], "overTime": 1800}'],
        [
          paths.getTaskList,
          '{"pageNum": 1, "pageSize": 10, "statusList": [0, 5], "searchKeyword": "shot", "startTime": "2024-01-01 00:00:00", "recycleFlag": 0}'
        ],
        [paths.queryTaskInfo, '{"taskIds": [7]}'],
        [paths.updateUserSetting, '{"taskOverTimeSec": 3600}']
      ])
      assert.isTrue(requests.every((r) => r.signatureOk))
    })
  )
})

describe("HttpTransport: bad input is refused before anything is sent", () => {
  const cases: ReadonlyArray<
    readonly [
      string,
      Effect.Effect<unknown, ApiError.ApiError, TaskService.TaskService | UserService.UserService>,
      string,
      RegExp
    ]
  > = [
    ["an empty id list", Effect.flatMap(tasks, (t) => t.stop([])), "taskIds", /at least one task id/],
    ["a fractional id", Effect.flatMap(tasks, (t) => t.abandon([1, 2.5])), "taskIds.1", /integer/],
    ["a negative id", Effect.flatMap(tasks, (t) => t.delete([-3])), "taskIds.0", /positive integer id/],
    ["page size 0", Effect.flatMap(tasks, (t) => t.listPage({ pageSize: 0 })), "pageSize", /1 or more/],
    [
      "a malformed time filter",
      Effect.flatMap(tasks, (t) => t.listPage({ startTime: "yesterday" })),
      "startTime",
      /yyyy-MM-dd HH:mm:ss/
    ],
    [
      "recycleFlag 2",
      Effect.flatMap(tasks, (t) => t.listPage({ recycleFlag: 2 as 1 })),
      "recycleFlag",
      /must be 0 \(the normal list\) or 1/
    ],
    ["count 0", Effect.flatMap(tasks, (t) => t.createTaskIds({ count: 0 })), "count", /from 1 to 1000/],
    [
      "a misspelt field",
      Effect.flatMap(tasks, (t) => t.submit({ taskId: 1, produce: "x" } as never)),
      "produce",
      /unexpected/i
    ],
    [
      "NaN seconds",
      Effect.flatMap(UserService.UserService, (u) => u.updateSettings({ taskOverTimeSec: NaN })),
      "taskOverTimeSec",
      /NaN|integer|number/i
    ],
    ["a string id", Effect.flatMap(tasks, (t) => t.info(["12"] as never)), "taskIds.0", /number/]
  ]
  for (const [name, program, field, issue] of cases) it.effect(name, () => refusedBeforeSending(program, field, issue))
})

describe("configuration", () => {
  const build = (options: Partial<Parameters<typeof Rayvision.layer>[0]>) =>
    Effect.gen(function* () {
      const fake = yield* makeFake(() => envelope(profileData))
      return yield* Effect.exit(Effect.provide(profile, clientLayer(fake, options)))
    })

  it.effect("refuses plain http to a host that is not loopback, unless opted in", () =>
    Effect.gen(function* () {
      const refused = yield* build({ domain: "task.renderbus.com", protocol: "http" })
      assert.isTrue(Exit.isFailure(refused))
      assert.match(String(Exit.isFailure(refused) ? refused.cause : ""), /plain http/)
      for (const domain of ["127.0.0.1:9000", "localhost", "[::1]:80", "127.8.9.10"]) {
        assert.isTrue(Exit.isSuccess(yield* build({ domain, protocol: "http" })), domain)
      }
      assert.isTrue(Exit.isSuccess(yield* build({ domain: "farm.example", protocol: "http", allowInsecureHttp: true })))
    })
  )

  it.effect("refuses a domain with a protocol or path, a bad platform, and reserved extra headers", () =>
    Effect.gen(function* () {
      for (const options of [
        { domain: "https://task.renderbus.com" },
        { domain: "task.renderbus.com/api" },
        { platform: "two" },
        { headers: { signature: "x" } },
        { headers: { nonce: "1" } },
        { headers: { UTCTIMESTAMP: "1" } },
        { headers: { Host: "elsewhere" } },
        { headers: { "Content-Length": "5" } },
        { accessId: " " },
        { timeout: 0 }
      ]) {
        const exit = yield* build(options)
        assert.isTrue(Exit.isFailure(exit), JSON.stringify(options))
      }
    })
  )

  it.effect(
    "refuses extra headers that could not be sent as signed: names twice, values a server reads otherwise",
    () =>
      Effect.gen(function* () {
        for (const [options, text] of [
          [{ headers: { "X-Studio": "a", "x-studio": "b" } }, /"x-studio" is given twice/],
          [{ headers: { "X-Studio": "north " } }, /printable ASCII without leading or trailing spaces/],
          [{ headers: { "X-Studio": " north" } }, /printable ASCII/],
          [{ headers: { "X-Studio": "a\r\nInjected: 1" } }, /printable ASCII/],
          [{ headers: { "X-Studio": "北" } }, /printable ASCII/],
          [{ accessId: "AK\u00e9" }, /access id must be printable ASCII/]
        ] as const) {
          const exit = yield* build(options)
          assert.isTrue(Exit.isFailure(exit), JSON.stringify(options))
          assert.match(String(Exit.isFailure(exit) ? exit.cause : ""), text)
        }
        assert.isTrue(Exit.isSuccess(yield* build({ headers: { "X-Studio": "", "X-Shot": "sh 010" } })))
      })
  )

  it("resolves the domain to the Host header's form and decides the region from it in any case", () => {
    const resolved = (domain: string, protocol: "https" | "http" = "https") => {
      const result = ClientConfig.resolve({ accessId: "AK", domain, protocol })
      if (Either.isLeft(result)) throw new Error(String(result.left))
      return result.right
    }
    assert.strictEqual(resolved("TASK.FoxRenderfarm.com").domain, "task.foxrenderfarm.com")
    assert.strictEqual(resolved("task.renderbus.com:8443").domain, "task.renderbus.com:8443")
    assert.strictEqual(resolved("LOCALHOST:80", "http").domain, "localhost")
    assert.strictEqual(resolved("[0:0:0:0:0:0:0:1]:9000", "http").domain, "[::1]:9000")
    for (const [domain, region] of [
      ["task.renderbus.com", { renderbus: true, zone: 1, language: 0, languageFlag: "0" }],
      ["TASK.RENDERBUS.COM", { renderbus: true, zone: 1, language: 0, languageFlag: "0" }],
      ["task.foxrenderfarm.com", { renderbus: false, zone: 2, language: 1, languageFlag: "1" }],
      ["127.0.0.1:8080", { renderbus: false, zone: 2, language: 1, languageFlag: "1" }]
    ] as const) {
      assert.deepStrictEqual(ClientConfig.regionOf(domain), region, domain)
      const { renderbus, zone, language, languageFlag } = resolved(domain)
      assert.deepStrictEqual({ renderbus, zone, language, languageFlag }, region, domain)
    }
  })

  it.effect("layerConfig reads the Python SDK's variables and names a missing one", () =>
    Effect.gen(function* () {
      const fake = yield* makeFake(() => envelope(profileData))
      const withEnv = (env: Record<string, string>) =>
        Effect.exit(
          Effect.provide(
            profile,
            Rayvision.layerConfig().pipe(
              Layer.provide(Layer.succeed(HttpClient.HttpClient, fake.client)),
              Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
            )
          )
        )
      const missingKey = yield* withEnv({ RAYVISION_API_ACCESS_ID: accessId })
      assert.match(String(Exit.isFailure(missingKey) ? missingKey.cause : ""), /RAYVISION_API_KEY/)
      const missingId = yield* withEnv({ RAYVISION_API_KEY: accessKey })
      assert.match(String(Exit.isFailure(missingId) ? missingId.cause : ""), /RAYVISION_API_ACCESS_ID/)
      const ok = yield* withEnv({
        RAYVISION_API_ACCESS_ID: accessId,
        RAYVISION_API_KEY: accessKey,
        RAYVISION_DOMAIN: "farm.example:8443",
        RAYVISION_PLATFORM: "21"
      })
      assert.isTrue(Exit.isSuccess(ok))
      const sent = yield* fake.requests
      assert.strictEqual(sent[0]!.url.host, "farm.example:8443")
      assert.strictEqual(sent[0]!.headers["platform"], "21")
      assert.isTrue(sent[0]!.signatureOk)
    })
  )

  it("keeps the access key redacted in options", () => {
    const key = Redacted.make(accessKey)
    assert.notInclude(String(key), accessKey)
    assert.notInclude(JSON.stringify({ key }), accessKey)
  })
})

describe("HttpTransport: nonces", () => {
  it.effect("never repeats a nonce within its window, even over many calls at one instant", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(() => envelope(profileData), Effect.repeatN(profile, 2999))
      const nonces = requests.map((r) => r.headers["nonce"]!)
      assert.strictEqual(nonces.length, 3000)
      assert.strictEqual(new Set(nonces).size, 3000)
      assert.isTrue(nonces.every((n) => Number(n) >= 100000 && Number(n) <= 999998))
    })
  )

  it.effect("a client busier than the nonce space allows keeps drawing: the last 300,000 are distinct", () =>
    Effect.gen(function* () {
      // 400,000 calls within the 20-minute retention would need more than the 900,000 values
      // with a linear probe; the generator forgets the oldest past 300,000 and never stalls.
      const next = nonces.make()
      const drawn: Array<string> = []
      for (let i = 0; i < 400_000; i++) drawn.push(yield* next(1_000_000 + i))
      assert.strictEqual(new Set(drawn.slice(-300_000)).size, 300_000)
    })
  )
})
