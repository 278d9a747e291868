// The published fields of every package's package.json, written in one place: entry points and
// their conditions, node10 types, metadata (license, repository, engines), files, side effects and
// the pnpm-only packing guard. `node scripts/manifests.mjs --write` writes them; without `--write`
// it checks that every manifest holds exactly these fields (the test command runs the check).
//
// The workspace's `exports` carry a `source` condition (runtimes and tools in this repository run
// the TypeScript sources with `--conditions=source`); the published `exports`, given to pnpm as
// `publishConfig.exports`, do not, so nothing a consumer sets can reach files that are not shipped.
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const repository = "https://github.com/rayvision-sdk/rayvision"

/**
 * Entry points (source modules under src/) of each package; the CLI ships one bundled file.
 * `modules: true` also gives each namespace of the package's entry points its own subpath, as
 * `effect/Schema` is to `effect`: `@rayvision/core/Task` is the module `Task` of
 * `import { Task } from "@rayvision/core"`. A bundler that cannot shake a namespace object
 * (esbuild builds `export * as Task` whole) keeps only what a program uses from a module it
 * imports directly.
 */
const packages = {
  core: { entries: ["index", "promise"], modules: true },
  node: { entries: ["index", "promise"] },
  deno: { entries: ["index", "promise"] },
  bun: { entries: ["index", "promise"] },
  simulator: { entries: ["index"], bin: { "rayvision-simulator": "./dist/esm/bin.js" } },
  cli: { bin: { rayvision: "./dist/bin.js" } }
}

/** The modules that an entry point re-exports as namespaces (`export * as Task from "./Task.ts"`). */
const namespacesOf = (name, entries) =>
  entries.flatMap((entry) =>
    Array.from(
      readFileSync(join(root, "packages", name, "src", `${entry}.ts`), "utf8").matchAll(
        /^export \* as (\w+) from "\.\/(\w+)\.ts"$/gm
      ),
      (match) => {
        if (match[1] !== match[2])
          throw new Error(`packages/${name}/src/${entry}.ts: ${match[1]} is not ./${match[1]}.ts`)
        return match[1]
      }
    )
  )

const subpath = (entry) => (entry === "index" ? "." : `./${entry}`)
const built = (entry) => ({
  import: { types: `./dist/esm/${entry}.d.ts`, default: `./dist/esm/${entry}.js` },
  require: { types: `./dist/cjs/${entry}.d.ts`, default: `./dist/cjs/${entry}.js` }
})
const exportsOf = (entries, withSource) => ({
  ...Object.fromEntries(
    entries.map((entry) => [
      subpath(entry),
      withSource ? { source: `./src/${entry}.ts`, ...built(entry) } : built(entry)
    ])
  ),
  "./package.json": "./package.json"
})

/** The generated fields of one package, in the order they appear in its manifest. */
const fieldsOf = (name, spec) => {
  const fields = {
    license: "MIT",
    repository: { type: "git", url: `git+${repository}.git`, directory: `packages/${name}` },
    homepage: `${repository}/tree/main/packages/${name}#readme`,
    bugs: { url: `${repository}/issues` },
    engines: { node: ">=20" },
    type: "module"
  }
  if (spec.entries !== undefined) {
    const entries = spec.modules ? [...spec.entries, ...namespacesOf(name, spec.entries)] : spec.entries
    const subpaths = entries.filter((entry) => entry !== "index")
    Object.assign(fields, {
      // Only a command has effects on import; every library module may be dropped when unused.
      sideEffects: spec.bin === undefined ? false : Object.values(spec.bin),
      main: "./dist/cjs/index.js",
      module: "./dist/esm/index.js",
      types: "./dist/cjs/index.d.ts",
      // node10 resolution (`moduleResolution: node`) reads no `exports`: subpaths' types from here.
      ...(subpaths.length > 0
        ? { typesVersions: { "*": Object.fromEntries(subpaths.map((e) => [e, [`./dist/cjs/${e}.d.ts`]])) } }
        : {}),
      exports: exportsOf(entries, true),
      publishConfig: { access: "public", exports: exportsOf(entries, false) }
    })
  } else {
    fields.publishConfig = { access: "public" }
  }
  if (spec.bin !== undefined) fields.bin = spec.bin
  fields.files = ["dist"]
  fields.scripts = { prepack: "node ../../scripts/pnpm-only.mjs" }
  return fields
}

const order = [
  "name",
  "version",
  "description",
  "license",
  "repository",
  "homepage",
  "bugs",
  "engines",
  "type",
  "sideEffects",
  "main",
  "module",
  "types",
  "typesVersions",
  "exports",
  "publishConfig",
  "bin",
  "files",
  "scripts",
  "dependencies",
  "peerDependencies",
  "devDependencies"
]
const generated = new Set(Object.entries(packages).flatMap(([name, spec]) => Object.keys(fieldsOf(name, spec))))

const write = process.argv.includes("--write")
const stale = []
for (const [name, spec] of Object.entries(packages)) {
  const file = join(root, "packages", name, "package.json")
  const text = readFileSync(file, "utf8")
  const current = JSON.parse(text)
  const fields = fieldsOf(name, spec)
  const merged = { ...current, ...fields }
  for (const key of generated) if (!(key in fields)) delete merged[key]
  const unknown = Object.keys(merged).filter((key) => !order.includes(key))
  if (unknown.length > 0) {
    console.error(`packages/${name}/package.json: fields this script does not place: ${unknown.join(", ")}`)
    process.exit(1)
  }
  const next = `${JSON.stringify(Object.fromEntries(order.filter((k) => k in merged).map((k) => [k, merged[k]])), null, 2)}\n`
  if (next === text) continue
  if (write) writeFileSync(file, next)
  else stale.push(`packages/${name}/package.json`)
}
if (stale.length > 0) {
  console.error(`Manifests out of date (run node scripts/manifests.mjs --write): ${stale.join(", ")}`)
  process.exit(1)
}
console.log(`manifests: ${Object.keys(packages).length} packages ${write ? "written" : "up to date"}`)
