/**
 * `rayvision simulator serve`: the simulator package's own `serve` command (the one
 * `rayvision-simulator` runs), mounted here.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import { SimulatorCommand } from "@rayvision/simulator"
import { endsAtSignal } from "../Failure.ts"

/**
 * `rayvision simulator`: serve.
 *
 * @since 0.1.0
 * @category commands
 */
export const simulator = Command.make("simulator").pipe(
  Command.withDescription("The local Renderbus simulator"),
  Command.withSubcommands([endsAtSignal(SimulatorCommand.serve)])
)
