/**
 * Project labels and task tags (docs/protocol.md 4.4), against the protocol itself: requests signed
 * by hand.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { demoAccount } from "../src/Simulator.ts"
import { make, type Service } from "../src/SimulatorService.ts"
import { accounts, type Created, expectCode, ok, other, type Sign } from "./helpers.ts"
import { paths } from "../../../tests/paths.ts"

interface ProjectList {
  readonly projectNameList: ReadonlyArray<{ readonly projectId: number; readonly projectName: string }>
}

const names = (sim: Service, extra: Partial<Sign> = {}) =>
  Effect.map(ok<ProjectList>(sim, { ...extra, path: paths.projectGetList }), (l) =>
    l.projectNameList.map((p) => p.projectName)
  )

const tagsOf = (sim: Service, accessId: string, taskId: number) =>
  Effect.map(sim.tasks(accessId), (tasks) => tasks.find((t) => t.id === taskId)?.tags ?? [])

describe("project labels", () => {
  it.effect("add, getList, list (every flag) and delete; data null for actions", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      assert.deepStrictEqual(yield* ok(sim, { path: paths.projectGetList }), { projectNameList: [] })
      assert.isNull(yield* ok(sim, { path: paths.projectAdd, body: { newName: "A", status: 0 } }))
      assert.isNull(yield* ok(sim, { path: paths.projectAdd, body: { newName: "B" } }))
      const list = yield* ok<ProjectList>(sim, { path: paths.projectGetList })
      assert.deepStrictEqual(
        list.projectNameList.map((p) => p.projectName),
        ["A", "B"]
      )
      for (const p of list.projectNameList) {
        assert.deepStrictEqual(Object.keys(p), ["projectId", "projectName"])
        assert.isTrue(Number.isSafeInteger(p.projectId))
      }
      assert.strictEqual(list.projectNameList[1]!.projectId, list.projectNameList[0]!.projectId + 1)
      for (const flag of [0, 1, 2]) {
        assert.deepStrictEqual(yield* ok(sim, { path: paths.projectList, body: { flag } }), list)
      }
      assert.isNull(yield* ok(sim, { path: paths.projectDelete, body: { delName: "A" } }))
      assert.deepStrictEqual(yield* names(sim), ["B"])
    })
  )

  it.effect("names are unique per account and case-sensitive; duplicates 600, unknown deletes 404", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      yield* ok(sim, { path: paths.projectAdd, body: { newName: "Shot" } })
      const message = yield* expectCode(sim, { path: paths.projectAdd, body: { newName: "Shot" } }, 600)
      assert.include(message, "already exists")
      yield* ok(sim, { path: paths.projectAdd, body: { newName: "shot" } })
      yield* ok(sim, { ...other, path: paths.projectAdd, body: { newName: "Shot" } })
      assert.deepStrictEqual(yield* names(sim), ["Shot", "shot"])
      assert.deepStrictEqual(yield* names(sim, other), ["Shot"])
      yield* expectCode(sim, { path: paths.projectDelete, body: { delName: "SHOT" } }, 404)
      // Another account's project is not this account's to delete.
      yield* ok(sim, { ...other, path: paths.projectAdd, body: { newName: "Theirs" } })
      yield* expectCode(sim, { path: paths.projectDelete, body: { delName: "Theirs" } }, 404)
      assert.deepStrictEqual(yield* names(sim, other), ["Shot", "Theirs"])
    })
  )

  it.effect("ids derive from the seed", () =>
    Effect.gen(function* () {
      const idOf = (seed: number) =>
        Effect.gen(function* () {
          const sim = yield* make({ seed })
          yield* ok(sim, { path: paths.projectAdd, body: { newName: "X" } })
          return (yield* ok<ProjectList>(sim, { path: paths.projectGetList })).projectNameList[0]!.projectId
        })
      assert.strictEqual(yield* idOf(7), yield* idOf(7))
      const ids = new Set([yield* idOf(1), yield* idOf(2), yield* idOf(3)])
      assert.isAbove(ids.size, 1)
    })
  )

  it.effect("validation: newName/delName str required, status 0|1, flag int 0..2 required", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      yield* expectCode(sim, { path: paths.projectAdd, body: {} }, 601)
      yield* expectCode(sim, { path: paths.projectAdd, body: { newName: "" } }, 601)
      yield* expectCode(sim, { path: paths.projectAdd, body: { newName: 1 } }, 600)
      yield* expectCode(sim, { path: paths.projectAdd, body: { newName: null } }, 600)
      yield* expectCode(sim, { path: paths.projectAdd, body: { newName: "x", status: "0" } }, 600)
      yield* expectCode(sim, { path: paths.projectAdd, body: { newName: "x", status: 2 } }, 600)
      yield* expectCode(sim, { path: paths.projectAdd, bodyText: '{"newName": "x", "status": 0.0}' }, 600)
      yield* expectCode(sim, { path: paths.projectAdd, body: { newName: "x", status: true } }, 600)
      yield* expectCode(sim, { path: paths.projectDelete, body: {} }, 601)
      yield* expectCode(sim, { path: paths.projectDelete, body: { delName: ["x"] } }, 600)
      yield* expectCode(sim, { path: paths.projectList, body: {} }, 601)
      yield* expectCode(sim, { path: paths.projectList, body: { flag: 3 } }, 600)
      yield* expectCode(sim, { path: paths.projectList, body: { flag: "2" } }, 600)
      assert.deepStrictEqual(yield* names(sim), [])
      // Unknown fields are allowed.
      yield* ok(sim, { path: paths.projectAdd, body: { newName: "x", extra: [1] } })
      assert.deepStrictEqual(yield* names(sim), ["x"])
    })
  )
})

describe("task tags", () => {
  const reserve = (sim: Service, count: number, extra: Partial<Sign> = {}) =>
    Effect.map(
      ok<Created>(sim, { ...extra, path: paths.createTask, body: { count, taskUserLevel: 50 } }),
      (c) => c.taskIdList
    )

  it.effect("addTaskLabel attaches a tag with its own id per task; repeating it changes nothing", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a, b] = (yield* reserve(sim, 2)) as [number, number]
      assert.isNull(yield* ok(sim, { path: paths.addTaskLabel, body: { label: "hero", taskIds: [a, b, a] } }))
      const tagA = yield* tagsOf(sim, demoAccount.accessId, a)
      const tagB = yield* tagsOf(sim, demoAccount.accessId, b)
      assert.strictEqual(tagA.length, 1)
      assert.strictEqual(tagB.length, 1)
      assert.strictEqual(tagA[0]!.label, "hero")
      assert.strictEqual(tagB[0]!.id, tagA[0]!.id + 1)
      yield* ok(sim, { path: paths.addTaskLabel, body: { label: "hero", taskIds: [a] } })
      assert.deepStrictEqual(yield* tagsOf(sim, demoAccount.accessId, a), tagA)
      yield* ok(sim, { path: paths.addTaskLabel, body: { label: "Hero", taskIds: [a] } })
      assert.deepStrictEqual(
        (yield* tagsOf(sim, demoAccount.accessId, a)).map((t) => t.label),
        ["hero", "Hero"]
      )
    })
  )

  it.effect("another account's task or an unknown id answers 404 and tags nothing", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const [mine] = (yield* reserve(sim, 1)) as [number]
      const [theirs] = (yield* reserve(sim, 1, other)) as [number]
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: "x", taskIds: [mine, theirs] } }, 404)
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: "x", taskIds: [mine, 1] } }, 404)
      assert.deepStrictEqual(yield* tagsOf(sim, demoAccount.accessId, mine), [])
      assert.deepStrictEqual(yield* tagsOf(sim, other.accessId, theirs), [])
    })
  )

  it.effect("deleteTaskLabel removes tags by id, all or nothing; unknown or foreign ids 404", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const [a] = (yield* reserve(sim, 1)) as [number]
      const [theirs] = (yield* reserve(sim, 1, other)) as [number]
      yield* ok(sim, { path: paths.addTaskLabel, body: { label: "one", taskIds: [a] } })
      yield* ok(sim, { path: paths.addTaskLabel, body: { label: "two", taskIds: [a] } })
      yield* ok(sim, { ...other, path: paths.addTaskLabel, body: { label: "theirs", taskIds: [theirs] } })
      const [one, two] = (yield* tagsOf(sim, demoAccount.accessId, a)).map((t) => t.id) as [number, number]
      const [foreign] = (yield* tagsOf(sim, other.accessId, theirs)).map((t) => t.id) as [number]
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelIds: [one, foreign] } }, 404)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelIds: [one, two + 1000] } }, 404)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelIds: [String(one)] } }, 404)
      assert.strictEqual((yield* tagsOf(sim, demoAccount.accessId, a)).length, 2)
      assert.isNull(yield* ok(sim, { path: paths.deleteTaskLabel, body: { labelIds: [one, one] } }))
      assert.deepStrictEqual(
        (yield* tagsOf(sim, demoAccount.accessId, a)).map((t) => t.label),
        ["two"]
      )
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelIds: [one] } }, 404)
      assert.strictEqual((yield* tagsOf(sim, other.accessId, theirs)).length, 1)
    })
  )

  it.effect("deleteTaskLabel by name (3.0.3.23 form): from the listed tasks only; a repeat changes nothing", () =>
    Effect.gen(function* () {
      const sim = yield* make({ accounts })
      const [a, b, c] = (yield* reserve(sim, 3)) as [number, number, number]
      const [theirs] = (yield* reserve(sim, 1, other)) as [number]
      yield* ok(sim, { path: paths.addTaskLabel, body: { label: "hero", taskIds: [a, b, c] } })
      yield* ok(sim, { path: paths.addTaskLabel, body: { label: "night", taskIds: [a] } })
      const labels = (id: number) => Effect.map(tagsOf(sim, demoAccount.accessId, id), (t) => t.map((x) => x.label))
      const body = { taskIds: [a, b], labelNames: ["hero"], labelIds: [] }
      assert.isNull(yield* ok(sim, { path: paths.deleteTaskLabel, body }))
      assert.deepStrictEqual(yield* labels(a), ["night"])
      assert.deepStrictEqual(yield* labels(b), [])
      assert.deepStrictEqual(yield* labels(c), ["hero"])
      // Again: nothing left to remove, and no error (the official client retries every call).
      assert.isNull(yield* ok(sim, { path: paths.deleteTaskLabel, body }))
      // Names and ids together; a name is exact text.
      const [night] = (yield* tagsOf(sim, demoAccount.accessId, a)).map((t) => t.id) as [number]
      yield* ok(sim, { path: paths.deleteTaskLabel, body: { taskIds: [c], labelNames: ["HERO"], labelIds: [night] } })
      assert.deepStrictEqual(yield* labels(a), [])
      assert.deepStrictEqual(yield* labels(c), ["hero"])
      // A task id the account does not own: 404, nothing changes.
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [c, theirs], labelNames: ["hero"] } }, 404)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [c, 1], labelNames: ["hero"] } }, 404)
      assert.deepStrictEqual(yield* labels(c), ["hero"])
    })
  )

  it.effect("deleteTaskLabel validation: taskIds list<int> with names, labelNames list<str> of non-empty names", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a] = (yield* reserve(sim, 1)) as [number]
      yield* ok(sim, { path: paths.addTaskLabel, body: { label: "x", taskIds: [a] } })
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [a], labelNames: [], labelIds: [] } }, 601)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelNames: ["x"], labelIds: [] } }, 601)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [], labelNames: ["x"] } }, 601)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [a], labelNames: [""] } }, 601)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [a], labelNames: "x" } }, 600)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [a], labelNames: [1] } }, 600)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: a, labelNames: ["x"] } }, 600)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [1.5], labelNames: ["x"] } }, 600)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { taskIds: [a], labelNames: null } }, 600)
      assert.strictEqual((yield* tagsOf(sim, demoAccount.accessId, a)).length, 1)
    })
  )

  it.effect("validation: label str, taskIds list<int>, labelIds list; missing or empty 601", () =>
    Effect.gen(function* () {
      const sim = yield* make()
      const [a] = (yield* reserve(sim, 1)) as [number]
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { taskIds: [a] } }, 601)
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: "", taskIds: [a] } }, 601)
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: 1, taskIds: [a] } }, 600)
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: "x" } }, 601)
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: "x", taskIds: [] } }, 601)
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: "x", taskIds: a } }, 600)
      yield* expectCode(sim, { path: paths.addTaskLabel, body: { label: "x", taskIds: [`${a}.0`] } }, 600)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: {} }, 601)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelIds: [] } }, 601)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelIds: 5 } }, 600)
      yield* expectCode(sim, { path: paths.deleteTaskLabel, body: { labelIds: null } }, 600)
      assert.deepStrictEqual(yield* tagsOf(sim, demoAccount.accessId, a), [])
    })
  )
})
