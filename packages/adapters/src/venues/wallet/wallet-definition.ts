import { nativeCurrencyOf } from '@xmargin/core'
import { lower } from '../position-id.js'
import { defineVenue } from '../venue-definition.js'
import { type WalletVenue, walletAdapter } from './wallet-adapter.js'

/**
 * Wallet balances, on every chain: its native coin (the spec's `nativeCurrency`) and its tokens.
 *
 * @example
 * const venue = walletDefinition.fromSpec({ spec, assets, client })
 */
export const walletDefinition = defineVenue({
  key: 'wallet',
  adapter: walletAdapter,
  config: undefined,
  fromSpec: ({ spec }): WalletVenue => ({
    multicall3: spec.contracts.multicall3,
    native: { symbol: nativeCurrencyOf(spec).symbol, decimals: nativeCurrencyOf(spec).decimals },
    tokens: spec.tokens.map((t) => lower(t.address)),
  }),
})
