// Checks that the repository is self-contained: no tracked code or configuration file names a
// relative path that leads above the repository root (a clone must work on its own, so nothing
// may read a folder next to it). Exit code 1, with file:line of each offending path, when one
// does; otherwise one summary line.
//
// Which files: `git ls-files`, keeping .ts .mts .cts .js .mjs .cjs .json .yaml .yml .sh files and
// the extensionless files under .ci/ and scripts/; pnpm-lock.yaml and anything under node_modules
// are skipped (and so are tracked files deleted from the working tree).
//
// The heuristics (textual, line by line; no parsing). REL below is a quoted relative path:
// 1. A string literal (double, single or back quotes) whose text starts with ./ or ../, or is
//    exactly . or .., is resolved against the directory of the file that holds it. That covers
//    imports, new URL(REL, import.meta.url), join(__dirname, REL), tsconfig "extends", package
//    "exports"... In a template literal only the static text before the first ${ counts.
// 2. A variable declared (const, let or var, on a line that is not a comment) from exactly one
//    such literal together with import.meta.url, __dirname or import.meta.dirname (for example
//    `const root = fileURLToPath(new URL(REL, import.meta.url))`, with or without .pathname), or
//    from __dirname or import.meta.dirname alone, or from another such variable, stands for that
//    directory. Then, in a template literal, ${root} followed by /rest is resolved against it, and
//    so is join(root, ...) or resolve(root, ...) when every other argument is a literal (as one
//    path: its literals are not checked again on their own).
// 3. In shell files (and extensionless ones), $(dirname "$0") followed by /rest is resolved
//    against the file's directory.
// A path escapes when it resolves outside the repository root. Anything built at run time
// (variables other than those of rule 2, string concatenation, user input) is not seen. A line that
// must hold such a path on purpose (test data, say) can carry the comment `self-contained: ignore`.
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { dirname, extname, isAbsolute, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(fileURLToPath(new URL("..", import.meta.url)))

const EXTENSIONS = new Set([".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json", ".yaml", ".yml", ".sh"])
const IGNORE = "self-contained: ignore"

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  .split("\0")
  .filter((file) => file !== "")

const checked = tracked.filter((file) => {
  if (file === "pnpm-lock.yaml" || file.split("/").includes("node_modules")) return false
  if (!existsSync(join(root, file))) return false
  const ext = extname(file)
  if (EXTENSIONS.has(ext)) return true
  return ext === "" && (file.startsWith(".ci/") || file.startsWith("scripts/"))
})

/** A relative path literal: quote, then `.` or `..`, alone or followed by `/...`, up to the quote. */
const LITERAL = /(["'`])(\.\.?(?:\/[^"'`\n]*?)?)(?=\1|\$\{)/g
/** `const root = <something with one relative literal, __dirname or import.meta.dirname>` */
const DECLARATION = /\b(?:const|let|var)\s+(\w+)\s*=\s*(.*)$/
/** `${name}/rest` inside a template literal. */
const TEMPLATE = /\$\{(\w+)\}((?:\/[^`"'\s$]*)+)/g
/** `join(name, "a", "b")` or `resolve(name, "a")` with literal arguments only. */
const JOIN = /\b(?:join|resolve)\(\s*(\w+)\s*((?:,\s*(["'])[^"'\n]*\3\s*)+)\)/g
/** `$(dirname "$0")/rest` in a shell script. */
const SHELL_DIR = /\$\(dirname\s+"?\$0"?\)((?:\/[^"'\s)]*)+)/g

const insideRoot = (path) => {
  const rel = relative(root, path)
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))
}

const problems = []

for (const file of checked) {
  const dir = dirname(join(root, file))
  const text = readFileSync(join(root, file), "utf8")
  /** Directory variables of this file (rule 2). */
  const dirs = new Map([["__dirname", dir]])
  const lines = text.split("\n")
  lines.forEach((line, index) => {
    if (line.includes(IGNORE)) return
    const where = `${file}:${index + 1}`
    /** Column ranges already judged as one path by rule 2 or 3 (their literals are not re-checked). */
    const covered = []
    /** Resolves `path` against `base`; `shown` is the text reported, `match` the regex match if any. */
    const check = (shown, path, base, match) => {
      if (match !== undefined) covered.push([match.index, match.index + match[0].length])
      const resolved = resolve(base, path)
      if (!insideRoot(resolved)) problems.push(`${where}: ${shown} -> ${relative(root, resolved)}`)
    }

    for (const m of line.matchAll(JOIN)) {
      const base = dirs.get(m[1])
      if (base === undefined) continue
      const parts = Array.from(m[2].matchAll(/(["'])([^"'\n]*)\1/g), (p) => p[2])
      check(m[0], join(...parts), base, m)
    }
    for (const m of line.matchAll(TEMPLATE)) {
      const base = dirs.get(m[1])
      if (base !== undefined) check(m[0], `.${m[2]}`, base, m)
    }
    if (file.endsWith(".sh") || extname(file) === "") {
      for (const m of line.matchAll(SHELL_DIR)) check(m[0], `.${m[1]}`, dir, m)
    }
    const literals = []
    for (const m of line.matchAll(LITERAL)) {
      const at = m.index
      const path = m[2]
      literals.push(path)
      if (covered.some(([start, end]) => at >= start && at < end)) continue
      check(path, path, dir)
    }

    // Rule 2: remember a directory variable declared on this line.
    const declaration = /^\s*(?:\/\/|\*|\/\*|#)/.test(line) ? null : DECLARATION.exec(line)
    if (declaration !== null) {
      const [, name, value] = declaration
      if (literals.length === 1 && /import\.meta\.url|__dirname|import\.meta\.dirname/.test(value)) {
        dirs.set(name, resolve(dir, literals[0]))
      } else if (literals.length === 0 && /^(?:__dirname|import\.meta\.dirname)\b/.test(value.trim())) {
        dirs.set(name, dir)
      } else if (literals.length === 0) {
        const alias = /^(\w+)\s*$/.exec(value.trim())
        if (alias !== null && dirs.has(alias[1])) dirs.set(name, dirs.get(alias[1]))
      }
    }
  })
}

if (problems.length > 0) {
  console.error(`self-contained: ${problems.length} path(s) outside the repository root:`)
  for (const problem of problems) console.error(`  ${problem}`)
  console.error(`self-contained: ${checked.length} files checked, ${problems.length} paths outside the repo`)
  process.exit(1)
}
console.log(`self-contained: ${checked.length} files checked, 0 paths outside the repo`)
