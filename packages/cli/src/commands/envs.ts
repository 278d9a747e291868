/**
 * The account's render environments: `envs list`, `envs add`, `envs edit`, `envs delete`,
 * `envs default`.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { RenderEnv, RenderEnvService } from "@rayvision/core"
import { Effect, Option } from "effect"
import { usage } from "../Failure.ts"
import { each, optionalParsed, osOption, refineOption } from "../Flags.ts"
import { callCommand, clientCommand, type Global } from "../Global.ts"
import { parseCg, parseId } from "../Input.ts"
import { type Column, printResult, printTable } from "../Output.ts"

const envColumns: ReadonlyArray<Column<RenderEnv.RenderEnv>> = [
  { header: "NAME", cell: (e) => e.editName },
  { header: "CG ID", cell: (e) => e.cgId },
  { header: "DCC", cell: (e) => `${e.cgName} ${e.cgVersion}` },
  { header: "OS", cell: (e) => RenderEnv.osNameOf(e.osName === 0 ? 0 : 1) },
  { header: "DEFAULT", cell: (e) => (e.isDefault === 1 ? "yes" : "") },
  { header: "PLUGINS", cell: (e) => e.respUserPluginInfoVos.map((p) => p.pluginVersion).join(", ") }
]

const envCommand = callCommand(RenderEnvService.RenderEnvService)

const list = envCommand(
  "list",
  "List the account's render environments (optionally of one DCC, on one OS)",
  {
    cg: optionalParsed(
      Options.text("cg").pipe(Options.withDescription("Only environments of this DCC (an id or a name)")),
      parseCg
    ),
    os: Options.choice("os", ["linux", "windows"]).pipe(
      Options.withDescription("Only environments on this OS"),
      Options.optional
    )
  },
  (envs, { cg, os }) =>
    envs.listEnvs({
      ...(Option.isSome(cg) ? { cgId: cg.value } : {}),
      ...(Option.isSome(os) ? { osName: RenderEnv.renderSystemOf(os.value) } : {})
    }),
  (global, list) => printTable(global, envColumns, list)
)

const envOptions = {
  name: Options.text("name").pipe(
    Options.withDescription("The environment's name (its key for edit, delete, default)")
  ),
  cg: Options.text("cg").pipe(
    Options.withDescription("The DCC: an id (2000) or a name (maya, 3ds max, ...)"),
    Options.mapEffect(refineOption(parseCg))
  ),
  version: Options.text("cg-version").pipe(
    Options.withDescription("The DCC version, as `software versions` lists it, e.g. 2024")
  ),
  os: osOption,
  pluginIds: Options.text("plugin-id").pipe(
    Options.withDescription("A plugin id, as `software plugins` lists it (repeat for several)"),
    Options.repeated,
    Options.mapEffect(refineOption(each(parseId("--plugin-id"))))
  ),
  projectPath: Options.text("project-path").pipe(Options.withDescription("The project path"), Options.optional)
}

/** Adds or edits an environment: the DCC version is looked up first (its name as the service writes it). */
const saveEnv = (global: Global, action: "add" | "edit", input: Command.Command.ParseConfig<typeof envOptions>) =>
  Effect.gen(function* () {
    const envs = yield* RenderEnvService.RenderEnvService
    const detail = yield* envs.softwareDetail({ cgId: input.cg, osName: input.os })
    const version = detail.cgVersion.find((v) => v.cgVersion === input.version)
    if (version === undefined) {
      return yield* usage(
        `no version ${JSON.stringify(input.version)} of DCC ${input.cg} on ${input.os}; versions: ${detail.cgVersion
          .map((v) => v.cgVersion)
          .join(", ")}`
      )
    }
    const envInput = {
      cgId: input.cg,
      cgName: version.cgName,
      cgVersion: version.cgVersion,
      editName: input.name,
      renderSystem: RenderEnv.renderSystemOf(input.os),
      pluginIds: input.pluginIds,
      ...(Option.isSome(input.projectPath) ? { projectPath: input.projectPath.value } : {})
    }
    const name = action === "add" ? yield* envs.addEnv(envInput) : (yield* envs.editEnv(envInput), input.name)
    yield* printResult(
      global,
      { action, name },
      `render environment ${JSON.stringify(name)} ${action === "add" ? "added" : "saved"}`
    )
  })

const add = clientCommand(
  "add",
  "Create a render environment: a DCC version on an OS, with plugins",
  envOptions,
  (global, input) => saveEnv(global, "add", input)
)

const edit = clientCommand(
  "edit",
  "Replace the settings of the render environment named --name",
  envOptions,
  (global, input) => saveEnv(global, "edit", input)
)

const envName = Args.text({ name: "name" }).pipe(Args.withDescription("The environment's name"))

/** A command on the render environment of a name: `call` acts on it, then `done` says what became of it. */
const byName = <E>(
  action: "delete" | "default",
  description: string,
  call: (envs: RenderEnvService.Service, name: string) => Effect.Effect<unknown, E>,
  done: string
) =>
  envCommand(
    action,
    description,
    { name: envName },
    (envs, { name }) => call(envs, name),
    (global, _, { name }) => printResult(global, { action, name }, `render environment ${JSON.stringify(name)} ${done}`)
  )

/**
 * `rayvision envs`: list, add, edit, delete, default.
 *
 * @since 0.1.0
 * @category commands
 */
export const envs = Command.make("envs").pipe(
  Command.withDescription("The account's render environments: list, add, edit, delete, default"),
  Command.withSubcommands([
    list,
    add,
    edit,
    byName("delete", "Delete a render environment", (envs, name) => envs.deleteEnv(name), "deleted"),
    byName(
      "default",
      "Make a render environment the default of its DCC",
      (envs, name) => envs.setDefaultEnv(name),
      "is the default of its DCC"
    )
  ])
)
