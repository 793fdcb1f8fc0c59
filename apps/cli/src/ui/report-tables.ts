import type { MarginReportJson } from '@xmargin/api'
import { modelOptionName } from '../commands/report-options.js'
import { age, shortQuantity, sumDecimals, usd, wadRatio } from './format.js'
import { parameterSetLine } from './parameter-set-line.js'
import { createTable } from './table.js'

/** Parameters of {@link renderReport}. */
export type RenderReportParameters = {
  report: MarginReportJson
  /** Chain id → name, for the tables. */
  chainNames: ReadonlyMap<number, string>
  /** The wallets (or account) the report covers, for the title. */
  title: string
}

const table = (head: string[], align?: ('left' | 'right')[]) => createTable({ head, align })

/**
 * Renders a margin report as terminal tables: the parameter set it used (one line); summary; per chain and venue; per position with its
 * contribution; liquidation prices; freshness. Returns the text (the command prints it).
 *
 * @example
 * process.stdout.write(renderReport({ report, chainNames, title: '0xabc…' }))
 */
export function renderReport(parameters: RenderReportParameters): string {
  const { report, chainNames } = parameters
  const chain = (id: number) => chainNames.get(id) ?? String(id)
  const out: string[] = [
    `Margin of ${parameters.title} (model ${modelOptionName(report.model)})`,
    parameterSetLine(report.parameterSet, chainNames),
  ]

  const summary = table([], ['left', 'right'])
  summary.push(
    ['status', report.status],
    ['health (1 = liquidation line)', report.health ?? 'no maintenance margin'],
    ['equity', usd(report.equity)],
    ['collateral value', usd(report.collateralValue)],
    ['adjusted collateral (after haircuts)', usd(report.adjustedCollateral)],
    ['initial margin', usd(report.initialMargin)],
    ['maintenance margin', usd(report.maintenanceMargin)],
    ['free collateral', usd(report.freeCollateral)],
    ['initial margin if isolated per venue', usd(report.isolatedInitialMargin)],
    ['capital saved by cross-margining', usd(report.capitalSaved)],
    ['venues (each under its own rule)', report.venueStatus],
  )
  out.push(summary.toString())
  out.push(`Nearest venue liquidation: ${binding(report.bindingVenue, chainNames)}`)
  if (report.statusReasons.length > 0) out.push(`Status reasons: ${report.statusReasons.join(', ')}`)
  const untracked = report.statusReasons.filter((r) => r.startsWith('not-tracked:'))
  if (untracked.length > 0)
    out.push(
      `Not tracked: ${untracked.map((r) => r.slice('not-tracked:'.length)).join(', ')}. This command reads the database only; ask the running API (a \`margin\` query tracks a new wallet) or use the \`trackWallet\` mutation, then run it again.`,
    )

  const groups = new Map<
    string,
    { chainId: number; venue: string; positions: MarginReportJson['positions'] }
  >()
  for (const p of report.positions) {
    const key = `${p.chainId}\u0000${p.venue}`
    const group = groups.get(key) ?? { chainId: p.chainId, venue: p.venue, positions: [] }
    groups.set(key, { ...group, positions: [...group.positions, p] })
  }
  if (groups.size > 0) {
    const venues = table(
      ['chain', 'venue', 'positions', 'value', 'initial margin', 'maintenance', 'venue health'],
      ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    )
    for (const { chainId, venue, positions } of groups.values()) {
      const figures = report.venues.filter((v) => v.chainId === chainId && v.venue === venue)
      const native = figures.map(venueHealth).join(', ') || '-'
      venues.push([
        chain(chainId),
        venue,
        String(positions.length),
        usd(sumDecimals(positions.map((p) => p.value))),
        usd(sumDecimals(positions.map((p) => p.contribution))),
        usd(sumDecimals(positions.map((p) => p.maintenanceMargin))),
        native,
      ])
    }
    out.push('Per chain and venue', venues.toString())

    const lines = table(
      ['chain', 'venue', 'kind', 'asset', 'quantity', 'price', 'value', 'contribution', 'maintenance'],
      ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
    )
    for (const p of report.positions)
      lines.push([
        chain(p.chainId),
        p.venue,
        p.kind.toLowerCase(),
        p.stale ? `${p.asset} (stale)` : p.asset,
        shortQuantity(p.quantity),
        usd(p.price),
        usd(p.value),
        usd(p.contribution),
        usd(p.maintenanceMargin),
      ])
    out.push('Positions (contribution: share of the initial margin; negative = a hedge)', lines.toString())
  } else out.push('No positions.')

  if (report.liquidationPrices.length > 0 || report.basisLiquidations.length > 0) {
    const liq = table(
      ['factor', 'price of', 'spot', 'liquidation below', 'liquidation above'],
      ['left', 'left', 'right', 'right', 'right'],
    )
    for (const l of report.liquidationPrices)
      liq.push([l.factor, l.referenceAsset, usd(l.spot), usd(l.below), usd(l.above)])
    // Basis pairs: the asset alone against the rest of its factor (wstETH against WETH debt).
    for (const b of report.basisLiquidations)
      liq.push([b.factor, `${b.asset} alone`, usd(b.spot), usd(b.below), usd(b.above)])
    const title =
      report.basisLiquidations.length > 0
        ? 'Liquidation prices (one factor moving alone; a basis asset alone against its factor)'
        : 'Liquidation prices (one factor moving alone)'
    out.push(title, liq.toString())
  }

  const ruled = report.venues.filter((v) => v.health !== null || v.liquidatable)
  if (ruled.length > 0) {
    const own = table(
      ['chain', 'venue', 'rule', 'health', 'liquidation below', 'liquidation above', 'restore with'],
      ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
    )
    for (const v of ruled) {
      const prices = [
        ...v.liquidationPrices.map((l) => ({ asset: l.referenceAsset, below: l.below, above: l.above })),
        ...v.basisLiquidations.map((b) => ({ asset: `${b.asset} alone`, below: b.below, above: b.above })),
      ]
      const side = (which: 'below' | 'above') =>
        prices
          .filter((p) => p[which] !== null)
          .map((p) => `${p.asset} ${usd(p[which])}`)
          .join(', ') || '-'
      own.push([
        chain(v.chainId),
        v.market ? `${v.venue} ${v.market.slice(0, 10)}…` : v.venue,
        v.liquidates ? ruleName(v.rule) : `${ruleName(v.rule)} (no liquidation)`,
        v.liquidatable ? `${venueHealth(v)} FAILS` : venueHealth(v),
        side('below'),
        side('above'),
        v.restore ? `${shortQuantity(v.restore.quantity)} ${v.restore.asset} (${usd(v.restore.value)})` : '-',
      ])
    }
    out.push("Venues' own rules (each account alone, as its venue liquidates it)", own.toString())
  }

  const fresh = table(
    ['chain', 'block', 'age', 'lag (blocks)', 'fresh'],
    ['left', 'right', 'right', 'right', 'left'],
  )
  for (const f of report.freshness)
    fresh.push([
      chain(f.chainId),
      f.blockNumber ?? '-',
      age(f.ageSeconds),
      f.lagBlocks ?? '-',
      f.stale ? 'STALE' : 'yes',
    ])
  const stalePrices = report.prices.filter((p) => p.stale)
  const oldest = Math.max(0, ...report.prices.map((p) => p.ageSeconds))
  out.push(
    'Freshness',
    fresh.toString(),
    `Prices: ${report.prices.length} used, oldest ${age(report.prices.length ? oldest : null)}, ${
      stalePrices.length === 0
        ? 'none stale'
        : `stale: ${stalePrices.map((p) => `${p.asset}@${chain(p.chainId)}`).join(', ')}`
    }`,
  )
  return `${out.join('\n')}\n`
}

type VenueJson = MarginReportJson['venues'][number]

/** A venue line's health: Aave's exact health factor (4 places), else the rule's ratio; ∞ without requirement. */
export function venueHealth(v: VenueJson): string {
  if (v.nativeHealthWad !== null) return wadRatio(v.nativeHealthWad)
  return v.health === null ? '∞' : padHealth(v.health)
}

function padHealth(value: string): string {
  const [int = '0', frac = ''] = value.split('.')
  return `${int}.${frac.padEnd(4, '0').slice(0, 4)}`
}

/** The binding venue line as a sentence: which venue, at which price, how far from today. */
function binding(b: MarginReportJson['bindingVenue'], chainNames: ReadonlyMap<number, string>): string {
  if (!b) return 'none'
  const where = `${ruleName(b.rule)} on ${chainNames.get(b.chainId) ?? b.chainId}`
  if (Number(b.move) === 0) return `${where}, now`
  const percent = (Number(b.move) * 100).toFixed(1)
  const moved = b.kind === 'basis' ? `${b.asset} alone` : b.asset
  return `${where}: ${moved} ${usd(b.price)} (${Number(b.move) > 0 ? '+' : ''}${percent}%)`
}

/** `AAVE_V3` → `aave-v3`, as the engine names its rules. */
export function ruleName(rule: string): string {
  return rule.toLowerCase().replaceAll('_', '-')
}
