// Typechecks every ```ts block of README.md and of every docs/*.md guide except docs/testing.md:
// each block is written to .doc-examples/<document>-<n>.ts and compiled with the project's
// settings, so a block must be a complete module (its own imports). (docs/testing.md is checked
// by tests/services/testkit.test.ts, which holds its examples verbatim.) `@rayvision/deno` and
// `@rayvision/bun`, which the root does not depend on, resolve to their sources, so the guides
// can show them. Exit code 1 on any error.
import { spawnSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const out = join(root, ".doc-examples")
rmSync(out, { recursive: true, force: true })
mkdirSync(out)
const sources = [
  "README.md",
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
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify({
    extends: "../tsconfig.base.json",
    compilerOptions: {
      noUnusedLocals: false,
      paths: {
        "@rayvision/deno": ["../packages/deno/src/index.ts"],
        "@rayvision/deno/promise": ["../packages/deno/src/promise.ts"],
        "@rayvision/bun": ["../packages/bun/src/index.ts"],
        "@rayvision/bun/promise": ["../packages/bun/src/promise.ts"]
      }
    },
    include: ["*.ts"]
  })
)
const result = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(out, "tsconfig.json")], {
  cwd: root,
  stdio: "inherit"
})
console.log(`checked ${files.length} TypeScript examples from ${sources.length} documents`)
process.exit(result.status ?? 1)
