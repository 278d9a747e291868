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
  /**
   * Host, with an optional port, no protocol. Default `task.renderbus.com`. Any case: it is
   * resolved to the host as the request's `Host` header carries it (lowercase, without the
   * protocol's default port), which is also what is signed.
   */
  readonly domain?: string
  /** The render-farm cluster number (`platform` header). Default `"4"`, as the Python SDK. */
  readonly platform?: string | number
  /** Default `https`. Plain `http` is refused unless the host is loopback or `allowInsecureHttp` is set. */
  readonly protocol?: "https" | "http"
  /** Allows plain `http` to a host that is not loopback. Default false. */
  readonly allowInsecureHttp?: boolean
  /** Timeout of one attempt. Default 60 s. */
  readonly timeout?: Duration.DurationInput
  /**
   * Extra headers, sent and signed with every request, each name spelled on the wire as given
   * here (on the runtimes' own adapters; see docs/runtimes.md). Values are printable ASCII
   * without leading or trailing spaces, so that what the service reads is what was signed.
   */
  readonly headers?: Readonly<Record<string, string>>
  /** Retry settings for this client; see {@link RetryOptions}. */
  readonly retry?: RetryOptions
  /**
   * The largest answer the client reads, in bytes, a whole number, 1 or more. Default 32 MiB, far
   * above any real page. A larger answer fails the call with `ResponseTooLarge` as soon as its
   * `Content-Length` or its bytes pass the limit (on the runtime adapters and the `fetch` client of
   * this SDK; any other `HttpClient` is read as a stream and stopped at the limit).
   */
  readonly maxResponseBytes?: number
}

/**
 * A validated configuration, as the transport uses it. Holds no secret.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedConfig {
  readonly accessId: string
  /**
   * The host (and port, when not the protocol's default) as the `Host` header carries it:
   * lowercase, so the string to sign names the host the service sees (docs/protocol.md 1.1, 2.1).
   */
  readonly domain: string
  readonly platform: string
  readonly protocol: "https" | "http"
  /** `protocol://domain`, to which each endpoint path is appended. */
  readonly baseUrl: string
  readonly timeout: Duration.Duration
  readonly headers: Readonly<Record<string, string>>
  readonly retry: { readonly times: number; readonly base: Duration.Duration; readonly cap: Duration.Duration }
  /** The largest answer read, in bytes ({@link Options.maxResponseBytes}). */
  readonly maxResponseBytes: number
  /**
   * How each header is spelled on the wire: its lowercase name (as `@effect/platform`'s `Headers`
   * keeps it) to its spelling, for the protocol's headers ({@link HeaderName}) and the custom
   * `headers`. See `HttpTransport.currentHeaderNames`.
   */
  readonly headerNames: ReadonlyMap<string, string>
  /** Whether the domain is a Renderbus (China) one; see {@link regionOf}. */
  readonly renderbus: boolean
  /** The `zone` of the domain: 1 China (Renderbus), 2 abroad (docs/protocol.md 1.4). */
  readonly zone: 1 | 2
  /**
   * The language of the service's texts for this domain (`Frame.Language`): 0 Chinese for
   * Renderbus, 1 English otherwise (`queryAnalyseErrorDetail`'s `language`).
   */
  readonly language: 0 | 1
  /**
   * The unsigned `languageFlag` header: `"0"` when the domain is a Renderbus one, else `"1"`
   * (docs/protocol.md 1.5, as the official client's release 3.0.3.23 sends it).
   */
  readonly languageFlag: "0" | "1"
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
  retry: { times: 3, base: /* @__PURE__ */ Duration.millis(200), cap: /* @__PURE__ */ Duration.seconds(5) },
  /** 32 MiB. */
  maxResponseBytes: 33_554_432
} as const

/**
 * The protocol's headers, spelled as the official client sends them (docs/protocol.md 1.5). The
 * service builds its string to sign from the names it receives, so these are the names signed and
 * the names sent; `HttpTransport` writes them, and `headers` may not replace any of them.
 *
 * @since 0.1.0
 * @category constants
 */
export const HeaderName = {
  accessId: "accessId",
  channel: "channel",
  platform: "platform",
  utcTimestamp: "UTCTimestamp",
  nonce: "nonce",
  version: "version",
  signature: "signature",
  languageFlag: "languageFlag",
  contentType: "Content-Type"
} as const

/**
 * Headers a custom header may not be named like (in any case): the protocol's, and those that
 * frame the message, which the HTTP client writes itself.
 */
const isReserved = (lowercase: string): boolean => {
  for (const name of Object.values(HeaderName)) if (name.toLowerCase() === lowercase) return true
  return (
    lowercase === "host" ||
    lowercase === "content-length" ||
    lowercase === "transfer-encoding" ||
    lowercase === "connection"
  )
}

/**
 * The wire spelling of each header, keyed by its lowercase name: the protocol's headers and,
 * when given, the custom ones.
 *
 * @since 0.1.0
 * @category constructors
 */
export const headerNamesOf = (custom: Readonly<Record<string, string>> = {}): ReadonlyMap<string, string> => {
  const names = new Map<string, string>()
  for (const name of Object.values(HeaderName)) names.set(name.toLowerCase(), name)
  for (const name of Object.keys(custom)) names.set(name.toLowerCase(), name)
  return names
}

/**
 * What the service's region changes, decided from the domain in one place, in any case: a domain
 * containing `renderbus` is the Chinese service (zone 1, Chinese texts, `languageFlag` `"0"`),
 * any other (Fox Renderfarm, a local simulator) the service abroad (zone 2, English texts,
 * `languageFlag` `"1"`). docs/protocol.md 1.4 and 1.5.
 *
 * @since 0.1.0
 * @category constructors
 */
export const regionOf = (domain: string): Pick<ResolvedConfig, "renderbus" | "zone" | "language" | "languageFlag"> =>
  domain.toLowerCase().includes("renderbus")
    ? { renderbus: true, zone: 1, language: 0, languageFlag: "0" }
    : { renderbus: false, zone: 2, language: 1, languageFlag: "1" }

/** A header value the service reads back exactly as it was signed: printable ASCII, not padded. */
const HEADER_VALUE = /^(?:[!-~](?:[ -~]*[!-~])?)?$/

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
  if (!HEADER_VALUE.test(accessId))
    return invalid("accessId", "the access id must be printable ASCII (it is sent as a header)")
  const configured = options.domain ?? defaults.domain
  const port = DOMAIN.exec(configured)
  if (port === null) {
    return invalid(
      "domain",
      `"${configured}" is not a host name with an optional port (write it without protocol or path, e.g. task.renderbus.com)`
    )
  }
  if (port[1] !== undefined && (Number(port[1]) < 1 || Number(port[1]) > 65535))
    return invalid("domain", `port ${port[1]} is out of range`)
  const platform = String(options.platform ?? defaults.platform)
  if (!/^\d+$/.test(platform)) return invalid("platform", `the platform must be a decimal number, got "${platform}"`)
  const protocol = options.protocol ?? defaults.protocol
  if (protocol !== "https" && protocol !== "http") return invalid("protocol", `the protocol must be "https" or "http"`)
  // The host as the request's Host header carries it (URL lowercases it, drops the protocol's
  // default port and writes an IPv6 address in its short form): the string to sign must name
  // exactly that, or the service refuses every call with 611.
  let domain: string
  try {
    domain = new URL(`${protocol}://${configured}`).host
  } catch {
    return invalid("domain", `"${configured}" is not a valid host`)
  }
  if (protocol === "http" && !isLoopback(domain) && options.allowInsecureHttp !== true) {
    return invalid(
      "protocol",
      `plain http to ${domain} would expose every request; use https, or set allowInsecureHttp: true if you really mean it`
    )
  }
  const headers = options.headers ?? {}
  const seen = new Set<string>()
  for (const [name, value] of Object.entries(headers)) {
    const lowercase = name.toLowerCase()
    if (isReserved(lowercase)) return invalid("headers", `the header "${name}" is set by the client itself`)
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return invalid("headers", `"${name}" is not a valid header name`)
    if (seen.has(lowercase)) return invalid("headers", `the header "${name}" is given twice (names ignore case)`)
    seen.add(lowercase)
    if (typeof value !== "string" || !HEADER_VALUE.test(value)) {
      return invalid(
        "headers",
        `the value of "${name}" must be printable ASCII without leading or trailing spaces (it is signed as sent)`
      )
    }
  }
  const timeout = Duration.decode(options.timeout ?? defaults.timeout)
  if (!Duration.greaterThan(timeout, Duration.zero)) return invalid("timeout", "the timeout must be positive")
  const times = options.retry?.times ?? defaults.retry.times
  if (!Number.isInteger(times) || times < 0) return invalid("retry.times", "retries must be a whole number, 0 or more")
  const maxResponseBytes = options.maxResponseBytes ?? defaults.maxResponseBytes
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    return invalid("maxResponseBytes", "the answer size limit must be a whole number of bytes, 1 or more")
  }
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
    maxResponseBytes,
    headerNames: headerNamesOf(headers),
    ...regionOf(domain)
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
