// The migration guide (docs/migration-from-python.md) cannot drift: every method it names must
// exist on the exported services, every service method must be in it, and every Python SDK
// method of the upstream endpoint index (4.0.1), kept in fixtures/python-sdk-methods.json, must
// have a row. The protocol itself is summarised in docs/protocol.md.
import { assert, describe, it } from "@effect/vitest"
import * as Core from "@rayvision/core"
import { Context, Effect } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { inProcess } from "../support.ts"

const root = fileURLToPath(new URL("../..", import.meta.url))
const guide = readFileSync(`${root}/docs/migration-from-python.md`, "utf8")
/** The Python SDK methods of the upstream endpoint index (4.0.1), extracted once into the repository. */
const pythonMethods: { readonly description: string; readonly methods: ReadonlyArray<string> } = JSON.parse(
  readFileSync(`${root}/tests/services/fixtures/python-sdk-methods.json`, "utf8")
)

/** Table rows of the guide: [python, rayvision, differences]. */
const rows = guide
  .split("\n")
  .filter((line) => line.startsWith("| ") && !line.startsWith("| Python") && !line.startsWith("|---"))
  .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| ?| ?\|$/g, "")))

const codeSpans = (cell: string) => Array.from(cell.matchAll(/`([^`]+)`/g), (m) => m[1]!)

/** `Service.method` references of the rayvision column. */
const referenced = new Set(
  rows.flatMap((r) => codeSpans(r[1] ?? "")).filter((s) => /^(\w+Service|TaskWaiter)\.\w+$/.test(s))
)

/** The exported services: every module of @rayvision/core with a Tag named like the module. */
const serviceNames = Object.keys(Core).filter((name) => name.endsWith("Service") || name === "TaskWaiter")

describe("docs/migration-from-python.md", () => {
  it("has a row for every Python SDK method in the protocol reference's endpoint index", () => {
    const pythonColumn = rows.map((r) => r[0] ?? "").join("\n")
    const methods = new Set(pythonMethods.methods)
    assert.strictEqual(methods.size, pythonMethods.methods.length, "the fixture lists a method twice")
    for (const method of methods) assert.match(method, /^(?:user|task|query|tag|env|transmit)\.\w+$/)
    assert.isAtLeast(methods.size, 40)
    const missing = [...methods].filter((m) => !pythonColumn.includes(m))
    assert.deepStrictEqual(missing, [])
    for (const extra of ["check_and_add_project_name", "submit_by_data", "RayvisionCheck", "get_user_id"]) {
      assert.include(pythonColumn, extra)
    }
  })

  it.effect("names only methods that exist, and names every method of every service", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(serviceNames.sort(), [
        "BulkService",
        "ProjectService",
        "RenderEnvService",
        "SubmissionService",
        "TaskService",
        "TaskWaiter",
        "TransferService",
        "UserService"
      ])
      const context = yield* Effect.context<never>()
      const available = new Set<string>()
      for (const name of serviceNames) {
        const module = (Core as unknown as Record<string, Record<string, unknown>>)[name]!
        const tag = module[name] as Context.Tag<unknown, Record<string, unknown>>
        const service = Context.unsafeGet(context, tag)
        for (const [method, value] of Object.entries(service)) {
          if (typeof value === "function") available.add(`${name}.${method}`)
        }
      }
      const unknown = [...referenced].filter((ref) => !available.has(ref))
      assert.deepStrictEqual(unknown, [], "the guide names methods that do not exist")
      const undocumented = [...available].filter((ref) => !referenced.has(ref))
      assert.deepStrictEqual(undocumented, [], "service methods missing from the guide")
    }).pipe(Effect.provide(inProcess()))
  )
})
