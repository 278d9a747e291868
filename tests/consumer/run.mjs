// The consumer test: the packages as a user gets them. Run after the build (scripts/test-all.mjs
// builds first): `node tests/consumer/run.mjs [--keep]`.
//
// 1. pack: every package with pnpm (`pnpm pack`, which writes the published manifest).
// 2. install: a project in a fresh folder under the OS temp directory, nothing of the repository
//    beside it, depending on the six tarballs (file: paths) and on the peer dependencies at the
//    versions the repository pins (read from the packages' devDependencies), TypeScript and
//    @types/node (from the root's); installed with npm.
// 3. types: every ```ts block of README.md, docs/*.md and packages/*/README.md, typechecked
//    against the installed tarballs (strict, skipLibCheck false) with module/moduleResolution
//    nodenext (.mts files), esnext/bundler, and commonjs/node10 (only the blocks that import a
//    `/promise` entry point, the Promise facade; a block with top-level await has its statements
//    after the imports wrapped in an async function there, which CommonJS needs), plus
//    tests/consumer/promise-node10.ts under all three. A block is a complete module, except in a
//    guide whose examples share one block of imports (docs/testing.md): that guide's blocks are
//    checked together, as one module. @effect/vitest and vitest (the versions the repository
//    uses) are installed for the blocks that show tests; those are not checked under node10,
//    which vitest's own declarations do not support. No block needs Deno's or Bun's globals.
// 4. run: one program (scenario.mjs) on Node ESM (node.mjs), Node CommonJS (node.cjs), Bun
//    (bun.mjs) and Deno (deno.mjs), each with its runtime's adapter, against the simulator of the
//    @rayvision/simulator tarball on a free port of 127.0.0.1 in the same process; and the CLI's
//    `rayvision user profile --simulate --json`.
// 5. lint: publint and @arethetypeswrong/cli (profile strict: node10, node16 CJS and ESM,
//    bundler) on every tarball; any message is a failure (publint's suggestions included), and
//    so is a library without types. The CLI is a bin with no exports and no types: attw finds
//    no types there and has nothing to resolve, which passes (were it to ship TypeScript files,
//    attw would check its entry points, and fail on any problem).
// 6. publishing: `npm pack` is refused in every package (pnpm only), and `pnpm publish --dry-run`
//    succeeds with nothing from the workspace (`workspace:` ranges, src/) in what it would publish.
//
// The phases live next to this file: support.mjs (checks, phases, processes), types.mjs (3),
// programs.mjs (4), lint.mjs (5, 6).
//
// Prints `ok <check>` or `FAIL <check>: <why>` per check, the time of each phase, and ends with
// `consumer: N passed, M failed`; exit code 1 on any failure. The temporary folder is removed at
// the end unless --keep is given (its path is printed).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { lint, publishing } from "./lint.mjs"
import { runPrograms } from "./programs.mjs"
import { check, exec, PACKAGES, phase, PNPM, pool, readJson, root, tail, timings, totals } from "./support.mjs"
import { typecheck } from "./types.mjs"

const keep = process.argv.includes("--keep")

// ---------------------------------------------------------------------------------------------
// Versions: the peer dependencies as the repository pins them, TypeScript and @types/node as the root does.

const manifest = (name) => readJson(join(root, "packages", name, "package.json"))
const rootManifest = readJson(join(root, "package.json"))
const pinned = (where, deps, name) => {
  const version = deps?.[name]
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`${where} has no exact version of ${name} (found ${version})`)
  }
  return version
}
const versions = {
  effect: pinned("packages/core devDependencies", manifest("core").devDependencies, "effect"),
  "@effect/platform": pinned("packages/core devDependencies", manifest("core").devDependencies, "@effect/platform"),
  "@effect/platform-node": pinned(
    "packages/node devDependencies",
    manifest("node").devDependencies,
    "@effect/platform-node"
  ),
  // For the documentation blocks that show tests (README, docs/testing.md), as docs/testing.md says to install.
  "@effect/vitest": pinned("packages/core devDependencies", manifest("core").devDependencies, "@effect/vitest"),
  vitest: pinned("packages/core devDependencies", manifest("core").devDependencies, "vitest"),
  typescript: pinned("the root devDependencies", rootManifest.devDependencies, "typescript"),
  "@types/node": pinned("the root devDependencies", rootManifest.devDependencies, "@types/node")
}

// ---------------------------------------------------------------------------------------------
// The run

const work = mkdtempSync(join(tmpdir(), "rayvision-consumer-"))
const packs = join(work, "packs")
const project = join(work, "project")
console.log(`consumer test in ${work}${keep ? " (kept: --keep)" : ""}`)
const started = Date.now()

const main = async () => {
  // 1. pack
  const tarballs = await phase("pack (pnpm pack, every package)", async () => {
    const results = await pool(
      3,
      PACKAGES.map((name) => async () => {
        const destination = join(packs, name)
        mkdirSync(destination, { recursive: true })
        const result = await exec("npx", [...PNPM, "pack", "--pack-destination", destination], {
          cwd: join(root, "packages", name)
        })
        const files = existsSync(destination) ? readdirSync(destination).filter((f) => f.endsWith(".tgz")) : []
        const problem =
          result.code !== 0
            ? `exit ${result.code}: ${tail(result.stderr || result.stdout)}`
            : files.length !== 1
              ? `expected one .tgz in the destination, found ${files.length}`
              : undefined
        return { problem, file: problem === undefined ? join(destination, files[0]) : undefined }
      })
    )
    PACKAGES.forEach((name, i) => check(`pack ${name}`, results[i].problem))
    return Object.fromEntries(PACKAGES.map((name, i) => [name, results[i].file]))
  })
  if (Object.values(tarballs).some((file) => file === undefined)) {
    check("install", "skipped: a package did not pack")
    return
  }

  // 2. install
  const installed = await phase("install (npm, in a project under the temp directory)", async () => {
    mkdirSync(project, { recursive: true })
    const dependencies = Object.fromEntries(
      PACKAGES.map((name) => [`@rayvision/${name}`, `file:${relative(project, tarballs[name])}`])
    )
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify(
        {
          name: "rayvision-consumer",
          version: "0.0.0",
          private: true,
          dependencies: {
            ...dependencies,
            effect: versions.effect,
            "@effect/platform": versions["@effect/platform"],
            "@effect/platform-node": versions["@effect/platform-node"]
          },
          devDependencies: {
            "@effect/vitest": versions["@effect/vitest"],
            vitest: versions.vitest,
            typescript: versions.typescript,
            "@types/node": versions["@types/node"]
          }
        },
        null,
        2
      )}\n`
    )
    const result = await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project })
    check("npm install", result.code === 0 ? undefined : `exit ${result.code}: ${tail(result.stderr || result.stdout)}`)
    if (result.code !== 0) return false
    // One copy of each package: the adapters and the simulator must share the installed core.
    const nested = PACKAGES.flatMap((name) =>
      PACKAGES.filter((dep) =>
        existsSync(join(project, "node_modules", "@rayvision", name, "node_modules", "@rayvision", dep))
      ).map((dep) => `@rayvision/${name} has its own @rayvision/${dep}`)
    )
    check("installed once each (no nested @rayvision/* copy)", nested.length === 0 ? undefined : nested.join("; "))
    return true
  })
  if (!installed) return

  // 3. types
  await phase("types (tsc: nodenext, bundler, node10)", () => typecheck(project))

  // 4. run
  await phase("run (Node ESM, Node CJS, Bun, Deno; the CLI)", () => runPrograms(project))

  // 5. lint
  await phase("lint (publint, attw, every tarball)", () => lint(tarballs))

  // 6. publishing
  await phase("publishing (npm refused; pnpm publish --dry-run)", () => publishing())
}

// ---------------------------------------------------------------------------------------------

try {
  await main()
} catch (error) {
  check("consumer test", error instanceof Error ? (error.stack ?? error.message) : String(error))
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true })
}
console.log("\ntimings:")
for (const [name, seconds] of timings) console.log(`  ${name}: ${seconds.toFixed(1)} s`)
console.log(`  total: ${((Date.now() - started) / 1000).toFixed(1)} s`)
if (keep) console.log(`kept: ${work}`)
const { passed, failed } = totals()
console.log(`\nconsumer: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
