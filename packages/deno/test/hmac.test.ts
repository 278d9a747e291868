// Runs on Deno: the adapter's HMAC (plain JavaScript under 1,024 characters, node:crypto from there)
// gives WebCrypto's signature on each side of that length, for ASCII and non-ASCII text.
import { test } from "node:test"
import * as assert from "node:assert/strict"
import { Signer } from "@rayvision/core"
import { Effect } from "effect"
import { hmac } from "../src/index.ts"

test("the Deno adapter's HMAC signs as WebCrypto, short and long strings to sign", async () => {
  const key = "rayvision-test-key"
  const sign = hmac(key)
  for (const length of [0, 1, 55, 56, 64, 1_000, 1_023, 1_024, 1_025, 5_000]) {
    for (const unit of ["a", "\u00e9", "\u4e2d", "\ud83d\ude00"]) {
      const message = unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
      assert.equal(sign(message), await Effect.runPromise(Signer.signature(key, message)), `${length} × ${unit}`)
    }
  }
})
