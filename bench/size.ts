/**
 * Size: what a user's bundle carries. Minified and gzipped esbuild bundles (platform node, ESM,
 * tree-shaken, Effect and every dependency included) of three programs: one enumeration imported
 * from `@rayvision/core`, the quick start on the Node adapter, and the same quick start on
 * `fetch`; the full run adds every export of `@rayvision/core`, the ceiling of what core can
 * weigh. The packages resolve through their published exports (the built `dist/esm`, never the
 * repository's `source` condition); when they have no build yet, `node scripts/build.mjs` runs
 * first (after a change to the sources, run it yourself: an existing build is used as it is).
 *
 * Run alone: `node_modules/.bin/tsx bench/size.ts` prints BENCHMARKS.md's section of them.
 */
import * as esbuild from "esbuild"
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { gzipSync } from "node:zlib"

/** One bundle's figures. */
export interface SizeCase {
  readonly name: string
  readonly entry: string
  readonly minifiedBytes: number
  readonly gzipBytes: number
  /** Minified bytes by package (`effect`, `@effect/platform`, `@rayvision/core`, ...), largest first. */
  readonly byPackage: Readonly<Record<string, number>>
}

const root = fileURLToPath(new URL("..", import.meta.url))

/**
 * The ESM recipe of docs/runtimes.md ("Bundling for Node"): undici, the Node adapter's HTTP
 * client, is CommonJS and `require`s Node's built-ins, so an ESM bundle of it needs a `require`.
 */
export const requireBanner =
  'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);'

const packageOf = (path: string): string => {
  const modules = path.lastIndexOf("node_modules/")
  if (modules >= 0) {
    const rest = path.slice(modules + "node_modules/".length).split("/")
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  const workspace = /^packages\/([^/]+)\//.exec(path)
  if (workspace !== null) return `@rayvision/${workspace[1]}`
  return path.startsWith("bench/") || path.startsWith("examples/") || path === "<stdin>" ? "(program)" : path
}

const bundle = async (
  name: string,
  entry: string,
  options: esbuild.BuildOptions & { readonly needsRequire?: boolean }
): Promise<SizeCase> => {
  const { needsRequire, ...buildOptions } = options
  const result = await esbuild
    .build({
      ...buildOptions,
      absWorkingDir: root,
      bundle: true,
      minify: true,
      treeShaking: true,
      platform: "node",
      format: "esm",
      target: "es2022",
      // No `conditions`: the packages' published exports (import → dist/esm), as a user's bundler sees them.
      ...(needsRequire === true ? { banner: { js: requireBanner } } : {}),
      write: false,
      metafile: true,
      outfile: "bundle.js",
      logLevel: "silent"
    })
    .catch((error: unknown) => {
      throw new Error(
        `bundling ${name} failed (are the packages built? node scripts/build.mjs): ${error instanceof Error ? error.message : String(error)}`
      )
    })
  const output = result.outputFiles.find((file) => file.path.endsWith("bundle.js"))!
  const byPackage: Record<string, number> = {}
  for (const out of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(out.inputs)) {
      const key = packageOf(path)
      byPackage[key] = (byPackage[key] ?? 0) + input.bytesInOutput
    }
  }
  return {
    name,
    entry,
    minifiedBytes: output.contents.length,
    gzipBytes: gzipSync(output.contents, { level: 9 }).length,
    byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1]))
  }
}

/** The file the "." export of `packages/<name>` gives an ESM import on Node, or undefined. */
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

/** Builds the packages (`scripts/build.mjs`) when one the programs import has no build. */
const ensureBuilt = () => {
  const missing = ["core", "node"].filter((name) => {
    const entry = builtEntry(name)
    return entry === undefined || !existsSync(entry)
  })
  if (missing.length === 0) return
  console.error(`size: ${missing.join(", ")} not built; running node scripts/build.mjs first`)
  const result = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" })
  if (result.status !== 0) throw new Error(`node scripts/build.mjs failed (exit ${result.status})`)
}

/** A program given as text (bundled from the repository root, so it resolves the root's packages). */
const stdin = (contents: string): esbuild.BuildOptions => ({
  stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "<stdin>" }
})

/** Bundles the programs (Node only: the bundle is the same everywhere). */
export const runSize = async (quick: boolean): Promise<ReadonlyArray<SizeCase>> => {
  ensureBuilt()
  const cases = [
    await bundle(
      "one enum from @rayvision/core",
      'import { Task } from "@rayvision/core"',
      stdin('import { Task } from "@rayvision/core"\nconsole.log(Task.TaskStatus.Rendering)\n')
    ),
    // The same read from Task's module subpath, not through the index's `export * as Task`: what a
    // bundler keeps of the module when it follows the property read (see sizeSection).
    await bundle(
      "one enum from @rayvision/core/Task (the module's subpath)",
      'import * as Task from "@rayvision/core/Task"',
      stdin('import * as Task from "@rayvision/core/Task"\nconsole.log(Task.TaskStatus.Rendering)\n')
    ),
    await bundle(
      "one error class from @rayvision/core",
      'import { ApiError } from "@rayvision/core"',
      stdin(
        'import { ApiError } from "@rayvision/core"\n' +
          "const isTimeout = (error: unknown) => error instanceof ApiError.RequestTimeout\n" +
          'console.log(isTimeout(new Error("x")))\n'
      )
    ),
    await bundle("the quick start on Node (@rayvision/node, undici)", "bench/size/quickstart.ts", {
      entryPoints: ["bench/size/quickstart.ts"],
      needsRequire: true
    }),
    await bundle("the quick start on fetch (FetchHttpClient, no undici)", "bench/size/quickstart-fetch.ts", {
      entryPoints: ["bench/size/quickstart-fetch.ts"]
    })
  ]
  // Quick mode: the three programs only.
  if (quick) return cases
  return [
    ...cases,
    await bundle(
      "every export of @rayvision/core",
      'export * from "@rayvision/core"',
      stdin('export * from "@rayvision/core"\n')
    )
  ]
}

const kib = (bytes: number) =>
  `${(bytes / 1024).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KiB`

/** BENCHMARKS.md's section of these figures (`report.ts` writes it; `tsx bench/size.ts` prints it). */
export const sizeSection = (cases: ReadonlyArray<SizeCase>): string =>
  [
    "## 5. Bundle size: what a user's bundle carries",
    "What a program's bundle weighs with the SDK and Effect in it: esbuild bundles (`--bundle --platform=node " +
      "--format=esm --minify`, tree-shaken, every dependency included), gzip level 9. The packages resolve through " +
      "their published exports, the built per-module ESM (`dist/esm`), not the repository's `source` condition. " +
      "The quick start on Node carries the banner that gives the bundle a `require` (docs/runtimes.md, " +
      '"Bundling for Node"): its undici is CommonJS and a plain ESM bundle of it stops at start. The programs: ' +
      '`import { Task } from "@rayvision/core"; console.log(Task.TaskStatus.Rendering)`; the same with ' +
      '`import * as Task from "@rayvision/core/Task"`; `import { ApiError } from "@rayvision/core"` ' +
      "and an `instanceof ApiError.RequestTimeout` test; the quick start of " +
      "`bench/size/program.ts` (profile, a task page, a stop) with `@rayvision/node`; the same with " +
      "`Rayvision.adapter(FetchHttpClient.layer)` (the runtime's `fetch`, as `@rayvision/bun` and `@rayvision/deno` " +
      "use). Reproduce: `node scripts/build.mjs && node_modules/.bin/tsx bench/size.ts`.",
    [
      "| program | minified | gzipped | largest contributors (minified) |",
      "| --- | --- | --- | --- |",
      ...cases.map((c) => {
        const top = Object.entries(c.byPackage)
          .filter(([, bytes]) => bytes >= 1024)
          .slice(0, 5)
          .map(([name, bytes]) => `${name} ${kib(bytes)}`)
          .join(", ")
        return `| ${c.name} | ${kib(c.minifiedBytes)} | ${kib(c.gzipBytes)} | ${top} |`
      })
    ].join("\n"),
    "`@rayvision/core` is one module per file, free of side effects (`sideEffects: false`), and the top level " +
      "of every module can be dropped: its schemas, classes, tags and layers are built by calls marked " +
      "`/* @__PURE__ */`, and it imports effect by module (`effect/Schema`), not through effect's index. So a " +
      "bundler keeps what a program reads and what that needs: read from Task's module (each namespace of the " +
      "index is also a subpath, `@rayvision/core/Task`, as `effect/Schema` is to `effect`), the enumeration is " +
      "its object alone, with no effect. Through the package index it is not so with esbuild: `Task` is a " +
      "namespace re-exported with `export * as Task`, and esbuild builds that namespace object whole, a getter " +
      "for every export of `Task.js`, so it keeps the module's schema classes and, with them, the core of " +
      "effect's `Schema` (rollup follows the property read instead and keeps the enumeration alone). An error " +
      "class is built by `Schema.TaggedError`, so it brings most of `Schema` whatever the bundler, but not the " +
      "other error classes. Importing effect by module is also what made every row here smaller than before: " +
      "through effect's index, esbuild built effect's namespace objects (`Schema`, `Effect`, ...) whole in the " +
      "same way, and with `Schema` came fast-check and pure-rand. A client layer builds every service, so the " +
      "quick start carries nearly all of core whatever it calls."
  ].join("\n\n")

// Run alone: print the section.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(sizeSection(await runSize(process.argv.includes("--quick"))))
}
