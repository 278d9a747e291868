/**
 * Transfer and storage (spec 4.6.2-4.6.5, 4.2.2).
 *
 * @internal
 */
import type { Endpoint } from "./common.ts"

/** The endpoints of this area. @internal */
export const endpoints: ReadonlyArray<Endpoint> = []
