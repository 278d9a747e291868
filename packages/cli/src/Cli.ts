/**
 * The `rayvision` command line: the root command, whose options are the global options
 * (`Global.ts`), and one module per command group under `commands/`.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import { envs } from "./commands/envs.ts"
import { errors } from "./commands/errors.ts"
import { frames } from "./commands/frames.ts"
import { projects } from "./commands/projects.ts"
import { records } from "./commands/records.ts"
import { simulator } from "./commands/simulator.ts"
import { software } from "./commands/software.ts"
import { analysisErrors, submit } from "./commands/submit.ts"
import { task } from "./commands/task.ts"
import { tasks } from "./commands/tasks.ts"
import { outputs, transfer } from "./commands/transfer.ts"
import { platforms, user } from "./commands/user.ts"
import { helpFooter, hoistGlobalOptions, root } from "./Global.ts"

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const rayvision = root.pipe(
  Command.withDescription(
    "The Renderbus / Fox Renderfarm API from a shell. The options below (global options) are taken by every command that calls the service, anywhere on the line"
  ),
  Command.withSubcommands([
    user,
    platforms,
    tasks,
    task,
    submit,
    frames,
    records,
    projects,
    software,
    envs,
    outputs,
    transfer,
    analysisErrors,
    errors,
    simulator
  ])
)

const cli = Command.run(rayvision, { name: "rayvision", version: "0.1.0", footer: helpFooter })

/**
 * Runs the command line on `process.argv`-style arguments (the runtime and the script first),
 * the global options accepted anywhere on the line.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>) => cli([...argv.slice(0, 2), ...hoistGlobalOptions(argv.slice(2))])
