/**
 * A simulator served for the tests of one `describe` block (kept apart from `support.ts`, which
 * `globalSetup.ts` imports too: the hooks of vitest are not there).
 */
import type { Simulator } from "@rayvision/simulator"
import { afterAll, beforeAll } from "vitest"
import { rayvision, type Run, type Served, serveSimulator } from "./support.ts"

/** The simulator of a `describe` block, from {@link suiteSimulator}. */
export interface SuiteSimulator {
  readonly served: Served
  /** The ids of the tasks submitted before the tests. */
  readonly ids: ReadonlyArray<number>
  /** Runs `rayvision <args>` against the simulator, as the demo account. */
  readonly run: (...args: Array<string>) => Promise<Run>
}

/**
 * A simulator for the tests of the enclosing `describe` block: served before them (with `count`
 * tasks submitted, `beforeSubmit` as {@link Served.submit} takes it) and closed after them.
 */
export const suiteSimulator = (
  options: Simulator.Options,
  count = 0,
  beforeSubmit?: (ids: ReadonlyArray<number>) => void
): SuiteSimulator => {
  let served: Served | undefined
  let ids: ReadonlyArray<number> = []
  beforeAll(async () => {
    served = await serveSimulator(options)
    if (count > 0) ids = await served.submit(count, beforeSubmit)
  }, 60_000)
  afterAll(() => served?.close())
  const current = () => {
    if (served === undefined) throw new Error("the simulator is served before the tests only")
    return served
  }
  return {
    get served() {
      return current()
    },
    get ids() {
      return ids
    },
    run: (...args) => rayvision(args, current().env)
  }
}
