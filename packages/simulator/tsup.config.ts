import { defineConfig } from "tsup"
import { library } from "../../scripts/tsup-library.ts"

// bin.ts is the `rayvision-simulator` command: ES module only.
export default defineConfig(library({ esmOnly: ["src/bin.ts"] }))
