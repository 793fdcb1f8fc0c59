import { type Address, getContract, hexToString } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import type { OptionsVenueDeployment } from './deploy-options.js'
import { type OptionTradeStatus, optionTradeStatus, referenceOptionsVenueAbi } from './options-abi.js'

export type OptionPositionView = {
  tradeId: bigint
  counterparty: Address
  /** Underlying symbol, e.g. `ETH`. */
  underlying: string
  /** Strike, 8-decimal USD. */
  strike: bigint
  expiry: bigint
  isCall: boolean
  /** Signed size, 18 decimals: positive long, negative short. */
  size: bigint
  /** Premium exchanged at open, USDC 6 decimals (paid by the long side). */
  premium: bigint
  status: OptionTradeStatus
}

export type OptionsAccountView = {
  account: Address
  /** USDC collateral, 6 decimals. */
  collateral: bigint
  /** USDC the account's open shorts require, 6 decimals. */
  marginRequirement: bigint
  positions: OptionPositionView[]
}

/**
 * Reads an account from the reference options venue's own views, at one block.
 *
 * @example
 * const view = await readOptionsAccount(client, venue, wallet)
 * view.positions.filter((p) => p.status === 'open')
 */
export async function readOptionsAccount(
  client: DevnetClient,
  venue: Pick<OptionsVenueDeployment, 'optionsVenue'>,
  account: Address,
): Promise<OptionsAccountView> {
  const contract = getContract({ address: venue.optionsVenue, abi: referenceOptionsVenueAbi, client })
  const at = { blockNumber: await client.getBlockNumber() }
  const [collateral, marginRequirement, positions] = await Promise.all([
    contract.read.collateralOf([account], at),
    contract.read.marginRequirement([account], at),
    contract.read.getPositions([account], at),
  ])
  return {
    account,
    collateral,
    marginRequirement,
    positions: positions.map((p) => ({
      tradeId: p.tradeId,
      counterparty: p.counterparty,
      underlying: hexToString(p.underlying, { size: 32 }),
      strike: p.strike,
      expiry: p.expiry,
      isCall: p.isCall,
      size: p.size,
      premium: p.premium,
      status: optionTradeStatus[p.status] ?? 'none',
    })),
  }
}

/**
 * Settles every open, expired trade of an account (anyone may settle) and returns the trade ids.
 *
 * @example
 * await client.increaseTime({ seconds: 7 * 86400 }); await client.mine({ blocks: 1 })
 * await settleExpiredOptions(client, venue, wallet)
 */
export async function settleExpiredOptions(
  client: DevnetClient,
  venue: Pick<OptionsVenueDeployment, 'optionsVenue'>,
  account: Address,
): Promise<bigint[]> {
  const { positions } = await readOptionsAccount(client, venue, account)
  const { timestamp } = await client.getBlock()
  const due = positions.filter((p) => p.status === 'open' && p.expiry <= timestamp)
  for (const { tradeId } of due) {
    await confirmTx(
      client,
      `Options venue: settle trade ${tradeId}`,
      client.writeContract({
        address: venue.optionsVenue,
        abi: referenceOptionsVenueAbi,
        functionName: 'settle',
        args: [tradeId],
      }),
    )
  }
  return due.map((p) => p.tradeId)
}
