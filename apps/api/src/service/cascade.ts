import { DEFAULT_DEPTH_CURVE_FEE_PIPS, type ResolvedPriceImpact } from '@xmargin/config'
import type { RiskParameters } from '@xmargin/core'
import type { CoverTwoScenario } from '@xmargin/engine'
import type { Store } from '@xmargin/store'
import { ApiError, echo, validNames } from '../errors.js'
import { cascadeApiError } from './cascade-errors.js'
import { type CascadeView, type CoverTwoView, toCascadeView, toCoverTwoView } from './cascade-view.js'
import type { RequestMarginService } from './margin-service.js'

/** The bounds of a system-wide computation; past them a request is refused with a coded error. */
export const cascadeBounds = {
  /** Wallets one cascade or Cover-2 runs over (`TOO_MANY_ADDRESSES`): the engine's 10,000-wallet benchmark. */
  maxWallets: 10_000,
  /** Rounds (`OUT_OF_RANGE`). */
  maxRounds: { min: 1, max: 100 },
  /** Default round limit. */
  defaultRounds: 20,
  /** Scenarios of one Cover-2 (`OUT_OF_RANGE`). */
  maxScenarios: 50,
} as const

/** Which wallets: exactly one of a list, a named account, or every tracked wallet. */
export type WalletSelection = {
  addresses?: readonly string[] | null | undefined
  account?: string | null | undefined
  all?: boolean | null | undefined
}

/**
 * The wallets of a selection, lowercased and sorted: a list (each must be tracked: the cascade is a
 * view of the tracked system and never tracks a wallet itself, `UNKNOWN_WALLET` naming the tracked
 * ones), a named account (`UNKNOWN_ACCOUNT` naming the accounts), or every tracked wallet. More
 * than {@link cascadeBounds}`.maxWallets` is `TOO_MANY_ADDRESSES`.
 *
 * @example
 * await selectWallets(store, { account: 'desk' }) // ['0xabc…', '0xdef…']
 */
export async function selectWallets(store: Store, selection: WalletSelection): Promise<string[]> {
  const given = [selection.addresses != null, selection.account != null, selection.all === true]
  if (given.filter(Boolean).length !== 1)
    throw new ApiError('BAD_USER_INPUT', 'Pass exactly one of `addresses`, `account` and `all: true`.')
  const tracked = (await store.getTrackedWallets()).map((w) => w.address.toLowerCase())
  let wallets: string[]
  if (selection.account != null) {
    const [account] = await store.getAccounts({ names: [selection.account] })
    if (!account) {
      const names = (await store.getAccounts()).map((a) => a.name)
      throw new ApiError(
        'UNKNOWN_ACCOUNT',
        `No account ${echo(selection.account)}; accounts: ${validNames(names)}.`,
      )
    }
    wallets = account.wallets.map((w) => w.toLowerCase())
  } else if (selection.addresses != null) {
    wallets = selection.addresses.map((w) => w.toLowerCase())
    assertWalletCount(new Set(wallets).size)
    const known = new Set(tracked)
    const unknown = wallets.filter((w) => !known.has(w))
    if (unknown.length > 0)
      throw new ApiError(
        'UNKNOWN_WALLET',
        `Not tracked: ${validNames(unknown, 5)}; a cascade runs over tracked wallets: ${validNames(tracked)}.`,
      )
  } else wallets = tracked
  const unique = [...new Set(wallets)].sort()
  if (unique.length === 0) throw new ApiError('BAD_USER_INPUT', 'The selection holds no wallet.')
  assertWalletCount(unique.length)
  return unique
}

function assertWalletCount(count: number): void {
  if (count > cascadeBounds.maxWallets)
    throw new ApiError(
      'TOO_MANY_ADDRESSES',
      `A cascade runs over at most ${cascadeBounds.maxWallets} wallets, this selection has ${count}.`,
    )
}

/** Parameters of {@link runCascadeQuery}. */
export type RunCascadeQueryParameters = {
  service: RequestMarginService
  wallets: readonly string[]
  scenario: string
  /** Price multiplier per factor (already checked against the risk factors). */
  shock: Readonly<Record<string, number>>
  curves: ResolvedPriceImpact
  /** Factors whose depth curve the request gave: they use it even where a pool is stored. */
  curveFactors: readonly string[]
  maxRounds: number
}

/**
 * Runs a cascade over stored positions at the request's pinned cut (positions, prices and the
 * Uniswap v3 pool states valid there), on the engine pool, and maps it
 * to the wire. Engine errors a client can cause (a factor without a market) are `BAD_USER_INPUT`.
 *
 * @example
 * const view = await runCascadeQuery({ service, wallets, scenario: 'custom', shock: { ETH: 0.75 }, curves, curveFactors: [], maxRounds: 20 })
 */
export async function runCascadeQuery(parameters: RunCascadeQueryParameters): Promise<CascadeView> {
  const { service, wallets, scenario, shock, curves, curveFactors, maxRounds } = parameters
  const book = await service.systemBook(wallets)
  const result = await asUserError(
    service.runEngine({
      kind: 'cascade',
      input: {
        wallets,
        positions: book.positions,
        prices: book.prices,
        volatilities: book.volatilities,
        params: book.params,
        now: book.now,
        shock,
        curves,
        pools: book.pools,
        curveFactors,
        perpPools: book.perpPools,
        maxRounds,
      },
    }),
  )
  return toCascadeView({ result, scenario, shock, maxRounds, reasons: book.reasons, blocks: book.freshness })
}

/**
 * Cover-2 over stored positions at the request's pinned cut, on the engine pool.
 *
 * @example
 * const view = await runCoverTwoQuery({ service, wallets, scenarios: [{ name: 'ETH −40%', shock: { ETH: 0.6 } }] })
 */
export async function runCoverTwoQuery(parameters: {
  service: RequestMarginService
  wallets: readonly string[]
  scenarios: readonly CoverTwoScenario[]
}): Promise<CoverTwoView> {
  const { service, wallets, scenarios } = parameters
  const book = await service.systemBook(wallets)
  const result = await asUserError(
    service.runEngine({
      kind: 'coverTwo',
      input: {
        positions: book.positions,
        prices: book.prices,
        volatilities: book.volatilities,
        params: book.params,
        now: book.now,
        scenarios,
      },
    }),
  )
  return toCoverTwoView({ result, wallets: wallets.length, reasons: book.reasons, blocks: book.freshness })
}

async function asUserError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    throw cascadeApiError(error)
  }
}

/** A depth-curve override as the request gives it. */
export type DepthCurveInputShape = { asset: string; twoPercentDepthUsd: string; feePips?: number | null }

/**
 * The server's depth curves with a request's overrides: each names a risk-parameter asset
 * (`UNKNOWN_ASSET` naming the valid ones) and replaces the curve of that asset's factor.
 *
 * @example
 * withImpactOverrides(curves, [{ asset: 'WETH', twoPercentDepthUsd: '20000000' }], riskParameters)
 */
export function withImpactOverrides(
  curves: ResolvedPriceImpact,
  inputs: readonly DepthCurveInputShape[],
  riskParameters: RiskParameters,
): ResolvedPriceImpact {
  const out: Record<string, ResolvedPriceImpact[string]> = { ...curves }
  const seen = new Set<string>()
  for (const input of inputs) {
    const factor = riskParameters.assets[input.asset]?.factor
    if (factor === undefined)
      throw new ApiError(
        'UNKNOWN_ASSET',
        `Asset ${echo(input.asset)} has no risk parameters; valid assets: ${validNames(Object.keys(riskParameters.assets))}.`,
      )
    if (seen.has(factor))
      throw new ApiError('BAD_USER_INPUT', `Two depth curves for factor ${factor}: one market per factor.`)
    seen.add(factor)
    const depth = Number(input.twoPercentDepthUsd)
    if (!Number.isFinite(depth) || depth <= 0 || depth > 1e15)
      throw new ApiError(
        'OUT_OF_RANGE',
        `The 2% depth of ${input.asset} ${echo(input.twoPercentDepthUsd)} must be a positive USD amount up to 1e15.`,
      )
    const feePips = input.feePips ?? curves[factor]?.feePips ?? DEFAULT_DEPTH_CURVE_FEE_PIPS
    if (!Number.isInteger(feePips) || feePips < 0 || feePips >= 1_000_000)
      throw new ApiError('OUT_OF_RANGE', `feePips ${feePips} is not an integer in 0..999999.`)
    out[factor] = { asset: input.asset, factor, twoPercentDepthUsd: depth, feePips }
  }
  return out
}
