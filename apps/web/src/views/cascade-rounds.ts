import type { CascadeResult } from '../api/documents.js'
import { scaleDecimal, sumDecimals } from '../decimal.js'
import { h } from '../dom.js'
import { formatChange, formatUsd } from '../format.js'

/** A shocked factor in one round: its price multiplier, the move in percent and its market asset's price. */
export type CascadeFactorPoint = {
  factor: string
  /** The API's multiplier (`'0.75'` = −25%). */
  multiplier: string
  /** The same move in percent, exactly (`'-25'`). */
  move: string
  /** The factor's market asset (`WETH`), null when the cascade has no market for it. */
  asset: string | null
  /** That asset's USD price in the round, null without a market. */
  price: string | null
}

/** One round as the panel shows it; every amount is the API's decimal string or an exact sum of them. */
export type CascadeRoundRow = {
  round: number
  factors: CascadeFactorPoint[]
  /** Liquidation calls per venue and chain (`aave-v3 · ethereum: 7`). */
  venues: { label: string; liquidations: number }[]
  liquidations: number
  walletsHit: number
  /** USD of collateral seized: the exact sum of the venues' `collateralSeizedValue`. */
  seized: string
  /** USD of debt repaid: the exact sum of the venues' `debtRepaidValue`. */
  repaid: string
  badDebt: string
}

/** A `VenueRule` as the CLI names it: `AAVE_V3` → `aave-v3`. */
export const venueName = (rule: string) => rule.toLowerCase().replaceAll('_', '-')

/**
 * A multiplier as a move in percent, exactly: `'0.739583333'` → `'-26.0416667'`.
 *
 * @example
 * multiplierMove('0.75') // '-25'
 */
export function multiplierMove(multiplier: string): string {
  return scaleDecimal(sumDecimals([multiplier, '-1']), 2)
}

/** A move in percent for display: `-26.04%`, `+3.10%`. */
export const formatMove = (move: string) => `${formatChange(move, { digits: 2 })}%`

/**
 * The rounds of a cascade as rows: each shocked factor's move and price, liquidations per venue and
 * chain, wallets hit, and the round's seized, repaid and bad-debt sums (exact, from the API's strings).
 *
 * @example
 * cascadeRoundRows(cascade, new Map([[1, 'ethereum']]))[0].seized // '2601761.503…'
 */
export function cascadeRoundRows(
  cascade: CascadeResult,
  chainNames: ReadonlyMap<number, string> = new Map(),
): CascadeRoundRow[] {
  const factors = cascade.shock.map((s) => s.factor)
  return cascade.rounds.map((r) => ({
    round: r.round,
    factors: factors.map((factor) => {
      const multiplier = r.multipliers.find((m) => m.factor === factor)?.multiplier ?? '1'
      const asset = cascade.markets.find((m) => m.factor === factor)?.asset ?? null
      const price = asset === null ? null : (r.prices.find((p) => p.asset === asset)?.price ?? null)
      return { factor, multiplier, move: multiplierMove(multiplier), asset, price }
    }),
    venues: r.byVenue.map((v) => ({
      label: `${venueName(v.venue)} · ${chainNames.get(v.chainId) ?? `chain ${v.chainId}`}`,
      liquidations: v.liquidations,
    })),
    liquidations: r.byVenue.reduce((n, v) => n + v.liquidations, 0),
    walletsHit: r.walletsHit,
    seized: sumDecimals(r.byVenue.map((v) => v.collateralSeizedValue)),
    repaid: sumDecimals(r.byVenue.map((v) => v.debtRepaidValue)),
    badDebt: r.badDebt,
  }))
}

/**
 * A table's horizontal scroll box: a labelled region that takes the focus, so the keyboard can
 * scroll a table wider than a phone.
 */
export const tableBox = (label: string, table: HTMLElement) =>
  h('div', { class: 'table-box', role: 'region', tabindex: 0, 'aria-label': label }, table)

/** A numeric cell whose `data-value` keeps the exact figure behind the shown text. */
const num = (name: string, value: string, text: string) =>
  h('td', { class: 'num', [`data-${name}`]: '', 'data-value': value }, text)

/**
 * The rounds as a table (the chart's accessible alternative): per round each shocked factor's move
 * and price, liquidations per venue and chain, wallets hit, seized, repaid and bad debt.
 *
 * @example
 * box.append(renderCascadeRounds(cascadeRoundRows(cascade)))
 */
export function renderCascadeRounds(rows: readonly CascadeRoundRow[]): HTMLElement {
  const first = rows[0]?.factors ?? []
  const head = [
    'Round',
    ...first.flatMap((f) => [`${f.factor} move`, ...(f.asset ? [`${f.asset} price`] : [])]),
    'Liquidations',
    'Wallets hit',
    'Seized',
    'Repaid',
    'Bad debt',
  ]
  return tableBox(
    'Cascade rounds',
    h(
      'table',
      { class: 'cascade-rounds', 'data-cascade-rounds': String(rows.length) },
      h('caption', {}, `${rows.length} round${rows.length === 1 ? '' : 's'}, USD`),
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            { 'data-round': String(r.round) },
            h('th', { scope: 'row' }, String(r.round)),
            r.factors.flatMap((f) => [
              h(
                'td',
                { class: 'num', 'data-move': f.factor, 'data-value': f.multiplier },
                formatMove(f.move),
              ),
              f.asset
                ? h(
                    'td',
                    { class: 'num', 'data-price': f.asset, 'data-value': f.price ?? 'null' },
                    f.price === null ? '—' : formatUsd(f.price),
                  )
                : null,
            ]),
            h(
              'td',
              { 'data-liquidations': '', 'data-value': String(r.liquidations) },
              r.venues.length === 0
                ? 'none'
                : h(
                    'ul',
                    { class: 'venue-counts' },
                    r.venues.map((v) => h('li', {}, `${v.label}: ${v.liquidations}`)),
                  ),
            ),
            num('wallets-hit', String(r.walletsHit), String(r.walletsHit)),
            num('seized', r.seized, formatUsd(r.seized)),
            num('repaid', r.repaid, formatUsd(r.repaid)),
            num('bad-debt', r.badDebt, formatUsd(r.badDebt)),
          ),
        ),
      ),
    ),
  )
}

/**
 * The end of the cascade (fixed point or round limit, totals) and the same wallets and shock under
 * each venue's isolated rule versus unified cross-chain portfolio margin, as numbers.
 *
 * @example
 * box.append(renderCascadeSummary(cascade))
 */
export function renderCascadeSummary(cascade: CascadeResult): HTMLElement {
  const { end, comparison } = cascade
  const factors = cascade.shock.map((s) => s.factor)
  const moves = end.multipliers
    .filter((m) => factors.includes(m.factor))
    .map((m) => `${m.factor} ${formatMove(multiplierMove(m.multiplier))}`)
    .join(', ')
  const regimes = [
    ['isolated', "Each venue's own rule (the cascade)", comparison.isolated],
    ['portfolio', 'Cross-chain portfolio margin', comparison.portfolio],
  ] as const
  return h(
    'div',
    { class: 'cascade-summary' },
    h(
      'p',
      { 'data-cascade-end': cascade.fixedPoint ? 'fixed-point' : 'round-limit' },
      `${cascade.fixedPoint ? 'Fixed point' : `Stopped at ${cascade.maxRounds} rounds (no fixed point)`}: `,
      `${end.liquidations} liquidations, ${end.walletsHit} wallets hit, `,
      h(
        'span',
        { 'data-end': 'totalLiquidated', 'data-value': end.totalLiquidated },
        formatUsd(end.totalLiquidated),
      ),
      ' seized, ',
      h('span', { 'data-end': 'totalRepaid', 'data-value': end.totalRepaid }, formatUsd(end.totalRepaid)),
      ' repaid, ',
      h('span', { 'data-end': 'badDebt', 'data-value': end.badDebt }, formatUsd(end.badDebt)),
      ` bad debt${moves ? `; ${moves}` : ''}.`,
    ),
    tableBox(
      'Isolated versus portfolio margin',
      h(
        'table',
        { class: 'cascade-comparison' },
        h('caption', {}, `The same ${cascade.wallets} wallets, the same shock`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Margin', 'Surviving', 'Liquidated', 'Liquidated value'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          regimes.map(([key, label, regime]) =>
            h(
              'tr',
              { 'data-regime': key },
              h('th', { scope: 'row' }, label),
              num('surviving', String(regime.walletsSurviving), String(regime.walletsSurviving)),
              num('liquidated', String(regime.walletsLiquidated), String(regime.walletsLiquidated)),
              num('liquidated-value', regime.liquidatedValue, formatUsd(regime.liquidatedValue)),
            ),
          ),
        ),
      ),
    ),
  )
}
