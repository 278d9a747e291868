/**
 * Software, plugins and render environments (spec 4.5).
 *
 * @internal
 */
import type { Endpoint } from "./common.ts"

/** The endpoints of this area. @internal */
export const endpoints: ReadonlyArray<Endpoint> = []
