import type { MarginModelValue, ShockInputJson, StressScenarioValue } from '@xmargin/api'
import { InvalidArgumentError } from 'commander'

/** The engine's margin models, as the CLI names them and as GraphQL's `MarginModel` enum does. */
export const marginModels = {
  portfolio: 'PORTFOLIO',
  standard: 'STANDARD',
  es: 'ES',
  'aave-v3': 'AAVE_V3',
  'derive-pmrm': 'DERIVE_PMRM',
} as const satisfies Record<string, MarginModelValue>

/**
 * `--model portfolio|standard|es|aave-v3|derive-pmrm` → the GraphQL enum value.
 *
 * @example
 * parseModel('aave-v3') // 'AAVE_V3'
 */
export function parseModel(value: string): (typeof marginModels)[keyof typeof marginModels] {
  if (!isKeyOf(marginModels, value))
    throw new InvalidArgumentError(`unknown model "${value}" (${Object.keys(marginModels).join(', ')})`)
  return marginModels[value]
}

/**
 * GraphQL's `MarginModel` value → the `--model` name (the inverse of {@link parseModel}).
 *
 * @example
 * modelOptionName('DERIVE_PMRM') // 'derive-pmrm'
 */
export function modelOptionName(value: (typeof marginModels)[keyof typeof marginModels]): string {
  const entry = Object.entries(marginModels).find(([, enumValue]) => enumValue === value)
  return entry ? entry[0] : value
}

/** One factor shock as GraphQL's `ShockInput` takes it (relative moves as decimal strings; typed from the SDL). */
export type ShockInput = ShockInputJson

/**
 * `--shock ETH=-30%` (spot), `--shock ETH=-30%,vol=+50%` (spot and vol), repeatable.
 *
 * @example
 * parseShock('BTC=-25%', []) // [{ factor: 'BTC', spot: '-0.25' }]
 */
export function parseShock(value: string, previous: ShockInput[] = []): ShockInput[] {
  const [, factor, spot, vol] =
    /^([A-Za-z0-9._-]+)=([+-]?\d+(?:\.\d+)?)%(?:,vol=([+-]?\d+(?:\.\d+)?)%)?$/.exec(value.trim()) ?? []
  if (factor === undefined || spot === undefined)
    throw new InvalidArgumentError(`"${value}" is not FACTOR=<percent>% (e.g. ETH=-30% or ETH=-30%,vol=+50%)`)
  const shock: ShockInput = { factor: factor.toUpperCase(), spot: percentToFraction(spot) }
  if (vol !== undefined) shock.vol = percentToFraction(vol)
  return [...previous, shock]
}

/** `-30` → `'-0.3'`, exactly (decimal shift, no float). */
function percentToFraction(percent: string): string {
  const negative = percent.startsWith('-')
  const [whole = '0', fraction = ''] = percent.replace(/^[+-]/, '').split('.')
  const digits = `${whole.padStart(3, '0')}${fraction}`
  const point = digits.length - 2 - fraction.length
  const text = `${digits.slice(0, point)}.${digits.slice(point)}`
    .replace(/^0+(?=\d)/, '')
    .replace(/\.?0+$/, '')
  return `${negative && text !== '0' ? '-' : ''}${text || '0'}`
}

/** Named stress scenarios, as the CLI names them and as GraphQL's `StressScenario` enum does. */
export const stressScenarioNames = {
  'crypto-crash': 'CRYPTO_CRASH',
  'crypto-rally': 'CRYPTO_RALLY',
  'vol-spike': 'VOL_SPIKE',
  'stablecoin-depeg': 'STABLECOIN_DEPEG',
} as const satisfies Record<string, StressScenarioValue>

/**
 * `--scenario crypto-crash` → the GraphQL enum value.
 *
 * @example
 * parseScenario('vol-spike') // 'VOL_SPIKE'
 */
export function parseScenario(value: string): (typeof stressScenarioNames)[keyof typeof stressScenarioNames] {
  if (!isKeyOf(stressScenarioNames, value))
    throw new InvalidArgumentError(
      `unknown scenario "${value}" (${Object.keys(stressScenarioNames).join(', ')})`,
    )
  return stressScenarioNames[value]
}

/** Whether `key` is an own key of `names` (not one inherited from `Object.prototype`, such as `constructor`). */
function isKeyOf<Names extends object>(names: Names, key: string): key is Extract<keyof Names, string> {
  return Object.hasOwn(names, key)
}
