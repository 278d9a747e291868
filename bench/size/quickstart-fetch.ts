/**
 * The quick start of `program.ts` on the platform's `fetch` (`FetchHttpClient`, as the Bun and
 * Deno adapters do) instead of the Node adapter's undici: what the bundle would weigh without
 * undici.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Rayvision } from "@rayvision/core"
import { main } from "./program.ts"

main(Rayvision.adapter(FetchHttpClient.layer).layerConfig())
