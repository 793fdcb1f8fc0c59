import type { SpotPosition } from '@xmargin/core'
import { type Address, getAbiItem, zeroAddress } from 'viem'
import type { AdapterContext, IndexedPosition, ReadCall, VenueAdapter } from '../../adapter.js'
import { InvalidPositionError } from '../../errors/adapter-errors.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { decodeKnownLog } from '../abi-events.js'
import { corePositionId, lower } from '../position-id.js'
import { erc20BalanceAbi, multicall3BalanceAbi } from './wallet-abis.js'

/** The position key of the chain's native coin (the zero address; ERC-20s use their address). */
export const NATIVE_ASSET_KEY: Address = zeroAddress

/** The wallet venue on one chain: native coin and the ERC-20s to hold balances of. */
export type WalletVenue = {
  /** Multicall3, whose `getEthBalance` reads native balances inside the batch. */
  multicall3: Address
  native: { symbol: string; decimals: number }
  /** ERC-20s whose `balanceOf` is read (each must be in the context's `assets`). */
  tokens: readonly Address[]
}

const transferEvent = getAbiItem({ abi: erc20BalanceAbi, name: 'Transfer' })

/**
 * Wallet balances: native coin through Multicall3 `getEthBalance` and ERC-20 `balanceOf` for the
 * chain's known tokens, as `spot` positions keyed by token address ({@link NATIVE_ASSET_KEY} for
 * the native coin). Zero balances are omitted.
 *
 * Events: ERC-20 `Transfer` of the known tokens (from and to). Native balance changes emit no
 * event (gas, plain sends, contract payouts): the indexer re-reads native balances of tracked
 * wallets (1) for every wallet that is `from` or `to` of a transaction in the block — the block's
 * transactions come with `eth_getBlockByNumber(…, true)` at no extra request when the block is
 * fetched anyway — and (2) for all tracked wallets every N blocks (suggested 50 on L1, 500 on L2s)
 * to catch internal transfers; `walletReads` of this adapter is cheap (one call per token + 1).
 *
 * @example
 * const context = { chainId: 1, venue: { multicall3, native: { symbol: 'ETH', decimals: 18 }, tokens: [usdc] }, assets }
 * const calls = walletAdapter.walletReads(context, wallet)
 */
export const walletAdapter: VenueAdapter<WalletVenue, null> = {
  venue: 'wallet',
  logFilter: (context) => ({ address: [...context.venue.tokens], events: [transferEvent] }),
  walletsOf: (log) => {
    const event = decodeKnownLog([transferEvent], log)
    if (!event) return []
    return [event.args.from, event.args.to].filter(
      (a): a is Address => typeof a === 'string' && a !== zeroAddress,
    )
  },
  sharedReads: () => [],
  decodeShared: (_context, results) => {
    assertResultCount('wallet shared reads', 0, results.length)
    return null
  },
  walletReads: (context, wallet) => walletCalls(context, wallet),
  decodeWallet: ({ context, wallet, results }) => {
    const calls = walletCalls(context, wallet)
    assertResultCount('wallet reads', calls.length, results.length)
    const positions: IndexedPosition[] = []
    const keys = [NATIVE_ASSET_KEY, ...context.venue.tokens.map(lower)]
    results.forEach((result, i) => {
      const amount = successOf<bigint>(result, calls[i]?.label ?? 'wallet balance')
      if (amount === 0n) return
      positions.push({
        venue: 'wallet',
        wallet: lower(wallet),
        kind: 'spot',
        key: keys[i] as string,
        amount,
        extra: {},
      })
    })
    return positions
  },
  revalue: ({ position }) => position,
  toCore: ({ context, position, blockNumber }): SpotPosition => {
    const { symbol, decimals } = walletAssetOf(context, position)
    return {
      id: corePositionId(context.chainId, position),
      chainId: context.chainId,
      venue: 'wallet',
      wallet: position.wallet,
      asset: symbol,
      blockNumber,
      kind: 'spot',
      amount: position.amount,
      decimals,
    }
  },
}

function walletCalls(context: AdapterContext<WalletVenue>, wallet: Address): ReadCall[] {
  const native: ReadCall = {
    address: context.venue.multicall3,
    abi: multicall3BalanceAbi,
    functionName: 'getEthBalance',
    args: [wallet],
    label: `wallet getEthBalance ${wallet}`,
  }
  return [
    native,
    ...context.venue.tokens.map(
      (token): ReadCall => ({
        address: token,
        abi: erc20BalanceAbi,
        functionName: 'balanceOf',
        args: [wallet],
        label: `wallet balanceOf ${context.assets.get(lower(token))?.symbol ?? token} ${wallet}`,
      }),
    ),
  ]
}

function walletAssetOf(context: AdapterContext<WalletVenue>, position: IndexedPosition) {
  if (position.key === NATIVE_ASSET_KEY) return context.venue.native
  const asset = context.assets.get(position.key.toLowerCase())
  if (!asset)
    throw new InvalidPositionError(
      position,
      `Token ${position.key} is not a known asset of chain ${context.chainId}.`,
    )
  return asset
}
