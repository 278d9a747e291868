// The consumer test's types phase (tests/consumer/run.mjs, step 3): every ```ts block of the
// documents, and promise-node10.ts, typechecked against the installed tarballs under nodenext,
// bundler and node10.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import ts from "typescript"
import { check, exec, here, pool, root, tail } from "./support.mjs"

// Documentation blocks

/** Every ```ts block of the documents, grouped into the modules to typecheck. */
const documentationUnits = () => {
  const packageReadmes = readdirSync(join(root, "packages"))
    .sort()
    .map((name) => `packages/${name}/README.md`)
    .filter((file) => existsSync(join(root, file)))
  const docs = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`)
  const units = []
  for (const source of ["README.md", ...docs, ...packageReadmes]) {
    const text = readFileSync(join(root, source), "utf8")
    const blocks = []
    for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      // The block's first line in the document (1-based): the line after the fence.
      const line = text.slice(0, match.index).split("\n").length + 1
      const file = ts.createSourceFile("block.ts", match[1], ts.ScriptTarget.Latest, true)
      const onlyImports = file.statements.length > 0 && file.statements.every(ts.isImportDeclaration)
      blocks.push({ n: blocks.length + 1, line, code: match[1], onlyImports })
    }
    if (blocks.length === 0) continue
    if (blocks.some((block) => block.onlyImports)) {
      // The guide's examples share one block of imports: one module, its blocks in order.
      units.push({ source, name: `${source}#1-${blocks.length}`, blocks })
    } else {
      for (const block of blocks) units.push({ source, name: `${source}#${block.n}`, blocks: [block] })
    }
  }
  return units
}

const importsPromiseEntry = (code) => /from\s+["']@rayvision\/[^/"']+\/promise["']/.test(code)

const hasTopLevelAwait = (file) => {
  let found = false
  const visit = (node) => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) {
      found = true
      return
    }
    ts.forEachChild(node, visit)
  }
  ts.forEachChild(file, visit)
  return found
}

/**
 * A unit's module text and, per line of it, where that line comes from (`README.md:190`).
 * With `wrapTopLevelAwait`, the statements after the imports of a block with top-level await go
 * into `async function main()` (CommonJS has no top-level await).
 */
const moduleText = (unit, { wrapTopLevelAwait }) => {
  const lines = []
  const origins = []
  let wrapped = false
  for (const block of unit.blocks) {
    const blockLines = block.code.replace(/\n$/, "").split("\n")
    let wrapAfter = -1
    if (wrapTopLevelAwait) {
      const file = ts.createSourceFile("block.ts", block.code, ts.ScriptTarget.Latest, true)
      if (hasTopLevelAwait(file)) {
        const imports = file.statements.filter(ts.isImportDeclaration)
        const last = imports.at(-1)
        wrapAfter = last === undefined ? 0 : file.getLineAndCharacterOfPosition(last.getEnd()).line + 1
        wrapped = true
      }
    }
    blockLines.forEach((text, i) => {
      if (i === wrapAfter) {
        lines.push("async function main(): Promise<void> {")
        origins.push(`${unit.source}:${block.line + i} (wrapper)`)
      }
      lines.push(text)
      origins.push(`${unit.source}:${block.line + i}`)
    })
    if (wrapAfter === blockLines.length) {
      lines.push("async function main(): Promise<void> {")
      origins.push(`${unit.source}:${block.line + blockLines.length} (wrapper)`)
    }
    if (wrapAfter !== -1) {
      lines.push("}", "void main()")
      origins.push(`${unit.source} (wrapper)`, `${unit.source} (wrapper)`)
    }
  }
  lines.push("export {}", "")
  origins.push(`${unit.source} (added)`, `${unit.source} (added)`)
  return { text: lines.join("\n"), origins, wrapped }
}

const SETTINGS = [
  {
    name: "nodenext",
    extension: ".mts",
    compilerOptions: { module: "nodenext", moduleResolution: "nodenext" },
    includes: () => true,
    wrapTopLevelAwait: false
  },
  {
    name: "bundler",
    extension: ".ts",
    compilerOptions: { module: "esnext", moduleResolution: "bundler" },
    includes: () => true,
    wrapTopLevelAwait: false
  },
  {
    name: "node10",
    extension: ".ts",
    compilerOptions: { module: "commonjs", moduleResolution: "node10" },
    // vitest's own declarations need a modern resolution (they use package `imports`, #types/...):
    // a guide's tests are not checked under node10.
    includes: (unit) =>
      unit.blocks.some((block) => importsPromiseEntry(block.code)) &&
      !unit.blocks.some((block) => /from\s+["'](@effect\/)?vitest["']/.test(block.code)),
    wrapTopLevelAwait: true
  }
]

/** Typechecks the documentation blocks in `project` (the installed consumer project), a check per module. */
export const typecheck = async (project) => {
  const units = documentationUnits()
  const own = readFileSync(join(here, "promise-node10.ts"), "utf8")
  const jobs = SETTINGS.map((setting) => async () => {
    const dir = join(project, "typecheck", setting.name)
    mkdirSync(dir, { recursive: true })
    const files = new Map() // file name -> { name, origins }
    for (const unit of units.filter(setting.includes)) {
      const { text, origins, wrapped } = moduleText(unit, setting)
      const file = `${unit.name.replace(/[^A-Za-z0-9]+/g, "_")}${setting.extension}`
      writeFileSync(join(dir, file), text)
      files.set(file, { name: `${unit.name}${wrapped ? " (top-level await wrapped in a function)" : ""}`, origins })
    }
    const ownFile = `promise-node10${setting.extension}`
    writeFileSync(join(dir, ownFile), own)
    files.set(ownFile, {
      name: "tests/consumer/promise-node10.ts",
      origins: own.split("\n").map((_, i) => `tests/consumer/promise-node10.ts:${i + 1}`)
    })
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify(
        {
          compilerOptions: {
            ...setting.compilerOptions,
            target: "ES2022",
            lib: ["ES2022", "DOM", "DOM.Iterable"],
            types: ["node"],
            strict: true,
            skipLibCheck: false,
            noEmit: true
          },
          files: [...files.keys()]
        },
        null,
        2
      )
    )
    const result = await exec(
      join(project, "node_modules", ".bin", "tsc"),
      ["-p", "tsconfig.json", "--pretty", "false"],
      {
        cwd: dir
      }
    )
    return { setting, files, result }
  })
  for (const { setting, files, result } of await pool(2, jobs)) {
    // "file(line,col): error TSxxxx: message", continuation lines indented.
    const errors = []
    for (const line of `${result.stdout}${result.stderr}`.split("\n")) {
      const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line)
      if (match !== null) errors.push({ file: match[1], line: Number(match[2]), code: match[4], message: match[5] })
      else if (/^error TS\d+/.test(line)) errors.push({ file: "", line: 0, code: "", message: line })
      else if (/^\s+\S/.test(line) && errors.length > 0) errors.at(-1).message += ` ${line.trim()}`
    }
    for (const [file, { name, origins }] of files) {
      const own = errors.filter((error) => error.file === file)
      check(
        `types ${setting.name} ${name}`,
        own.length === 0
          ? undefined
          : own
              .slice(0, 4)
              .map((e) => `${origins[e.line - 1] ?? `line ${e.line}`} ${e.code} ${e.message.slice(0, 300)}`)
              .join("; ") + (own.length > 4 ? `; and ${own.length - 4} more` : "")
      )
    }
    const elsewhere = errors.filter((error) => !files.has(error.file))
    check(
      `types ${setting.name}: declaration files and configuration`,
      elsewhere.length > 0
        ? elsewhere
            .slice(0, 4)
            .map((e) => `${e.file}(${e.line}) ${e.code} ${e.message.slice(0, 300)}`)
            .join("; ") + (elsewhere.length > 4 ? `; and ${elsewhere.length - 4} more` : "")
        : result.code !== 0 && errors.length === 0
          ? `tsc exit ${result.code}: ${tail(result.stdout + result.stderr)}`
          : undefined
    )
  }
}
