/**
 * Tree shaking: a program that imports one export of core keeps what that export uses and nothing
 * more. The programs are bundled with esbuild from the sources (the `source` condition, so no
 * build is needed), minified, written nowhere; what a bundle keeps is read from its metafile
 * (`bytesInOutput` of each input: the inputs list every file parsed, kept or not).
 *
 * The programs import core's modules directly. Through the package index (`import { Task } from
 * "@rayvision/core"`, a namespace re-exported with `export * as`) esbuild builds the namespace
 * object whole, a getter for every export of the module, so it keeps them all whatever the module
 * looks like; rollup follows the property read instead. So what is tested here is the part that is
 * ours: that every module's top level can be dropped (BENCHMARKS.md section 5 has the sizes).
 */
import { assert, describe, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { readdirSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const src = fileURLToPath(new URL("../src/", import.meta.url))

const common = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "es2022",
  conditions: ["source"],
  write: false,
  metafile: true,
  logLevel: "silent"
} satisfies esbuild.BuildOptions

/** Minified bytes a bundle keeps of each input, for the inputs it keeps anything of. */
const keptInputs = (output: esbuild.Metafile["outputs"][string]): Record<string, number> =>
  Object.fromEntries(
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path, input]) => [path, input.bytesInOutput])
  )

/** Bundles one program written against `packages/core/src`. */
const bundle = async (program: string) => {
  const result = await esbuild.build({
    ...common,
    stdin: { contents: program, resolveDir: src, loader: "ts", sourcefile: "program.ts" },
    outfile: "bundle.js"
  })
  const output = result.outputFiles[0]!
  return {
    text: output.text,
    bytes: output.contents.length,
    kept: keptInputs(Object.values(result.metafile.outputs)[0]!)
  }
}

/** A program that imports `clause` from core's module `module` and logs `expression`. */
const logging = (clause: string, module: string, expression: string) =>
  `import ${clause} from "./${module}.ts"\nconsole.log(${expression})\n`

const fromNodeModules = (kept: Record<string, number>) =>
  Object.keys(kept).filter((path) => path.includes("node_modules/"))

describe("one export of a model module", () => {
  const enums: ReadonlyArray<readonly [string, string]> = [
    ["Task.TaskStatus", logging("{ TaskStatus }", "Task", "TaskStatus.Rendering")],
    ["Task.TaskStatus (namespace import)", logging("* as Task", "Task", "Task.TaskStatus.Rendering")],
    ["Frame.FrameStatus", logging("{ FrameStatus }", "Frame", "FrameStatus")],
    ["Project.ProjectStatus", logging("{ ProjectStatus }", "Project", "ProjectStatus")],
    ["RenderEnv.CgId", logging("{ CgId }", "RenderEnv", "CgId")],
    ["RenderEnv.cgIdOf", logging("{ cgIdOf }", "RenderEnv", 'cgIdOf("maya")')],
    ["Transfer.LineType", logging("{ LineType }", "Transfer", "LineType")],
    ["User.Zone", logging("{ Zone }", "User", "Zone")],
    ["Wait.EndedStatuses", logging("{ EndedStatuses }", "Wait", "EndedStatuses")]
  ]
  for (const [name, program] of enums) {
    it(`${name} keeps no module of effect and under 1 KiB`, async () => {
      const { bytes, kept } = await bundle(program)
      assert.deepStrictEqual(fromNodeModules(kept), [])
      assert.isBelow(bytes, 1024)
    })
  }

  it("Task.TaskStatus keeps the enumeration and not the module's schemas", async () => {
    const { text } = await bundle(logging("{ TaskStatus }", "Task", "TaskStatus.Rendering"))
    assert.include(text, "Rendering:5")
    assert.notInclude(text, "@rayvision/core/TaskInfo")
  })

  it("one error class keeps that class, not the others of ApiError", async () => {
    const { text, kept } = await bundle(
      logging("{ RequestTimeout }", "ApiError", 'new Error("x") instanceof RequestTimeout')
    )
    // The class is built by effect's Schema.TaggedError, so effect is in the bundle.
    assert.isAbove(fromNodeModules(kept).length, 0)
    assert.include(text, "@rayvision/core/RequestTimeout")
    for (const other of ["TaskNotFound", "TransportError", "Fail", "UnknownApiError", "InvalidRequest"]) {
      assert.notInclude(text, `@rayvision/core/${other}"`)
    }
  })
})

describe("every module of core", () => {
  const modules = (dir: string): Array<string> =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? modules(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []
    )

  it("has a top level a bundler can drop: imported for nothing, it leaves an empty bundle", async () => {
    const files = modules(src)
    assert.isAtLeast(files.length, 30)
    // One entry per module, `import "<module>"`, and core's modules marked as having side effects
    // (`sideEffects: false` in package.json would drop them unread): esbuild then keeps exactly the
    // top-level statements it cannot prove free of effects, in the module or in those it imports.
    const checked: esbuild.Plugin = {
      name: "import-for-nothing",
      setup(build) {
        build.onResolve({ filter: /^entry:/ }, (args) => ({
          path: args.path.slice("entry:".length),
          namespace: "entry"
        }))
        build.onLoad({ filter: /.*/, namespace: "entry" }, (args) => ({
          contents: `import ${JSON.stringify(args.path)}\n`,
          resolveDir: src,
          loader: "js"
        }))
        // Relative and absolute imports of core's modules; effect's own imports resolve as usual.
        build.onResolve({ filter: /^\.{0,2}\// }, (args) =>
          args.importer.includes("node_modules/")
            ? undefined
            : { path: resolve(args.resolveDir, args.path), sideEffects: true }
        )
      }
    }
    const outdir = resolve(src, "../treeshake-out")
    const result = await esbuild.build({
      ...common,
      entryPoints: Object.fromEntries(files.map((file) => [relative(src, file).replace(/\.ts$/, ""), `entry:${file}`])),
      outdir, // nothing is written
      plugins: [checked]
    })
    const leftovers: Record<string, string> = {}
    for (const output of result.outputFiles) {
      if (output.text.trim() !== "") leftovers[relative(outdir, output.path)] = output.text.slice(0, 300)
    }
    assert.deepStrictEqual(leftovers, {})
    assert.strictEqual(result.outputFiles.length, files.length)
  })
})
