import { anvilKey } from '../config.js'
import { DevnetError } from '../errors.js'

/** A demo wallet: anvil account `index`, with what the seed gives it. */
export type DemoWalletSpec = {
  name: string
  index: number
  description: string
  /** Native ETH left in the wallet after seeding, in wei as a decimal string (default 0.5 ETH for gas). */
  nativeWei?: string
}

/**
 * Anvil account of the derivatives operator, not a demo wallet: it deploys and owns Perp v2 and
 * provides its liquidity (arbitrum), and it deploys the options venue and is its house, the
 * counterparty of every seeded option (base). Index 0 (the deployer) keeps tokens, feeds, Aave and
 * Morpho, so the two deploy side by side.
 */
export const DERIVATIVES_OPERATOR_INDEX = 6

/**
 * The anvil account of the feed heartbeat (`refreshFeeds`), which only ever refreshes feeds: the
 * feeds' owner (index 0) sets prices and freezes from other processes (`pnpm shock`, `pnpm stale`)
 * while `xmargin dev`'s heartbeat runs, and two processes sending from one account take each other's
 * nonces.
 */
export const FEED_KEEPER_INDEX = 19

/**
 * The seeded demo wallets. Index 0 is the deployer and lending-liquidity provider and index 6 the
 * derivatives operator; neither is a demo wallet.
 */
export const demoWallets = [
  {
    name: 'cross-chain',
    index: 1,
    description:
      'Cross-chain hedge: 10 WETH on Aave (ethereum) against a short 10 ETH Perp v2 position with 10,000 USDC collateral (arbitrum); also 2 WETH collateral and a 4,000 USDC loan on Aave (arbitrum), a 1,500 USDC Morpho Blue loan against 1 WETH (base).',
  },
  {
    name: 'near-liquidation',
    index: 2,
    description:
      'Aave (ethereum): 1 WETH supplied, 2,350 USDC borrowed and spent; health factor about 1.06, a 6% ETH drop liquidates it on Aave and a 14% drop in the portfolio model. Only 0.01 ETH for gas.',
    // Little native ETH, so the unified book is as close to the line as the Aave account.
    nativeWei: '10000000000000000',
  },
  {
    name: 'stablecoin-only',
    index: 3,
    description:
      'Only stablecoins: USDC and USDT in the wallet on every chain, USDC.e on arbitrum, 20,000 USDC supplied to Aave (ethereum).',
  },
  {
    name: 'emode-loop',
    index: 4,
    description:
      'Aave (ethereum) eMode "ETH correlated": 10 wstETH supplied, 8 WETH borrowed (a staking loop).',
  },
  { name: 'empty', index: 5, description: 'Holds nothing at all.' },
  {
    name: 'leveraged-long-btc',
    index: 7,
    description: 'Perp v2 (arbitrum): long 0.5 BTC (about 30,000 USD, 5x) on 6,000 USDC collateral.',
  },
  {
    name: 'perp-and-options',
    index: 8,
    description:
      'Perp v2 (arbitrum): long 5 ETH on 5,000 USDC; options venue (base): long 5 ETH 2,700 puts (30 days, 400 USDC premium) on 1,000 USDC.',
  },
  {
    name: 'short-strangle',
    index: 9,
    description:
      'Options venue (base): short 2 ETH 2,500 puts and 2 ETH 3,500 calls (30 days, 180 USDC premium received) on 3,000 USDC; holds 2 WETH (base).',
  },
  {
    name: 'protective-put',
    index: 10,
    description:
      'Options venue (base): long 0.5 BTC 55,000 put (60 days, 1,490 USDC premium) on 2,000 USDC; holds 0.5 WBTC (base).',
  },
  {
    name: 'call-spread',
    index: 11,
    description:
      'Options venue (base): long 1 ETH 3,000 call and short 1 ETH 3,500 call (30 days, 150 USDC net premium) on 1,000 USDC.',
  },
] as const satisfies readonly DemoWalletSpec[]

export type DemoWalletName = (typeof demoWallets)[number]['name']

/**
 * The private key of a demo wallet.
 *
 * @example
 * const key = demoWalletKey('cross-chain')
 */
export function demoWalletKey(name: DemoWalletName) {
  const spec = demoWallets.find((w) => w.name === name)
  if (!spec) throw new DevnetError(`Unknown demo wallet ${name}.`)
  return anvilKey(spec.index)
}
