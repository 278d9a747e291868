/**
 * The vitest projects of the monorepo: each package with Node tests, the examples, and the
 * cross-package service tests in `tests/`.
 */
export default ["packages/core", "packages/simulator", "packages/node", "packages/cli", "examples", "tests"]
