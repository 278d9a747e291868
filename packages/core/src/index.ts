/**
 * `@rayvision/core`: Effect services, typed errors and schemas for the Renderbus / Fox
 * Renderfarm cloud-rendering API. Runtime adapters supply the `HttpClient`.
 *
 * @since 0.1.0
 * @module \@rayvision/core
 */

/**
 * Every way a call can fail, as tagged errors.
 * @since 0.1.0
 */
export * as ApiError from "./ApiError.ts"

/**
 * Models of the bulk operations: options, per-id outcomes, results, progress.
 * @since 0.1.0
 */
export * as Bulk from "./Bulk.ts"

/**
 * Bulk operations over any number of task ids: batched, bounded, an outcome per id.
 * @since 0.1.0
 */
export * as BulkService from "./BulkService.ts"

/**
 * Configuration and credentials.
 * @since 0.1.0
 */
export * as ClientConfig from "./ClientConfig.ts"

/**
 * Endpoint descriptions.
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.ts"

/**
 * Models, enumerations and inputs of frames, render logs and analysis errors.
 * @since 0.1.0
 */
export * as Frame from "./Frame.ts"

/**
 * Enumerations of the frame endpoints: frame statuses and types, fee types (also in `Frame`).
 * @since 0.1.0
 */
export * as FrameCodes from "./FrameCodes.ts"

/**
 * A small keep-alive HTTP/1.1 client over a runtime's sockets (the Bun and Deno adapters send with it).
 * @since 0.1.0
 */
export * as Http1 from "./Http1.ts"

/**
 * The signed, typed HTTP exchange.
 * @since 0.1.0
 */
export * as HttpTransport from "./HttpTransport.ts"

/**
 * The metrics every API call updates: calls, errors by code, retries, durations.
 * @since 0.1.0
 */
export * as Metrics from "./Metrics.ts"

/**
 * Models of project labels and task tags.
 * @since 0.1.0
 */
export * as Project from "./Project.ts"

/**
 * Project labels and task tags.
 * @since 0.1.0
 */
export * as ProjectService from "./ProjectService.ts"

/**
 * JSON read from text with number tokens kept (for servers verifying signatures).
 * @since 0.1.0
 */
export * as RawJson from "./RawJson.ts"

/**
 * The whole client as one layer.
 * @since 0.1.0
 */
export * as Rayvision from "./Rayvision.ts"

/**
 * Operation and login records of the account, read leniently (also in `User`).
 * @since 0.1.0
 */
export * as Records from "./Records.ts"

/**
 * Models of software, plugins and render environments; DCC ids.
 * @since 0.1.0
 */
export * as RenderEnv from "./RenderEnv.ts"

/**
 * Supported software, plugins and render environments.
 * @since 0.1.0
 */
export * as RenderEnvService from "./RenderEnvService.ts"

/**
 * Request signing, exactly as the service verifies it.
 * @since 0.1.0
 */
export * as Signer from "./Signer.ts"

/**
 * Models of the task-submission check: task.json, hardware choice, issues.
 * @since 0.1.0
 */
export * as Submission from "./Submission.ts"

/**
 * Submitting a render job from its task.json description, checked first.
 * @since 0.1.0
 */
export * as SubmissionService from "./SubmissionService.ts"

/**
 * Task models and enumerations.
 * @since 0.1.0
 */
export * as Task from "./Task.ts"

/**
 * Task lifecycle and queries.
 * @since 0.1.0
 */
export * as TaskService from "./TaskService.ts"

/**
 * Waiting for tasks to end, with progress, polls shared across tasks.
 * @since 0.1.0
 */
export * as WaitService from "./WaitService.ts"

/**
 * Stubs of single services for your own tests.
 * @since 0.1.0
 */
export * as TestKit from "./TestKit.ts"

/**
 * Models of transfer and storage.
 * @since 0.1.0
 */
export * as Transfer from "./Transfer.ts"

/**
 * Transfer and storage.
 * @since 0.1.0
 */
export * as TransferService from "./TransferService.ts"

/**
 * Account models.
 * @since 0.1.0
 */
export * as User from "./User.ts"

/**
 * The account: profile, settings, hardware configurations, platforms.
 * @since 0.1.0
 */
export * as UserService from "./UserService.ts"

/**
 * Models of the task waiters: ending statuses, progress, options, errors.
 * @since 0.1.0
 */
export * as Wait from "./Wait.ts"
