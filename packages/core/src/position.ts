import type { Address, AssetId, ChainId } from './chain.js'
import type { VenueId } from './venue.js'

/** A fixed-point number: `value / 10^decimals`. Used for prices, strikes and funding. */
export type FixedPoint = {
  value: bigint
  decimals: number
}

/** Fields every position carries: where it lives, whose it is, and at which block it was read. */
export type PositionBase = {
  /** Stable unique id (the store uses `chainId:venue:wallet:asset:kind[:market]`). Used for sorting and what-if. */
  id: string
  chainId: ChainId
  venue: VenueId
  wallet: Address
  /** The asset held, borrowed, or the underlying of a derivative. */
  asset: AssetId
  /** Block at which the position was read (freshness). */
  blockNumber: bigint
}

/**
 * Aave v3 reserve context attached to a lending position so that the `aave-v3` model and the
 * per-venue native figures can reproduce `getUserAccountData`. Values as stored on chain.
 */
export type AaveReserveContext = {
  /** Reserve LTV in basis points (8000 = 80%). */
  ltv: number
  /** Reserve liquidation threshold in basis points. */
  liquidationThreshold: number
  /** eMode category of the reserve (0 = none). Aave v3.0/v3.1 only (reserve configuration bits 168–175); 0 on v3.2+ pools. */
  eModeCategory: number
  /** eMode category chosen by the user (0 = none). Same on every position of one account. */
  userEModeCategory: number
  /** LTV of the user's eMode category, basis points. Required when the user is in eMode. */
  eModeLtv?: number | undefined
  /** Liquidation threshold of the user's eMode category, basis points. */
  eModeLiquidationThreshold?: number | undefined
  /** Reserve liquidation bonus, basis points, 10000 + bonus (10500 = 5%); the liquidation rule needs it. */
  liquidationBonus?: number | undefined
  /** Liquidation bonus of the user's eMode category, basis points. */
  eModeLiquidationBonus?: number | undefined
  /**
   * Aave v3.2+ pools, when the user is in eMode: whether the user's category lists this reserve in
   * its collateral bitmap (`getEModeCategoryCollateralBitmap`, bit = reserve id). It then decides
   * whether the category's LTV, threshold and bonus apply (`aaveEModeApplies`). Absent on v3.0/v3.1
   * pools, where they apply when `eModeCategory === userEModeCategory`.
   */
  eModeCollateral?: boolean | undefined
  /**
   * Reserve liquidation protocol fee, basis points of the bonus (1000 = 10% of the bonus goes to the
   * treasury); absent = 0, as on a reserve where governance never set it.
   */
  liquidationProtocolFee?: number | undefined
}

/**
 * Morpho Blue market context attached to a lending position so that the venue's own rule (LLTV per
 * market) can be evaluated: positions of one (chain, wallet, market) form one Morpho account.
 */
export type MorphoMarketContext = {
  /** Market id (`bytes32`, lowercased hex). */
  market: string
  /** The market's liquidation LTV, 18 decimals (`860000000000000000n` = 86%). */
  lltv: bigint
  /**
   * The account's borrow shares and the market's borrow totals (after interest accrual), which
   * Morpho's `liquidate` converts with its virtual shares. Present together or not at all; absent,
   * the engine takes the account as the market's only borrower at the initial share price.
   */
  borrowShares?: bigint | undefined
  totalBorrowAssets?: bigint | undefined
  totalBorrowShares?: bigint | undefined
}

/** A wallet balance or a plain venue deposit; always collateral. */
export type SpotPosition = PositionBase & {
  kind: 'spot'
  /** Raw amount (non-negative) in the asset's smallest unit. */
  amount: bigint
  decimals: number
}

/** A lending supply (aToken, Morpho supply). Only collateral-enabled supply backs margin. */
export type SupplyPosition = PositionBase & {
  kind: 'supply'
  /** Raw underlying amount (aToken `balanceOf`), non-negative. */
  amount: bigint
  decimals: number
  /** Whether the venue counts it as collateral (Aave's `usageAsCollateralEnabled`). */
  collateral: boolean
  aave?: AaveReserveContext | undefined
  morpho?: MorphoMarketContext | undefined
}

/** A lending debt; `amount` is the positive amount owed (debt token `balanceOf`). */
export type DebtPosition = PositionBase & {
  kind: 'debt'
  amount: bigint
  decimals: number
  /** Aave rate mode; defaults to `variable`. */
  rateMode?: 'variable' | 'stable' | undefined
  aave?: AaveReserveContext | undefined
  morpho?: MorphoMarketContext | undefined
}

/** A perpetual future on `asset`, settled in USD. */
export type PerpPosition = PositionBase & {
  kind: 'perp'
  /** Signed size in base units (negative = short). */
  amount: bigint
  decimals: number
  /** Average entry price in USD. */
  entryPrice: FixedPoint
  /** Accrued funding in USD, signed (positive = received). */
  funding: FixedPoint
}

/** A European option on `asset`, premium and strike in USD. */
export type OptionPosition = PositionBase & {
  kind: 'option'
  /** Signed number of contracts in base units (negative = written). */
  amount: bigint
  decimals: number
  right: 'call' | 'put'
  strike: FixedPoint
  /** Expiry, unix seconds. */
  expiry: number
}

/** Any position the engine can margin. Discriminated by `kind`. */
export type Position = SpotPosition | SupplyPosition | DebtPosition | PerpPosition | OptionPosition

/** The `kind` tags of {@link Position}. */
export type PositionKind = Position['kind']
