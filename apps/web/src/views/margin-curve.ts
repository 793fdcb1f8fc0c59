import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { h } from '../dom.js'
import { formatShock, formatUsd } from '../format.js'
import type { ShockPoint } from './shock-grid.js'

/** A vertical mark on the curve: a liquidation price as a relative move of the factor. */
export type CurveMarker = { shock: number; label: string; color: string }

/** Parameters of {@link renderMarginCurve}. */
export type RenderMarginCurveParameters = {
  factor: string
  points: readonly ShockPoint[]
  markers: readonly CurveMarker[]
  width: number
}

/**
 * Equity, initial and maintenance margin as the factor moves (uPlot on a canvas), with the
 * liquidation price(s) marked as vertical lines; a table of the same points follows for screen readers.
 *
 * @example
 * container.replaceChildren(renderMarginCurve({ factor: 'ETH', points, markers, width: 640 }))
 */
export function renderMarginCurve(parameters: RenderMarginCurveParameters): HTMLElement {
  const { points, markers } = parameters
  const chart = h('div', { class: 'curve', 'data-curve': parameters.factor, role: 'img' })
  chart.setAttribute(
    'aria-label',
    `Equity, initial and maintenance margin as ${parameters.factor} moves ${formatShock(points[0]?.spot ?? 0)} to ${formatShock(points.at(-1)?.spot ?? 0)}${markers.map((m) => `; ${m.label}`).join('')}`,
  )
  const data: uPlot.AlignedData = [
    points.map((p) => p.spot * 100),
    points.map((p) => Number(p.equity)),
    points.map((p) => Number(p.initialMargin)),
    points.map((p) => Number(p.maintenanceMargin)),
  ]
  const drawMarkers = (u: uPlot) => {
    const { ctx } = u
    ctx.save()
    for (const marker of markers) {
      const x = u.valToPos(marker.shock * 100, 'x', true)
      if (!Number.isFinite(x) || x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue
      ctx.strokeStyle = marker.color
      ctx.fillStyle = marker.color
      ctx.lineWidth = 2 * devicePixelRatio
      ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio])
      ctx.beginPath()
      ctx.moveTo(x, u.bbox.top)
      ctx.lineTo(x, u.bbox.top + u.bbox.height)
      ctx.stroke()
      ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`
      ctx.fillText(marker.label, x + 4 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio)
    }
    ctx.restore()
  }
  const options: uPlot.Options = {
    width: parameters.width,
    height: 300,
    scales: { x: { time: false } },
    axes: [
      { label: `${parameters.factor} move (%)`, stroke: '#c9d1d9', grid: { stroke: '#30363d' } },
      {
        stroke: '#c9d1d9',
        grid: { stroke: '#30363d' },
        size: 80,
        values: (_u, vals) => vals.map((v) => `$${v}`),
      },
    ],
    series: [
      { label: 'move', value: (_u, v) => (v == null ? '—' : `${v > 0 ? '+' : ''}${v}%`) },
      {
        label: 'Equity',
        stroke: '#58a6ff',
        width: 2,
        value: (_u, v) => (v == null ? '—' : formatUsd(v.toFixed(2))),
      },
      {
        label: 'IM',
        stroke: '#d29922',
        width: 2,
        value: (_u, v) => (v == null ? '—' : formatUsd(v.toFixed(2))),
      },
      {
        label: 'MM',
        stroke: '#f85149',
        width: 2,
        value: (_u, v) => (v == null ? '—' : formatUsd(v.toFixed(2))),
      },
    ],
    hooks: { draw: [drawMarkers] },
  }
  // uPlot measures its container: mount after the element is in the document.
  queueMicrotask(() => new uPlot(options, data, chart))
  const table = h(
    'table',
    {},
    h('caption', {}, `Margin curve, ${parameters.factor}`),
    h('tr', {}, ...['Move', 'Equity', 'IM', 'MM', 'Status'].map((t) => h('th', { scope: 'col' }, t))),
    points.map((p) =>
      h(
        'tr',
        {},
        h('td', {}, formatShock(p.spot)),
        h('td', {}, formatUsd(p.equity)),
        h('td', {}, formatUsd(p.initialMargin)),
        h('td', {}, formatUsd(p.maintenanceMargin)),
        h('td', {}, p.status),
      ),
    ),
  )
  return h('div', {}, chart, h('div', { class: 'visually-hidden' }, table))
}
