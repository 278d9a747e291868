import { mergeConfig } from "vitest/config"
import { shared } from "../vitest.shared.ts"

/** Cross-package tests against @rayvision/simulator: every service, the fault suite, hostile input and the load test. */
export default mergeConfig(shared, { test: { name: "integration", include: ["**/*.test.ts"] } })
