/**
 * The account: `user profile`, `user settings`, `user set-task-timeout`, `user hardware`, and
 * `platforms`.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { type User, UserService } from "@rayvision/core"
import { each, refineOption } from "../Flags.ts"
import { callCommand, showCommands } from "../Global.ts"
import { parseId } from "../Input.ts"
import { type Column, printResult, printTable } from "../Output.ts"

const userCommand = callCommand(UserService.UserService)

const shown = showCommands(UserService.UserService, {
  profile: ["Show the account's profile", (user) => user.profile()],
  settings: ["Show the account's settings", (user) => user.settings()]
})

const setTaskTimeout = userCommand(
  "set-task-timeout",
  "Set the account's task timeout: a task stops after rendering this many seconds (updateUserSetting, taskOverTimeSec)",
  {
    seconds: Args.integer({ name: "seconds" }).pipe(Args.withDescription("The timeout, whole seconds, 1 or more"))
  },
  (user, { seconds }) => user.updateSettings({ taskOverTimeSec: seconds }),
  (global, _, { seconds }) =>
    printResult(
      global,
      { action: "set-task-timeout", taskOverTimeSec: seconds },
      `tasks stop after ${seconds} s of rendering`
    )
)

const hardwareColumns: ReadonlyArray<Column<User.HardwareConfig>> = [
  { header: "ID", cell: (h) => h.id },
  { header: "PLATFORM", cell: (h) => h.platform },
  { header: "MODEL", cell: (h) => h.model },
  { header: "RAM", cell: (h) => h.ram },
  { header: "GPUS", cell: (h) => h.gpuNum },
  { header: "ENABLED", cell: (h) => (h.status === 0 ? "no" : "yes") },
  { header: "CANNOT RENDER (CG IDS)", cell: (h) => h.notSupportCgId.join(", ") },
  { header: "CURRENT", cell: (h) => (h.current === true ? "yes" : "") }
]

const hardware = userCommand(
  "hardware",
  "List the hardware configurations of every platform (hardwareConfig/list); ID is what `submit --hardware` takes",
  {
    taskIds: Options.text("task-id").pipe(
      Options.withDescription("Mark the current configuration of this task (repeat for several)"),
      Options.repeated,
      Options.mapEffect(refineOption(each(parseId("--task-id"))))
    )
  },
  (user, { taskIds }) => user.hardwareConfigs(taskIds.length > 0 ? { taskIds } : {}),
  (global, list) => printTable(global, hardwareColumns, list)
)

/**
 * `rayvision user`: profile, settings, set-task-timeout, hardware.
 *
 * @since 0.1.0
 * @category commands
 */
export const user = Command.make("user").pipe(
  Command.withDescription("The account: profile, settings, task timeout, hardware configurations"),
  Command.withSubcommands([shown.profile, shown.settings, setTaskTimeout, hardware])
)

const platformColumns: ReadonlyArray<Column<User.Platform>> = [
  { header: "PLATFORM", cell: (p) => p.platform },
  { header: "NAME", cell: (p) => p.name }
]

/**
 * `rayvision platforms`.
 *
 * @since 0.1.0
 * @category commands
 */
export const platforms = userCommand(
  "platforms",
  "List the platforms (clusters) the account can use",
  {},
  (user) => user.platforms(),
  (global, list) => printTable(global, platformColumns, list)
)
