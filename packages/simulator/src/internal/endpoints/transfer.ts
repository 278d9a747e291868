/**
 * Transfer and storage (docs/protocol.md 4.6.2-4.6.5, 4.2.2).
 *
 * - `getServerInfo`: the Raysync server of a zone (1 = China, 2 = abroad; default the account's
 *   zone). The two zones answer different proxies, so a client's zone choice shows.
 * - `getRaySyncUserKey`: a login with fake, deterministic keys (from the seed and the user id).
 * - `getConfig`: bucket ids (as `getBid`) and two engines, RaySync (default, two lines) and Aspera
 *   (with an engine account).
 * - `taskJsonFile`: stores one analysis file per task and file name (a later upload replaces it):
 *   a task the account does not own answers `404`, a `fileName` other than the four documented
 *   ones `600`, a `content` that is not JSON text `600`.
 * - `getOutputUserDirFile`: a deterministic output storage. Its root holds one folder per
 *   submitted task, `<id>_<scene>`; each holds a few frames (`<scene>_0001.png`, ...) and a
 *   `preview` folder of JPEGs. With `taskId`, `treePath` is read inside that task's folder. A
 *   path that does not exist answers `404`, a path with `..` `600`.
 *
 * @internal
 */
import { Either } from "effect"
import type { SimTask } from "../../Simulator.ts"
import { notFound, serviceError, type ServiceError } from "../codes.ts"
import { hash, intBetween, token } from "../random.ts"
import type { AccountState, State } from "../state.ts"
import * as V from "../validate.ts"
import { endpoint, ok, reject } from "./common.ts"

// ---------------------------------------------------------------------------------------------
// getServerInfo
// ---------------------------------------------------------------------------------------------

/** The Raysync server of each zone (docs/protocol.md 4.6.2; zone 1 is the document's example). @internal */
const SERVERS: Readonly<Record<1 | 2, unknown>> = {
  1: {
    clientVersion: "3.2.8.2",
    protocolVersion: "3.2.8.2",
    raysyncTransfer: {
      serverIp: "127.0.0.1",
      serverPort: 2121,
      proxyIp: "42.123.110.38",
      proxyPort: 32001,
      sslPort: 2443,
      port: 2442
    }
  },
  2: {
    clientVersion: "3.2.8.2",
    protocolVersion: "3.2.8.2",
    raysyncTransfer: {
      serverIp: "127.0.0.1",
      serverPort: 2121,
      proxyIp: "203.0.113.38",
      proxyPort: 32002,
      sslPort: 2443,
      port: 2442
    }
  }
}

export const getServerInfo = endpoint(
  "/api/render/transfer/getServerInfo",
  V.struct({ zone: V.optional(V.int({ allowed: [1, 2] })) })
)((_ctx, input, state, account) => {
  const zone = input.zone ?? (account.profile["zone"] === 2 ? 2 : 1)
  return ok(state, SERVERS[zone === 2 ? 2 : 1])
})

// ---------------------------------------------------------------------------------------------
// getRaySyncUserKey
// ---------------------------------------------------------------------------------------------

/** `length` lower-case hexadecimal digits derived from the seed and parts. @internal */
const hex = (length: number, seed: number, ...parts: ReadonlyArray<number | string>): string => {
  let out = ""
  for (let i = 0; out.length < length; i++)
    out += hash(seed, ...parts, i)
      .toString(16)
      .padStart(8, "0")
  return out.slice(0, length)
}

const headerInt = (text: string): number | null => (/^\d+$/.test(text) ? Number(text) : null)

export const getRaySyncUserKey = endpoint(
  "/api/render/transfer/getRaySyncUserKey",
  V.none
)((ctx, _input, state, account) => {
  const seed = ctx.options.seed
  const p = account.profile
  return ok(state, {
    channel: headerInt(ctx.headers.channel),
    platform: headerInt(ctx.headers.platform),
    signature: `${token(43, seed, "raySyncSignature", account.userId)}=`,
    version: ctx.headers.version,
    userKey: token(32, seed, "userKey", account.userId),
    id: account.userId,
    userName: account.userName,
    zone: p["zone"] ?? 1,
    phone: p["phone"] ?? null,
    email: p["email"] ?? null,
    loginTime: ctx.now,
    infoStatus: p["infoStatus"] ?? null,
    accountType: p["accountType"] ?? null,
    shareMainCapital: p["shareMainCapital"] ?? 0,
    subDeleteTask: p["subDeleteTask"] ?? 0,
    subDeleteCapital: p["subDeleteCapital"] ?? 0,
    useMainBalance: p["useMainBalance"] ?? 0,
    downloadDisable: p["downloadDisable"] ?? 0,
    raySyncUserKey: hex(40, seed, "raySyncUserKey", account.userId)
  })
})

// ---------------------------------------------------------------------------------------------
// getConfig
// ---------------------------------------------------------------------------------------------

export const getConfig = endpoint(
  "/api/render/transfer/getConfig",
  V.none
)((ctx, _input, state, account) => {
  const bids = account.bids
  const subUsers = Array.isArray(bids["sub_user_output_bids"]) ? (bids["sub_user_output_bids"] as Array<unknown>) : []
  return ok(state, {
    inputBid: bids["input_bid"] ?? null,
    outputBid: bids["output_bid"] ?? null,
    configBid: bids["config_bid"] ?? null,
    parentInputBid: bids["parent_input_bid"] ?? null,
    resqEngines: [
      {
        engineName: "RaySync",
        checkServer: "127.0.0.1",
        checkPort: "2442",
        checkEnable: "1",
        checkExcludType: "",
        automaticCheck: 1,
        isDefault: 1,
        resqEngineAccounts: null,
        respTaskEngineLines: [
          { name: "General line", server: "127.0.0.1", port: "2442", isDefault: 1, lineId: 1, type: 0 },
          { name: "Dedicated line", server: "127.0.0.1", port: "2443", isDefault: 0, lineId: 2, type: 1 }
        ]
      },
      {
        engineName: "Aspera",
        checkServer: "127.0.0.1",
        checkPort: "33001",
        checkEnable: "0",
        checkExcludType: "",
        automaticCheck: 0,
        isDefault: 0,
        resqEngineAccounts: [
          {
            bid: bids["input_bid"] ?? null,
            name: `aspera_${account.userId}`,
            password: token(16, ctx.options.seed, "asperaPassword", account.userId)
          }
        ],
        respTaskEngineLines: [
          { name: "Aspera line", server: "127.0.0.1", port: "33001", isDefault: 1, lineId: 3, type: 0 }
        ]
      }
    ],
    subUserOutputBids: subUsers.map((s) => {
      const sub = s as Record<string, unknown>
      return { userId: String(sub["userId"] ?? ""), outputBid: String(sub["outputBid"] ?? "") }
    })
  })
})

// ---------------------------------------------------------------------------------------------
// taskJsonFile
// ---------------------------------------------------------------------------------------------

/** The file names `taskJsonFile` takes (docs/protocol.md 4.2.2, 5.5). @internal */
export const TASK_JSON_FILE_NAMES: ReadonlyArray<string> = ["task.json", "upload.json", "asset.json", "tips.json"]

/** The task with this id if the account owns it. @internal */
const owned = (state: State, account: AccountState, id: number): Either.Either<SimTask, ServiceError> => {
  const task = state.tasks.get(id)
  return task === undefined || task.accessId !== account.accessId
    ? notFound(`task ${id} does not exist`)
    : Either.right(task)
}

const isJsonText = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

export const taskJsonFile = endpoint(
  "/api/render/submit/taskJsonFile",
  V.struct({ taskId: V.int(), fileName: V.string(), content: V.string({ nonEmpty: true }) })
)((_ctx, input, state, account) => {
  if (!TASK_JSON_FILE_NAMES.includes(input.fileName)) {
    return reject(state, serviceError("ParameterInvalid", `fileName must be one of ${TASK_JSON_FILE_NAMES.join(", ")}`))
  }
  if (!isJsonText(input.content)) return reject(state, serviceError("ParameterInvalid", "content must be JSON text"))
  const task = owned(state, account, input.taskId)
  if (Either.isLeft(task)) return reject(state, task.left)
  const taskJsonFiles = new Map(account.taskJsonFiles)
  taskJsonFiles.set(input.taskId, { ...account.taskJsonFiles.get(input.taskId), [input.fileName]: input.content })
  const accounts = new Map(state.accounts)
  accounts.set(account.accessId, { ...account, taskJsonFiles })
  return ok({ ...state, accounts }, null)
})

// ---------------------------------------------------------------------------------------------
// getOutputUserDirFile
// ---------------------------------------------------------------------------------------------

const pad2 = (n: number) => String(n).padStart(2, "0")

/** Epoch ms -> `yyyy-MM-dd HH:mm:ss` in the service's time zone. @internal */
const dateTime = (millis: number, utcOffsetMinutes: number): string => {
  const d = new Date(millis + utcOffsetMinutes * 60_000)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes()
  )}:${pad2(d.getUTCSeconds())}`
}

/** The folder of a task at the root of the output storage: `<id>_<scene without extension>`. @internal */
const taskFolder = (task: SimTask) => `${task.id}_${task.sceneName.replace(/\.[^.]*$/, "")}`

interface Entry {
  readonly fileName: string
  readonly fileSize: number | null
  readonly iconPath: string | null
  readonly lastModify: string
  readonly fileType: string | null
  readonly filePath: string
  readonly directory: boolean
  readonly isArrears: number
}

const folderEntry = (name: string, path: string, modified: string): Entry => ({
  fileName: name,
  fileSize: null,
  iconPath: null,
  lastModify: modified,
  fileType: null,
  filePath: path,
  directory: true,
  isArrears: 0
})

/**
 * The listing of a folder inside a task's output (`rest`: the path below the task folder), or
 * `undefined` when there is no such folder. @internal
 */
const taskListing = (
  task: SimTask,
  rest: ReadonlyArray<string>,
  seed: number,
  utcOffsetMinutes: number
): ReadonlyArray<Entry> | undefined => {
  if (!task.submitted) return rest.length === 0 ? [] : undefined
  const folder = `/${taskFolder(task)}`
  const base = task.sceneName.replace(/\.[^.]*$/, "")
  const frames = Math.min(Math.max(task.totalFrames, 1), 3)
  const since = task.submitDate ?? task.createDate
  const file = (dir: string, number: number, ext: string): Entry => {
    const name = `${base}_${String(number).padStart(4, "0")}.${ext}`
    return {
      fileName: name,
      fileSize: intBetween(
        ext === "png" ? 2_000_000 : 80_000,
        ext === "png" ? 40_000_000 : 900_000,
        seed,
        name,
        task.id
      ),
      iconPath: null,
      lastModify: dateTime(since + number * 60_000, utcOffsetMinutes),
      fileType: ext,
      filePath: `${dir}/${name}`,
      directory: false,
      isArrears: 0
    }
  }
  const numbers = Array.from({ length: frames }, (_, i) => i + 1)
  if (rest.length === 0) {
    return [
      folderEntry("preview", `${folder}/preview`, dateTime(since + frames * 60_000, utcOffsetMinutes)),
      ...numbers.map((n) => file(folder, n, "png"))
    ]
  }
  if (rest.length === 1 && rest[0] === "preview") return numbers.map((n) => file(`${folder}/preview`, n, "jpg"))
  return undefined
}

export const getOutputUserDirFile = endpoint(
  "/api/render/file/operate/getOutputUserDirFile",
  V.struct({ treePath: V.string({ nonEmpty: true }), taskId: V.optional(V.int()) })
)((ctx, input, state, account) => {
  const segments = input.treePath.split("/").filter((s) => s !== "" && s !== ".")
  if (segments.includes("..")) return reject(state, serviceError("ParameterInvalid", "treePath must not contain .."))
  const { seed, utcOffsetMinutes } = ctx.options
  const missing = () => reject(state, serviceError("ResourceNotFound", `no folder ${input.treePath}`))
  if (input.taskId !== undefined) {
    const task = owned(state, account, input.taskId)
    if (Either.isLeft(task)) return reject(state, task.left)
    const listing = taskListing(task.right, segments, seed, utcOffsetMinutes)
    return listing === undefined ? missing() : ok(state, listing)
  }
  const submitted = Array.from(state.tasks.values())
    .filter((t) => t.accessId === account.accessId && t.submitted)
    .sort((a, b) => a.id - b.id)
  const [first, ...rest] = segments
  if (first === undefined) {
    return ok(
      state,
      submitted.map((t) =>
        folderEntry(taskFolder(t), `/${taskFolder(t)}`, dateTime(t.submitDate ?? t.createDate, utcOffsetMinutes))
      )
    )
  }
  const task = submitted.find((t) => taskFolder(t) === first)
  const listing = task === undefined ? undefined : taskListing(task, rest, seed, utcOffsetMinutes)
  return listing === undefined ? missing() : ok(state, listing)
})
