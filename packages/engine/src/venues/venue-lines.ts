import { aaveAccountData, aaveFiguresOf, groupAaveAccounts } from '../aave-v3/aave-venue-figures.js'
import type { PreparedBook } from '../book.js'
import { DOWN, firstCrossing, UP } from '../liquidation-prices.js'
import type {
  BasisLiquidation,
  LiquidationPrice,
  VenueBinding,
  VenueLine,
  VenueRestore,
  VenueStatus,
} from '../report.js'
import { venueRules } from './index.js'
import type { PriceMove, VenueAccount, VenueCheck, VenueRule } from './venue-rule.js'

/** Parameters of {@link venueLines}. */
export type VenueLinesParameters = {
  book: PreparedBook
  /** The reference asset and price of a factor (the unified report's liquidation price spot). */
  spotOf: (factor: number) => { asset: string; spot: number }
  /** Search liquidation prices (default true). */
  liquidationPrices?: boolean | undefined
  /** The rules to evaluate; default {@link venueRules}. */
  rules?: readonly VenueRule[] | undefined
}

/** Return type of {@link venueLines}. */
export type VenueLinesReturnType = {
  lines: VenueLine[]
  status: VenueStatus
  binding: VenueBinding | null
}

/**
 * Evaluates every venue account of a book with its venue's own rule: health, liquidatable now,
 * the venue's liquidation price per factor (the factor moved alone) and per basis asset (moved
 * alone against its factor), the collateral that restores a failing account; then the venues'
 * verdict and the binding line, the nearest move at which any venue liquidates.
 *
 * @example
 * const { lines, status, binding } = venueLines({ book, spotOf: (f) => ({ asset: 'ETH', spot: 3000 }) })
 * binding // { rule: 'aave-v3', chainId: 42161, factor: 'ETH', price: 2829.5, move: -0.057, … }
 */
export function venueLines(parameters: VenueLinesParameters): VenueLinesReturnType {
  const { book, spotOf } = parameters
  const rules = parameters.rules ?? venueRules
  const search = parameters.liquidationPrices !== false
  const lines: VenueLine[] = []
  for (const rule of rules) {
    for (const account of rule.accountsOf(book.positions, book.rate)) {
      const check = rule.check(account)
      lines.push({
        rule: rule.name,
        chainId: account.chainId,
        venue: account.venue,
        wallet: account.wallet,
        market: account.market,
        liquidates: rule.liquidates,
        health: check.health,
        collateral: check.collateral,
        requirement: check.requirement,
        liquidatable: check.liquidatable,
        liquidationPrices: search ? factorLiquidations(book, rule, account, spotOf) : [],
        basisLiquidations: search ? basisLiquidations(book, rule, account) : [],
        restore: restoreOf(account, check),
        aave: rule.name === 'aave-v3' ? aaveLineFigures(account) : null,
      })
    }
  }
  return { lines, status: statusOf(lines), binding: bindingOf(lines, book, spotOf) }
}

/** The rule's margin as a function of a move: collateral side − requirement (0 at the line). */
function surplusOf(rule: VenueRule, account: VenueAccount, move: PriceMove): number {
  const check = rule.check(account, move)
  return check.collateral - check.requirement
}

function factorLiquidations(
  book: PreparedBook,
  rule: VenueRule,
  account: VenueAccount,
  spotOf: VenueLinesParameters['spotOf'],
): LiquidationPrice[] {
  const read = account.positions.filter(rule.readsPrice)
  const factors = [...new Set(read.map((p) => p.factor))].sort((a, b) => a - b)
  return factors.map((f) => {
    const g = (r: number) => surplusOf(rule, account, (p) => (p.factor === f ? r : 1))
    const { below, above: up } = crossings(g)
    // A stablecoin factor moves downward only (a depeg): no liquidation price above par.
    const above = book.factorParameters[f]!.stable ? null : up
    const { asset, spot } = spotOf(f)
    return {
      factor: book.factors[f]!,
      referenceAsset: asset,
      spot,
      below: below === null ? null : below * spot,
      above: above === null ? null : above * spot,
    }
  })
}

/**
 * The binding line so far: `best`, or a new binding on `line` when its move is smaller (the first
 * of equal moves stays). A module function taking the candidate's fields, not a closure over
 * `best` taking an object: tsx runs the sources with esbuild's `keepNames`, which wraps a named
 * closure in a `defineProperty` call per report, and no candidate object is built for a move that
 * does not bind.
 */
function nearer(
  best: VenueBinding | null,
  line: VenueLine,
  factor: VenueBinding['factor'],
  asset: VenueBinding['asset'],
  kind: VenueBinding['kind'],
  price: number,
  move: number,
): VenueBinding | null {
  if (best && Math.abs(move) >= Math.abs(best.move)) return best
  const { rule, chainId, venue, wallet, market } = line
  return { rule, chainId, venue, wallet, market, factor, asset, kind, price, move }
}

/**
 * Basis pairs: an asset with a basis shock (wstETH, USDC.e) in an account that also holds another
 * asset of the same factor, moved alone; the rest of the factor stays put.
 */
function basisLiquidations(book: PreparedBook, rule: VenueRule, account: VenueAccount): BasisLiquidation[] {
  const result: BasisLiquidation[] = []
  const seen = new Set<string>()
  for (const p of account.positions) {
    const asset = p.position.asset
    if (p.basis <= 0 || seen.has(asset) || !rule.readsPrice(p)) continue
    seen.add(asset)
    const paired = account.positions.some(
      (q) => q.factor === p.factor && q.position.asset !== asset && rule.readsPrice(q),
    )
    if (!paired) continue
    const g = (r: number) => surplusOf(rule, account, (q) => (q.position.asset === asset ? r : 1))
    const { below, above } = crossings(g)
    result.push({
      asset,
      factor: book.factors[p.factor]!,
      spot: p.price,
      below: below === null ? null : below * p.price,
      above: above === null ? null : above * p.price,
    })
  }
  return result
}

function crossings(g: (r: number) => number): { below: number | null; above: number | null } {
  const g1 = g(1)
  const down = { r: DOWN[0]!, g: g(DOWN[0]!) }
  const up = { r: UP[0]!, g: g(UP[0]!) }
  // Failing now, these are the nearest prices where the rule holds again (as the unified search).
  return { below: firstCrossing(g, g1, DOWN, up, down.g), above: firstCrossing(g, g1, UP, down, up.g) }
}

function restoreOf(account: VenueAccount, check: VenueCheck): VenueRestore | null {
  if (!check.liquidatable || !check.topUp) return null
  const { asset, weight, unitValue } = check.topUp
  const value = (check.requirement - check.collateral) / weight
  return { chainId: account.chainId, venue: account.venue, asset, quantity: value / unitValue, value }
}

function aaveLineFigures(account: VenueAccount): VenueLine['aave'] {
  const aave = groupAaveAccounts(account.positions).accounts[0]
  if (!aave) return null
  return {
    kind: 'aave-v3',
    chainId: account.chainId,
    venue: account.venue,
    wallet: account.wallet,
    ...aaveFiguresOf(aaveAccountData(aave)),
  }
}

function statusOf(lines: readonly VenueLine[]): VenueStatus {
  let status: VenueStatus = 'HEALTHY'
  for (const line of lines) {
    if (!line.liquidatable) continue
    if (line.liquidates) return 'LIQUIDATABLE'
    status = 'BREACHED'
  }
  return status
}

function bindingOf(
  lines: readonly VenueLine[],
  book: PreparedBook,
  spotOf: VenueLinesParameters['spotOf'],
): VenueBinding | null {
  let best: VenueBinding | null = null
  for (const line of lines) {
    if (!line.liquidates) continue
    if (line.liquidatable) {
      const first = line.liquidationPrices[0]
      const factor = first ? first.factor : (book.factors[0] ?? '')
      const f = book.factors.indexOf(factor)
      const spot = first ? first.spot : f >= 0 ? spotOf(f).spot : 0
      best = nearer(best, line, factor, first?.referenceAsset ?? factor, 'factor', spot, 0)
      continue
    }
    for (const l of line.liquidationPrices) {
      for (const price of [l.below, l.above]) {
        if (price === null || l.spot <= 0) continue
        best = nearer(best, line, l.factor, l.referenceAsset, 'factor', price, price / l.spot - 1)
      }
    }
    for (const b of line.basisLiquidations) {
      for (const price of [b.below, b.above]) {
        if (price === null || b.spot <= 0) continue
        best = nearer(best, line, b.factor, b.asset, 'basis', price, price / b.spot - 1)
      }
    }
  }
  return best
}
