/**
 * The program whose bundle size the benchmarks report: the quick start of `program.ts` with the
 * Node adapter and no simulator (credentials from the environment).
 */
import * as RayvisionNode from "@rayvision/node"
import { main } from "./program.ts"

main(RayvisionNode.layerConfig())
