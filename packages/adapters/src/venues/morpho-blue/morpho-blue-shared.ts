import { zeroAddress } from 'viem'
import type { AdapterContext, ReadCall, ReadResult, SharedBlock } from '../../adapter.js'
import { accrueMorphoInterest, type MorphoMarketTotals } from '../../math/morpho-interest.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { morphoBlueAbi, morphoIrmAbi, morphoOracleAbi } from './morpho-blue-abis.js'
import type {
  MorphoBlueMarket,
  MorphoBlueMarketState,
  MorphoBlueShared,
  MorphoBlueVenue,
} from './morpho-blue-venue.js'

/**
 * The market totals to pass to the IRM's `borrowRateView`, taken from the hint (the shared state
 * of an earlier block or round), or `undefined` when no rate call is needed or possible yet.
 * Both the read plan and the decoder derive the plan's shape from this, so they always agree.
 */
function rateArgument(market: MorphoBlueMarket, hint: MorphoBlueShared | undefined) {
  if (market.irm === zeroAddress) return undefined
  const hinted = hint?.get(market.id.toLowerCase())?.stored
  return hinted && hinted.totalBorrowAssets > 0n ? hinted : undefined
}

/**
 * Per market: `market(id)`, the oracle's `price()`, and, when the hint has totals with borrows,
 * the IRM's `borrowRateView(params, hintedTotals)`. The rate is exact for this block when the
 * block's stored totals equal the hinted ones (the IRM reads its own state at this block); when
 * the market changed since the hint, the decoder marks it unsettled for another round.
 *
 * @example
 * const calls = morphoBlueSharedReads(context, previousShared)
 */
export function morphoBlueSharedReads(
  context: AdapterContext<MorphoBlueVenue>,
  hint?: MorphoBlueShared | undefined,
): ReadCall[] {
  return context.venue.markets.flatMap((market): ReadCall[] => {
    const calls: ReadCall[] = [
      {
        address: context.venue.morpho,
        abi: morphoBlueAbi,
        functionName: 'market',
        args: [market.id],
        label: `morpho-blue market ${market.id}`,
      },
      {
        address: market.oracle,
        abi: morphoOracleAbi,
        functionName: 'price',
        label: `morpho-blue oracle price ${market.id}`,
      },
    ]
    const totals = rateArgument(market, hint)
    if (totals) {
      calls.push({
        address: market.irm,
        abi: morphoIrmAbi,
        functionName: 'borrowRateView',
        args: [
          {
            loanToken: market.loanToken,
            collateralToken: market.collateralToken,
            oracle: market.oracle,
            irm: market.irm,
            lltv: market.lltv,
          },
          totals,
        ],
        label: `morpho-blue irm borrowRateView ${market.id}`,
      })
    }
    return calls
  })
}

/**
 * Decodes {@link morphoBlueSharedReads} (built from the same `hint`) into each market's stored and
 * expected totals at `block.timestamp`.
 *
 * @example
 * const shared = decodeMorphoBlueShared(context, results, { block, hint })
 */
export function decodeMorphoBlueShared(
  context: AdapterContext<MorphoBlueVenue>,
  results: readonly ReadResult[],
  meta: { block: SharedBlock; hint?: MorphoBlueShared | undefined },
): MorphoBlueShared {
  const { markets } = context.venue
  const rateArguments = markets.map((market) => rateArgument(market, meta.hint))
  const expectedCount = markets.length * 2 + rateArguments.filter(Boolean).length
  assertResultCount('morpho-blue shared reads', expectedCount, results.length)
  const shared = new Map<string, MorphoBlueMarketState>()
  let at = 0
  markets.forEach((market, i) => {
    const stored = totalsOf(successOf<readonly bigint[]>(results[at++], `morpho-blue market ${market.id}`))
    const price = successOf<bigint>(results[at++], `morpho-blue oracle price ${market.id}`)
    const hinted = rateArguments[i]
    const rateResult = hinted ? results[at++] : undefined
    const base = { stored, price }
    const accrues =
      market.irm !== zeroAddress && stored.totalBorrowAssets > 0n && meta.block.timestamp > stored.lastUpdate
    if (!accrues) {
      shared.set(market.id.toLowerCase(), { ...base, expected: stored, borrowRate: undefined, settled: true })
    } else if (hinted && sameTotals(hinted, stored)) {
      const borrowRate = successOf<bigint>(rateResult, `morpho-blue irm borrowRateView ${market.id}`)
      const expected = accrueMorphoInterest(stored, borrowRate, meta.block.timestamp)
      shared.set(market.id.toLowerCase(), { ...base, expected, borrowRate, settled: true })
    } else {
      shared.set(market.id.toLowerCase(), {
        ...base,
        expected: stored,
        borrowRate: undefined,
        settled: false,
      })
    }
  })
  return shared
}

/**
 * Whether every market's expected totals are exact for the block.
 *
 * @example
 * if (!isMorphoBlueSettled(shared)) shared = decode(await read(morphoBlueSharedReads(context, shared)))
 */
export function isMorphoBlueSettled(shared: MorphoBlueShared): boolean {
  for (const state of shared.values()) if (!state.settled) return false
  return true
}

function totalsOf(values: readonly bigint[]): MorphoMarketTotals {
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] = values
  return {
    totalSupplyAssets: totalSupplyAssets ?? 0n,
    totalSupplyShares: totalSupplyShares ?? 0n,
    totalBorrowAssets: totalBorrowAssets ?? 0n,
    totalBorrowShares: totalBorrowShares ?? 0n,
    lastUpdate: lastUpdate ?? 0n,
    fee: fee ?? 0n,
  }
}

function sameTotals(a: MorphoMarketTotals, b: MorphoMarketTotals): boolean {
  return (
    a.totalSupplyAssets === b.totalSupplyAssets &&
    a.totalSupplyShares === b.totalSupplyShares &&
    a.totalBorrowAssets === b.totalBorrowAssets &&
    a.totalBorrowShares === b.totalBorrowShares &&
    a.lastUpdate === b.lastUpdate &&
    a.fee === b.fee
  )
}
