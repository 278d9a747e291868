import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/bin.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "node",
  treeshake: true,
  banner: { js: "#!/usr/bin/env node" },
  external: ["effect", /^@effect\//, /^@rayvision\//]
})
