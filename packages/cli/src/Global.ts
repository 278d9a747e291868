/**
 * The global options (`--json`, `--verbose`, `--simulate`, and the credentials and endpoint:
 * `--access-id`, `--access-key`, `--domain`, `--platform`, `--protocol`, which win over
 * `RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`, `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`,
 * `RAYVISION_PROTOCOL`): the options of the root command, which every command reads
 * ({@link root} is the tag of their values), and the client they make.
 *
 * With `--simulate` a command starts its own fresh simulator on 127.0.0.1 (seed 1, any free
 * port), seeds it with {@link DEMO_TASKS} submitted demo tasks (so `tasks list` shows something
 * and `task stop` has tasks to act on; their ids are the same on every run), runs against it
 * over a real socket with the demo account, and stops it when the command ends.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as Usage from "@effect/cli/Usage"
import type { ClientConfig } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Simulator, SimulatorCommand } from "@rayvision/simulator"
import { type Context, Effect, Layer, Option, Record, Redacted } from "effect"
import { taskIds } from "./Flags.ts"
import { printRecord, printResult } from "./Output.ts"

/**
 * The number of demo tasks a `--simulate` run creates and submits before the command runs.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEMO_TASKS = 3

/** An option that may be left out, with its description. */
const optional = <A>(option: Options.Options<A>, description: string) =>
  option.pipe(Options.withDescription(description), Options.optional)

/**
 * The global options.
 *
 * @since 0.1.0
 * @category options
 */
export const globalOptions = {
  json: Options.boolean("json").pipe(
    Options.withDescription("Print JSON for scripts: one document, or one line per item (NDJSON) for streams")
  ),
  verbose: Options.boolean("verbose").pipe(
    Options.withDescription("Print details on stderr: the endpoint used, and the full error on failure")
  ),
  simulate: Options.boolean("simulate").pipe(
    Options.withDescription(
      `Run against a fresh embedded simulator on 127.0.0.1 (demo account, ${DEMO_TASKS} demo tasks seeded first)`
    )
  ),
  accessId: optional(Options.text("access-id"), "The API access id (default: env RAYVISION_API_ACCESS_ID)"),
  accessKey: optional(Options.redacted("access-key"), "The API access key (default: env RAYVISION_API_KEY)"),
  domain: optional(
    Options.text("domain"),
    "The API host[:port] (default: env RAYVISION_DOMAIN, else task.renderbus.com)"
  ),
  platform: optional(Options.text("platform"), "The platform number (default: env RAYVISION_PLATFORM, else 4)"),
  protocol: optional(
    Options.choice("protocol", ["https", "http"]),
    "https, or http for a loopback host (default: env RAYVISION_PROTOCOL, else https)"
  )
}

/**
 * The global options, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export type Global = Command.Command.ParseConfig<typeof globalOptions>

/**
 * The root command without its subcommands: its options are the global options, and, as a tag,
 * it gives their values to every command below it.
 *
 * @since 0.1.0
 * @category commands
 */
export const root = Command.make("rayvision", globalOptions)

/**
 * A detail for `--verbose`, on stderr (straight to the stream: `Console.error` is the parser's).
 *
 * @since 0.1.0
 * @category printing
 */
export const note = (global: Global, text: string): Effect.Effect<void> =>
  global.verbose ? Effect.sync(() => void process.stderr.write(`${text}\n`)) : Effect.void

/** A fresh simulator on 127.0.0.1 with its demo tasks, and a client of it as the demo account. */
const simulated = (global: Global) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const started = yield* SimulatorCommand.start({ port: 0, demoTasks: DEMO_TASKS })
      yield* note(global, `simulator: ${started.address.url} (demo account ${Simulator.demoAccount.accessId})`)
      yield* note(global, `simulator: seeded demo tasks ${started.demoTaskIds.join(", ")}`)
      return RayvisionNode.layer({
        accessId: Simulator.demoAccount.accessId,
        accessKey: Redacted.make(Simulator.demoAccount.accessKey),
        domain: started.domain,
        protocol: "http",
        platform: 2
      })
    })
  )

/**
 * The client layer for the global options: a fresh seeded simulator with `--simulate`, else the
 * flags over the environment.
 *
 * @since 0.1.0
 * @category layers
 */
export const clientLayer = (global: Global) => {
  if (global.simulate) return simulated(global)
  const overrides: { -readonly [K in keyof ClientConfig.Options]?: ClientConfig.Options[K] } = {}
  if (Option.isSome(global.accessId)) overrides.accessId = global.accessId.value
  if (Option.isSome(global.accessKey)) overrides.accessKey = global.accessKey.value
  if (Option.isSome(global.domain)) overrides.domain = global.domain.value
  if (Option.isSome(global.platform)) overrides.platform = global.platform.value
  if (Option.isSome(global.protocol)) overrides.protocol = global.protocol.value
  return RayvisionNode.layerConfig(overrides)
}

/**
 * What a command runs: given the global options and its own options and arguments, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<Config extends Command.Command.Config, E, R> = (
  global: Global,
  input: Command.Command.ParseConfig<Config>
) => Effect.Effect<void, E, R>

/**
 * The arguments of the command builders: the command's name, its description, its options and
 * arguments, and what it runs.
 *
 * @since 0.1.0
 * @category models
 */
export type CommandArgs<Name extends string, Config extends Command.Command.Config, Run> = readonly [
  name: Name,
  description: string,
  config: Config,
  run: Run
]

/**
 * A command that does not call the service (`errors`): its options and arguments, run with the
 * global options.
 *
 * @since 0.1.0
 * @category commands
 */
export const localCommand = <Name extends string, const Config extends Command.Command.Config, E, R>(
  ...[name, description, config, handler]: CommandArgs<Name, Config, Handler<Config, E, R>>
) =>
  Command.make(name, config, (input) =>
    Effect.flatMap(root, (global) => handler(global, input as Command.Command.ParseConfig<Config>))
  ).pipe(Command.withDescription(description))

/**
 * A command that calls the service: its own options and arguments, run with the global options
 * and the client they make in scope.
 *
 * @since 0.1.0
 * @category commands
 */
export const clientCommand = <Name extends string, const Config extends Command.Command.Config, E, R>(
  ...[name, description, config, handler]: CommandArgs<Name, Config, Handler<Config, E, R>>
) =>
  localCommand(name, description, config, (global, input) =>
    handler(global, input).pipe(Effect.provide(clientLayer(global)))
  )

/**
 * The builder of the commands that call one method of `service` and print its answer: `call`
 * makes the call with the service and the parsed input, `print` prints the answer (the input at
 * hand, for the commands that print what they did).
 *
 * @since 0.1.0
 * @category commands
 */
export const callCommand =
  <I, S>(service: Context.Tag<I, S>) =>
  <Name extends string, const Config extends Command.Command.Config, A, E, R>(
    ...[name, description, config, call, print]: [
      ...CommandArgs<Name, Config, (service: S, input: Command.Command.ParseConfig<Config>) => Effect.Effect<A, E, R>>,
      print: (global: Global, answer: A, input: Command.Command.ParseConfig<Config>) => Effect.Effect<void>
    ]
  ) =>
    clientCommand(name, description, config, (global, input) =>
      Effect.flatMap(service, (instance) => call(instance, input)).pipe(
        Effect.flatMap((answer) => print(global, answer, input))
      )
    )

/**
 * A command that calls one method of `service` on tasks by id: `config`'s options and arguments,
 * then one or more task ids. `call` makes the call; `report` gives the fields `--json` prints
 * between the action (the command's name) and the ids, and the sentence printed otherwise.
 *
 * @since 0.1.0
 * @category commands
 */
export const tasksCommand = <I, S, Name extends string, const Config extends Command.Command.Config, E, R>(
  service: Context.Tag<I, S>,
  ...[name, description, config, call, report]: [
    ...CommandArgs<
      Name,
      Config,
      (
        service: S,
        ids: ReadonlyArray<number>,
        input: Command.Command.ParseConfig<Config>
      ) => Effect.Effect<unknown, E, R>
    >,
    report: (ids: ReadonlyArray<number>, input: Command.Command.ParseConfig<Config>) => readonly [object, string]
  ]
) =>
  clientCommand(name, description, { ...config, ids: taskIds }, (global, parsed) => {
    // TypeScript does not resolve the parsed type of a config it does not know, merged with `ids`.
    const input = parsed as unknown as Command.Command.ParseConfig<Config> & { readonly ids: ReadonlyArray<number> }
    const [fields, text] = report(input.ids, input)
    return Effect.flatMap(service, (instance) => call(instance, input.ids, input)).pipe(
      Effect.zipRight(printResult(global, { action: name, ...fields, taskIds: input.ids }, text))
    )
  })

/**
 * Commands without options or arguments that show what one method of `service` answers, as one
 * record: each under its name, with its description and the call.
 *
 * @since 0.1.0
 * @category commands
 */
export const showCommands = <I, S, K extends string, E>(
  service: Context.Tag<I, S>,
  table: { readonly [Name in K]: readonly [description: string, call: (service: S) => Effect.Effect<object, E>] }
) => Record.map(table, ([description, call], name) => callCommand(service)(name, description, {}, call, printRecord))

/** The names of the global options, and whether each takes a value. */
const globalNames: ReadonlyArray<{ readonly name: string; readonly flag: boolean }> = (
  Object.values(globalOptions) as ReadonlyArray<Options.Options<unknown>>
).map((option) => ({
  name: Option.getOrElse(Options.getIdentifier(option), () => ""),
  flag: Options.isBool(option)
}))

/**
 * The arguments (after the executable) with the global options moved before the command's
 * words, where `@effect/cli` reads the options of a parent command: they are accepted anywhere
 * on the line, `rayvision task stop 1 --json` as `rayvision --json task stop 1`. A value option
 * moves with its value (`--domain h` as `--domain=h`). Nothing moves from after `--`, nor on the
 * `simulator` commands, which are the simulator package's own (with their own `--json`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const hoistGlobalOptions = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  if (args[0] === "simulator") return args
  const moved: Array<string> = []
  const rest: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === "--") {
      rest.push(...args.slice(i))
      break
    }
    const global = globalNames.find(({ name }) => arg === name || arg.startsWith(`${name}=`))
    if (global === undefined) rest.push(arg)
    else if (global.flag || arg.includes("=") || i + 1 === args.length) moved.push(arg)
    else moved.push(`${arg}=${args[++i]}`)
  }
  return [...moved, ...rest]
}

/**
 * The end of every help page: the usage of the global options (described under OPTIONS of
 * `rayvision --help`) and the exit codes.
 *
 * @since 0.1.0
 * @category help
 */
export const helpFooter: HelpDoc.HelpDoc = HelpDoc.blocks([
  HelpDoc.h1("GLOBAL OPTIONS"),
  HelpDoc.p(
    "Every command that calls the service takes them, anywhere on the line (see OPTIONS of `rayvision --help`):"
  ),
  Usage.getHelp(Options.getUsage(Options.all(globalOptions))),
  HelpDoc.h1("EXIT CODES"),
  HelpDoc.p(
    "0 success; 1 the service refused or the network failed; 2 bad arguments or input (nothing sent); 3 to 6 the outcomes of a wait (task wait, submit --wait: failed, abandoned, stopped, timed out); 130 interrupted"
  )
])
