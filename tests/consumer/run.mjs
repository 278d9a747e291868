// The consumer test: the packages as a user gets them. Run after the build (scripts/test-all.mjs
// builds first): `node tests/consumer/run.mjs [--keep]`.
//
// 1. pack: every package with pnpm (`pnpm pack`, which writes the published manifest).
// 2. install: a project in a fresh folder under the OS temp directory, nothing of the repository
//    beside it, depending on the six tarballs (file: paths) and on the peer dependencies at the
//    versions the repository pins (read from the packages' devDependencies), TypeScript and
//    @types/node (from the root's); installed with npm.
// 3. types: every ```ts block of README.md, docs/*.md and packages/*/README.md, typechecked
//    against the installed tarballs (strict, skipLibCheck false) with module/moduleResolution
//    nodenext (.mts files), esnext/bundler, and commonjs/node10 (only the blocks that import a
//    `/promise` entry point, the Promise facade; a block with top-level await has its statements
//    after the imports wrapped in an async function there, which CommonJS needs), plus
//    tests/consumer/promise-node10.ts under all three. A block is a complete module, except in a
//    guide whose examples share one block of imports (docs/testing.md): that guide's blocks are
//    checked together, as one module. @effect/vitest and vitest (the versions the repository
//    uses) are installed for the blocks that show tests; those are not checked under node10,
//    which vitest's own declarations do not support. No block needs Deno's or Bun's globals.
// 4. run: one program (scenario.mjs) on Node ESM (node.mjs), Node CommonJS (node.cjs), Bun
//    (bun.mjs) and Deno (deno.mjs), each with its runtime's adapter, against the simulator of the
//    @rayvision/simulator tarball on a free port of 127.0.0.1 in the same process; and the CLI's
//    `rayvision user profile --simulate --json`.
// 5. lint: publint and @arethetypeswrong/cli (profile strict: node10, node16 CJS and ESM,
//    bundler) on every tarball; any message is a failure (publint's suggestions included), and
//    so is a library without types. The CLI is a bin with no exports and no types: attw finds
//    no types there and has nothing to resolve, which passes (were it to ship TypeScript files,
//    attw would check its entry points, and fail on any problem).
// 6. publishing: `npm pack` is refused in every package (pnpm only), and `pnpm publish --dry-run`
//    succeeds with nothing from the workspace (`workspace:` ranges, src/) in what it would publish.
//
// Prints `ok <check>` or `FAIL <check>: <why>` per check, the time of each phase, and ends with
// `consumer: N passed, M failed`; exit code 1 on any failure. The temporary folder is removed at
// the end unless --keep is given (its path is printed).
import { spawn } from "node:child_process"
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = fileURLToPath(new URL("../..", import.meta.url))
const here = fileURLToPath(new URL(".", import.meta.url))
const keep = process.argv.includes("--keep")
const PNPM = ["-y", "pnpm@10.34.9"]
const PACKAGES = ["core", "node", "deno", "bun", "simulator", "cli"]
const rootBin = (name) => join(root, "node_modules", ".bin", name)

// ---------------------------------------------------------------------------------------------
// Checks, phases, processes

let passed = 0
let failed = 0
const check = (name, problem) => {
  if (problem === undefined) {
    passed++
    console.log(`ok ${name}`)
  } else {
    failed++
    console.log(`FAIL ${name}: ${problem}`)
  }
}

const timings = []
const phase = async (name, body) => {
  console.log(`\n--- ${name}`)
  const started = Date.now()
  try {
    return await body()
  } finally {
    const seconds = (Date.now() - started) / 1000
    timings.push([name, seconds])
    console.log(`--- ${name}: ${seconds.toFixed(1)} s`)
  }
}

// The children get the environment without the package manager's npm_* variables (this script
// may run under pnpm, whose settings must not leak into npm in the consumer project).
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))

/** Runs a command to its end (or kills it after `timeout` ms); never rejects. */
const exec = (command, args, { cwd, env, timeout = 300_000 } = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...childEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill("SIGKILL")
    }, timeout)
    child.on("error", (error) => {
      clearTimeout(timer)
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` })
    })
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const note = timedOut ? `\n(killed after ${timeout / 1000} s)` : signal ? `\n(killed by ${signal})` : ""
      resolve({ code: code ?? -1, stdout, stderr: `${stderr}${note}` })
    })
  })

/** `tasks` (functions returning promises) run at most `limit` at a time; results in order. */
const pool = async (limit, tasks) => {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

/** The last lines of a process's output, on one line, for a FAIL message. */
const tail = (text, lines = 6) =>
  text
    .trim()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(-lines)
    .join(" | ")
    .slice(0, 1500)

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"))

// ---------------------------------------------------------------------------------------------
// Versions: the peer dependencies as the repository pins them, TypeScript and @types/node as the root does.

const manifest = (name) => readJson(join(root, "packages", name, "package.json"))
const rootManifest = readJson(join(root, "package.json"))
const pinned = (where, deps, name) => {
  const version = deps?.[name]
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`${where} has no exact version of ${name} (found ${version})`)
  }
  return version
}
const versions = {
  effect: pinned("packages/core devDependencies", manifest("core").devDependencies, "effect"),
  "@effect/platform": pinned("packages/core devDependencies", manifest("core").devDependencies, "@effect/platform"),
  "@effect/platform-node": pinned(
    "packages/node devDependencies",
    manifest("node").devDependencies,
    "@effect/platform-node"
  ),
  // For the documentation blocks that show tests (README, docs/testing.md), as docs/testing.md says to install.
  "@effect/vitest": pinned("packages/core devDependencies", manifest("core").devDependencies, "@effect/vitest"),
  vitest: pinned("packages/core devDependencies", manifest("core").devDependencies, "vitest"),
  typescript: pinned("the root devDependencies", rootManifest.devDependencies, "typescript"),
  "@types/node": pinned("the root devDependencies", rootManifest.devDependencies, "@types/node")
}

// ---------------------------------------------------------------------------------------------
// Documentation blocks

/** Every ```ts block of the documents, grouped into the modules to typecheck. */
const documentationUnits = () => {
  const packageReadmes = readdirSync(join(root, "packages"))
    .sort()
    .map((name) => `packages/${name}/README.md`)
    .filter((file) => existsSync(join(root, file)))
  const docs = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`)
  const units = []
  for (const source of ["README.md", ...docs, ...packageReadmes]) {
    const text = readFileSync(join(root, source), "utf8")
    const blocks = []
    for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      // The block's first line in the document (1-based): the line after the fence.
      const line = text.slice(0, match.index).split("\n").length + 1
      const file = ts.createSourceFile("block.ts", match[1], ts.ScriptTarget.Latest, true)
      const onlyImports = file.statements.length > 0 && file.statements.every(ts.isImportDeclaration)
      blocks.push({ n: blocks.length + 1, line, code: match[1], onlyImports })
    }
    if (blocks.length === 0) continue
    if (blocks.some((block) => block.onlyImports)) {
      // The guide's examples share one block of imports: one module, its blocks in order.
      units.push({ source, name: `${source}#1-${blocks.length}`, blocks })
    } else {
      for (const block of blocks) units.push({ source, name: `${source}#${block.n}`, blocks: [block] })
    }
  }
  return units
}

const importsPromiseEntry = (code) => /from\s+["']@rayvision\/[^/"']+\/promise["']/.test(code)

const hasTopLevelAwait = (file) => {
  let found = false
  const visit = (node) => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) {
      found = true
      return
    }
    ts.forEachChild(node, visit)
  }
  ts.forEachChild(file, visit)
  return found
}

/**
 * A unit's module text and, per line of it, where that line comes from (`README.md:190`).
 * With `wrapTopLevelAwait`, the statements after the imports of a block with top-level await go
 * into `async function main()` (CommonJS has no top-level await).
 */
const moduleText = (unit, { wrapTopLevelAwait }) => {
  const lines = []
  const origins = []
  let wrapped = false
  for (const block of unit.blocks) {
    const blockLines = block.code.replace(/\n$/, "").split("\n")
    let wrapAfter = -1
    if (wrapTopLevelAwait) {
      const file = ts.createSourceFile("block.ts", block.code, ts.ScriptTarget.Latest, true)
      if (hasTopLevelAwait(file)) {
        const imports = file.statements.filter(ts.isImportDeclaration)
        const last = imports.at(-1)
        wrapAfter = last === undefined ? 0 : file.getLineAndCharacterOfPosition(last.getEnd()).line + 1
        wrapped = true
      }
    }
    blockLines.forEach((text, i) => {
      if (i === wrapAfter) {
        lines.push("async function main(): Promise<void> {")
        origins.push(`${unit.source}:${block.line + i} (wrapper)`)
      }
      lines.push(text)
      origins.push(`${unit.source}:${block.line + i}`)
    })
    if (wrapAfter === blockLines.length) {
      lines.push("async function main(): Promise<void> {")
      origins.push(`${unit.source}:${block.line + blockLines.length} (wrapper)`)
    }
    if (wrapAfter !== -1) {
      lines.push("}", "void main()")
      origins.push(`${unit.source} (wrapper)`, `${unit.source} (wrapper)`)
    }
  }
  lines.push("export {}", "")
  origins.push(`${unit.source} (added)`, `${unit.source} (added)`)
  return { text: lines.join("\n"), origins, wrapped }
}

// ---------------------------------------------------------------------------------------------
// The run

const work = mkdtempSync(join(tmpdir(), "rayvision-consumer-"))
const packs = join(work, "packs")
const project = join(work, "project")
console.log(`consumer test in ${work}${keep ? " (kept: --keep)" : ""}`)
const started = Date.now()

const main = async () => {
  // 1. pack
  const tarballs = await phase("pack (pnpm pack, every package)", async () => {
    const results = await pool(
      3,
      PACKAGES.map((name) => async () => {
        const destination = join(packs, name)
        mkdirSync(destination, { recursive: true })
        const result = await exec("npx", [...PNPM, "pack", "--pack-destination", destination], {
          cwd: join(root, "packages", name)
        })
        const files = existsSync(destination) ? readdirSync(destination).filter((f) => f.endsWith(".tgz")) : []
        const problem =
          result.code !== 0
            ? `exit ${result.code}: ${tail(result.stderr || result.stdout)}`
            : files.length !== 1
              ? `expected one .tgz in the destination, found ${files.length}`
              : undefined
        return { problem, file: problem === undefined ? join(destination, files[0]) : undefined }
      })
    )
    PACKAGES.forEach((name, i) => check(`pack ${name}`, results[i].problem))
    return Object.fromEntries(PACKAGES.map((name, i) => [name, results[i].file]))
  })
  if (Object.values(tarballs).some((file) => file === undefined)) {
    check("install", "skipped: a package did not pack")
    return
  }

  // 2. install
  const installed = await phase("install (npm, in a project under the temp directory)", async () => {
    mkdirSync(project, { recursive: true })
    const dependencies = Object.fromEntries(
      PACKAGES.map((name) => [`@rayvision/${name}`, `file:${relative(project, tarballs[name])}`])
    )
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify(
        {
          name: "rayvision-consumer",
          version: "0.0.0",
          private: true,
          dependencies: {
            ...dependencies,
            effect: versions.effect,
            "@effect/platform": versions["@effect/platform"],
            "@effect/platform-node": versions["@effect/platform-node"]
          },
          devDependencies: {
            "@effect/vitest": versions["@effect/vitest"],
            vitest: versions.vitest,
            typescript: versions.typescript,
            "@types/node": versions["@types/node"]
          }
        },
        null,
        2
      )}\n`
    )
    const result = await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project })
    check("npm install", result.code === 0 ? undefined : `exit ${result.code}: ${tail(result.stderr || result.stdout)}`)
    if (result.code !== 0) return false
    // One copy of each package: the adapters and the simulator must share the installed core.
    const nested = PACKAGES.flatMap((name) =>
      PACKAGES.filter((dep) =>
        existsSync(join(project, "node_modules", "@rayvision", name, "node_modules", "@rayvision", dep))
      ).map((dep) => `@rayvision/${name} has its own @rayvision/${dep}`)
    )
    check("installed once each (no nested @rayvision/* copy)", nested.length === 0 ? undefined : nested.join("; "))
    return true
  })
  if (!installed) return

  // 3. types
  await phase("types (tsc: nodenext, bundler, node10)", () => typecheck())

  // 4. run
  await phase("run (Node ESM, Node CJS, Bun, Deno; the CLI)", () => runPrograms())

  // 5. lint
  await phase("lint (publint, attw, every tarball)", () => lint(tarballs))

  // 6. publishing
  await phase("publishing (npm refused; pnpm publish --dry-run)", () => publishing())
}

// ---------------------------------------------------------------------------------------------
// 6. publishing: only pnpm packs and publishes (it writes the published manifest; npm would pack
// the workspace's, with `workspace:*` ranges and the `source` condition). Every package's
// `prepack` (scripts/pnpm-only.mjs) refuses npm, and `pnpm publish --dry-run` goes through clean.

const publishing = async () => {
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

// ---------------------------------------------------------------------------------------------
// 3. types

const SETTINGS = [
  {
    name: "nodenext",
    extension: ".mts",
    compilerOptions: { module: "nodenext", moduleResolution: "nodenext" },
    includes: () => true,
    wrapTopLevelAwait: false
  },
  {
    name: "bundler",
    extension: ".ts",
    compilerOptions: { module: "esnext", moduleResolution: "bundler" },
    includes: () => true,
    wrapTopLevelAwait: false
  },
  {
    name: "node10",
    extension: ".ts",
    compilerOptions: { module: "commonjs", moduleResolution: "node10" },
    // vitest's own declarations need a modern resolution (they use package `imports`, #types/...):
    // a guide's tests are not checked under node10.
    includes: (unit) =>
      unit.blocks.some((block) => importsPromiseEntry(block.code)) &&
      !unit.blocks.some((block) => /from\s+["'](@effect\/)?vitest["']/.test(block.code)),
    wrapTopLevelAwait: true
  }
]

const typecheck = async () => {
  const units = documentationUnits()
  const own = readFileSync(join(here, "promise-node10.ts"), "utf8")
  const jobs = SETTINGS.map((setting) => async () => {
    const dir = join(project, "typecheck", setting.name)
    mkdirSync(dir, { recursive: true })
    const files = new Map() // file name -> { name, origins }
    for (const unit of units.filter(setting.includes)) {
      const { text, origins, wrapped } = moduleText(unit, setting)
      const file = `${unit.name.replace(/[^A-Za-z0-9]+/g, "_")}${setting.extension}`
      writeFileSync(join(dir, file), text)
      files.set(file, { name: `${unit.name}${wrapped ? " (top-level await wrapped in a function)" : ""}`, origins })
    }
    const ownFile = `promise-node10${setting.extension}`
    writeFileSync(join(dir, ownFile), own)
    files.set(ownFile, {
      name: "tests/consumer/promise-node10.ts",
      origins: own.split("\n").map((_, i) => `tests/consumer/promise-node10.ts:${i + 1}`)
    })
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify(
        {
          compilerOptions: {
            ...setting.compilerOptions,
            target: "ES2022",
            lib: ["ES2022", "DOM", "DOM.Iterable"],
            types: ["node"],
            strict: true,
            skipLibCheck: false,
            noEmit: true
          },
          files: [...files.keys()]
        },
        null,
        2
      )
    )
    const result = await exec(
      join(project, "node_modules", ".bin", "tsc"),
      ["-p", "tsconfig.json", "--pretty", "false"],
      {
        cwd: dir
      }
    )
    return { setting, files, result }
  })
  for (const { setting, files, result } of await pool(2, jobs)) {
    // "file(line,col): error TSxxxx: message", continuation lines indented.
    const errors = []
    for (const line of `${result.stdout}${result.stderr}`.split("\n")) {
      const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line)
      if (match !== null) errors.push({ file: match[1], line: Number(match[2]), code: match[4], message: match[5] })
      else if (/^error TS\d+/.test(line)) errors.push({ file: "", line: 0, code: "", message: line })
      else if (/^\s+\S/.test(line) && errors.length > 0) errors.at(-1).message += ` ${line.trim()}`
    }
    for (const [file, { name, origins }] of files) {
      const own = errors.filter((error) => error.file === file)
      check(
        `types ${setting.name} ${name}`,
        own.length === 0
          ? undefined
          : own
              .slice(0, 4)
              .map((e) => `${origins[e.line - 1] ?? `line ${e.line}`} ${e.code} ${e.message.slice(0, 300)}`)
              .join("; ") + (own.length > 4 ? `; and ${own.length - 4} more` : "")
      )
    }
    const elsewhere = errors.filter((error) => !files.has(error.file))
    check(
      `types ${setting.name}: declaration files and configuration`,
      elsewhere.length > 0
        ? elsewhere
            .slice(0, 4)
            .map((e) => `${e.file}(${e.line}) ${e.code} ${e.message.slice(0, 300)}`)
            .join("; ") + (elsewhere.length > 4 ? `; and ${elsewhere.length - 4} more` : "")
        : result.code !== 0 && errors.length === 0
          ? `tsc exit ${result.code}: ${tail(result.stdout + result.stderr)}`
          : undefined
    )
  }
}

// ---------------------------------------------------------------------------------------------
// 4. run

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

const runPrograms = async () => {
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

// ---------------------------------------------------------------------------------------------
// 5. lint

const lint = async (tarballs) => {
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

// ---------------------------------------------------------------------------------------------

try {
  await main()
} catch (error) {
  check("consumer test", error instanceof Error ? (error.stack ?? error.message) : String(error))
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true })
}
console.log("\ntimings:")
for (const [name, seconds] of timings) console.log(`  ${name}: ${seconds.toFixed(1)} s`)
console.log(`  total: ${((Date.now() - started) / 1000).toFixed(1)} s`)
if (keep) console.log(`kept: ${work}`)
console.log(`\nconsumer: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
