/**
 * The signed request (`internal/request.ts`), built without an `HttpClient`: its headers as the
 * official client spells them, its signature as the official algorithm computes it (the vectors of
 * fixtures/signature-vectors.json), `languageFlag` sent but not signed, custom headers signed.
 */
import type { Headers } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ClientConfig, HttpTransport, Signer } from "@rayvision/core"
import { Effect, Either, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { paths } from "../../../tests/paths.ts"
import { signedRequest } from "../src/internal/request.ts"

/** A vector of the fixture (see fixtures/README.md); `body` is read from `wireBody` here. */
type Vector = Record<"name" | "accessKey" | "stringToSign" | "signature", string> &
  Record<"domain" | "path" | "wireBody", string | null> & { readonly headers: Record<string, string> }

const vectors: ReadonlyArray<Vector> = JSON.parse(
  readFileSync(fileURLToPath(new URL("./fixtures/signature-vectors.json", import.meta.url)), "utf8")
)
// The vectors of whole requests; a JS body cannot tell 2 from 2.0, so those with an integral
// float in the wire body are left to Signer.test.ts, which signs the raw text.
const requests = vectors.filter(
  (v): v is Vector & { domain: string; path: string; wireBody: string } =>
    v.domain !== null && v.path !== null && v.wireBody !== null && !/\d\.0\b|\de\+/.test(v.wireBody)
)

const resolved = (options: Omit<ClientConfig.Options, "accessKey">): ClientConfig.ResolvedConfig => {
  const result = ClientConfig.resolve(options)
  if (Either.isLeft(result)) throw new Error(String(result.left))
  return result.right
}

/** The headers of a request as the wire spells them (`names`), without those that are not signed. */
const signedHeadersOf = (headers: Headers.Headers, names = ClientConfig.headerNamesOf()) => {
  const { HeaderName } = ClientConfig
  const unsigned = new Set<string>([HeaderName.signature, HeaderName.languageFlag, HeaderName.contentType])
  const wire = HttpTransport.wireHeaders(headers, names, "content-length")
  return Object.fromEntries(Object.entries(wire).filter(([name]) => !unsigned.has(name)))
}

/** Signs with `accessKey` as the client's Signer does. */
const signerOf = (accessKey: string) => Effect.map(Signer.make(Redacted.make(accessKey)), (signer) => signer.sign)

const key = "test-secret-key-0123456789"
const path = paths.queryUserProfile
const now = 1_720_656_005_999

describe("signedRequest", () => {
  it("reads the request vectors of the fixture", () => {
    assert.isAtLeast(requests.length, 8)
    assert.isTrue(requests.some((v) => v.headers["channel"] === "4" && v.headers["version"] === "2.0.0"))
  })

  for (const v of requests) {
    it.effect(`${v.name}: the signature the official algorithm computes`, () =>
      Effect.gen(function* () {
        const config = resolved({
          accessId: v.headers["accessId"]!,
          domain: v.domain,
          platform: v.headers["platform"]!
        })
        const time = Number(v.headers["UTCTimestamp"]) * 1000 + 999
        const body = JSON.parse(v.wireBody) as unknown
        const nonce = v.headers["nonce"]!
        const { request, signature } = yield* signedRequest(
          config,
          v.path,
          body,
          v.wireBody,
          time,
          nonce,
          yield* signerOf(v.accessKey)
        )
        assert.strictEqual(request.headers["signature"], signature)
        // Recomputed from what the request carries, with the names spelled as sent.
        const headers = signedHeadersOf(request.headers)
        const text = Signer.stringToSign({ domain: v.domain, path: v.path, headers, body })
        assert.strictEqual(signature, yield* Signer.signature(v.accessKey, text))
        if (v.headers["channel"] === headers["channel"] && v.headers["version"] === headers["version"]) {
          // The vector's own headers are exactly those this client sends: the very same signature.
          assert.deepStrictEqual(headers, v.headers)
          assert.strictEqual(text, v.stringToSign)
          assert.strictEqual(signature, v.signature)
        }
      })
    )
  }

  it.effect("sends the protocol's headers spelled as ClientConfig.HeaderName, signed under those names", () =>
    Effect.gen(function* () {
      const config = resolved({ accessId: "AKID-TEST-0001", platform: 21 })
      const { request, signature } = yield* signedRequest(config, path, {}, "{}", now, "482913", yield* signerOf(key))
      const wire = HttpTransport.wireHeaders(request.headers, ClientConfig.headerNamesOf(), "content-length")
      assert.deepStrictEqual(Object.keys(wire).sort(), Object.values(ClientConfig.HeaderName).sort())
      const { HeaderName } = ClientConfig
      assert.deepStrictEqual(
        [HeaderName.accessId, HeaderName.platform, HeaderName.utcTimestamp, HeaderName.nonce].map((n) => wire[n]),
        [config.accessId, config.platform, String(Math.floor(now / 1000)), "482913"]
      )
      assert.strictEqual(wire[HeaderName.languageFlag], config.languageFlag)
      assert.strictEqual(wire[HeaderName.contentType], "application/json")
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.url, `${config.baseUrl}${path}`)
      assert.strictEqual(request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : "", "{}")
      const signedWith = (headers: Record<string, string>) =>
        Signer.signature(key, Signer.stringToSign({ domain: config.domain, path, headers, body: {} }))
      const headers = signedHeadersOf(request.headers)
      assert.strictEqual(signature, yield* signedWith(headers))
      // The spelling is signed: the same headers under their lowercase names sort and sign otherwise.
      const lowercase = Object.fromEntries(Object.entries(headers).map(([n, value]) => [n.toLowerCase(), value]))
      assert.notStrictEqual(signature, yield* signedWith(lowercase))
    })
  )

  it.effect("languageFlag is sent as the configuration says and not signed", () =>
    Effect.gen(function* () {
      const sign = yield* signerOf(key)
      const config = resolved({ accessId: "AKID-TEST-0001", domain: "task.renderbus.com" })
      const flags = ["0", "1"] as const
      const built = yield* Effect.forEach(flags, (languageFlag) =>
        signedRequest({ ...config, languageFlag }, path, {}, "{}", now, "100001", sign)
      )
      assert.deepStrictEqual(
        built.map(({ request }) => request.headers["languageflag"]),
        [...flags]
      )
      assert.strictEqual(built[0]!.signature, built[1]!.signature)
      assert.notProperty(signedHeadersOf(built[0]!.request.headers), ClientConfig.HeaderName.languageFlag)
    })
  )

  it.effect("custom headers are sent and signed, each under the name it was given", () =>
    Effect.gen(function* () {
      const sign = yield* signerOf(key)
      const custom = { "X-Studio": "north", "x-shot": "sh 010" }
      const plain = resolved({ accessId: "AKID-TEST-0001" })
      const config = resolved({ accessId: "AKID-TEST-0001", headers: custom })
      const body = { taskIds: [1, 2] }
      const bodyText = Signer.encodeBody(body)
      const { request, signature } = yield* signedRequest(config, path, body, bodyText, now, "777777", sign)
      const without = yield* signedRequest(plain, path, body, bodyText, now, "777777", sign)
      const headers = signedHeadersOf(request.headers, config.headerNames)
      assert.include(headers, custom)
      const signedWith = (names: Record<string, string>) =>
        Signer.signature(key, Signer.stringToSign({ domain: config.domain, path, headers: names, body }))
      assert.strictEqual(signature, yield* signedWith(headers))
      assert.notStrictEqual(signature, without.signature)
      assert.strictEqual(without.signature, yield* signedWith(signedHeadersOf(without.request.headers)))
      // Left out of the string to sign, or under another spelling, they do not verify.
      const unnamed = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "X-Studio"))
      assert.notStrictEqual(signature, yield* signedWith(unnamed))
      assert.notStrictEqual(signature, yield* signedWith({ ...unnamed, "x-studio": "north" }))
    })
  )
})
