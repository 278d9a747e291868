import { defineConfig } from "vitest/config"

/**
 * Settings every package's vitest config merges: tests live in `test/`, and workspace
 * packages resolve to their TypeScript sources (the `source` export condition), so tests
 * never depend on a stale `dist/`.
 */
export const shared = defineConfig({
  ssr: { resolve: { conditions: ["source"] } },
  resolve: { conditions: ["source"] },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
