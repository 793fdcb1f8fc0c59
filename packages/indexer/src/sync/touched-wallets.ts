import type { BoundVenueAdapter } from '@xmargin/adapters'
import type { AbiEvent, Address, Block, Log } from 'viem'
import { InconsistentRpcError } from '../errors.js'
import { discovers } from '../types.js'

export type TouchedWalletsReturnType = {
  /** Wallets whose state this block may have changed (lowercased). */
  touched: Set<Address>
  /** Wallets named by venue events (candidates for tracking). */
  discovered: Set<Address>
}

/**
 * Routes each log to the adapters that watch its contract and event, collecting the wallets they
 * name; adds the senders and recipients of the block's transactions (native balance changes
 * have no event). Checks that every log belongs to this block.
 *
 * @example
 * const { touched, discovered } = touchedWallets(adapters, block, logs)
 */
export function touchedWallets(
  adapters: readonly BoundVenueAdapter[],
  block: Pick<Block<bigint, boolean>, 'hash' | 'number' | 'transactions'>,
  logs: readonly Log<bigint, number, false>[],
): TouchedWalletsReturnType {
  const touched = new Set<Address>()
  const discovered = new Set<Address>()
  const filters = adapters.map((adapter) => {
    const { address, events } = adapter.logFilter()
    return { adapter, addresses: new Set(address.map((a) => a.toLowerCase())), names: eventNames(events) }
  })
  for (const log of logs) {
    if (block.hash && log.blockHash && log.blockHash.toLowerCase() !== block.hash.toLowerCase()) {
      throw new InconsistentRpcError(`Log of block ${log.blockHash} returned for block ${block.hash}.`)
    }
    const name = (log as { eventName?: string }).eventName
    for (const { adapter, addresses, names } of filters) {
      if (!addresses.has(log.address.toLowerCase()) || !name || !names.has(name)) continue
      for (const wallet of adapter.walletsOf(log)) {
        const lower = wallet.toLowerCase() as Address
        touched.add(lower)
        if (discovers(adapter.venue)) discovered.add(lower)
      }
    }
  }
  for (const tx of block.transactions) {
    if (typeof tx === 'string') continue
    touched.add(tx.from.toLowerCase() as Address)
    if (tx.to) touched.add(tx.to.toLowerCase() as Address)
  }
  return { touched, discovered }
}

function eventNames(events: readonly AbiEvent[]): Set<string> {
  return new Set(events.map((e) => e.name))
}
