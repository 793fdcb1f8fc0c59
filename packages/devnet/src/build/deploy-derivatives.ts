import type { Address } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { type DevnetChainSpec, devnetTokens } from '../config.js'
import type { DeployedToken } from '../deploy/deploy-tokens.js'
import { DevnetError } from '../errors.js'
import type { ManifestContractName, ManifestVenues } from '../manifest.js'
import { deployOptionsVenue, type OptionsUnderlyingSymbol, underlyingKey } from '../options/deploy-options.js'
import { depositOptionsCollateral } from '../options/seed-options.js'
import { deployPerp } from '../perp/deploy-perp.js'
import type { PerpMarketSymbol } from '../perp/deploy-perp-market.js'
import { seedPerpMaker } from '../perp/seed-perp.js'
import { OPTIONS_HOUSE_COLLATERAL } from '../seed/seed-options-positions.js'
import { perpMakerSeed } from '../seed/seed-perp-positions.js'

export type DeployDerivativesParameters = {
  spec: DevnetChainSpec
  tokens: readonly DeployedToken[]
}

export type DeployDerivativesReturnType = {
  contracts: Partial<Record<ManifestContractName, Address>>
  venues: ManifestVenues
}

/** Each derivatives underlying and the devnet token whose feed is its index / settlement price. */
const underlyingTokens = { ETH: 'WETH', BTC: 'WBTC' } as const satisfies Record<
  PerpMarketSymbol & OptionsUnderlyingSymbol,
  string
>

/**
 * Deploys the chain's derivatives venues from the operator account, which then owns them and
 * stands on the other side of the seeded trades: Perp v2 with ETH and BTC markets indexed on the
 * chain's WETH and WBTC feeds plus the maker's liquidity, and the reference options venue over the
 * same feeds with the house's collateral. Returns the manifest's contract keys and venue data.
 *
 * @example
 * const { contracts, venues } = await deployDerivatives(operator, { spec, tokens })
 */
export async function deployDerivatives(
  operator: DevnetClient,
  parameters: DeployDerivativesParameters,
): Promise<DeployDerivativesReturnType> {
  const { spec, tokens } = parameters
  const token = (symbol: string) => {
    const found = tokens.find((t) => t.symbol === symbol)
    if (!found) throw new DevnetError(`Derivatives on chain ${spec.chainId} need ${symbol}.`)
    return found
  }
  const priceOf = (symbol: string) => devnetTokens.find((t) => t.symbol === symbol)?.priceUsd ?? 0
  const underlyings = Object.entries(underlyingTokens) as [PerpMarketSymbol, string][]
  const contracts: DeployDerivativesReturnType['contracts'] = {}
  const venues: ManifestVenues = {}
  const usdc = token('USDC').address
  if (spec.venues.perp) {
    const perp = await deployPerp(operator, {
      usdc,
      markets: underlyings.map(([symbol, spot]) => ({
        symbol,
        indexFeed: token(spot).feed,
        initialPrice: priceOf(spot),
      })),
    })
    await seedPerpMaker(operator, perp, perpMakerSeed)
    Object.assign(contracts, {
      perpClearingHouse: perp.clearingHouse,
      perpVault: perp.vault,
      perpAccountBalance: perp.accountBalance,
      perpExchange: perp.exchange,
      perpOrderBook: perp.orderBook,
      perpMarketRegistry: perp.marketRegistry,
      perpClearingHouseConfig: perp.clearingHouseConfig,
      perpInsuranceFund: perp.insuranceFund,
      perpQuoteToken: perp.quoteToken,
      perpCollateralManager: perp.collateralManager,
      perpDelegateApproval: perp.delegateApproval,
      perpUniswapV3Factory: perp.uniswapV3Factory,
    })
    venues.perp = { markets: perp.markets, maker: operator.account.address }
  }
  if (spec.venues.options) {
    const venue = await deployOptionsVenue(operator, {
      usdc,
      underlyings: underlyings.map(([symbol, spot]) => ({ symbol, feed: token(spot).feed })),
    })
    await depositOptionsCollateral(operator, venue, { amount: OPTIONS_HOUSE_COLLATERAL, mint: true })
    contracts.optionsVenue = venue.optionsVenue
    const listed = {} as Record<OptionsUnderlyingSymbol, { key: `0x${string}`; feed: Address; token: string }>
    for (const [symbol, spot] of underlyings) {
      listed[symbol] = { key: underlyingKey(symbol), feed: token(spot).feed, token: spot }
    }
    // The seed publishes a vol per traded expiry (`seedChain`); none before trades exist.
    venues.options = { underlyings: listed, house: operator.account.address, volatilityFeeds: [] }
  }
  return { contracts, venues }
}
