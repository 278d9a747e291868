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
import { clientCommand } from "../Global.ts"
import { printTable } from "../Output.ts"

const list = clientCommand("list", "List the DCCs the farm supports", {}, (global) =>
  Effect.gen(function* () {
    const envs = yield* RenderEnvService.RenderEnvService
    const list = yield* envs.softwareList()
    yield* printTable(
      global,
      [
        { header: "CG ID", cell: (s: RenderEnv.Software) => s.cgId },
        { header: "NAME", cell: (s) => s.cgName },
        { header: "SCENE FILES", cell: (s) => s.cgType },
        { header: "LINUX", cell: (s) => (s.isSupportLinux === 1 ? "yes" : "no") }
      ],
      list.renderInfoList,
      { json: list }
    )
  })
)

const versions = clientCommand(
  "versions",
  "List the versions of a DCC on an OS",
  { cg: cgArg, os: osOption },
  (global, { cg, os }) =>
    Effect.gen(function* () {
      const envs = yield* RenderEnvService.RenderEnvService
      const detail = yield* envs.softwareDetail({ cgId: cg, osName: os })
      yield* printTable(
        global,
        [
          { header: "VERSION ID", cell: (v: RenderEnv.SoftwareVersion) => v.id },
          { header: "NAME", cell: (v) => v.cgName },
          { header: "VERSION", cell: (v) => v.cgVersion }
        ],
        detail.cgVersion
      )
    })
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
          group.pluginVersions.map((plugin) => ({
            cgVersion: versionById.get(group.cvId) ?? "",
            pluginName: plugin.pluginName,
            pluginId: plugin.pluginId,
            pluginVersion: plugin.pluginVersion
          }))
        )
      yield* printTable(
        global,
        [
          { header: "DCC VERSION", cell: (r: (typeof rows)[number]) => r.cgVersion },
          { header: "PLUGIN", cell: (r) => r.pluginName },
          { header: "PLUGIN ID", cell: (r) => r.pluginId },
          { header: "PLUGIN VERSION", cell: (r) => r.pluginVersion }
        ],
        rows
      )
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
