/**
 * Quick start on Deno, with Deno's adapter (the program is in `quickstart-program.ts`).
 *
 * Run it against the simulator (it reads one variable, to learn that no credentials are set):
 * `deno run --conditions=source --node-modules-dir=manual --allow-net=127.0.0.1
 * --allow-env=RAYVISION_API_ACCESS_ID examples/quickstart-deno.ts`. Against the live service it
 * needs `--allow-env` and `--allow-net` for the service's host as well.
 */
import * as RayvisionDeno from "@rayvision/deno"
import { main } from "./quickstart-program.ts"

main(RayvisionDeno)
