/**
 * The vitest projects of the monorepo: each package with Node tests has its own config.
 */
export default ["packages/core", "packages/simulator", "packages/node", "examples"]
