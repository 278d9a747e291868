import { assert, describe, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll } from "vitest"
import { checkQuickstartOutput, root } from "./quickstart-output.ts"

/**
 * "Bundling for Node" in docs/runtimes.md: an ESM bundle of a program on `@rayvision/node` needs
 * a `require` (undici is CommonJS). This bundles `examples/quickstart.ts` with the documented
 * options and runs the bundle with Node.
 *
 * The packages resolve through their published exports (the built output, what users install),
 * not through vitest's `source` condition, which esbuild does not see. Only when a package has
 * no build (a `vitest run` without `node scripts/build.mjs` first) does the bundle read the
 * sources through the `source` condition instead.
 */

/** The banner docs/runtimes.md documents, verbatim. */
const banner =
  'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);'

/** The file a package's "." export gives an ESM import on Node, or undefined. */
const builtEntry = (name: string): string | undefined => {
  const dir = join(root, "packages", name)
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { exports?: Record<string, unknown> }
  let target: unknown = manifest.exports?.["."]
  while (typeof target === "object" && target !== null) {
    const conditions = target as Record<string, unknown>
    const key = Object.keys(conditions).find((k) => k === "node" || k === "import" || k === "default")
    target = key === undefined ? undefined : conditions[key]
  }
  return typeof target === "string" ? join(dir, target) : undefined
}

const built = ["core", "node", "simulator"].every((name) => {
  const entry = builtEntry(name)
  return entry !== undefined && existsSync(entry)
})

const out = mkdtempSync(join(tmpdir(), "rayvision-bundle-"))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Bundles the quick start into `out/<name>` and runs it with Node, without credentials. */
const bundleAndRun = async (name: string, options: esbuild.BuildOptions) => {
  const outfile = join(out, name)
  await esbuild.build({
    entryPoints: [join(root, "examples", "quickstart.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    ...(built ? {} : { conditions: ["source"] }),
    ...options
  })
  const env = { ...process.env }
  delete env["RAYVISION_API_ACCESS_ID"]
  delete env["RAYVISION_API_KEY"]
  delete env["NODE_OPTIONS"]
  // Run from the temporary folder: the bundle must need nothing from the repository.
  return promisify(execFile)(process.execPath, [outfile], { cwd: out, env, timeout: 60_000 })
}

describe(`an ESM bundle of examples/quickstart.ts (${built ? "built packages" : "sources: no build found"})`, () => {
  it("runs with the banner docs/runtimes.md documents", { timeout: 90_000 }, async () => {
    assert.include(readFileSync(join(root, "docs", "runtimes.md"), "utf8"), banner)
    const { stdout } = await bundleAndRun("quickstart.mjs", { banner: { js: banner } })
    checkQuickstartOutput(stdout)
  })

  it('stops at start without it: "Dynamic require of ... is not supported"', { timeout: 90_000 }, async () => {
    const error = await bundleAndRun("plain.mjs", {}).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error
    )
    assert.isDefined(error, "the bundle without the banner ran")
    assert.strictEqual(error?.code, 1)
    assert.match(error?.stderr ?? "", /Dynamic require of "node:[a-z_/]+" is not supported/)
  })
})
