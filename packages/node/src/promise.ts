/**
 * `@rayvision/node/promise`: the Renderbus client on Node as plain async methods, for code that
 * does not use Effect. Every service method of the client (`client.user.profile()`,
 * `client.tasks.stop(ids)`, ...) returns a `Promise` (a stream: an `AsyncIterable` for
 * `for await`), rejects with the same tagged error classes as the Effect API
 * (`error instanceof ApiError.ParameterInvalid`), and takes an optional last `{ signal }` to
 * abort it. See `PromiseClient` in `@rayvision/core/promise`. The HTTP client is undici, through `@effect/platform-node`.
 *
 * @example
 * ```ts
 * import { ApiError } from "@rayvision/core"
 * import { createClient } from "@rayvision/node/promise"
 *
 * const client = await createClient({ accessId: "AK...", accessKey: "secret", platform: 2 })
 * try {
 *   const profile = await client.user.profile()
 *   console.log(profile.userName)
 *   await client.tasks.stop([123])
 * } catch (error) {
 *   if (error instanceof ApiError.ResourceNotFound) console.error("no such task")
 *   else throw error
 * } finally {
 *   await client.close()
 * }
 * ```
 *
 * @since 0.1.0
 * @module \@rayvision/node/promise
 */
import { PromiseClient } from "@rayvision/core/promise"
import { hmac, layerHttpClient } from "./index.ts"

// The Effect entry point's HTTP client and HMAC: the facade sends and signs as `layer` does.
const client = PromiseClient.adapter(layerHttpClient, hmac)

/**
 * The client from options (the access key as a plain string or `Redacted`). Resolves once the
 * client is built; rejects with a `PromiseClient.ConfigurationError` naming a bad setting.
 * Call `client.close()` when done.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createClient = client.createClient

/**
 * The client from the environment (`RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY`,
 * `RAYVISION_DOMAIN`, `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL`); `overrides` win. Rejects
 * with a `PromiseClient.ConfigurationError` naming a missing or bad variable.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createClientFromEnv = client.createClientFromEnv

/**
 * The client `createClient` resolves to.
 *
 * @since 0.1.0
 * @category models
 */
export type RayvisionClient = PromiseClient.RayvisionClient

/**
 * The facade itself: `ClientClosed` and `ConfigurationError` (for `instanceof`), `make` for a
 * custom layer.
 *
 * @since 0.1.0
 */
export { PromiseClient } from "@rayvision/core/promise"
