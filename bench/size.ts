/**
 * Size: minified and gzipped esbuild bundles (platform node, ESM, tree-shaken, `source`
 * condition, Effect and every dependency included) of a quick-start program and of
 * `@rayvision/core` alone, with the share of each package in the minified output.
 */
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"
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

const bundle = async (name: string, entry: string, options: esbuild.BuildOptions): Promise<SizeCase> => {
  const result = await esbuild.build({
    ...options,
    absWorkingDir: root,
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: "node",
    format: "esm",
    target: "es2022",
    conditions: ["source"],
    write: false,
    metafile: true,
    outfile: "bundle.js",
    logLevel: "silent"
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

/** Bundles the quick start and the core package (Node only: the bundle is the same everywhere). */
export const runSize = async (quick: boolean): Promise<ReadonlyArray<SizeCase>> => {
  const quickStart = await bundle("quick start (@rayvision/node, no simulator)", "bench/size/quickstart.ts", {
    entryPoints: ["bench/size/quickstart.ts"]
  })
  // Quick mode: the quick start only (each bundle takes a few seconds).
  if (quick) return [quickStart]
  return [
    quickStart,
    await bundle("the same quick start on fetch (FetchHttpClient, no undici)", "bench/size/quickstart-fetch.ts", {
      entryPoints: ["bench/size/quickstart-fetch.ts"]
    }),
    await bundle("examples/quickstart.ts (embeds the simulator)", "examples/quickstart.ts", {
      entryPoints: ["examples/quickstart.ts"]
    }),
    await bundle("@rayvision/core alone (every export)", "@rayvision/core", {
      stdin: { contents: 'export * from "@rayvision/core"', resolveDir: root, loader: "ts", sourcefile: "<stdin>" }
    })
  ]
}
