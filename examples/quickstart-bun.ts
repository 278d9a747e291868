/**
 * Quick start on Bun, with Bun's adapter (the program is in `quickstart-program.ts`).
 *
 * Run it: `bun --conditions=source examples/quickstart-bun.ts`.
 */
import * as RayvisionBun from "@rayvision/bun"
import { main } from "./quickstart-program.ts"

main(RayvisionBun)
