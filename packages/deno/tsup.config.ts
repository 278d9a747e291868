import { defineConfig } from "tsup"
import { library } from "../../scripts/tsup-library.ts"

export default defineConfig(library())
