/**
 * The endpoint table: every endpoint the simulator answers, one module per area of the API.
 * Other paths answer `404 resource_not_found`. To add an endpoint, export an `endpoint(...)` from
 * its area's module: every `Endpoint` a module exports is served.
 *
 * @internal
 */
import * as account from "./account.ts"
import { Endpoint } from "./common.ts"
import * as frames from "./frames.ts"
import * as projects from "./projects.ts"
import * as renderEnv from "./renderEnv.ts"
import * as tasks from "./tasks.ts"
import * as transfer from "./transfer.ts"

/** Every endpoint the simulator answers. @internal */
export const endpoints: ReadonlyArray<Endpoint> = [account, tasks, frames, projects, renderEnv, transfer].flatMap(
  (area) => Object.values(area).filter((value): value is Endpoint => value instanceof Endpoint)
)

/** The endpoints by path. @internal */
export const byPath: ReadonlyMap<string, Endpoint> = new Map(endpoints.map((e) => [e.path, e]))
