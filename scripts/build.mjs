// Builds every package: JavaScript with tsup, declarations with the TypeScript compiler.
//
// - JavaScript: each library package's tsup.config.ts (scripts/tsup-library.ts) writes one file
//   per source module, ESM to dist/esm and CommonJS to dist/cjs; dist/cjs/package.json (written
//   here) says `"type": "commonjs"` so both folders use `.js`. The CLI is one bundled file.
// - Declarations: tsup's dts step (rollup-plugin-dts) merges every module into one file per entry
//   and, doing so, dropped one half of each name that is both a value and a type in a namespace
//   export (`Task.TaskStatus` kept its type and lost its enum object; `ApiError.ApiError` the
//   reverse). So the declarations come from the compiler itself: one program over the sources of
//   every library package, `emitDeclarationOnly`, one `.d.ts` per module, the same in dist/esm and
//   dist/cjs (each read in its folder's module format). An after-declarations transformer writes
//   relative specifiers with the `.js` extension the output has (`./Task.ts` → `./Task.js`);
//   package specifiers are kept. Any diagnostic fails the build.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import ts from "typescript"

const root = new URL("..", import.meta.url).pathname
const libraries = ["core", "simulator", "node", "deno", "bun"]
const outputs = ["esm", "cjs"]

const fail = (message) => {
  console.error(message)
  process.exit(1)
}

for (const name of [...libraries, "cli"]) {
  const cwd = join(root, "packages", name)
  rmSync(join(cwd, "dist"), { recursive: true, force: true })
  const result = spawnSync(join(root, "node_modules", ".bin", "tsup"), ["--silent"], { cwd, stdio: "inherit" })
  if (result.status !== 0) fail(`tsup of packages/${name} failed (exit ${result.status})`)
  if (libraries.includes(name)) writeFileSync(join(cwd, "dist", "cjs", "package.json"), '{ "type": "commonjs" }\n')
  console.log(`built packages/${name} (JavaScript)`)
}

/** `./Task.ts` → `./Task.js` in import and export declarations and `import("./Task.ts")` types. */
const relativeJs = (context) => {
  const { factory } = context
  const rewrite = (specifier) =>
    specifier !== undefined && ts.isStringLiteral(specifier) && /^\.\.?\/.*\.ts$/.test(specifier.text)
      ? factory.createStringLiteral(specifier.text.replace(/\.ts$/, ".js"))
      : specifier
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      return factory.updateImportDeclaration(
        node,
        node.modifiers,
        node.importClause,
        rewrite(node.moduleSpecifier),
        node.attributes
      )
    }
    if (ts.isExportDeclaration(node)) {
      return factory.updateExportDeclaration(
        node,
        node.modifiers,
        node.isTypeOnly,
        node.exportClause,
        rewrite(node.moduleSpecifier),
        node.attributes
      )
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const argument = factory.updateLiteralTypeNode(node.argument, rewrite(node.argument.literal))
      return factory.updateImportTypeNode(
        node,
        argument,
        node.attributes,
        node.qualifier,
        ts.visitNodes(node.typeArguments, visit),
        node.isTypeOf
      )
    }
    return ts.visitEachChild(node, visit, context)
  }
  return (file) => ts.visitEachChild(file, visit, context)
}

const configFile = join(root, "tsconfig.docs.json")
const parsed = ts.getParsedCommandLineOfConfigFile(
  configFile,
  {
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    noUnusedLocals: false,
    outDir: join(root, ".declarations"),
    rootDir: join(root, "packages")
  },
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")) }
)
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
const written = new Map()
const emitted = program.emit(
  undefined,
  (fileName, text) => {
    // .declarations/<package>/src/<module>.d.ts → packages/<package>/dist/{esm,cjs}/<module>.d.ts
    const [name, src, ...rest] = relative(join(root, ".declarations"), fileName).split("/")
    if (src !== "src" || !libraries.includes(name)) fail(`unexpected declaration output ${fileName}`)
    for (const output of outputs) {
      const target = join(root, "packages", name, "dist", output, ...rest)
      // Declarations only beside their JavaScript (the simulator's command is ESM only).
      if (!existsSync(target.replace(/\.d\.ts$/, ".js"))) continue
      writeFileSync(target, text)
    }
    written.set(name, (written.get(name) ?? 0) + 1)
  },
  undefined,
  true,
  { afterDeclarations: [relativeJs] }
)
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]
if (diagnostics.length > 0) {
  fail(
    ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n"
    })
  )
}
// The declarations mirror the sources: every name each entry point exports (and, through
// `export * as`, every name of each namespace) has the same meanings (value, type, namespace)
// when read from dist/esm's declarations as when read from src.
const sourceFiles = libraries.flatMap((name) => {
  const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"))
  return Object.entries(manifest.exports).flatMap(([subpath, e]) =>
    typeof e === "string" ? [] : [[`${manifest.name}${subpath.slice(1)}`, join(root, "packages", name, e.source)]]
  )
})
const surface = (program, files) => {
  const checker = program.getTypeChecker()
  const meanings = new Map()
  const walk = (moduleSymbol, prefix, seen) => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const path = `${prefix}${exported.name}`
      const kinds = [
        symbol.flags & ts.SymbolFlags.Value ? "value" : "",
        symbol.flags & ts.SymbolFlags.Type ? "type" : "",
        symbol.flags & ts.SymbolFlags.Namespace ? "namespace" : ""
      ]
      meanings.set(path, kinds.filter(Boolean).join("+"))
      const isModule =
        symbol.flags & ts.SymbolFlags.ValueModule && symbol.valueDeclaration && ts.isSourceFile(symbol.valueDeclaration)
      if (isModule && !seen.has(symbol)) walk(symbol, `${path}.`, new Set([...seen, symbol]))
    }
  }
  for (const [label, file] of files)
    walk(checker.getSymbolAtLocation(program.getSourceFile(file)), `${label}:`, new Set())
  return meanings
}
const declarationFiles = sourceFiles.map(([label, file]) => [
  label,
  file.replace(/\/src\/(.*)\.ts$/, "/dist/esm/$1.d.ts")
])
const fromSource = surface(program, sourceFiles)
const fromDeclarations = surface(
  ts.createProgram({ rootNames: declarationFiles.map(([, file]) => file), options: parsed.options }),
  declarationFiles
)
const differences = [...new Set([...fromSource.keys(), ...fromDeclarations.keys()])].filter(
  (path) => fromSource.get(path) !== fromDeclarations.get(path)
)
if (differences.length > 0) {
  fail(
    `The declarations differ from the sources:\n${differences
      .map((p) => `  ${p}: ${fromSource.get(p) ?? "absent"} in src, ${fromDeclarations.get(p) ?? "absent"} in dist`)
      .join("\n")}`
  )
}
console.log(`declarations mirror the sources: ${fromSource.size} exported names, each with the same meanings`)
for (const name of libraries) {
  if (!written.has(name)) fail(`no declarations for packages/${name}`)
  console.log(`built packages/${name} (${written.get(name)} declaration files, in dist/esm and dist/cjs)`)
}
