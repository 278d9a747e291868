/**
 * The CLI's pure parts, in process: argument parsing, where the global options go, the exit codes,
 * the progress display and the completion script's repair.
 */
import { Either } from "effect"
import { assert, describe, it } from "vitest"
import {
  parseCg,
  parseDuration,
  parseFrameStatus,
  parsePriority,
  parseTaskStatus,
  parseTimeBound
} from "../src/Input.ts"
import { ApiError } from "@rayvision/core"
import { CliFailure, exitCodeOf as exitCodeOfError } from "../src/Failure.ts"
import { hoistGlobalOptions } from "../src/Global.ts"
import { fixBashCompletions, stripAnsi } from "../src/Output.ts"
import { barLine, Board, exitCodeOf, outcomeOf, percentOf, plainLine, WaitExit } from "../src/Progress.ts"

const right = <A>(either: Either.Either<A, string>): A => {
  if (Either.isLeft(either)) throw new Error(`expected a value, got: ${either.left}`)
  return either.right
}
const left = <A>(either: Either.Either<A, string>): string => {
  if (Either.isRight(either)) throw new Error(`expected an error, got: ${JSON.stringify(either.right)}`)
  return either.left
}

describe("parseTimeBound", () => {
  it("reads dates, local times (UTC+8) and zoned ISO times as the service's text", () => {
    assert.strictEqual(right(parseTimeBound("--since", "2024-05-01", "start")), "2024-05-01 00:00:00")
    assert.strictEqual(right(parseTimeBound("--until", "2024-05-01", "end")), "2024-05-01 23:59:59")
    assert.strictEqual(right(parseTimeBound("--since", "2024-05-01 10:20:30", "start")), "2024-05-01 10:20:30")
    assert.strictEqual(right(parseTimeBound("--since", "2024-05-01T10:20", "start")), "2024-05-01 10:20:00")
    assert.strictEqual(right(parseTimeBound("--until", "2024-05-01T10:20", "end")), "2024-05-01 10:20:59")
    assert.strictEqual(right(parseTimeBound("--since", "2024-05-01T20:00:00Z", "start")), "2024-05-02 04:00:00")
    assert.strictEqual(
      right(parseTimeBound("--since", "2024-05-01T10:00:00.250+02:00", "start")),
      "2024-05-01 16:00:00"
    )
    assert.strictEqual(right(parseTimeBound("--since", "2024-05-01T10:00:00-0130", "start")), "2024-05-01 19:30:00")
  })

  it("refuses what is not a real date, naming the flag", () => {
    for (const text of ["2024-02-30", "2024-13-01", "yesterday", "2024-05-01 25:00:00", "1714550400", ""]) {
      assert.match(left(parseTimeBound("--until", text, "end")), /^--until: .* is not a date/)
    }
  })
})

describe("statuses, priorities, DCCs, durations", () => {
  it("reads task statuses by code or by name", () => {
    assert.strictEqual(right(parseTaskStatus("rendering")), 5)
    assert.strictEqual(right(parseTaskStatus("Stopped-By-User")), 15)
    assert.strictEqual(right(parseTaskStatus("finished_with_failed_frames")), 30)
    assert.strictEqual(right(parseTaskStatus("45")), 45)
    assert.include(left(parseTaskStatus("sleeping")), "stopped-by-timeout")
  })

  it("reads frame statuses by known code or by name", () => {
    assert.strictEqual(right(parseFrameStatus("failed")), 5)
    assert.strictEqual(right(parseFrameStatus("timed-out")), 11)
    assert.strictEqual(right(parseFrameStatus("4")), 4)
    assert.include(left(parseFrameStatus("12")), "not a frame status")
  })

  it("reads priorities and DCCs", () => {
    assert.deepStrictEqual(
      [parsePriority("high"), parsePriority("Normal"), parsePriority("55")].map(right),
      [60, 50, 55]
    )
    assert.include(left(parsePriority("urgent")), "urgent")
    assert.deepStrictEqual([parseCg("maya"), parseCg("3ds Max"), parseCg("2005")].map(right), [2000, 2001, 2005])
    assert.strictEqual(right(parseCg("Nuke")), 2015)
    assert.include(left(parseCg("zbrush")), "zbrush")
    assert.include(left(parseCg("1999")), "1999")
  })

  it("reads durations as milliseconds", () => {
    assert.deepStrictEqual(
      ["90", "0.5", "250ms", "90s", "10m", "2h"].map((t) => right(parseDuration("--timeout", t))),
      [90_000, 500, 250, 90_000, 600_000, 7_200_000]
    )
    for (const text of ["0", "-1", "soon", "5d"]) assert.include(left(parseDuration("--timeout", text)), "--timeout")
  })
})

describe("the progress display", () => {
  const state = (status: number | undefined, doneFrames: number, totalFrames: number, failedFrames = 0) => ({
    taskId: 2433370,
    status,
    doneFrames,
    totalFrames,
    failedFrames
  })

  it("percentages come from frames done out of the total, rounded down", () => {
    assert.strictEqual(percentOf(state(5, 0, 0)), 0)
    assert.strictEqual(percentOf(state(5, 1, 3)), 33)
    assert.strictEqual(percentOf(state(5, 9, 10)), 90)
    assert.strictEqual(percentOf(state(25, 10, 10)), 100)
  })

  it("a bar and a plain line carry the percentage, frames and status name", () => {
    assert.strictEqual(barLine(state(5, 5, 10)), "2433370     [##########..........]   50%  5/10 frames  Rendering")
    assert.strictEqual(
      barLine(state(30, 8, 10, 2), 200),
      "2433370     [################....]   80%  8/10 frames, 2 failed  FinishedWithFailedFrames"
    )
    assert.lengthOf(barLine(state(5, 5, 10), 30), 30)
    assert.strictEqual(plainLine(state(77, 1, 4)), "task 2433370: status 77, 1/4 frames (25%)")
  })

  it("redraws in place: the cursor goes up over the previous block, each line is cleared", () => {
    const board = new Board()
    assert.strictEqual(board.frame(["a", "b"]), "\r\u001b[2Ka\n\r\u001b[2Kb\n")
    assert.strictEqual(board.frame(["c", "d"]), "\u001b[2A\r\u001b[2Kc\n\r\u001b[2Kd\n")
  })

  it("outcomes and the exit code: failed before abandoned before stopped; pending is a timeout", () => {
    assert.deepStrictEqual([25, 40, 30, 45, 35, 10, 15, 20, 23, 5, 0, undefined].map(outcomeOf), [
      "finished",
      "finished",
      "failed",
      "failed",
      "abandoned",
      "stopped",
      "stopped",
      "stopped",
      "stopped",
      "pending",
      "pending",
      "pending"
    ])
    assert.strictEqual(exitCodeOf(["finished", "finished"]), WaitExit.finished)
    assert.strictEqual(exitCodeOf(["stopped", "abandoned"]), WaitExit.abandoned)
    assert.strictEqual(exitCodeOf(["stopped", "failed", "abandoned"]), WaitExit.failed)
    assert.strictEqual(exitCodeOf(["finished", "stopped"]), WaitExit.stopped)
    assert.strictEqual(exitCodeOf(["failed", "pending"]), WaitExit.timeout)
  })
})

describe("completion text", () => {
  it("strips ANSI escapes", () => {
    assert.strictEqual(stripAnsi("\u001b[0;1mUSAGE\u001b[0m and \u001b[2A"), "USAGE and ")
  })

  it("repairs the case patterns of two-level commands in the bash completion script", () => {
    const script = [
      "function _rayvision_bash_completions() {",
      '        case "${cmd},${i}" in',
      "            rayvision,simulator)",
      "            rayvision,simulator,serve)",
      "            rayvision,task,restart-frames)"
    ].join("\n")
    assert.deepStrictEqual(fixBashCompletions(script).split("\n").slice(2), [
      "            rayvision,simulator)",
      "            rayvision__simulator,serve)",
      "            rayvision__task,restart-frames)"
    ])
    assert.strictEqual(fixBashCompletions("a,b,c)"), "a,b,c)")
  })
})

describe("the global options", () => {
  it("move before the command's words, with their values, from anywhere on the line", () => {
    assert.deepStrictEqual(
      hoistGlobalOptions(["task", "stop", "1", "--json", "2", "--domain", "h:1", "--access-key=k=v"]),
      ["--json", "--domain=h:1", "--access-key=k=v", "task", "stop", "1", "2"]
    )
    // A value that is also a command's name stays the option's value.
    assert.deepStrictEqual(hoistGlobalOptions(["tasks", "list", "--access-id", "task", "--verbose"]), [
      "--access-id=task",
      "--verbose",
      "tasks",
      "list"
    ])
  })

  it("stay where they are after `--`, on the simulator's own commands, and when a value is missing", () => {
    assert.deepStrictEqual(hoistGlobalOptions(["projects", "add", "--", "--json"]), ["projects", "add", "--", "--json"])
    assert.deepStrictEqual(hoistGlobalOptions(["simulator", "serve", "--json", "--verbose"]), [
      "simulator",
      "serve",
      "--json",
      "--verbose"
    ])
    assert.deepStrictEqual(hoistGlobalOptions(["user", "profile", "--domain"]), ["--domain", "user", "profile"])
    assert.deepStrictEqual(hoistGlobalOptions(["tasks", "list", "--jsonish"]), ["tasks", "list", "--jsonish"])
  })
})

describe("exit codes", () => {
  it("a service code is exit 2 when core's table says the client's input caused it, else 1", () => {
    for (const known of ApiError.ServiceCodes) {
      assert.strictEqual(exitCodeOfError({ _tag: known.tag, code: known.code }), known.clientInput ? 2 : 1)
    }
    assert.isTrue(ApiError.ServiceCodes.some((known) => known.clientInput))
    assert.strictEqual(exitCodeOfError({ _tag: "UnknownApiError", code: 12345 }), 1)
  })

  it("input refused before sending is exit 2; a CLI failure carries its own", () => {
    assert.strictEqual(exitCodeOfError({ _tag: "InvalidRequest" }), 2)
    assert.strictEqual(exitCodeOfError({ _tag: "TaskCheckFailed" }), 2)
    assert.strictEqual(exitCodeOfError({ _tag: "TransportError" }), 1)
    assert.strictEqual(exitCodeOfError(new CliFailure({ message: "", exitCode: 5 })), 5)
  })
})
