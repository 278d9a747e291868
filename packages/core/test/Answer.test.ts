/**
 * The pure parts of the transport that read an answer (`internal/answer.ts`), without an
 * `HttpClient`: what a status and a body mean, the scrubbing of the call's signatures from every
 * text kept, and which failures leave a call's outcome unknown or prove nothing was sent.
 */
import { HttpClientError, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ApiError } from "@rayvision/core"
import { paths } from "../../../tests/paths.ts"
import * as Answer from "../src/internal/answer.ts"

const { EXCERPT } = Answer
const path = paths.queryUserProfile

// Two signatures as the signer writes them (Base64: letters, digits, `+`, `/`, `=`).
const secret = "k7+Rz/Qa9Wm+Tb/Xc4Ld2Hs8Nf6Vp0Je1Yg5Ui3Oo1A="
const other = "Zq/9+Lm2=Wx8/Pk4+Tn6Rb0Hc3Jd5Fs7Gv1Ey2Iu44="
const scrub = Answer.scrubberOf([secret])

const hex = (char: string) => char.charCodeAt(0).toString(16).padStart(2, "0")
/** `text` with each of `+`, `/` and `=` written by `form`. */
const encode = (text: string, form: (char: string) => string) => text.replace(/[+/=]/g, form)
const NAMED: Record<string, string> = { "+": "&plus;", "/": "&sol;", "=": "&equals;" }
const FORMS: ReadonlyArray<(char: string) => string> = [
  (c) => `\\u00${hex(c)}`,
  (c) => `%${hex(c)}`,
  (c) => `&#${c.charCodeAt(0)};`,
  (c) => `&#x${hex(c).toUpperCase()};`,
  (c) => `\\${c}`
]
/** Each of `+`, `/` and `=` in the next form of {@link FORMS}. */
const mixed = (text: string) => {
  let next = 0
  return encode(text, (c) => FORMS[next++ % FORMS.length]!(c))
}

/** The ways a proxy or a service may quote a signature, by name. */
const encodings: ReadonlyArray<readonly [string, (text: string) => string]> = [
  ["as it is", (s) => s],
  ["JSON-escaped slashes", (s) => s.replaceAll("/", "\\/")],
  ["JSON \\u escapes, upper-case hex", (s) => encode(s, (c) => `\\u00${hex(c).toUpperCase()}`)],
  ["JSON \\u escapes, lower-case hex", (s) => encode(s, (c) => `\\u00${hex(c)}`)],
  ["URL-encoded, upper-case hex", (s) => encodeURIComponent(s)],
  ["URL-encoded, lower-case hex", (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
  ["HTML decimal references", (s) => encode(s, (c) => `&#${c.charCodeAt(0)};`)],
  ["HTML decimal references with leading zeros", (s) => encode(s, (c) => `&#00${c.charCodeAt(0)};`)],
  ["HTML hex references, lower case", (s) => encode(s, (c) => `&#x${hex(c)};`)],
  ["HTML hex references, upper case", (s) => encode(s, (c) => `&#X${hex(c).toUpperCase()};`)],
  ["HTML named references", (s) => encode(s, (c) => NAMED[c]!)],
  ["HTML named references, upper case", (s) => encode(s, (c) => NAMED[c]!.toUpperCase())],
  ["every letter in upper case", (s) => s.toUpperCase()],
  ["every letter in lower case", (s) => s.toLowerCase()],
  ["a different form for each character", (s) => mixed(s)]
]

describe("scrubberOf: the call's signatures out of any text kept", () => {
  for (const [name, form] of encodings) {
    it(`replaces a signature written ${name}`, () => {
      const quoted = form(secret)
      assert.notStrictEqual(quoted, "", name)
      assert.strictEqual(scrub(`before ${quoted} after`), "before [redacted] after")
      assert.strictEqual(scrub(`${quoted}${quoted}`), "[redacted][redacted]")
    })
  }

  it("replaces several signatures, each in its own form, and leaves the rest of the text", () => {
    const both = Answer.scrubberOf([secret, other])
    const text = `a=${encodeURIComponent(secret)}; b="${other.replaceAll("/", "\\/")}"; c=${secret.toLowerCase()}`
    assert.strictEqual(both(text), 'a=[redacted]; b="[redacted]"; c=[redacted]')
    // Each scrubber knows only its own signatures.
    assert.include(scrub(text), other.replaceAll("/", "\\/"))
  })

  it("ignores secrets shorter than 8 characters, and is the identity without secrets", () => {
    const text = `ab+/1== and ${secret}`
    assert.strictEqual(Answer.scrubberOf([])(text), text)
    assert.strictEqual(Answer.scrubberOf(["ab+/1=="])(text), text)
    assert.strictEqual(Answer.scrubberOf(["ab+/1==", secret])(text), "ab+/1== and [redacted]")
  })

  it("reads `+`, `/` and `=` in a signature literally, not as patterns", () => {
    const plus = Answer.scrubberOf(["Abcdefg+h"])
    for (const text of ["Abcdefggggh", "Abcdefgh", "Abcdefg/h"]) assert.strictEqual(plus(text), text)
    assert.strictEqual(plus("Abcdefg+h"), "[redacted]")
  })
})

describe("excerpt: the start of a body, bounded, scrubbed before the cut", () => {
  const identity = (text: string) => text

  it(`keeps at most ${EXCERPT} characters and an ellipsis, whatever the body's length`, () => {
    for (const length of [0, 1, EXCERPT - 1, EXCERPT, EXCERPT + 1, EXCERPT * 4, EXCERPT * 4 + 1, 100_000]) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(97 + (i % 26))).join("")
      const kept = Answer.excerpt(text, identity)
      assert.isAtMost(kept.length, EXCERPT + 1, String(length))
      assert.strictEqual(kept, length <= EXCERPT ? text : `${text.slice(0, EXCERPT)}…`, String(length))
    }
  })

  it("stays bounded when scrubbing makes the text longer", () => {
    // Each 8-character secret becomes the 10 characters of "[redacted]".
    const short = "Ab+/Cd=1"
    const kept = Answer.excerpt(short.repeat(60), Answer.scrubberOf([short]))
    assert.isAtMost(kept.length, EXCERPT + 1)
    assert.isTrue(kept.startsWith("[redacted][redacted]"))
    assert.notInclude(kept, short)
  })

  it("leaves no part of a signature that straddles the cut, in any form", () => {
    for (const [name, form] of encodings) {
      const quoted = form(secret)
      for (const before of [EXCERPT - 20, EXCERPT - 5, EXCERPT * 4 - 30]) {
        for (const after of [10, EXCERPT * 4]) {
          const text = `${"x".repeat(before)}${quoted}${"y".repeat(after)}`
          const kept = Answer.excerpt(text, scrub)
          assert.isAtMost(kept.length, EXCERPT + 1, name)
          assert.notInclude(kept, quoted.slice(0, 4), `${name}, ${before} characters before`)
        }
      }
    }
  })
})

describe("interpret: a status and a body into data or a typed error", () => {
  const failed = (status: number, text: string) => {
    const answer = Answer.interpret(path, status, text, scrub)
    if (answer._tag !== "Failure") return assert.fail(`expected a failure for ${status} ${text}`)
    return answer
  }

  it("a status other than 2xx: HttpStatusError with the scrubbed excerpt; the service may have acted on a 5xx", () => {
    const page = `<html><body>proxy saw signature=${encodeURIComponent(secret)}\n${"busy ".repeat(300)}</body></html>`
    for (const [statuses, mayHaveActed] of [
      [[500, 502, 503, 504, 599], true],
      [[100, 199, 301, 304, 400, 404, 408, 429, 499], false]
    ] as const) {
      for (const status of statuses) {
        const { error, mayHaveActed: acted } = failed(status, page)
        assert.strictEqual(acted, mayHaveActed, String(status))
        assert.instanceOf(error, ApiError.HttpStatusError)
        if (error._tag !== "HttpStatusError") continue
        assert.deepStrictEqual([error.path, error.status], [path, status])
        assert.strictEqual(error.bodyExcerpt, Answer.excerpt(page, scrub))
        assert.include(error.bodyExcerpt, "signature=[redacted]")
        assert.notInclude(error.message, encodeURIComponent(secret))
      }
    }
  })

  it("a 2xx body that is not JSON, not an object, or has no integer code: MalformedResponse, may have acted", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      [`<html>${secret}</html>`, "the body is not JSON"],
      ["", "the body is not JSON"],
      ['{"code":200,"data":', "the body is not JSON"],
      ["[1,2]", "the body is not a JSON object"],
      ["null", "the body is not a JSON object"],
      ["3", "the body is not a JSON object"],
      [`"${secret}"`, "the body is not a JSON object"],
      ['{"data": 1}', "the envelope has no integer code"],
      ['{"code": "2OO"}', "the envelope has no integer code"],
      ['{"code": "20 0"}', "the envelope has no integer code"],
      ['{"code": 200.5}', "the envelope has no integer code"],
      ['{"code": 1e300}', "the envelope has no integer code"],
      ['{"code": "9999999999999999"}', "the envelope has no integer code"],
      ['{"code": null}', "the envelope has no integer code"],
      ['{"code": true}', "the envelope has no integer code"],
      [`{"code": [200], "message": "${secret}"}`, "the envelope has no integer code"]
    ]
    for (const [body, reason] of cases) {
      for (const status of [200, 201, 299]) {
        const { error, mayHaveActed } = failed(status, body)
        assert.isTrue(mayHaveActed, body)
        assert.instanceOf(error, ApiError.MalformedResponse, body)
        if (error._tag !== "MalformedResponse") continue
        assert.strictEqual(error.reason, reason, body)
        assert.strictEqual(error.bodyExcerpt, Answer.excerpt(body, scrub), body)
        assert.notInclude(error.bodyExcerpt, secret)
      }
    }
  })

  it("a code other than 200: the class of that code with the server's message, requestId and time", () => {
    const codes = [...ApiError.ServiceCodes.map((entry) => entry.code), 999, -5, 0]
    for (const code of codes) {
      const body = {
        code,
        message: `refused; you sent signature=${secret}`,
        requestId: `req-${code}`,
        serverTime: 1_700_000_000_123,
        data: null
      }
      const { error, mayHaveActed } = failed(200, JSON.stringify(body))
      assert.isFalse(mayHaveActed, String(code))
      const Class: new (...args: never) => unknown = ApiError.ServiceErrorByCode[code] ?? ApiError.UnknownApiError
      assert.instanceOf(error, Class, String(code))
      if (!("code" in error)) continue
      assert.strictEqual(error.code, code)
      assert.strictEqual(error.path, path)
      assert.strictEqual(error.serverMessage, "refused; you sent signature=[redacted]")
      assert.strictEqual(error.requestId, body.requestId)
      assert.strictEqual(error.serverTime, body.serverTime)
      assert.strictEqual(Answer.codeOf(error), code)
    }
  })

  it("a code given as the text of an integer decides as that integer; the other fields when usable", () => {
    const data = { userId: 7, tags: ["a"] }
    const ok = Answer.interpret(path, 200, JSON.stringify({ code: "200", data, requestId: 12345 }), scrub)
    assert.deepStrictEqual(ok, { _tag: "Data", data, requestId: "12345" })
    const { error } = failed(200, JSON.stringify({ code: " 611 ", message: 5, serverTime: "42", requestId: null }))
    assert.instanceOf(error, ApiError.SignatureInvalid)
    if (error._tag !== "SignatureInvalid") return
    assert.deepStrictEqual(
      [error.code, error.serverMessage, error.serverTime, error.requestId],
      [611, "5", 42, undefined]
    )
  })

  it("code 200: the envelope's data and its requestId, whatever else it holds, without scrubbing anything", () => {
    // A success keeps no text of the answer but its requestId, which only a decoding failure keeps
    // (and scrubs): scrubbing every success would cost for nothing.
    let scrubbed = 0
    const counting = (text: string) => {
      scrubbed++
      return scrub(text)
    }
    const data = { items: [{ id: 1 }], total: 1 }
    for (const status of [200, 204, 299]) {
      const requestId = `r-${status}`
      const text = JSON.stringify({ code: 200, data, requestId, message: secret, result: true, extra: [1] })
      assert.deepStrictEqual(Answer.interpret(path, status, text, counting), { _tag: "Data", data, requestId })
    }
    assert.deepStrictEqual(Answer.interpret(path, 200, '{"code": 200}', counting), {
      _tag: "Data",
      data: undefined,
      requestId: undefined
    })
    assert.strictEqual(scrubbed, 0)
  })
})

describe("answerLost: a lost answer, as the call reports it", () => {
  const html = `<html>\n<head><title>502</title></head>\n<body>\n${"Bad gateway\r\n\t".repeat(80)}</body>\n</html>`
  const lost: ReadonlyArray<Answer.LostAnswer> = [
    new ApiError.TransportError({ path, reason: "socket hang up\n(ECONNRESET)" }),
    new ApiError.RequestTimeout({ path, timeoutMillis: 1500 }),
    new ApiError.HttpStatusError({ path, status: 502, bodyExcerpt: html }),
    new ApiError.MalformedResponse({ path, reason: "the body is not JSON", bodyExcerpt: html.slice(0, 40) }),
    new ApiError.ResponseTooLarge({ path, limitBytes: 1024 })
  ]

  it("keeps the failure of a call that is safe to repeat", () => {
    const endpoint = { operation: "UserService.profile", path, idempotent: true }
    for (const failure of lost) assert.strictEqual(Answer.answerLost(endpoint, failure), failure)
  })

  it("turns it into OutcomeUnknown for any other call, with a one-line reason of at most 300 characters", () => {
    const endpoint = {
      operation: "TaskService.createTaskIds",
      path: paths.createTask,
      idempotent: false
    }
    for (const failure of lost) {
      const error = Answer.answerLost(endpoint, failure)
      assert.instanceOf(error, ApiError.OutcomeUnknown, failure._tag)
      if (error._tag !== "OutcomeUnknown") continue
      assert.deepStrictEqual(
        [error.path, error.operation, error.after],
        [endpoint.path, endpoint.operation, failure._tag]
      )
      assert.notMatch(error.reason, /[\r\n\t]| {2}/, failure._tag)
      assert.isAtMost(error.reason.length, 300, failure._tag)
      // The start of the failure's own message, its whitespace folded.
      assert.isTrue(failure.message.replace(/\s+/g, " ").startsWith(error.reason), failure._tag)
      assert.include(error.message, error.reason)
    }
    const long = Answer.answerLost(endpoint, lost[2]!)
    assert.strictEqual(long._tag === "OutcomeUnknown" ? long.reason.length : 0, 300, "a long page is cut")
  })
})

describe("neverSent: failures that prove nothing reached the service", () => {
  const request = HttpClientRequest.post(`http://127.0.0.1:1${paths.createTask}`)
  const transport = (cause: unknown) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
  const systemError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields)

  it("a refused or unknown host, however deep in the cause chain; a connection the runtime did not permit", () => {
    const refused = systemError("connect ECONNREFUSED 127.0.0.1:1", { code: "ECONNREFUSED" })
    const proofs = [
      transport(refused),
      transport(new TypeError("fetch failed", { cause: refused })),
      transport(new Error("outer", { cause: new Error("middle", { cause: { code: "ECONNREFUSED" } }) })),
      transport(new Error("fetch failed", { cause: systemError("getaddrinfo", { code: "ENOTFOUND" }) })),
      transport({ code: "ConnectionRefused" }),
      transport(new Error("error sending request: Connection refused (os error 111)")),
      transport(systemError('Requires net access to "127.0.0.1:1"', { name: "NotCapable" })),
      transport(new Error("client", { cause: systemError("Requires sys access", { name: "PermissionDenied" }) })),
      new HttpClientError.RequestError({ request, reason: "Encode", description: "a stream body" }),
      new HttpClientError.RequestError({ request, reason: "InvalidUrl" })
    ]
    proofs.forEach((error, i) => assert.isTrue(Answer.neverSent(error), `case ${i}`))
  })

  it("not a reset, a timeout or a failed read: the request may have arrived", () => {
    const reset = systemError("socket hang up", { code: "ECONNRESET" })
    const response = HttpClientResponse.fromWeb(request, new Response("partial"))
    const maybeSent = [
      transport(reset),
      transport(new TypeError("fetch failed", { cause: reset })),
      transport(systemError("read ETIMEDOUT", { code: "ETIMEDOUT" })),
      transport(new Error("other side closed")),
      transport(undefined),
      new HttpClientError.ResponseError({ request, response, reason: "Decode", cause: reset })
    ]
    maybeSent.forEach((error, i) => assert.isFalse(Answer.neverSent(error), `case ${i}`))
  })

  it("transportReason: one scrubbed line with the cause and its cause; tooLargeOf finds the limit", () => {
    const error = transport(new TypeError(`fetch failed for ${secret}`, { cause: new Error(`echo ${secret}`) }))
    const reason = Answer.transportReason(error, scrub)
    assert.strictEqual(reason, "Transport: fetch failed for [redacted] (echo [redacted])")
    assert.strictEqual(Answer.tooLargeOf(error), undefined)
    const tooLarge = new Answer.AnswerTooLarge(2048, 4096)
    assert.strictEqual(Answer.tooLargeOf(transport(new Error("read", { cause: tooLarge }))), tooLarge)
    assert.include(tooLarge.message, "2048")
    assert.include(tooLarge.message, "4096")
  })
})

describe("refusedBeforeActing: the refusals re-sent once, whatever the endpoint", () => {
  const refusal = (code: number, serverTime?: number) =>
    ApiError.fromEnvelope({ path, code, serverMessage: "", serverTime })

  it("603 always, 610 only with the service's time, no other code", () => {
    for (const { code } of ApiError.ServiceCodes) {
      assert.strictEqual(Answer.refusedBeforeActing(refusal(code)), code === 603, `${code} without serverTime`)
      assert.strictEqual(
        Answer.refusedBeforeActing(refusal(code, 1)),
        code === 603 || code === 610,
        `${code} with serverTime`
      )
    }
    assert.isFalse(Answer.refusedBeforeActing(refusal(999, 1)))
  })

  it("driven by the codes ServiceCodes marks resent, and never by a failure of the exchange", () => {
    const resent = ApiError.ServiceCodes.filter((entry) => entry.resent).map((entry) => entry.code)
    const accepted = ApiError.ServiceCodes.map((entry) => entry.code).filter((code) =>
      Answer.refusedBeforeActing(refusal(code, 1))
    )
    assert.deepStrictEqual(accepted, resent)
    for (const error of [
      new ApiError.TransportError({ path, reason: "603" }),
      new ApiError.HttpStatusError({ path, status: 603, bodyExcerpt: "" }),
      new ApiError.InvalidRequest({ operation: "UserService.profile", field: "", issue: "610" })
    ]) {
      assert.isFalse(Answer.refusedBeforeActing(error), error._tag)
      assert.strictEqual(Answer.codeOf(error), error._tag)
    }
  })
})
