import type { FactorShocks } from '@xmargin/engine'
import { ApiError, echo, validNames } from '../errors.js'

/**
 * The ranges the API accepts for numbers a client chooses. Outside them a request is refused with
 * `OUT_OF_RANGE` rather than answered with a figure nobody can use.
 */
export const inputBounds = {
  /** A relative spot or vol move: above −1 (−100% or less takes a price or vol to ≤ 0), at most +1000%. */
  shock: { above: -1, max: 10 },
  /** `solvency(minHealth)`: 1 is the liquidation line, below it a liquidatable book would pass. */
  minHealth: { min: 1, max: 1000 },
  /** `healthBelow(threshold)`: a positive health. */
  threshold: { above: 0, max: 1000 },
  /** `solvency(maxAgeSeconds)`: zero to one year. */
  maxAgeSeconds: { min: 0, max: 365 * 24 * 3600 },
  /** Token decimals of a hypothetical position. */
  decimals: { min: 0, max: 36 },
} as const

/** One shock as GraphQL's `ShockInput` gives it. */
export type ShockInputShape = { factor: string; spot?: string | null; vol?: string | null }

/** Parameters of {@link checkShocks}. */
export type CheckShocksParameters = {
  inputs: readonly ShockInputShape[]
  /** The risk factors the parameters define (`ETH`, `BTC`, `USD`…). */
  factors: Readonly<Record<string, unknown>>
}

/**
 * Turns `ShockInput`s into engine shocks, refusing what would silently change nothing or produce
 * nonsense: an unknown factor (`UNKNOWN_FACTOR`, naming the valid ones), a factor given twice or
 * a shock with neither `spot` nor `vol` (`BAD_USER_INPUT`), a move that takes a price or a vol to
 * ≤ 0 or beyond +1000% (`OUT_OF_RANGE`).
 *
 * @example
 * checkShocks({ inputs: [{ factor: 'ETH', spot: '-0.3' }], factors: defaultRiskParameters.factors }) // { ETH: { spot: -0.3 } }
 */
export function checkShocks(parameters: CheckShocksParameters): FactorShocks {
  const { inputs, factors } = parameters
  if (inputs.length === 0) throw new ApiError('BAD_USER_INPUT', 'Give at least one shock.')
  const shocks = new Map<string, { spot?: number; vol?: number }>()
  for (const input of inputs) {
    if (!Object.hasOwn(factors, input.factor))
      throw new ApiError(
        'UNKNOWN_FACTOR',
        `Unknown risk factor ${echo(input.factor)}; valid factors: ${validNames(Object.keys(factors))}.`,
      )
    if (shocks.has(input.factor))
      throw new ApiError('BAD_USER_INPUT', `Factor ${input.factor} is shocked twice; give it once.`)
    if (input.spot == null && input.vol == null)
      throw new ApiError('BAD_USER_INPUT', `The shock of ${input.factor} moves neither spot nor vol.`)
    shocks.set(input.factor, {
      ...(input.spot == null ? {} : { spot: shockOf(input.spot, `${input.factor} spot`) }),
      ...(input.vol == null ? {} : { vol: shockOf(input.vol, `${input.factor} vol`) }),
    })
  }
  return Object.fromEntries(shocks)
}

function shockOf(text: string, what: string): number {
  const value = Number(text)
  const { above, max } = inputBounds.shock
  if (!Number.isFinite(value) || value <= above || value > max)
    throw new ApiError(
      'OUT_OF_RANGE',
      `The ${what} shock ${echo(text)} is out of range: a relative move above ${above} (−100% would take it to ≤ 0) and at most ${max} (+1000%).`,
    )
  return value
}

/**
 * A decimal input checked against a range (`min`/`max` inclusive, `above` exclusive); returns its
 * number. `OUT_OF_RANGE` outside it.
 *
 * @example
 * checkDecimalRange('1.1', 'minHealth', inputBounds.minHealth) // 1.1
 */
export function checkDecimalRange(
  text: string,
  name: string,
  range: { min?: number; above?: number; max: number },
): number {
  const value = Number(text)
  const low = range.min ?? range.above ?? Number.NEGATIVE_INFINITY
  const tooLow = range.min !== undefined ? value < range.min : value <= low
  if (!Number.isFinite(value) || tooLow || value > range.max)
    throw new ApiError(
      'OUT_OF_RANGE',
      `\`${name}\` ${echo(text)} is out of range: ${range.min !== undefined ? `at least ${range.min}` : `above ${low}`} and at most ${range.max}.`,
    )
  return value
}

/**
 * An integer input checked against an inclusive range. `OUT_OF_RANGE` outside it.
 *
 * @example
 * checkIntRange(300, 'maxAgeSeconds', inputBounds.maxAgeSeconds) // 300
 */
export function checkIntRange(value: number, name: string, range: { min: number; max: number }): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max)
    throw new ApiError(
      'OUT_OF_RANGE',
      `\`${name}\` ${value} is out of range: an integer from ${range.min} to ${range.max}.`,
    )
  return value
}
