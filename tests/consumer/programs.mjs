// The consumer test's run phase (tests/consumer/run.mjs, step 4): scenario.mjs on Node ESM and
// CommonJS, Bun and Deno, and the CLI's bin, from the installed tarballs.
import { copyFileSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { check, exec, here, pool, readJson, rootBin, tail } from "./support.mjs"

const EXPECTED_PROFILE = { userName: "rayvision_demo", userId: 55963778 }

const checkReport = (runtime, result) => {
  if (result.code !== 0) return `exit ${result.code}: ${tail(result.stderr || result.stdout)}`
  const line = result.stdout.split("\n").find((l) => l.startsWith("consumer-report "))
  if (line === undefined) return `no consumer-report line: ${tail(result.stdout + result.stderr)}`
  const report = JSON.parse(line.slice("consumer-report ".length))
  const problems = []
  const expect = (what, actual, expected) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
    }
  }
  expect("runtime", report.runtime, runtime)
  expect("profile", { userName: report.userName, userId: report.userId }, EXPECTED_PROFILE)
  expect("tasks reserved", report.created?.length, 3)
  const sorted = (ids) => [...(ids ?? [])].sort((a, b) => a - b)
  expect("tasks streamed (TaskService.list, pages of 2)", sorted(report.listed), sorted(report.created))
  expect("typed errors caught by tag", report.caught, ["InvalidRequest taskIds", "ParameterInvalid"])
  expect("Promise facade", report.promise, { userName: EXPECTED_PROFILE.userName, listed: 3, caught: "InvalidRequest" })
  return problems.length === 0 ? undefined : problems.join("; ")
}

/** Runs the programs in `project` (the installed consumer project), a check per runtime and one for the CLI. */
export const runPrograms = async (project) => {
  const dir = join(project, "run")
  mkdirSync(dir, { recursive: true })
  for (const file of ["scenario.mjs", "node.mjs", "node.cjs", "bun.mjs", "deno.mjs"]) {
    copyFileSync(join(here, file), join(dir, file))
  }
  const env = { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" }
  const programs = [
    ["node-esm", "Node ESM (node.mjs, @rayvision/node)", process.execPath, ["node.mjs"]],
    ["node-cjs", "Node CommonJS (node.cjs, require, @rayvision/node)", process.execPath, ["node.cjs"]],
    ["bun", "Bun (bun.mjs, @rayvision/bun)", rootBin("bun"), ["bun.mjs"]],
    [
      "deno",
      "Deno (deno.mjs, @rayvision/deno, --allow-net=127.0.0.1)",
      rootBin("deno"),
      ["run", "--node-modules-dir=manual", "--no-lock", "--no-prompt", "--allow-net=127.0.0.1", "deno.mjs"]
    ]
  ]
  const results = await pool(
    2,
    programs.map(
      ([runtime, , command, args]) =>
        () =>
          exec(command, args, { cwd: dir, env, timeout: 120_000 })
    )
  )
  programs.forEach(([runtime, title], i) => check(`run ${title}`, checkReport(runtime, results[i])))

  // The CLI from its tarball: its bin, with an embedded simulator.
  const cli = await exec(
    process.execPath,
    [
      join(
        project,
        "node_modules",
        "@rayvision",
        "cli",
        readJson(join(project, "node_modules", "@rayvision", "cli", "package.json")).bin.rayvision
      ),
      "user",
      "profile",
      "--simulate",
      "--json"
    ],
    { cwd: project, env, timeout: 60_000 }
  )
  let cliProblem
  if (cli.code !== 0) cliProblem = `exit ${cli.code}: ${tail(cli.stderr || cli.stdout)}`
  else {
    try {
      const profile = JSON.parse(cli.stdout)
      if (profile.userName !== EXPECTED_PROFILE.userName) cliProblem = `userName ${JSON.stringify(profile.userName)}`
    } catch {
      cliProblem = `not JSON: ${tail(cli.stdout)}`
    }
  }
  check("run the CLI (rayvision user profile --simulate --json)", cliProblem)
}
