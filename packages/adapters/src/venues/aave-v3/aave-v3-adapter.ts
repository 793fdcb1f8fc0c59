import type { DebtPosition, SupplyPosition } from '@xmargin/core'
import { type Address, zeroAddress } from 'viem'
import type { AdapterContext, IndexedPosition, ReadCall, VenueAdapter } from '../../adapter.js'
import { InvalidPositionError } from '../../errors/adapter-errors.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { decodeKnownLog, eventsOf } from '../abi-events.js'
import { corePositionId, lower } from '../position-id.js'
import { aavePoolAbi, aaveTokenAbi } from './aave-v3-abis.js'
import { aaveBalanceState, buildAavePosition } from './aave-v3-positions.js'
import { type AaveV3Shared, aaveV3SharedReads, decodeAaveV3Shared } from './aave-v3-shared.js'
import type { AaveV3Venue } from './aave-v3-venue.js'
import { isUsingAsCollateral } from './reserve-configuration.js'

const poolEvents = eventsOf(aavePoolAbi)
const tokenEvents = eventsOf(aaveTokenAbi)
const eventAbi = [...poolEvents, ...tokenEvents]

/**
 * Aave v3: supplied collateral (aToken `scaledBalanceOf` and the collateral bit of
 * `getUserConfiguration`), variable debt (`scaledBalanceOf`), stable debt where the market has it,
 * the user's eMode; reserve parameters, indexes, oracle prices and eMode categories as shared reads.
 *
 * Per wallet: `2 + 2 · reserves` calls (+3 per reserve with stable debt). Positions: `supply` and
 * `debt` keyed by the underlying (`asset:stable` for stable debt), `amount` exactly the tokens'
 * `balanceOf` at the block, `extra` holding the scaled balance and reserve parameters
 * (see `AaveV3PositionExtra`).
 *
 * Events: Pool `Supply`, `MintUnbacked`, `Withdraw`, `Borrow`, `Repay`, `LiquidationCall`
 * (borrower, and the liquidator when it receives aTokens), `ReserveUsedAsCollateralEnabled/Disabled`,
 * `UserEModeSet`, `SwapBorrowRateMode`, `RebalanceStableBorrowRate`; aToken `Transfer` and
 * `BalanceTransfer` (aTokens are transferable). Debt tokens are not transferable.
 *
 * @example
 * const venue = await resolveAaveV3Venue({ client, pool, oracle })
 * const context = { chainId: 1, venue, assets }
 * const calls = [...aaveV3Adapter.sharedReads(context), ...aaveV3Adapter.walletReads(context, wallet)]
 */
export const aaveV3Adapter: VenueAdapter<AaveV3Venue, AaveV3Shared> = {
  venue: 'aave-v3',
  logFilter: (context) => ({
    address: [context.venue.pool, ...context.venue.reserves.map((r) => r.aToken)],
    events: [...poolEvents, ...tokenEvents],
  }),
  walletsOf: (log) => {
    const event = decodeKnownLog(eventAbi, log)
    if (!event) return []
    const wallets: Address[] = []
    const { args } = event
    const take = (name: string) => {
      const value = args[name]
      if (typeof value === 'string' && value !== zeroAddress) wallets.push(lower(value as Address))
    }
    switch (event.eventName) {
      case 'Supply':
      case 'MintUnbacked':
      case 'Borrow':
        take('onBehalfOf')
        break
      case 'LiquidationCall':
        take('user')
        if (args.receiveAToken === true) take('liquidator')
        break
      case 'Transfer':
      case 'BalanceTransfer':
        take('from')
        take('to')
        break
      default:
        take('user')
    }
    return [...new Set(wallets)]
  },
  sharedReads: aaveV3SharedReads,
  decodeShared: decodeAaveV3Shared,
  walletReads: (context, wallet) => walletCalls(context, wallet),
  decodeWallet: ({ context, shared, wallet, results }) => {
    const calls = walletCalls(context, wallet)
    assertResultCount('aave-v3 wallet reads', calls.length, results.length)
    let i = 0
    const next = <T>() => {
      const call = calls[i] as ReadCall
      return successOf<T>(results[i++], call.label ?? call.functionName)
    }
    const userConfiguration = next<{ data: bigint }>().data
    const userEModeCategory = Number(next<bigint>())
    const owner = lower(wallet)
    const positions: IndexedPosition[] = []
    for (const reserve of context.venue.reserves) {
      const supplied = next<bigint>()
      const variable = next<bigint>()
      const base = { asset: reserve.asset, userEModeCategory }
      if (supplied > 0n) {
        const collateral = isUsingAsCollateral(userConfiguration, reserve.id)
        positions.push(
          buildAavePosition({
            wallet: owner,
            shared,
            state: { ...base, balance: 'supply', scaledBalance: supplied, collateral },
          }),
        )
      }
      if (variable > 0n) {
        positions.push(
          buildAavePosition({
            wallet: owner,
            shared,
            state: { ...base, balance: 'variable', scaledBalance: variable },
          }),
        )
      }
      if (reserve.readStableDebt) {
        const principal = next<bigint>()
        const stableRate = next<bigint>()
        const stableLastUpdated = BigInt(next<number>())
        if (principal > 0n) {
          const state = {
            ...base,
            balance: 'stable' as const,
            scaledBalance: principal,
            stableRate,
            stableLastUpdated,
          }
          positions.push(buildAavePosition({ wallet: owner, shared, state }))
        }
      }
    }
    return positions
  },
  revalue: ({ shared, position }) =>
    buildAavePosition({ wallet: position.wallet, shared, state: aaveBalanceState(position) }),
  toCore: ({ context, position, blockNumber }): SupplyPosition | DebtPosition => {
    const state = aaveBalanceState(position)
    const asset = context.assets.get(state.asset)
    if (!asset)
      throw new InvalidPositionError(
        position,
        `Asset ${state.asset} is not known on chain ${context.chainId}.`,
      )
    const number = (name: string) => Number(position.extra[name] ?? Number.NaN)
    const inEMode = state.userEModeCategory !== 0
    const aave = {
      ltv: number('ltv'),
      liquidationThreshold: number('liquidationThreshold'),
      eModeCategory: number('eModeCategory'),
      userEModeCategory: state.userEModeCategory,
      eModeLtv: inEMode ? number('eModeLtv') : undefined,
      eModeLiquidationThreshold: inEMode ? number('eModeLiquidationThreshold') : undefined,
      // Rows stored before the bonus was read have none until the next block's revalue writes it.
      liquidationBonus: optionalNumber(position.extra.liquidationBonus),
      eModeLiquidationBonus: inEMode ? optionalNumber(position.extra.eModeLiquidationBonus) : undefined,
      eModeCollateral: inEMode ? optionalFlag(position, 'eModeCollateral') : undefined,
    }
    const base = {
      id: corePositionId(context.chainId, position),
      chainId: context.chainId,
      venue: 'aave-v3',
      wallet: position.wallet,
      asset: asset.symbol,
      blockNumber,
      amount: position.amount,
      decimals: asset.decimals,
      aave,
    }
    if (state.balance === 'supply') return { ...base, kind: 'supply', collateral: state.collateral === true }
    return { ...base, kind: 'debt', rateMode: state.balance }
  },
}

function walletCalls(context: AdapterContext<AaveV3Venue>, wallet: Address): ReadCall[] {
  const { pool, reserves } = context.venue
  const symbol = (asset: Address) => context.assets.get(asset)?.symbol ?? asset
  const calls: ReadCall[] = [
    {
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getUserConfiguration',
      args: [wallet],
      label: `aave-v3 getUserConfiguration ${wallet}`,
    },
    {
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getUserEMode',
      args: [wallet],
      label: `aave-v3 getUserEMode ${wallet}`,
    },
  ]
  const token = (address: Address, functionName: string, what: string): ReadCall => ({
    address,
    abi: aaveTokenAbi,
    functionName,
    args: [wallet],
    label: `aave-v3 ${what} ${functionName} ${wallet}`,
  })
  for (const reserve of reserves) {
    calls.push(token(reserve.aToken, 'scaledBalanceOf', `a${symbol(reserve.asset)}`))
    calls.push(token(reserve.variableDebtToken, 'scaledBalanceOf', `variableDebt${symbol(reserve.asset)}`))
    if (reserve.readStableDebt) {
      for (const name of ['principalBalanceOf', 'getUserStableRate', 'getUserLastUpdated']) {
        calls.push(token(reserve.stableDebtToken, name, `stableDebt${symbol(reserve.asset)}`))
      }
    }
  }
  return calls
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value)
}

/** A stored `'true'`/`'false'` flag of `extra`; undefined when absent (the `v3.0` layout). */
function optionalFlag(position: IndexedPosition, name: string): boolean | undefined {
  const value = position.extra[name]
  if (value === undefined) return undefined
  if (value !== 'true' && value !== 'false')
    throw new InvalidPositionError(position, `extra.${name} is ${value}, not true or false.`)
  return value === 'true'
}
