// The Node adapter's Promise facade: the native signer, and a loop left early leaves no request
// open (tests/runtime/facade.ts, which Bun and Deno run too).
import { it } from "@effect/vitest"
import { createClient } from "@rayvision/node/promise"
import { checkEarlyExit, checkNativeSigner } from "../../../tests/runtime/facade.ts"

it("Node facade: signs with the adapter's native HMAC (node:crypto), not WebCrypto", () =>
  checkNativeSigner(createClient))

it("Node facade: leaving a for await early abandons the page read ahead, its connection closed", () =>
  checkEarlyExit(createClient))
