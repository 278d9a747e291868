/**
 * Hostile requests at the simulator: random methods, paths, headers and bodies, missing or
 * garbage signature headers, bodies that are not JSON, and, with a VALID signature (signed with
 * the demo key, so they pass authentication), wrong field types, deep nesting, huge numbers and
 * enormous values for every endpoint. The answer is always HTTP 200 with an envelope whose code
 * is one of docs/protocol.md 3.1 (200 when the input is in fact valid), never the 500 of the
 * last-resort handler, and the simulator keeps answering.
 */
import { Signer } from "@rayvision/core"
import { SimulatorService } from "@rayvision/simulator"
import { Effect, FastCheck as fc, Schema } from "effect"
import { assert, beforeAll, describe, it } from "vitest"
import {
  allEndpoints,
  type AnyEndpoint,
  deeplyNestedText,
  jsonValue,
  nastyStrings,
  pathsOf,
  replaceAt,
  signedHeaders,
  validInputs
} from "./support.ts"
import { paths } from "../paths.ts"

/**
 * The service codes of docs/protocol.md 3.1, without 500 (only the last-resort handler answers it
 * here).
 */
const SPEC_CODES = new Set([200, 100, 301, 403, 404, 600, 601, 602, 603, 604, 605, 606, 607, 608, 610, 611, 700])

const HOST = "task.renderbus.com"
let sim: SimulatorService.Service
beforeAll(async () => {
  sim = await Effect.runPromise(SimulatorService.make())
})

/** A request signed with the demo key over `bodyText` (a body that is not JSON gets a garbage signature). */
const signed = async (path: string, bodyText: string): Promise<SimulatorService.SimRequest> => {
  const lower: Record<string, string> = {}
  for (const [name, value] of Object.entries(await signedHeaders(HOST, path, bodyText)))
    lower[name.toLowerCase()] = value
  return { method: "POST", host: HOST, path, headers: lower, bodyText }
}

/**
 * Sends a request; checks the answer is an envelope with a code of docs/protocol.md 3.1; returns
 * the code.
 */
const answer = async (request: SimulatorService.SimRequest): Promise<number> => {
  const response = await Effect.runPromise(sim.handle(request))
  assert.strictEqual(response.status, 200)
  const envelope = JSON.parse(response.body) as { code: unknown; message: unknown }
  assert.isTrue(
    typeof envelope.code === "number" && SPEC_CODES.has(envelope.code),
    `${request.path} ${request.bodyText.slice(0, 200)} -> ${response.body.slice(0, 300)}`
  )
  return envelope.code as number
}

/** The wire body of a valid input of `endpoint` (what the client would send). */
const validWire = (endpoint: AnyEndpoint): Record<string, unknown> => {
  const [input] = fc.sample(validInputs(endpoint), { numRuns: 1, seed: 3 })
  return Schema.decodeUnknownSync(endpoint.request as Schema.Schema<Record<string, unknown>, unknown>)(input)
}

/** The simulator still answers a valid signed request. */
const stillResponsive = async () => {
  assert.strictEqual(await answer(await signed(paths.queryPlatforms, '{"zone": 1}')), 200)
}

const RUNS = 8

describe("the simulator under hostile requests", () => {
  it("answers random methods, paths, headers and bodies with a spec envelope", async () => {
    const header = fc.dictionary(
      fc.oneof(
        fc.constantFrom("accessid", "signature", "nonce", "utctimestamp", "channel", "platform", "version"),
        fc.string({ maxLength: 8 })
      ),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(...nastyStrings),
        fc.string({ unit: "binary", maxLength: 12 })
      ),
      { maxKeys: 8 }
    )
    const request = fc.record({
      method: fc.oneof(fc.constantFrom("POST", "GET", "post", "DELETE", "OPTIONS", ""), fc.string({ maxLength: 6 })),
      host: fc.oneof(fc.constant(HOST), fc.string({ maxLength: 10 })),
      path: fc.oneof(fc.constantFrom(...allEndpoints.map((e) => e.path)), fc.string({ maxLength: 20 }), fc.webPath()),
      headers: header,
      bodyText: fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        jsonValue.map((v) => JSON.stringify(v))
      )
    })
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        await answer(r)
      }),
      { numRuns: 300 }
    )
    await stillResponsive()
  })

  it("answers validly signed bodies that are not JSON objects with a spec envelope", async () => {
    const bodies = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      jsonValue.map((v) => JSON.stringify(v)),
      fc.constantFrom("", "null", "[]", "1", '"x"', "{", '{"a": NaN}', '{"a": 1e999}', "\ufeff{}", '{"a": "\\ud800"}')
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...allEndpoints), bodies, async (endpoint, body) => {
        await answer(await signed(endpoint.path, body))
      }),
      { numRuns: 200 }
    )
    await stillResponsive()
  })

  for (const endpoint of allEndpoints) {
    describe(endpoint.operation, () => {
      it("answers a validly signed valid body, and each field with a wrong type, with a spec envelope", async () => {
        const wire = validWire(endpoint)
        await answer(await signed(endpoint.path, Signer.encodeBody(wire)))
        await fc.assert(
          fc.asyncProperty(jsonValue, fc.nat(), async (replacement, pick) => {
            const paths = pathsOf(wire).filter((p) => p.length > 0)
            const body =
              paths.length === 0 ? { extra: replacement } : replaceAt(wire, paths[pick % paths.length]!, replacement)
            await answer(await signed(endpoint.path, Signer.encodeBody(body)))
          }),
          { numRuns: RUNS }
        )
      })

      it("answers validly signed deep nesting, huge number tokens and enormous values in every field with a spec envelope", async () => {
        const wire = validWire(endpoint)
        const fields = Object.keys(wire).length === 0 ? ["extra"] : Object.keys(wire)
        const raw = [
          deeplyNestedText(10_000),
          "1e999",
          "-1e999",
          "123456789012345678901234567890",
          "9007199254740993",
          "-0",
          "2.0",
          "1e2",
          "5e-324",
          JSON.stringify("😀".repeat(1000)),
          `[${Array.from({ length: 1000 }, (_, i) => i + 1).join(", ")}]`
        ]
        for (const field of fields) {
          for (const value of raw) {
            const rest = Signer.encodeBody({ ...wire, [field]: undefined }).slice(1, -1)
            const body = `{${rest}${rest === "" ? "" : ", "}${JSON.stringify(field)}: ${value}}`
            await answer(await signed(endpoint.path, body))
          }
        }
        await stillResponsive()
      })
    })
  }

  it("answers 100,000 levels of nesting, a 2 MB string, a 100,000-element list and a body over the size limit", async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => i + 1).join(", ")
    await answer(await signed(paths.queryTaskInfo, `{"taskIds": [${ids}]}`))
    await answer(await signed(paths.projectAdd, `{"newName": "${"x".repeat(2 * 1024 * 1024)}", "status": 0}`))
    await answer(await signed(paths.queryPlatforms, `{"zone": ${deeplyNestedText(100_000)}}`))
    await answer(await signed(paths.queryPlatforms, deeplyNestedText(10_000)))
    const small = await Effect.runPromise(SimulatorService.make({ maxBodyBytes: 1024 }))
    const big = await signed(paths.queryPlatforms, `{"zone": 1, "pad": "${"x".repeat(4096)}"}`)
    const response = await Effect.runPromise(small.handle(big))
    assert.strictEqual(JSON.parse(response.body).code, 600)
    await stillResponsive()
  })
})
