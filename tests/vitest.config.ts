import { mergeConfig } from "vitest/config"
import { shared } from "../vitest.shared.ts"

/** Cross-package tests: every service of @rayvision/core against @rayvision/simulator. */
export default mergeConfig(shared, { test: { name: "integration", include: ["services/**/*.test.ts"] } })
