/**
 * Configuration and credentials of a Renderbus client.
 *
 * The access key is accepted only as `Redacted` and is handed straight to the `Signer`; it is
 * not part of the resolved {@link ClientConfig}, so nothing that reads the configuration (logs,
 * spans, errors) can reach it.
 *
 * @since 0.1.0
 */
import * as ConfigError from "effect/ConfigError"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"

/**
 * Retry settings for transient failures of idempotent calls: exponential backoff from `base`,
 * doubled each time, jittered, each delay capped at `cap`, at most `times` retries.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryOptions {
  /** Retries after the first attempt (0 turns retrying off). Default 3. */
  readonly times?: number
  /** First delay. Default 200 ms. */
  readonly base?: Duration.DurationInput
  /** Longest single delay. Default 5 s. */
  readonly cap?: Duration.DurationInput
}

/**
 * What a user gives to build a client.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The access id (sent as the `accessId` header). */
  readonly accessId: string
  /** The access key: used only to sign, never sent, logged or shown. */
  readonly accessKey: Redacted.Redacted<string>
  /** Host, with an optional port, no protocol. Default `task.renderbus.com`. */
  readonly domain?: string
  /** The render-farm cluster number (`platform` header). Default `"4"`, as the Python SDK. */
  readonly platform?: string | number
  /** Default `https`. Plain `http` is refused unless the host is loopback or `allowInsecureHttp` is set. */
  readonly protocol?: "https" | "http"
  /** Allows plain `http` to a host that is not loopback. Default false. */
  readonly allowInsecureHttp?: boolean
  /** Timeout of one attempt. Default 60 s. */
  readonly timeout?: Duration.DurationInput
  /** Extra headers, sent and signed with every request. */
  readonly headers?: Readonly<Record<string, string>>
  /** Retry settings for this client; see {@link RetryOptions}. */
  readonly retry?: RetryOptions
}

/**
 * A validated configuration, as the transport uses it. Holds no secret.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedConfig {
  readonly accessId: string
  readonly domain: string
  readonly platform: string
  readonly protocol: "https" | "http"
  /** `protocol://domain`, to which each endpoint path is appended. */
  readonly baseUrl: string
  readonly timeout: Duration.Duration
  readonly headers: Readonly<Record<string, string>>
  readonly retry: { readonly times: number; readonly base: Duration.Duration; readonly cap: Duration.Duration }
  /**
   * The unsigned `languageFlag` header: `"1"` when the domain contains `renderbus`, else `"0"`
   * (docs/protocol.md 1.5).
   */
  readonly languageFlag: string
}

/**
 * The resolved configuration of the client in scope.
 *
 * @since 0.1.0
 * @category tags
 */
export class ClientConfig
  extends /* @__PURE__ */ Context.Tag("@rayvision/core/ClientConfig")<ClientConfig, ResolvedConfig>() {}

/**
 * Defaults, as the official Python SDK has them (docs/protocol.md 6.2).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  domain: "task.renderbus.com",
  platform: "4",
  protocol: "https",
  timeout: /* @__PURE__ */ Duration.seconds(60),
  retry: { times: 3, base: /* @__PURE__ */ Duration.millis(200), cap: /* @__PURE__ */ Duration.seconds(5) }
} as const

/** Headers the transport writes itself; `headers` may not replace them. */
const RESERVED_HEADERS = [
  "accessid",
  "channel",
  "platform",
  "utctimestamp",
  "nonce",
  "version",
  "signature",
  "content-type",
  "languageflag"
]

const DOMAIN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/

/**
 * Whether a domain (host with optional port) is a loopback address.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLoopback = (domain: string): boolean => {
  const host = domain.startsWith("[") ? domain.slice(1, domain.indexOf("]")) : domain.replace(/:\d+$/, "")
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

const invalid = (key: string, message: string) => Either.left(ConfigError.InvalidData([key], message))

/**
 * Checks options and fills in defaults. Fails with a `ConfigError` naming the bad setting.
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolve = (
  options: Omit<Options, "accessKey">
): Either.Either<ResolvedConfig, ConfigError.ConfigError> => {
  const accessId = options.accessId.trim()
  if (accessId === "") return invalid("accessId", "the access id is empty")
  const domain = options.domain ?? defaults.domain
  const port = DOMAIN.exec(domain)
  if (port === null) {
    return invalid(
      "domain",
      `"${domain}" is not a host name with an optional port (write it without protocol or path, e.g. task.renderbus.com)`
    )
  }
  if (port[1] !== undefined && (Number(port[1]) < 1 || Number(port[1]) > 65535))
    return invalid("domain", `port ${port[1]} is out of range`)
  const platform = String(options.platform ?? defaults.platform)
  if (!/^\d+$/.test(platform)) return invalid("platform", `the platform must be a decimal number, got "${platform}"`)
  const protocol = options.protocol ?? defaults.protocol
  if (protocol !== "https" && protocol !== "http") return invalid("protocol", `the protocol must be "https" or "http"`)
  if (protocol === "http" && !isLoopback(domain) && options.allowInsecureHttp !== true) {
    return invalid(
      "protocol",
      `plain http to ${domain} would expose every request; use https, or set allowInsecureHttp: true if you really mean it`
    )
  }
  const headers = options.headers ?? {}
  for (const name of Object.keys(headers)) {
    if (RESERVED_HEADERS.includes(name.toLowerCase()))
      return invalid("headers", `the header "${name}" is set by the client itself`)
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return invalid("headers", `"${name}" is not a valid header name`)
  }
  const timeout = Duration.decode(options.timeout ?? defaults.timeout)
  if (!Duration.greaterThan(timeout, Duration.zero)) return invalid("timeout", "the timeout must be positive")
  const times = options.retry?.times ?? defaults.retry.times
  if (!Number.isInteger(times) || times < 0) return invalid("retry.times", "retries must be a whole number, 0 or more")
  return Either.right({
    accessId,
    domain,
    platform,
    protocol,
    baseUrl: `${protocol}://${domain}`,
    timeout,
    headers,
    retry: {
      times,
      base: Duration.decode(options.retry?.base ?? defaults.retry.base),
      cap: Duration.decode(options.retry?.cap ?? defaults.retry.cap)
    },
    languageFlag: domain.includes("renderbus") ? "1" : "0"
  })
}

/**
 * Reads options from the environment with the Python SDK's variable names:
 * `RAYVISION_API_ACCESS_ID`, `RAYVISION_API_KEY` (required), and `RAYVISION_DOMAIN`,
 * `RAYVISION_PLATFORM`, `RAYVISION_PROTOCOL` (optional). A missing variable is a
 * `ConfigError` that names it. `overrides` win over the environment.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromEnv = (overrides: Partial<Options> = {}): Effect.Effect<Options, ConfigError.ConfigError> =>
  Effect.gen(function* () {
    const env = yield* Config.all({
      accessId:
        overrides.accessId === undefined
          ? Config.string("RAYVISION_API_ACCESS_ID")
          : Config.succeed(overrides.accessId),
      accessKey:
        overrides.accessKey === undefined ? Config.redacted("RAYVISION_API_KEY") : Config.succeed(overrides.accessKey),
      domain: Config.option(Config.string("RAYVISION_DOMAIN")),
      platform: Config.option(Config.string("RAYVISION_PLATFORM")),
      protocol: Config.option(Config.literal("https", "http")("RAYVISION_PROTOCOL"))
    })
    const fromEnvironment: Partial<Options> = {
      ...(env.domain._tag === "Some" ? { domain: env.domain.value } : {}),
      ...(env.platform._tag === "Some" ? { platform: env.platform.value } : {}),
      ...(env.protocol._tag === "Some" ? { protocol: env.protocol.value } : {})
    }
    return { ...fromEnvironment, ...overrides, accessId: env.accessId, accessKey: env.accessKey }
  })
