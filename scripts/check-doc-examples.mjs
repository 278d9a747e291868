// Typechecks every ```ts block of README.md, of each package's README (packages/*/README.md) and
// of every docs/*.md guide except docs/testing.md:
// each block is written to .doc-examples/<document>-<n>.ts and compiled with the project's
// settings, so a block must be a complete module (its own imports). (docs/testing.md is checked
// by tests/services/testkit.test.ts, which holds its examples verbatim.) `@rayvision/deno` and
// `@rayvision/bun`, which the root does not depend on, resolve to their sources, so the guides
// can show them. Exit code 1 on any error.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { typecheckSnippets } from "./typecheck-snippets.mjs"

const root = new URL("..", import.meta.url).pathname
const out = join(root, ".doc-examples")
rmSync(out, { recursive: true, force: true })
mkdirSync(out)
const sources = [
  "README.md",
  ...readdirSync(join(root, "packages"))
    .filter((name) => existsSync(join(root, "packages", name, "README.md")))
    .sort()
    .map((name) => `packages/${name}/README.md`),
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md") && name !== "testing.md")
    .sort()
    .map((name) => `docs/${name}`)
]
const files = []
for (const source of sources) {
  const text = readFileSync(join(root, source), "utf8")
  let n = 0
  for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = `${source.replace(/[/.]/g, "_")}-${++n}.ts`
    writeFileSync(join(out, name), `// from ${source}, block ${n}\n${match[1]}\nexport {}\n`)
    files.push(name)
  }
}
const status = typecheckSnippets(out)
console.log(`checked ${files.length} TypeScript examples from ${sources.length} documents`)
process.exit(status)
