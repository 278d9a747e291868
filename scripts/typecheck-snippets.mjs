// Shared by check-doc-examples.mjs (README and guides) and api-docs.mjs (@example blocks):
// typechecks a folder of extracted code snippets with the project's compiler settings.
import { spawnSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname

/**
 * Writes a tsconfig into `dir` (a folder directly under the repository root holding the
 * snippets as `*.ts`) and runs tsc on it. `@rayvision/deno` and `@rayvision/bun` point at their
 * sources, as the root does not depend on them. Returns tsc's exit status.
 */
export const typecheckSnippets = (dir) => {
  writeFileSync(
    join(dir, "tsconfig.json"),
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
  const result = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json")], {
    cwd: root,
    stdio: "inherit"
  })
  return result.status ?? 1
}
