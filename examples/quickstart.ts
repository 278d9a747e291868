/**
 * Quick start on Node (the program is in `quickstart-program.ts`; Bun and Deno have their own
 * entry files next to this one).
 *
 * Run it: `npm run demo` (or `npx tsx --conditions=source examples/quickstart.ts`).
 */
import * as RayvisionNode from "@rayvision/node"
import { main } from "./quickstart-program.ts"

main(RayvisionNode)
