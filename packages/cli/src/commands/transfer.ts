/**
 * Files: `outputs` (a task's rendered files), and `transfer buckets`, `transfer server`,
 * `transfer raysync-key`, `transfer config` (what a transfer client needs) and
 * `transfer upload-json` (one analysis file of a task).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { ApiError, Transfer, TransferService, User } from "@rayvision/core"
import { Effect, Option, Redacted, Stream } from "effect"
import { usage } from "../Failure.ts"
import { oneTaskId, optionalChoice, readJsonFile } from "../Flags.ts"
import { callCommand, clientCommand, showCommands } from "../Global.ts"
import { type FixedColumn, printJson, printRecord, printResult, printStream, printTable } from "../Output.ts"

const outputColumns: ReadonlyArray<FixedColumn<Transfer.OutputFile>> = [
  { header: "TYPE", width: 6, cell: (f) => (f.directory ? "dir" : "file") },
  { header: "SIZE", width: 12, cell: (f) => f.fileSize },
  { header: "MODIFIED (UTC+8)", width: 19, cell: (f) => f.lastModify },
  { header: "PATH", width: 0, cell: (f) => f.filePath }
]

/**
 * `rayvision outputs`.
 *
 * @since 0.1.0
 * @category commands
 */
export const outputs = clientCommand(
  "outputs",
  "List a task's rendered output files (getOutputUserDirFile): one folder, or every file below it with --recursive (NDJSON with --json)",
  {
    id: oneTaskId,
    path: Options.text("path").pipe(
      Options.withDescription("The folder inside the task's output, e.g. /preview"),
      Options.withDefault("/")
    ),
    recursive: Options.boolean("recursive").pipe(Options.withDescription("Walk every folder below --path"))
  },
  (global, { id, path, recursive }) =>
    Effect.gen(function* () {
      const transfer = yield* TransferService.TransferService
      if (!recursive)
        return yield* printTable(global, outputColumns, yield* transfer.outputFiles({ taskId: id, treePath: path }))
      // The folder paths the service gives start at the output root (`/<task folder>/...`), while
      // `treePath` with `taskId` is read inside the task's folder: walk by relative paths.
      const walk = (folder: string): Stream.Stream<Transfer.OutputFile, ApiError.ApiError> =>
        Stream.flatMap(Stream.fromIterableEffect(transfer.outputFiles({ taskId: id, treePath: folder })), (file) =>
          file.directory
            ? Stream.concat(Stream.make(file), walk(`${folder.replace(/\/$/, "")}/${file.fileName}`))
            : Stream.make(file)
        )
      yield* printStream(global, outputColumns, walk(path))
    })
)

const transferCommand = callCommand(TransferService.TransferService)

const shown = showCommands(TransferService.TransferService, {
  buckets: ["Show the account's transfer bucket ids (getBid)", (transfer) => transfer.bucketIds()],
  config: [
    "Show the transfer configuration: bucket ids, transfer engines and their lines (getConfig)",
    (transfer) => transfer.transferConfig()
  ]
})

const server = transferCommand(
  "server",
  "Show the Raysync transfer server of a zone (getServerInfo)",
  {
    zone: optionalChoice(
      "zone",
      { china: User.Zone.China, abroad: User.Zone.Abroad },
      "China or abroad (default: the zone of the configured domain)"
    )
  },
  (transfer, { zone }) => transfer.serverInfo(Option.isSome(zone) ? { zone: zone.value } : {}),
  (global, info) => {
    const { raysyncTransfer, ...rest } = info
    return global.json ? printJson(info) : printRecord(global, { ...rest, ...raysyncTransfer })
  }
)

const raysyncKey = transferCommand(
  "raysync-key",
  "Show the account's Raysync login (getRaySyncUserKey); its keys print as <redacted> unless --reveal",
  {
    reveal: Options.boolean("reveal").pipe(
      Options.withDescription("Print the keys themselves (they are credentials: keep them out of logs)")
    )
  },
  (transfer) => transfer.raySyncUserKey(),
  (global, key, { reveal }) =>
    printRecord(
      global,
      Object.fromEntries(
        Object.entries(key).map(([field, value]) => [
          field,
          Redacted.isRedacted(value) ? (reveal ? Redacted.value(value) : "<redacted>") : value
        ])
      )
    )
)

const fileNames = Object.values(Transfer.TaskJsonFileName)

const uploadJson = clientCommand(
  "upload-json",
  `Upload one analysis file of a task (taskJsonFile; never retried after a lost answer): ${fileNames.join(", ")}`,
  {
    id: oneTaskId,
    file: Args.file({ name: "file", exists: "yes" }).pipe(Args.withDescription("The JSON file to upload")),
    as: Options.choice("as", fileNames).pipe(
      Options.withDescription("The name it is uploaded as (default: the file's own name, when it is one of these)"),
      Options.optional
    )
  },
  (global, { as, file, id }) =>
    Effect.gen(function* () {
      const base = file.split(/[\\/]/).at(-1) ?? file
      const fileName = Option.isSome(as) ? as.value : fileNames.find((name) => name === base)
      if (fileName === undefined) return yield* usage(`upload-json: name the file with --as (${fileNames.join(", ")})`)
      const { text } = yield* readJsonFile("upload-json", file)
      const transfer = yield* TransferService.TransferService
      yield* transfer.uploadTaskJson({ taskId: id, fileName, content: text })
      yield* printResult(
        global,
        { action: "upload-json", taskId: id, fileName },
        `task ${id}: ${file} uploaded as ${fileName}`
      )
    })
)

/**
 * `rayvision transfer`: buckets, server, raysync-key, config, upload-json.
 *
 * @since 0.1.0
 * @category commands
 */
export const transfer = Command.make("transfer").pipe(
  Command.withDescription(
    "What a transfer client needs (buckets, Raysync server and login, engines), and task file uploads"
  ),
  Command.withSubcommands([shown.buckets, server, raysyncKey, shown.config, uploadJson])
)
