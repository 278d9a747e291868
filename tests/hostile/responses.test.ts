/**
 * Hostile answers at the envelope and data decoders: for every endpoint, the fake service answers
 * a valid request with random bytes, random JSON, envelopes with random or mutated `data`, deep
 * nesting and huge number tokens. The result is a success or a typed `ApiError`, never a defect.
 */
import { ApiError } from "@rayvision/core"
import { FastCheck as fc } from "effect"
import { afterAll, assert, describe, it } from "vitest"
import {
  allEndpoints,
  type AnyEndpoint,
  callEndpoint,
  deeplyNestedText,
  defectOf,
  envelopeText,
  failureTag,
  jsonValue,
  makeHarness,
  nastyValue,
  pathsOf,
  replaceAt,
  validData,
  validInputs
} from "./support.ts"

const harness = makeHarness()
afterAll(() => harness.dispose())

/**
 * What a call may fail with when the request was sent and the answer is hostile: every typed
 * error of `ApiError` except those about the input, the connection and multi-call workflows.
 */
const answerErrors = new Set(
  Object.values(ApiError)
    .map((value) => (typeof value === "function" ? (value as { readonly _tag?: unknown })._tag : undefined))
    .filter((tag): tag is string => typeof tag === "string")
    .filter(
      (tag) =>
        ![
          "InvalidRequest",
          "TransportError",
          "RequestTimeout",
          "HttpStatusError",
          "TaskNotFound",
          "FramesNotFound"
        ].includes(tag)
    )
)

const check = async (endpoint: AnyEndpoint, input: unknown, body: string) => {
  const { exit, sent } = await harness.run(callEndpoint(endpoint, input), body)
  const defect = defectOf(exit)
  if (defect !== undefined) assert.fail(`${endpoint.operation}: defect for answer ${body.slice(0, 300)}\n${defect}`)
  // One request; a second only after a 610 or a 603 (refused before acting: re-sent once, signed
  // again), whose code may also come as the text of the integer.
  assert.isTrue(
    sent.length === 1 || (sent.length === 2 && /"code": ?"?\s*(?:610|603)\b/.test(body)),
    `${sent.length} requests sent`
  )
  const tag = failureTag(exit)
  if (tag !== undefined) assert.isTrue(answerErrors.has(tag), `${endpoint.operation}: ${tag} for ${body.slice(0, 200)}`)
  return tag
}

/** Envelope text around raw `data` text (so number tokens reach the decoder as written). */
const rawEnvelope = (dataText: string, code = "200") =>
  `{"version": "1.0.0", "result": true, "message": "success", "code": ${code}, "serverTime": 1700000000000, "data": ${dataText}, "requestId": "r"}`

const RUNS = 5

/** Bodies that are not envelopes at all. */
const garbage: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => new TextDecoder().decode(bytes)),
  fc.string({ unit: "binary", maxLength: 64 }),
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      { code: fc.oneof(jsonValue, fc.constantFrom(200, 200.5, "200", 1e308, -0, 2 ** 53 + 1)), data: jsonValue },
      { requiredKeys: [] }
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "",
    "null",
    "[]",
    "{}",
    '{"code": NaN}',
    '{"code": Infinity, "data": null}',
    '{"code": 1e400, "data": null}',
    '{"code": 200.0, "data": null}',
    '{"code": 2e2, "data": null}',
    '{"code": 123456789012345678901234567890, "data": null}',
    '{"code": -0, "data": null}',
    '{"code": 200, "message": 5, "data": null}',
    '{"code": 200, "serverTime": "x", "data": null}',
    '{"code": 610, "serverTime": 1e308, "data": null}',
    '{"code": 610, "serverTime": -1e308, "data": null}',
    '{"code": 200, "requestId": {"a": 1}, "data": null}',
    '{"code": 200, "data": null',
    '\ufeff{"code": 200, "data": null}',
    '{"code": 200, "data": "\\ud800"}',
    "<html>502</html>"
  )
)

/** Number tokens a JavaScript JSON reader rounds, overflows or loses. */
const hugeTokens = ["1e309", "-1e400", "9007199254740993", "123456789012345678901234567890", "-0", "2.0"]

describe("every envelope and data decoder", () => {
  it("knows the typed errors an answer may produce", () => {
    for (const tag of [
      "MalformedResponse",
      "ResponseDecodeError",
      "UnknownApiError",
      "SignatureExpired",
      "OutcomeUnknown"
    ])
      assert.isTrue(answerErrors.has(tag), tag)
    assert.isFalse(answerErrors.has("InvalidRequest"))
  })

  for (const endpoint of allEndpoints) {
    describe(endpoint.operation, () => {
      const [input] = fc.sample(validInputs(endpoint), { numRuns: 1, seed: 7 })
      const samples = fc.sample(validData(endpoint), { numRuns: 2, seed: 7 })

      it("decodes valid data generated from its schema", async () => {
        for (const data of samples) assert.isUndefined(await check(endpoint, input, envelopeText(data)))
      })

      it("answers garbage bodies with a typed error", async () => {
        await fc.assert(
          fc.asyncProperty(garbage, async (body) => {
            await check(endpoint, input, body)
          }),
          { numRuns: RUNS }
        )
      })

      it("answers envelopes with random data or random codes with a success or a typed error", async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(nastyValue, jsonValue),
            fc.constantFrom(200, 200, 200, 100, 610, 611, 700, 999, -1),
            async (data, code) => {
              let body: string
              try {
                body = envelopeText(data, code)
              } catch {
                return // bigint: not JSON
              }
              await check(endpoint, input, body)
            }
          ),
          { numRuns: RUNS }
        )
      })

      it("answers valid data with one node replaced by a hostile value with a success or a typed error", async () => {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...samples), jsonValue, fc.nat(), async (data, replacement, pick) => {
            const paths = pathsOf(data)
            await check(endpoint, input, envelopeText(replaceAt(data, paths[pick % paths.length]!, replacement)))
          }),
          { numRuns: RUNS * 2 }
        )
      })

      it("answers huge number tokens in every field of valid data with a success or a typed error", async () => {
        const data = samples[0]
        const text = envelopeText(data)
        // Every number in the valid answer, in turn, replaced by each huge token, as raw text.
        const numbers = Array.from(text.matchAll(/(?<=[:,[] ?)-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?=[,}\]])/gi))
        for (const match of numbers.slice(0, 6)) {
          for (const token of hugeTokens) {
            await check(endpoint, input, text.slice(0, match.index) + token + text.slice(match.index + match[0].length))
          }
        }
        for (const token of hugeTokens) await check(endpoint, input, rawEnvelope(token))
      })

      it("answers 10,000 levels of nesting, huge strings and 100,000-element arrays with a success or a typed error", async () => {
        await check(endpoint, input, rawEnvelope(deeplyNestedText(10_000)))
        await check(endpoint, input, deeplyNestedText(10_000))
        await check(endpoint, input, rawEnvelope(`{"items": ${deeplyNestedText(10_000)}}`))
        await check(endpoint, input, rawEnvelope(JSON.stringify("x".repeat(1024 * 1024))))
        await check(endpoint, input, rawEnvelope(`[${Array.from({ length: 100_000 }, (_, i) => i).join(",")}]`))
      })
    })
  }
})
