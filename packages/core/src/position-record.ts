import type { Address, ChainId } from './chain.js'
import { BaseError } from './errors/base-error.js'
import type { AaveReserveContext, FixedPoint, MorphoMarketContext, Position } from './position.js'
import type { VenueId } from './venue.js'

/**
 * Where a stored position lives: the store's row identity (`kind` and `key` as the venue stores
 * them) and the block it was read at. The engine position's `id`, `chainId`, `venue`, `wallet` and
 * `blockNumber` come from here, so the record holds none of them.
 */
export type PositionLocation = {
  chainId: ChainId
  venue: VenueId
  wallet: Address
  /** The stored position's kind (`spot`, `supply`, `debt`, `perp`, `option`). */
  kind: string
  /** The asset address or the market / position id within the venue. */
  key: string
  blockNumber: bigint
}

/** Thrown when a stored position record is not one the engine can take. */
export class InvalidPositionRecordError extends BaseError {
  override name = 'InvalidPositionRecordError'

  constructor(reason: string, parameters: { record?: string | undefined } = {}) {
    super(`Invalid stored position: ${reason}`, { details: parameters.record })
  }
}

/**
 * The engine-facing id of a stored position: `chainId:venue:wallet:key:kind` (wallet lowercased).
 * Unique per (chain, venue, wallet, kind, key), like the store's primary key.
 *
 * @example
 * positionId({ chainId: 1, venue: 'wallet', wallet, kind: 'spot', key: usdc }) // '1:wallet:0xabc…:0xa0b…:spot'
 */
export function positionId(location: Omit<PositionLocation, 'blockNumber'>): string {
  return `${location.chainId}:${location.venue}:${location.wallet.toLowerCase()}:${location.key}:${location.kind}`
}

const baseFields = new Set(['id', 'chainId', 'venue', 'wallet', 'blockNumber'])

/**
 * Serialises an engine position as the store keeps it, without the fields its row already holds
 * (`id`, `chainId`, `venue`, `wallet`, `blockNumber`): canonical JSON (sorted keys, no undefined
 * fields) with bigints as decimal strings, so equal positions are equal text.
 *
 * @example
 * encodePositionRecord(position) // '{"amount":"10000000000000000000","asset":"WETH","decimals":18,"kind":"spot"}'
 */
export function encodePositionRecord(position: Position): string {
  const sort = (value: unknown): unknown => {
    if (typeof value === 'bigint') return value.toString()
    if (value === null || typeof value !== 'object') return value
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key]
      if (field !== undefined) out[key] = sort(field)
    }
    return out
  }
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(position)) if (!baseFields.has(key)) fields[key] = value
  return JSON.stringify(sort(fields))
}

/** Checks a record's fields, failing with {@link InvalidPositionRecordError} naming the record. */
class RecordReader {
  constructor(private readonly text: string) {}

  fail(reason: string): never {
    throw new InvalidPositionRecordError(reason, { record: this.text })
  }

  integer(value: unknown, name: string): bigint {
    return typeof value === 'string' && /^-?\d+$/.test(value)
      ? BigInt(value)
      : this.fail(`${name} is not an integer.`)
  }

  count(value: unknown, name: string): number {
    return typeof value === 'number' && Number.isInteger(value) && value >= 0
      ? value
      : this.fail(`${name} is not a count.`)
  }

  fixed(value: unknown, name: string): FixedPoint {
    if (value === null || typeof value !== 'object') return this.fail(`${name} is missing.`)
    const point = value as Record<string, unknown>
    return {
      value: this.integer(point.value, `${name}.value`),
      decimals: this.count(point.decimals, `${name}.decimals`),
    }
  }
}

/**
 * Reads a stored position record back into the engine's position, with its row's location. Every
 * field is checked: a record that is not a position of its kind throws `InvalidPositionRecordError`.
 *
 * @example
 * const position = decodePositionRecord(row.engine, { chainId: 1, venue: 'wallet', wallet, kind: 'spot', key, blockNumber: 12n })
 */
export function decodePositionRecord(text: string, location: PositionLocation): Position {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new InvalidPositionRecordError('not JSON.', { record: text })
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new InvalidPositionRecordError('not an object.', { record: text })
  const record = json as Record<string, unknown>
  // One reader object, not four closures made per call: this runs for every stored row a request reads.
  const read = new RecordReader(text)
  const asset =
    typeof record.asset === 'string' && record.asset !== '' ? record.asset : read.fail('asset is missing.')
  const base = {
    id: positionId(location),
    chainId: location.chainId,
    venue: location.venue,
    wallet: location.wallet,
    blockNumber: location.blockNumber,
    asset,
    amount: read.integer(record.amount, 'amount'),
    decimals: read.count(record.decimals, 'decimals'),
  }
  // Optional fields are set only when present, so a decoded position equals the one encoded.
  const aave = record.aave === undefined ? {} : { aave: aaveContext(record.aave, read) }
  const morpho = record.morpho === undefined ? {} : { morpho: morphoContext(record.morpho, read) }
  switch (record.kind) {
    case 'spot':
      return { ...base, kind: 'spot' }
    case 'supply':
      if (typeof record.collateral !== 'boolean') return read.fail('collateral is not a boolean.')
      return { ...base, kind: 'supply', collateral: record.collateral, ...aave, ...morpho }
    case 'debt': {
      const { rateMode } = record
      if (rateMode !== undefined && rateMode !== 'variable' && rateMode !== 'stable')
        return read.fail('rateMode is neither variable nor stable.')
      return { ...base, kind: 'debt', ...(rateMode === undefined ? {} : { rateMode }), ...aave, ...morpho }
    }
    case 'perp':
      return {
        ...base,
        kind: 'perp',
        entryPrice: read.fixed(record.entryPrice, 'entryPrice'),
        funding: read.fixed(record.funding, 'funding'),
      }
    case 'option': {
      const { right } = record
      if (right !== 'call' && right !== 'put') return read.fail('right is neither call nor put.')
      return {
        ...base,
        kind: 'option',
        right,
        strike: read.fixed(record.strike, 'strike'),
        expiry: read.count(record.expiry, 'expiry'),
      }
    }
    default:
      return read.fail(`kind ${String(record.kind)} is unknown.`)
  }
}

function aaveContext(value: unknown, read: RecordReader): AaveReserveContext {
  if (value === null || typeof value !== 'object') return read.fail('aave is not an object.')
  const context = value as Record<string, unknown>
  const bps = (name: keyof AaveReserveContext, optional = false): number | undefined => {
    const field = context[name]
    if (field === undefined && optional) return undefined
    return typeof field === 'number' && Number.isInteger(field) && field >= 0
      ? field
      : read.fail(`aave.${name} is not a count.`)
  }
  const eModeLtv = bps('eModeLtv', true)
  const eModeLiquidationThreshold = bps('eModeLiquidationThreshold', true)
  const liquidationBonus = bps('liquidationBonus', true)
  const eModeLiquidationBonus = bps('eModeLiquidationBonus', true)
  const liquidationProtocolFee = bps('liquidationProtocolFee', true)
  const { eModeCollateral } = context
  if (eModeCollateral !== undefined && typeof eModeCollateral !== 'boolean')
    return read.fail('aave.eModeCollateral is not a boolean.')
  return {
    ltv: bps('ltv') as number,
    liquidationThreshold: bps('liquidationThreshold') as number,
    eModeCategory: bps('eModeCategory') as number,
    userEModeCategory: bps('userEModeCategory') as number,
    ...(eModeLtv === undefined ? {} : { eModeLtv }),
    ...(eModeLiquidationThreshold === undefined ? {} : { eModeLiquidationThreshold }),
    ...(liquidationBonus === undefined ? {} : { liquidationBonus }),
    ...(eModeLiquidationBonus === undefined ? {} : { eModeLiquidationBonus }),
    ...(liquidationProtocolFee === undefined ? {} : { liquidationProtocolFee }),
    ...(eModeCollateral === undefined ? {} : { eModeCollateral }),
  }
}

function morphoContext(value: unknown, read: RecordReader): MorphoMarketContext {
  if (value === null || typeof value !== 'object') return read.fail('morpho is not an object.')
  const context = value as Record<string, unknown>
  const { market, lltv } = context
  if (typeof market !== 'string' || !/^0x[0-9a-f]{64}$/.test(market))
    return read.fail('morpho.market is not a lowercased bytes32.')
  if (typeof lltv !== 'string' || !/^[0-9]+$/.test(lltv)) return read.fail('morpho.lltv is not an integer.')
  const shareFields = ['borrowShares', 'totalBorrowAssets', 'totalBorrowShares'] as const
  const present = shareFields.filter((name) => context[name] !== undefined)
  if (present.length === 0) return { market, lltv: BigInt(lltv) }
  if (present.length !== shareFields.length)
    return read.fail('morpho.borrowShares, totalBorrowAssets and totalBorrowShares come together.')
  const shares = shareFields.map((name) => {
    const field = context[name]
    return typeof field === 'string' && /^[0-9]+$/.test(field)
      ? BigInt(field)
      : read.fail(`morpho.${name} is not an integer.`)
  })
  return {
    market,
    lltv: BigInt(lltv),
    borrowShares: shares[0] as bigint,
    totalBorrowAssets: shares[1] as bigint,
    totalBorrowShares: shares[2] as bigint,
  }
}
