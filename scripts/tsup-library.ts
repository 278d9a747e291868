/**
 * The tsup settings of every library package (core, node, deno, bun, simulator): one JavaScript
 * file per source module, as `effect` itself ships, so that a bundler keeps only the modules a
 * program reaches and `sideEffects: false` has something to drop.
 *
 * - `dist/esm/<module>.js`: ES modules (the package is `"type": "module"`).
 * - `dist/cjs/<module>.js`: CommonJS (`scripts/build.mjs` writes `dist/cjs/package.json` with
 *   `"type": "commonjs"`, so the same `.js` names work in both folders).
 *
 * Every source module is an entry, and every relative import is left to the runtime: the plugin
 * marks it external and writes the extension the output has (`./Task.ts` becomes `./Task.js`), so
 * no module is copied into another. Package imports (`effect`, `@effect/*`, `@rayvision/*`) stay
 * imports too. Declarations are not tsup's job here: `scripts/build.mjs` emits them with the
 * TypeScript compiler (see there why).
 */
import type { Plugin } from "esbuild"
import type { Options } from "tsup"

/** Every relative import stays an import of the sibling output file, with a `.js` extension. */
const perModule: Plugin = {
  name: "rayvision-per-module",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) =>
      args.kind === "entry-point" ? undefined : { path: args.path.replace(/\.ts$/, ".js"), external: true }
    )
  }
}

const common: Options = {
  target: "es2022",
  sourcemap: true,
  splitting: false,
  treeshake: false,
  // Keep `node:crypto` as written: Deno and Bun resolve built-ins by their `node:` names.
  removeNodeProtocol: false,
  external: ["effect", /^@effect\//, /^@rayvision\//],
  esbuildPlugins: [perModule],
  silent: true
}

/**
 * The two builds of a library package. `esmOnly` lists entries that ship only as ES modules
 * (the simulator's `bin.ts`, a command, which nothing requires).
 */
export const library = (options: { readonly esmOnly?: ReadonlyArray<string> } = {}): Array<Options> => {
  const sources = ["src/**/*.ts"]
  const esmOnly = (options.esmOnly ?? []).map((entry) => `!${entry}`)
  return [
    { ...common, entry: sources, format: "esm", outDir: "dist/esm" },
    {
      ...common,
      entry: [...sources, ...esmOnly],
      format: "cjs",
      outDir: "dist/cjs",
      outExtension: () => ({ js: ".js" })
    }
  ]
}
