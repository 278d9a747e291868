import { mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.ts"

// The tests run the built binary: globalSetup rebuilds it first when its sources are newer.
export default mergeConfig(shared, { test: { globalSetup: ["./test/globalSetup.ts"] } })
