import type { PositionLine, Report } from '../api/documents.js'
import { sumDecimals } from '../decimal.js'
import { badge, h } from '../dom.js'
import { formatAge, formatHealth, formatUsd } from '../format.js'

/**
 * Per chain and venue: the positions' value, initial margin contribution and maintenance margin,
 * with each venue account's own health under its own rule (Aave's health factor, Morpho's LLTV line,
 * Perp v2's maintenance ratio…; one per Morpho market) next to the unified one.
 *
 * @example
 * renderVenues(report)
 */
export function renderVenues(report: Report): HTMLElement {
  const groups = new Map<string, PositionLine[]>()
  for (const p of report.positions) {
    const key = `${p.chainId}:${p.venue}`
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  const rows = [...groups.entries()].map(([key, lines]) => {
    const { chainId, venue } = lines[0]!
    const native = report.venues.filter((v) => v.chainId === chainId && v.venue === venue)
    return h(
      'tr',
      { 'data-venue': key },
      h('td', {}, String(chainId)),
      h('th', { scope: 'row' }, venue),
      h('td', { class: 'num' }, formatUsd(sumDecimals(lines.map((l) => l.value)))),
      h('td', { class: 'num' }, formatUsd(sumDecimals(lines.map((l) => l.contribution)))),
      h('td', { class: 'num' }, formatUsd(sumDecimals(lines.map((l) => l.maintenanceMargin)))),
      h(
        'td',
        { class: 'num', 'data-venue-health': native.map((v) => v.health ?? 'null').join(',') },
        native.length === 0 ? '—' : native.map((v) => formatHealth(v.health)).join(' / '),
      ),
      h('td', { class: 'num' }, formatHealth(report.health)),
    )
  })
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'venues-title', tabindex: 0 },
    h('h2', { id: 'venues-title' }, 'Per chain and venue'),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Chain', 'Venue', 'Value', 'IM contribution', 'MM', 'Venue health', 'Unified health'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, rows),
    ),
  )
}

/**
 * The positions with their initial-margin contribution as a signed bar: a hedge's negative
 * contribution is drawn to the left of the axis.
 *
 * @example
 * renderPositions(report)
 */
export function renderPositions(report: Report): HTMLElement {
  const largest = Math.max(1e-9, ...report.positions.map((p) => Math.abs(Number(p.contribution))))
  const rows = report.positions.map((p) => {
    const share = Number(p.contribution) / largest
    const negative = share < 0
    return h(
      'tr',
      { 'data-position': p.id },
      h('td', {}, `${p.chainId} · ${p.venue}`),
      h('th', { scope: 'row' }, `${p.kind} ${p.asset}`),
      h('td', { class: 'num' }, p.quantity),
      h('td', { class: 'num' }, formatUsd(p.value)),
      h(
        'td',
        { class: 'bar-cell' },
        h(
          'div',
          {
            class: 'bar-track',
            role: 'img',
            'aria-label': `contribution ${formatUsd(p.contribution)}${negative ? ' (hedge)' : ''}`,
          },
          h('div', {
            class: negative ? 'bar bar-negative' : 'bar bar-positive',
            style: `width:${(Math.abs(share) * 50).toFixed(2)}%;${negative ? 'right:50%' : 'left:50%'}`,
          }),
        ),
        h('span', { class: 'num', 'data-contribution': p.contribution }, formatUsd(p.contribution)),
      ),
      h('td', { class: 'num' }, formatUsd(p.maintenanceMargin)),
      h('td', {}, p.stale ? badge('STALE') : badge('FRESH')),
    )
  })
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'positions-title', tabindex: 0 },
    h('h2', { id: 'positions-title' }, 'Positions'),
    h(
      'p',
      { class: 'hint' },
      'Initial margin contribution per position; hedges are negative (left of the axis).',
    ),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Where', 'Position', 'Quantity', 'Value', 'IM contribution', 'MM', 'Data'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, rows),
    ),
    report.excluded.length > 0 &&
      h(
        'p',
        { class: 'hint' },
        `Excluded: ${report.excluded.map((e) => `${e.id} (${e.reason})`).join(', ')}`,
      ),
  )
}

/**
 * Freshness badges per chain (block, age, lag) and per price (source, age); stale shown as STALE.
 *
 * @example
 * renderFreshness(report)
 */
export function renderFreshness(report: Report): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'freshness-title' },
    h('h2', { id: 'freshness-title' }, 'Freshness'),
    h(
      'ul',
      { class: 'badges' },
      report.freshness.map((f) =>
        h(
          'li',
          { 'data-chain': String(f.chainId) },
          badge(f.stale ? 'STALE' : 'FRESH'),
          ` chain ${f.chainId} · block ${f.blockNumber ?? '—'} · ${formatAge(f.ageSeconds)}`,
          f.lagBlocks !== null && f.lagBlocks !== '0' ? ` · ${f.lagBlocks} behind` : '',
        ),
      ),
    ),
    h(
      'ul',
      { class: 'badges' },
      report.prices.map((p) =>
        h(
          'li',
          { 'data-price': `${p.asset}@${p.chainId}` },
          badge(p.stale ? 'STALE' : 'FRESH'),
          ` ${p.asset} @ ${p.chainId} · ${p.source} · ${formatAge(p.ageSeconds)}`,
        ),
      ),
    ),
  )
}
