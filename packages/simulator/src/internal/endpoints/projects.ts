/**
 * Project labels and task tags (spec 4.4).
 *
 * @internal
 */
import type { Endpoint } from "./common.ts"

/** The endpoints of this area. @internal */
export const endpoints: ReadonlyArray<Endpoint> = []
