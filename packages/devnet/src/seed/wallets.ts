import { anvilKey } from '../config.js'

/** A demo wallet: anvil account `index`, with what the seed gives it. */
export type DemoWalletSpec = { name: string; index: number; description: string }

/**
 * The seeded demo wallets. Index 0 is the deployer and liquidity provider, not a demo wallet.
 * Indices 6 and up are left to the derivatives venues' seeds.
 */
export const demoWallets = [
  {
    name: 'cross-chain',
    index: 1,
    description:
      'Cross-chain book: 10 WETH on Aave (ethereum), 2 WETH collateral and a 4,000 USDC loan on Aave (arbitrum), a 1,500 USDC Morpho Blue loan against 1 WETH (base).',
  },
  {
    name: 'near-liquidation',
    index: 2,
    description:
      'Aave (ethereum): 1 WETH supplied, 2,350 USDC borrowed; health factor about 1.06, a 6% ETH drop liquidates it.',
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
  if (!spec) throw new Error(`Unknown demo wallet ${name}`)
  return anvilKey(spec.index)
}
