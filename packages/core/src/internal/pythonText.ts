/**
 * Values as the Renderbus signature writes them (docs/protocol.md 2.3): numbers as Python's
 * `str()` does, and strings ordered by code point as Python sorts `str`. Pure functions.
 *
 * @internal
 */

// ---------------------------------------------------------------------------------------------
// Values as Python's str() writes them (docs/protocol.md 2.3)
// ---------------------------------------------------------------------------------------------

/**
 * `str(float)` in Python: shortest round-trip digits, positional for exponents in [-4, 16),
 * scientific with a signed two-digit exponent otherwise, and always a fractional digit.
 * @internal
 */
export const pythonFloat = (x: number): string => {
  if (Number.isNaN(x)) return "nan"
  if (x === Infinity) return "inf"
  if (x === -Infinity) return "-inf"
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0"
  const exp = x.toExponential() // "-d.ddde+N"
  const sign = x < 0 ? "-" : ""
  const ePos = exp.indexOf("e")
  const mantissa = exp.slice(sign.length, ePos)
  const e = Number(exp.slice(ePos + 1))
  const digits = mantissa.replace(".", "")
  if (e >= -4 && e < 16) {
    if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`
    const intPart = digits.slice(0, e + 1).padEnd(e + 1, "0")
    const frac = digits.slice(e + 1)
    return `${sign}${intPart}.${frac === "" ? "0" : frac}`
  }
  const abs = Math.abs(e)
  return `${sign}${mantissa}e${e < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`
}

/**
 * The text of a JavaScript number as the SDK writes it: integral values are Python ints
 * (exact decimal digits, any size), other values Python floats.
 * @internal
 */
export const pythonNumber = (x: number): string =>
  Number.isInteger(x)
    ? // Safe integers print exactly (and -0 as "0"); larger ones would print in exponent form.
      Number.isSafeInteger(x)
      ? String(x)
      : BigInt(x).toString()
    : pythonFloat(x)

/** The text of a number token as Python would hold it after `json.loads`. @internal */
export const pythonNumberToken = (token: string): string => {
  if (/^-?\d+$/.test(token)) return BigInt(token).toString()
  return pythonFloat(Number(token))
}

// ---------------------------------------------------------------------------------------------
// Order
// ---------------------------------------------------------------------------------------------

/**
 * Compares two strings by Unicode code point, as Python sorts `str`. UTF-16 order differs only
 * where a surrogate meets a code unit in U+E000..U+FFFF; shifting both ranges fixes that.
 * @internal
 */
export const compareCodePoints = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fixup(x) - fixup(y)
  }
  return a.length - b.length
}
const fixup = (u: number): number => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u)
