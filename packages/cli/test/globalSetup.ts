/**
 * Before the CLI's tests: the binary they run is built once, when it is missing or older than
 * its sources (`ensureBuilt`), so no test runs a stale `dist/bin.js`.
 */
import { ensureBuilt } from "./support.ts"

export const setup = () => {
  ensureBuilt()
}
