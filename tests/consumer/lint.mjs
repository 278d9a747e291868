// The consumer test's lint and publishing phases (tests/consumer/run.mjs, steps 5 and 6):
// publint and attw on every tarball; npm refused and `pnpm publish --dry-run` clean in every package.
import { join } from "node:path"
import { check, exec, PACKAGES, PNPM, pool, root, rootBin, tail } from "./support.mjs"

// 5. lint

export const lint = async (tarballs) => {
  const jobs = []
  for (const name of PACKAGES) {
    const tarball = tarballs[name]
    jobs.push(async () => {
      const result = await exec(rootBin("publint"), ["run", tarball, "--level", "suggestion"], {
        env: { NO_COLOR: "1" }
      })
      const text = `${result.stdout}${result.stderr}`.trim()
      const clean = result.code === 0 && /All good!/.test(text)
      return () =>
        check(
          `publint @rayvision/${name}`,
          clean
            ? undefined
            : tail(
                text
                  .split("\n")
                  .filter((line) => !/^Running publint|^Packing files|^Unpacking tarball|^Linting/i.test(line))
                  .join("\n"),
                12
              )
        )
    })
    jobs.push(async () => {
      const args = [tarball, "--format", "json", "--profile", "strict", "--no-definitely-typed"]
      const result = await exec(rootBin("attw"), args, { env: { NO_COLOR: "1" } })
      let title = `attw @rayvision/${name}`
      let problem
      try {
        const { analysis } = JSON.parse(result.stdout)
        if (analysis.types === false) {
          // The CLI is a command: a bin, and no exports, main or types. attw finds no types to
          // check ("This package does not contain types"): not applicable, and that is expected.
          if (name === "cli") title += " (a bin only: no types, nothing to resolve)"
          else problem = "attw finds no types in the package"
        } else {
          title += ` (${Object.keys(analysis.entrypoints ?? {}).join(", ")}; node10, node16 CJS and ESM, bundler)`
          const problems = analysis.problems ?? []
          if (problems.length > 0) {
            problem = problems
              .map((p) =>
                [p.kind, p.entrypoint, p.resolutionKind, p.fileName ?? p.moduleSpecifier].filter(Boolean).join(" ")
              )
              .join("; ")
          }
        }
        if (problem === undefined && result.code !== 0) problem = `exit ${result.code}: ${tail(result.stderr)}`
      } catch {
        problem = `exit ${result.code}: ${tail(result.stderr || result.stdout)}`
      }
      return () => check(title, problem)
    })
  }
  for (const report of await pool(2, jobs)) report()
}

// 6. publishing: only pnpm packs and publishes (it writes the published manifest; npm would pack
// the workspace's, with `workspace:*` ranges and the `source` condition). Every package's
// `prepack` (scripts/pnpm-only.mjs) refuses npm, and `pnpm publish --dry-run` goes through clean.

export const publishing = async () => {
  const jobs = PACKAGES.flatMap((name) => {
    const cwd = join(root, "packages", name)
    return [
      async () => {
        const result = await exec("npm", ["pack", "--dry-run"], { cwd })
        const text = `${result.stdout}${result.stderr}`
        return () =>
          check(
            `npm pack refused in packages/${name}`,
            result.code !== 0 && /Refusing to pack with npm/.test(text)
              ? undefined
              : `exit ${result.code}: ${tail(text)}`
          )
      },
      async () => {
        const result = await exec("npx", [...PNPM, "publish", "--dry-run", "--no-git-checks"], { cwd })
        const text = `${result.stdout}${result.stderr}`
        const problem =
          result.code !== 0
            ? `exit ${result.code}: ${tail(text)}`
            : /workspace:|\bsrc\/|npm (?:error|ERR!)/.test(text)
              ? tail(
                  text
                    .split("\n")
                    .filter((l) => /workspace:|\bsrc\/|npm (?:error|ERR!)/.test(l))
                    .join("\n")
                )
              : !new RegExp(`\\+ @rayvision/${name}@`).test(text)
                ? `no "+ @rayvision/${name}@" line: ${tail(text)}`
                : undefined
        return () => check(`pnpm publish --dry-run packages/${name}`, problem)
      }
    ]
  })
  for (const report of await pool(3, jobs)) report()
}
