// Runs on Deno (`deno test ... --allow-run=node_modules/deno/deno --allow-read=README.md`): the quick
// start as a user runs it on Deno (examples/quickstart-deno.ts, with Deno's adapter), in a
// subprocess without credentials and with only the permissions it needs; its output must be the
// run the README shows.
import assert from "node:assert/strict"
import { test } from "node:test"
import { checkQuickstartOutput, root } from "../../../examples/test/quickstart-output.ts"

// The part of Deno's API this test uses (the project typechecks with Node's types only).
declare const Deno: {
  Command: new (
    command: string,
    options: { args: Array<string>; cwd: string; clearEnv: boolean; env: Record<string, string>; signal: AbortSignal }
  ) => { output(): Promise<{ code: number; stdout: Uint8Array; stderr: Uint8Array }> }
}

test("Deno: examples/quickstart-deno.ts prints the README's run against the embedded simulator", async () => {
  assert.ok("Deno" in globalThis, "this test runs on Deno")
  // The repository's Deno (the `deno` dev dependency's binary): the test is granted running it only.
  const run = await new Deno.Command(`${root}node_modules/deno/deno`, {
    args: [
      "run",
      "--conditions=source",
      "--node-modules-dir=manual",
      // The loopback network (the simulator listens there, the client calls it), and the one
      // variable it reads, to learn that no credentials are set.
      "--allow-net=127.0.0.1",
      "--allow-env=RAYVISION_API_ACCESS_ID",
      "examples/quickstart-deno.ts"
    ],
    cwd: root,
    // Nothing of this environment (no credentials) reaches the run.
    clearEnv: true,
    env: { NO_COLOR: "1" },
    signal: AbortSignal.timeout(60_000)
  }).output()
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
  assert.strictEqual(run.code, 0, decode(run.stderr))
  checkQuickstartOutput(decode(run.stdout))
})
