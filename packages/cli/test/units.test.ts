/**
 * The CLI's pure parts, in process: argument parsing, where the global options go, the exit codes,
 * the progress display and the completion script's repair.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
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
    expect(right(parseTimeBound("--since", "2024-05-01", "start"))).toBe("2024-05-01 00:00:00")
    expect(right(parseTimeBound("--until", "2024-05-01", "end"))).toBe("2024-05-01 23:59:59")
    expect(right(parseTimeBound("--since", "2024-05-01 10:20:30", "start"))).toBe("2024-05-01 10:20:30")
    expect(right(parseTimeBound("--since", "2024-05-01T10:20", "start"))).toBe("2024-05-01 10:20:00")
    expect(right(parseTimeBound("--until", "2024-05-01T10:20", "end"))).toBe("2024-05-01 10:20:59")
    expect(right(parseTimeBound("--since", "2024-05-01T20:00:00Z", "start"))).toBe("2024-05-02 04:00:00")
    expect(right(parseTimeBound("--since", "2024-05-01T10:00:00.250+02:00", "start"))).toBe("2024-05-01 16:00:00")
    expect(right(parseTimeBound("--since", "2024-05-01T10:00:00-0130", "start"))).toBe("2024-05-01 19:30:00")
  })

  it("refuses what is not a real date, naming the flag", () => {
    for (const text of ["2024-02-30", "2024-13-01", "yesterday", "2024-05-01 25:00:00", "1714550400", ""]) {
      expect(left(parseTimeBound("--until", text, "end"))).toMatch(/^--until: .* is not a date/)
    }
  })
})

describe("statuses, priorities, DCCs, durations", () => {
  it("reads task statuses by code or by name", () => {
    expect(right(parseTaskStatus("rendering"))).toBe(5)
    expect(right(parseTaskStatus("Stopped-By-User"))).toBe(15)
    expect(right(parseTaskStatus("finished_with_failed_frames"))).toBe(30)
    expect(right(parseTaskStatus("45"))).toBe(45)
    expect(left(parseTaskStatus("sleeping"))).toContain("stopped-by-timeout")
  })

  it("reads frame statuses by known code or by name", () => {
    expect(right(parseFrameStatus("failed"))).toBe(5)
    expect(right(parseFrameStatus("timed-out"))).toBe(11)
    expect(right(parseFrameStatus("4"))).toBe(4)
    expect(left(parseFrameStatus("12"))).toContain("not a frame status")
  })

  it("reads priorities and DCCs", () => {
    expect([parsePriority("high"), parsePriority("Normal"), parsePriority("55")].map(right)).toEqual([60, 50, 55])
    expect(left(parsePriority("urgent"))).toContain("urgent")
    expect([parseCg("maya"), parseCg("3ds Max"), parseCg("2005")].map(right)).toEqual([2000, 2001, 2005])
    expect(right(parseCg("Nuke"))).toBe(2015)
    expect(left(parseCg("zbrush"))).toContain("zbrush")
    expect(left(parseCg("1999"))).toContain("1999")
  })

  it("reads durations as milliseconds", () => {
    expect(["90", "0.5", "250ms", "90s", "10m", "2h"].map((t) => right(parseDuration("--timeout", t)))).toEqual([
      90_000, 500, 250, 90_000, 600_000, 7_200_000
    ])
    for (const text of ["0", "-1", "soon", "5d"]) expect(left(parseDuration("--timeout", text))).toContain("--timeout")
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
    expect(percentOf(state(5, 0, 0))).toBe(0)
    expect(percentOf(state(5, 1, 3))).toBe(33)
    expect(percentOf(state(5, 9, 10))).toBe(90)
    expect(percentOf(state(25, 10, 10))).toBe(100)
  })

  it("a bar and a plain line carry the percentage, frames and status name", () => {
    expect(barLine(state(5, 5, 10))).toBe("2433370     [##########..........]   50%  5/10 frames  Rendering")
    expect(barLine(state(30, 8, 10, 2), 200)).toBe(
      "2433370     [################....]   80%  8/10 frames, 2 failed  FinishedWithFailedFrames"
    )
    expect(barLine(state(5, 5, 10), 30)).toHaveLength(30)
    expect(plainLine(state(77, 1, 4))).toBe("task 2433370: status 77, 1/4 frames (25%)")
  })

  it("redraws in place: the cursor goes up over the previous block, each line is cleared", () => {
    const board = new Board()
    expect(board.frame(["a", "b"])).toBe("\r\u001b[2Ka\n\r\u001b[2Kb\n")
    expect(board.frame(["c", "d"])).toBe("\u001b[2A\r\u001b[2Kc\n\r\u001b[2Kd\n")
  })

  it("outcomes and the exit code: failed before abandoned before stopped; pending is a timeout", () => {
    expect([25, 40, 30, 45, 35, 10, 15, 20, 23, 5, 0, undefined].map(outcomeOf)).toEqual([
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
    expect(exitCodeOf(["finished", "finished"])).toBe(WaitExit.finished)
    expect(exitCodeOf(["stopped", "abandoned"])).toBe(WaitExit.abandoned)
    expect(exitCodeOf(["stopped", "failed", "abandoned"])).toBe(WaitExit.failed)
    expect(exitCodeOf(["finished", "stopped"])).toBe(WaitExit.stopped)
    expect(exitCodeOf(["failed", "pending"])).toBe(WaitExit.timeout)
  })
})

describe("completion text", () => {
  it("strips ANSI escapes", () => {
    expect(stripAnsi("\u001b[0;1mUSAGE\u001b[0m and \u001b[2A")).toBe("USAGE and ")
  })

  it("repairs the case patterns of two-level commands in the bash completion script", () => {
    const script = [
      "function _rayvision_bash_completions() {",
      '        case "${cmd},${i}" in',
      "            rayvision,simulator)",
      "            rayvision,simulator,serve)",
      "            rayvision,task,restart-frames)"
    ].join("\n")
    expect(fixBashCompletions(script).split("\n").slice(2)).toEqual([
      "            rayvision,simulator)",
      "            rayvision__simulator,serve)",
      "            rayvision__task,restart-frames)"
    ])
    expect(fixBashCompletions("a,b,c)")).toBe("a,b,c)")
  })
})

describe("the global options", () => {
  it("move before the command's words, with their values, from anywhere on the line", () => {
    expect(hoistGlobalOptions(["task", "stop", "1", "--json", "2", "--domain", "h:1", "--access-key=k=v"])).toEqual([
      "--json",
      "--domain=h:1",
      "--access-key=k=v",
      "task",
      "stop",
      "1",
      "2"
    ])
    // A value that is also a command's name stays the option's value.
    expect(hoistGlobalOptions(["tasks", "list", "--access-id", "task", "--verbose"])).toEqual([
      "--access-id=task",
      "--verbose",
      "tasks",
      "list"
    ])
  })

  it("stay where they are after `--`, on the simulator's own commands, and when a value is missing", () => {
    expect(hoistGlobalOptions(["projects", "add", "--", "--json"])).toEqual(["projects", "add", "--", "--json"])
    expect(hoistGlobalOptions(["simulator", "serve", "--json", "--verbose"])).toEqual([
      "simulator",
      "serve",
      "--json",
      "--verbose"
    ])
    expect(hoistGlobalOptions(["user", "profile", "--domain"])).toEqual(["--domain", "user", "profile"])
    expect(hoistGlobalOptions(["tasks", "list", "--jsonish"])).toEqual(["tasks", "list", "--jsonish"])
  })
})

describe("exit codes", () => {
  it("a service code is exit 2 when core's table says the client's input caused it, else 1", () => {
    for (const known of ApiError.ServiceCodes) {
      expect(exitCodeOfError({ _tag: known.tag, code: known.code })).toBe(known.clientInput ? 2 : 1)
    }
    expect(ApiError.ServiceCodes.some((known) => known.clientInput)).toBe(true)
    expect(exitCodeOfError({ _tag: "UnknownApiError", code: 12345 })).toBe(1)
  })

  it("input refused before sending is exit 2; a CLI failure carries its own", () => {
    expect(exitCodeOfError({ _tag: "InvalidRequest" })).toBe(2)
    expect(exitCodeOfError({ _tag: "TaskCheckFailed" })).toBe(2)
    expect(exitCodeOfError({ _tag: "TransportError" })).toBe(1)
    expect(exitCodeOfError(new CliFailure({ message: "", exitCode: 5 }))).toBe(5)
  })
})
