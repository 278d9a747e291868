/**
 * The DCCs the farm supports: `software list`, `software versions`, `software plugins`.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { type RenderEnv, RenderEnvService } from "@rayvision/core"
import { Effect, Option } from "effect"
import { usage } from "../Failure.ts"
import { cgArg, osOption } from "../Flags.ts"
import { callCommand, clientCommand } from "../Global.ts"
import { type Column, printTable } from "../Output.ts"

const softwareCommand = callCommand(RenderEnvService.RenderEnvService)

const softwareColumns: ReadonlyArray<Column<RenderEnv.Software>> = [
  { header: "CG ID", cell: (s) => s.cgId },
  { header: "NAME", cell: (s) => s.cgName },
  { header: "SCENE FILES", cell: (s) => s.cgType },
  { header: "LINUX", cell: (s) => (s.isSupportLinux === 1 ? "yes" : "no") }
]

const versionColumns: ReadonlyArray<Column<RenderEnv.SoftwareVersion>> = [
  { header: "VERSION ID", cell: (v) => v.id },
  { header: "NAME", cell: (v) => v.cgName },
  { header: "VERSION", cell: (v) => v.cgVersion }
]

/** A row of `software plugins`: a plugin of a DCC version. */
interface PluginRow {
  readonly cgVersion: string
  readonly pluginName: string
  readonly pluginId: number
  readonly pluginVersion: string
}

const pluginColumns: ReadonlyArray<Column<PluginRow>> = [
  { header: "DCC VERSION", cell: (r) => r.cgVersion },
  { header: "PLUGIN", cell: (r) => r.pluginName },
  { header: "PLUGIN ID", cell: (r) => r.pluginId },
  { header: "PLUGIN VERSION", cell: (r) => r.pluginVersion }
]

const list = softwareCommand(
  "list",
  "List the DCCs the farm supports",
  {},
  (envs) => envs.softwareList(),
  (global, list) => printTable(global, softwareColumns, list.renderInfoList, { json: list })
)

const versions = softwareCommand(
  "versions",
  "List the versions of a DCC on an OS",
  { cg: cgArg, os: osOption },
  (envs, { cg, os }) => envs.softwareDetail({ cgId: cg, osName: os }),
  (global, detail) => printTable(global, versionColumns, detail.cgVersion)
)

const plugins = clientCommand(
  "plugins",
  "List the plugins of a DCC on an OS (of one version with --cg-version); PLUGIN ID is what `envs add --plugin-id` takes",
  {
    cg: cgArg,
    os: osOption,
    version: Options.text("cg-version").pipe(
      Options.withDescription("Only the plugins of this DCC version, e.g. 2024"),
      Options.optional
    )
  },
  (global, { cg, os, version }) =>
    Effect.gen(function* () {
      const envs = yield* RenderEnvService.RenderEnvService
      const detail = yield* envs.softwareDetail({ cgId: cg, osName: os })
      const versionById = new Map(detail.cgVersion.map((v) => [v.id, v.cgVersion]))
      if (Option.isSome(version) && !detail.cgVersion.some((v) => v.cgVersion === version.value)) {
        return yield* usage(
          `no version ${JSON.stringify(version.value)} on ${os}; versions: ${detail.cgVersion.map((v) => v.cgVersion).join(", ")}`
        )
      }
      const rows = detail.cgPlugin
        .filter((group) => Option.isNone(version) || versionById.get(group.cvId) === version.value)
        .flatMap((group) =>
          group.pluginVersions.map((plugin): PluginRow => ({
            cgVersion: versionById.get(group.cvId) ?? "",
            pluginName: plugin.pluginName,
            pluginId: plugin.pluginId,
            pluginVersion: plugin.pluginVersion
          }))
        )
      yield* printTable(global, pluginColumns, rows)
    })
)

/**
 * `rayvision software`: list, versions, plugins.
 *
 * @since 0.1.0
 * @category commands
 */
export const software = Command.make("software").pipe(
  Command.withDescription("The DCCs the farm supports, their versions and plugins"),
  Command.withSubcommands([list, versions, plugins])
)
