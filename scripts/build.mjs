// Builds every package with tsup, core first (the others' type declarations read core's).
import { spawnSync } from "node:child_process"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const order = ["core", "simulator", "node", "deno", "bun", "cli"]
for (const name of order) {
  const cwd = join(root, "packages", name)
  const result = spawnSync(join(root, "node_modules", ".bin", "tsup"), ["--silent"], { cwd, stdio: "inherit" })
  if (result.status !== 0) {
    console.error(`build of packages/${name} failed (exit ${result.status})`)
    process.exit(1)
  }
  console.log(`built packages/${name}`)
}
