/**
 * Compares what a command printed with what the README shows for it, the way a reader would:
 * words exactly, numbers to the cent (or 1e-4 relative, for interest that accrues while the chains
 * run on wall-clock time), table borders by shape. Lines a caller marks volatile (ages, block
 * numbers) match any number in the same place.
 */

/** Options of {@link compareOutput}. */
export type CompareOutputParameters = {
  expected: string
  actual: string
  /** Lines whose numbers are not compared (e.g. a freshness table). Default: none. */
  isVolatile?: (line: string, index: number, lines: readonly string[]) => boolean
}

/** The differences found, one message each; empty when the outputs agree. */
export type CompareOutputReturnType = string[]

const numberToken = /^([+-]?)\$?([+-]?)(\d[\d,]*(?:\.\d+)?|\.\d+)(%|s|x)?$/
const boxOnly = /^[\s─━│┃┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬]+$/

/**
 * @example
 * compareOutput({ expected: '│ equity │ $53,452.34 │', actual: '│ equity │ $53,452.35 │' }) // []
 */
export function compareOutput({
  expected,
  actual,
  isVolatile = () => false,
}: CompareOutputParameters): CompareOutputReturnType {
  const want = significantLines(expected)
  const got = significantLines(actual)
  const problems: string[] = []
  if (want.length !== got.length)
    problems.push(
      `expected ${want.length} lines, got ${got.length}\n--- expected\n${expected}\n--- actual\n${actual}`,
    )
  const count = Math.min(want.length, got.length)
  for (let i = 0; i < count; i++) {
    const problem = compareLine(want[i]!, got[i]!, isVolatile(want[i]!, i, want))
    if (problem) problems.push(`line ${i + 1}: ${problem}\n  expected: ${want[i]}\n  actual:   ${got[i]}`)
  }
  return problems
}

function significantLines(text: string): string[] {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
}

function compareLine(expected: string, actual: string, volatile: boolean): string | undefined {
  if (boxOnly.test(expected) || boxOnly.test(actual))
    return boxShape(expected) === boxShape(actual) ? undefined : 'table border differs'
  const want = expected.trim().split(/\s+/)
  const got = actual.trim().split(/\s+/)
  if (want.length !== got.length) return `expected ${want.length} words, got ${got.length}`
  for (let i = 0; i < want.length; i++) {
    const a = want[i]!
    const b = got[i]!
    const na = parseNumber(a)
    const nb = parseNumber(b)
    if (na && nb) {
      if (na.punctuation !== nb.punctuation) return `"${b}" differs from "${a}"`
      if (na.suffix !== nb.suffix) return `"${b}" has another unit than "${a}"`
      if (volatile) continue
      if (!closeEnough(na, nb)) return `${b} differs from ${a}`
      continue
    }
    if (a !== b) return `"${b}" differs from "${a}"`
  }
  return undefined
}

/** The sequence of box-drawing characters with runs of horizontal lines collapsed. */
function boxShape(line: string): string {
  return line
    .trim()
    .replace(/[─━═]+/g, '─')
    .replace(/\s+/g, '')
}

type ParsedNumber = { value: number; decimals: number; suffix: string; punctuation: string }

function parseNumber(word: string): ParsedNumber | undefined {
  const punctuation = /[,;:)]*$/.exec(word)![0]
  const token = word.slice(0, word.length - punctuation.length)
  const match = numberToken.exec(token)
  if (!match) return undefined
  const negative = match[1] === '-' || match[2] === '-'
  const digits = match[3]!.replace(/,/g, '')
  const value = Number(digits)
  const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0
  return { value: negative ? -value : value, decimals, suffix: match[4] ?? '', punctuation }
}

/** Within one unit of the last digit shown (rounding), or 1e-4 relative (accrual over time). */
function closeEnough(a: ParsedNumber, b: ParsedNumber): boolean {
  const unit = 10 ** -Math.max(a.decimals, b.decimals)
  const tolerance = Math.max(1.000001 * unit, 1e-4 * Math.max(Math.abs(a.value), Math.abs(b.value)))
  return Math.abs(a.value - b.value) <= tolerance
}
