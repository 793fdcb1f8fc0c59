import { h } from '../dom.js'
import { formatHealth, formatShock } from '../format.js'
import type { ShockPoint } from './shock-grid.js'

/** A cell's colour from its health: red at or under 1, amber under 1.25, green above, grey unknown. */
function tone(point: ShockPoint): string {
  if (point.status === 'UNKNOWN') return 'cell-unknown'
  if (point.status === 'LIQUIDATABLE') return 'cell-liquidatable'
  if (point.status === 'WARNING') return 'cell-warning'
  return 'cell-healthy'
}

/**
 * The stress heat map: health after each spot × vol shock of one factor, as a table whose cells are
 * coloured by status (the numbers stay readable for screen readers and in high contrast).
 *
 * @example
 * renderHeatmap({ factor: 'ETH', spots: [-0.3, 0], vols: [0, 0.5], points })
 */
export function renderHeatmap(parameters: {
  factor: string
  spots: readonly number[]
  vols: readonly number[]
  points: readonly ShockPoint[]
}): HTMLElement {
  const at = (spot: number, vol: number) => parameters.points.find((p) => p.spot === spot && p.vol === vol)
  return h(
    'table',
    { class: 'heatmap', 'data-heatmap': parameters.factor },
    h('caption', {}, `Health after ${parameters.factor} spot × vol shocks`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'vol \\ spot'),
        parameters.spots.map((s) => h('th', { scope: 'col' }, formatShock(s))),
      ),
    ),
    h(
      'tbody',
      {},
      parameters.vols.map((vol) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, `vol ${formatShock(vol)}`),
          parameters.spots.map((spot) => {
            const point = at(spot, vol)
            if (!point) return h('td', { class: 'cell-unknown' }, '—')
            return h(
              'td',
              { class: tone(point), title: point.status, 'data-status': point.status },
              formatHealth(point.health),
            )
          }),
        ),
      ),
    ),
  )
}
