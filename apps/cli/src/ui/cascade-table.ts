import type { CascadeJson } from '@xmargin/api'
import { padFraction, shortQuantity, usd } from './format.js'
import { ruleName } from './report-tables.js'
import { createTable } from './table.js'

/** A wire USD figure (6 places) shown to the cent. */
const cents = (value: string) => {
  const [whole = '0', fraction = ''] = value.split('.')
  return usd(padFraction(`${whole}.${fraction.slice(0, 2)}`, 2))
}

/** `-25%` from a multiplier `'0.75'`, exact to the basis point shown. */
function move(multiplier: string): string {
  const pct = (Number(multiplier) - 1) * 100
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`
}

/**
 * Renders a cascade: the shock and markets, a round-by-round table (prices, liquidations per venue
 * and chain, seized, repaid, bad debt, wallets hit), the end state with bad debt per venue, and
 * isolated venue rules versus unified portfolio margin, each over its own rounds (rounds run, "+" when
 * the round limit cut it before the fixed point; the shocked factors' moves at the end, wallets
 * surviving and liquidated, collateral seized, bad debt).
 *
 * @example
 * process.stdout.write(renderCascade({ cascade, chainNames, title: 'all tracked wallets' }))
 */
export function renderCascade(parameters: {
  cascade: CascadeJson
  chainNames: ReadonlyMap<number, string>
  title: string
}): string {
  const { cascade, chainNames } = parameters
  const chain = (id: number) => chainNames.get(id) ?? String(id)
  const venue = (v: { venue: string; chainId: number }) => `${ruleName(v.venue)} (${chain(v.chainId)})`
  const shock = cascade.shock.map((s) => `${s.factor} ${move(s.multiplier)}`).join(', ') || 'no move'
  const out: string[] = [
    `Cascade "${cascade.scenario}" (${shock}) over ${cascade.wallets} wallets (${parameters.title})`,
    ...cascade.markets.map((m) =>
      m.kind === 'UNISWAP_V3'
        ? `market ${m.factor}: ${m.asset}/${m.quote} Uniswap v3 pool ${m.pool} (${chain(m.chainId ?? 0)}, fee ${m.feePips / 10_000}%)`
        : `market ${m.factor}: ${m.asset} depth curve, ${usd(shortQuantity(m.twoPercentDepthUsd ?? '0', 0))} moves it −2% (fee ${m.feePips / 10_000}%)`,
    ),
  ]
  const factors = cascade.shock.map((s) => s.factor)
  const rounds = createTable({
    head: [
      'round',
      ...factors.map((f) => `${f} move`),
      'liquidations',
      'wallets hit',
      'seized',
      'repaid',
      'bad debt',
    ],
    align: ['right', ...factors.map(() => 'right' as const), 'left', 'right', 'right', 'right', 'right'],
  })
  for (const r of cascade.rounds) {
    const byVenue = r.byVenue.map((v) => `${venue(v)}: ${v.liquidations}`).join('\n') || '-'
    const sum = (key: 'collateralSeizedValue' | 'debtRepaidValue') =>
      cents(r.byVenue.reduce((s, v) => s + Number(v[key]), 0).toFixed(6))
    rounds.push([
      String(r.round),
      ...factors.map((f) => move(r.multipliers.find((m) => m.factor === f)?.multiplier ?? '1')),
      byVenue,
      String(r.walletsHit),
      sum('collateralSeizedValue'),
      sum('debtRepaidValue'),
      cents(r.badDebt),
    ])
  }
  out.push(rounds.toString())
  const unmodelled = new Set(
    cascade.rounds.flatMap((r) => r.unmodelled.map((u) => `${u.wallet}@${u.chainId}`)),
  )
  if (unmodelled.size > 0)
    out.push(`${unmodelled.size} Perp v2 account(s) fail their rule; their liquidation is not modelled.`)
  const end = cascade.end
  out.push(
    `${cascade.fixedPoint ? 'Fixed point' : `Stopped at ${cascade.maxRounds} rounds (no fixed point)`}: ${end.liquidations} liquidations, ${end.walletsHit} wallets hit, ${cents(end.totalLiquidated)} seized, ${cents(end.totalRepaid)} repaid, ${cents(end.badDebt)} bad debt; ${end.multipliers
      .filter((m) => factors.includes(m.factor))
      .map((m) => `${m.factor} ${move(m.multiplier)}`)
      .join(', ')}`,
  )
  if (end.byVenue.length > 0) {
    const venues = createTable({
      head: ['venue', 'liquidations', 'seized', 'repaid', 'bad debt'],
      align: ['left', 'right', 'right', 'right', 'right'],
    })
    for (const v of end.byVenue)
      venues.push([
        venue(v),
        String(v.liquidations),
        cents(v.collateralSeizedValue),
        cents(v.debtRepaidValue),
        cents(v.badDebt),
      ])
    out.push(venues.toString())
  }
  const regimes = createTable({
    head: [
      'same wallets, same shock',
      'rounds',
      ...factors.map((f) => `${f} end`),
      'surviving',
      'liquidated',
      'liquidated value',
      'bad debt',
    ],
    align: ['left', 'right', ...factors.map(() => 'right' as const), 'right', 'right', 'right', 'right'],
  })
  const { isolated, portfolio } = cascade.comparison
  const row = (name: string, r: typeof isolated) => [
    name,
    `${r.rounds}${r.fixedPoint ? '' : '+'}`,
    ...factors.map((f) => move(r.multipliers.find((m) => m.factor === f)?.multiplier ?? '1')),
    String(r.walletsSurviving),
    String(r.walletsLiquidated),
    cents(r.liquidatedValue),
    cents(r.badDebt),
  ]
  regimes.push(
    row("each venue's own rule (cascade)", isolated),
    row('cross-chain portfolio margin', portfolio),
  )
  out.push(regimes.toString())
  if (cascade.reasons.length > 0) out.push(`Incomplete: ${cascade.reasons.join(', ')}`)
  return `${out.join('\n')}\n`
}
