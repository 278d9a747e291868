import { assert, describe, it } from "@effect/vitest"
import { Signer } from "@rayvision/core"
import * as RayvisionNode from "@rayvision/node"
import { Effect, FastCheck as fc, Layer, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

interface Vector {
  readonly name: string
  readonly accessKey: string
  readonly stringToSign: string
  readonly signature: string
}

// The signature vectors of the repository's one fixture, in the core package's tests.
const vectorsPath = fileURLToPath(new URL("../../core/test/fixtures/signature-vectors.json", import.meta.url))
const vectors: ReadonlyArray<Vector> = JSON.parse(readFileSync(vectorsPath, "utf8"))

describe("the adapter's native HMAC (node:crypto)", () => {
  it.effect("gives every signature of the fixture vectors, directly and as the client's Signer", () =>
    Effect.gen(function* () {
      assert.isAtLeast(vectors.length, 11)
      for (const v of vectors) {
        assert.strictEqual(RayvisionNode.hmac(v.accessKey)(v.stringToSign), v.signature, v.name)
        const signer = yield* Signer.makeWith(Redacted.make(v.accessKey), RayvisionNode.hmac)
        assert.strictEqual(yield* signer.sign(v.stringToSign), v.signature, v.name)
      }
    })
  )

  it.effect("agrees with WebCrypto on any non-empty key and any message (non-BMP text included)", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.string({ unit: "grapheme", minLength: 1 }),
          fc.string({ unit: "grapheme" }),
          async (key, message) => {
            const webCrypto = await Effect.runPromise(Signer.signature(key, message))
            return RayvisionNode.hmac(key)(message) === webCrypto
          }
        ),
        { numRuns: 200 }
      )
    )
  )

  it.effect("an empty access key is a ConfigError naming it, not a crash", () =>
    Effect.gen(function* () {
      const layer = RayvisionNode.layer({ accessId: "AK", accessKey: Redacted.make(""), platform: 2 })
      const error = yield* Effect.flip(Layer.build(layer).pipe(Effect.scoped))
      assert.strictEqual(error._op, "InvalidData")
      assert.include(String(error), "accessKey")
    })
  )
})
