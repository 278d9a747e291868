// Builds the API reference and checks the examples in the doc comments. Two steps, exit code 1
// if either fails:
// 1. TypeDoc (typedoc.json) writes the reference to api-docs/ from the public entry points of
//    @rayvision/core, @rayvision/simulator and the three adapters. Warnings are errors there, so
//    a broken {@link ...} or a public type that refers to an unexported one fails the build.
// 2. Every ```ts block inside an `@example` tag of a public source file (packages/*/src/*.ts,
//    not internal/) is written to .api-doc-examples/ and typechecked with tsc and the settings of
//    tsconfig.base.json, so an example must be a complete module (its own imports). An
//    `@example` without a fenced code block is an error too (TypeDoc would show it as code that
//    nobody checks). `@rayvision/deno` and `@rayvision/bun`, which the root does not depend on,
//    resolve to their sources.
// Flags: --examples-only skips TypeDoc.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { typecheckSnippets } from "./typecheck-snippets.mjs"

const root = new URL("..", import.meta.url).pathname
const bin = (name) => join(root, "node_modules", ".bin", name)
const problems = []

if (!process.argv.includes("--examples-only")) {
  const typedoc = spawnSync(bin("typedoc"), ["--options", join(root, "typedoc.json"), "--logLevel", "Warn"], {
    cwd: root,
    encoding: "utf8"
  })
  const output = `${typedoc.stdout ?? ""}${typedoc.stderr ?? ""}`.trim()
  if (output !== "") console.log(output)
  if (typedoc.status !== 0) problems.push(`typedoc exited with ${typedoc.status}`)
  else {
    const pages = readdirSync(join(root, "api-docs"), { recursive: true }).filter((name) =>
      String(name).endsWith(".html")
    )
    const config = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8"))
    console.log(`API reference: ${pages.length} pages from ${config.entryPoints.length} entry points in api-docs/`)
  }
}

// The text of a doc comment without its leading " * ".
const commentLines = (comment) =>
  comment
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))

const out = join(root, ".api-doc-examples")
rmSync(out, { recursive: true, force: true })
mkdirSync(out)
const sources = readdirSync(join(root, "packages"))
  .filter((pkg) => existsSync(join(root, "packages", pkg, "src")))
  .sort()
  .flatMap((pkg) =>
    readdirSync(join(root, "packages", pkg, "src"))
      .filter((name) => name.endsWith(".ts"))
      .sort()
      .map((name) => `packages/${pkg}/src/${name}`)
  )
const files = []
for (const source of sources) {
  const text = readFileSync(join(root, source), "utf8")
  for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, match.index).split("\n").length
    const lines = commentLines(match[0])
    for (let i = 0; i < lines.length; i++) {
      if (!/^@example\b/.test(lines[i])) continue
      const exampleLine = startLine + i
      // The tag's content runs to the next block tag (outside a code fence) or the comment's end.
      const blocks = []
      let fence = null
      let j = i + 1
      for (; j < lines.length; j++) {
        const line = lines[j]
        if (fence === null && /^@\w/.test(line)) break
        if (fence === null && line.startsWith("```")) {
          fence = { lang: line.slice(3).trim(), line: startLine + j + 1, body: [] }
        } else if (fence !== null && line.startsWith("```")) {
          blocks.push(fence)
          fence = null
        } else if (fence !== null) fence.body.push(line)
      }
      if (fence !== null) problems.push(`${source}:${exampleLine}: @example with an unclosed code fence`)
      if (blocks.length === 0) problems.push(`${source}:${exampleLine}: @example without a fenced code block`)
      for (const block of blocks) {
        if (block.lang !== "ts" && block.lang !== "typescript") continue
        const name = `${source.replace(/^packages\//, "").replace(/[/.]/g, "_")}-L${block.line}.ts`
        writeFileSync(join(out, name), `// from ${source}:${block.line}\n${block.body.join("\n")}\nexport {}\n`)
        files.push(name)
      }
      i = j - 1
    }
  }
}
if (files.length > 0) {
  const status = typecheckSnippets(out)
  if (status !== 0) problems.push(`tsc on the @example blocks exited with ${status} (files in .api-doc-examples/)`)
}
console.log(`@example blocks: ${files.length} typechecked from ${sources.length} source files`)

for (const problem of problems) console.error(`api-docs: ${problem}`)
process.exit(problems.length === 0 ? 0 : 1)
