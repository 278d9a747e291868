import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/bin.ts"],
  format: ["esm"],
  sourcemap: false,
  clean: true,
  target: "es2022",
  platform: "node",
  treeshake: true,
  // Bundled CommonJS dependencies (yaml, undici, ...) call require(): give the module one.
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module"\nconst require = __createRequire(import.meta.url)'
  },
  // One self-contained file: a command starts several times faster than when Node resolves and
  // loads the hundreds of modules of effect, @effect/* and @rayvision/* one by one.
  noExternal: [/.*/],
  esbuildOptions: (options) => {
    options.conditions = ["source"]
  }
})
