import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { h } from '../dom.js'
import { formatUsd } from '../format.js'
import { type CascadeRoundRow, formatMove } from './cascade-rounds.js'

/** Colours of the cascade charts (the stylesheet's palette). */
export const cascadeColors = {
  seized: '#58a6ff',
  badDebt: '#f85149',
  factors: ['#d29922', '#3fb950', '#bc8cff', '#ff7b72', '#79c0ff'],
} as const

const axisStyle = { stroke: '#c9d1d9', grid: { stroke: '#30363d' }, ticks: { stroke: '#30363d' } }

/** The x axis of both charts: one tick per round, a half round of room either side for the bars. */
function roundAxis(rows: readonly CascadeRoundRow[]) {
  const last = rows.at(-1)?.round ?? 1
  return {
    scale: { time: false, range: [0.5, last + 0.5] as uPlot.Range.MinMax },
    axis: {
      ...axisStyle,
      label: 'Round',
      splits: () => rows.map((r) => r.round),
      values: (_u: uPlot, splits: number[]) => splits.map(String),
    },
  }
}

/** Dollars on an axis, short: `$2.6M`, `$240k`, `$900`. */
function shortUsd(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e9) return `$${(value / 1e9).toFixed(1)}B`
  if (abs >= 1e6) return `$${(value / 1e6).toFixed(1)}M`
  if (abs >= 1e3) return `$${(value / 1e3).toFixed(0)}k`
  return `$${value.toFixed(0)}`
}

/** A dollar axis from 0 to a little above the largest figure; $0–$100 when every figure is 0. */
const usdRange = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max > 0 ? max * 1.1 : 100]

/** A legend value from the plotted number: the table beside the chart holds the exact figure. */
const legendUsd = (_u: uPlot, v: number | null) => (v == null ? '—' : formatUsd(v.toFixed(2)))

/** Parameters of {@link renderCascadeCharts}. */
export type RenderCascadeChartsParameters = {
  rows: readonly CascadeRoundRow[]
  width: number
}

/**
 * The cascade as two charts over the rounds (uPlot on canvases): collateral seized per round as bars
 * with the round's bad debt as a line on its own (right) axis, and each shocked factor's price move
 * per round.
 * Each chart is an image with a text label; the rounds table is their accessible alternative.
 *
 * @example
 * box.replaceChildren(renderCascadeCharts({ rows: cascadeRoundRows(cascade), width: 640 }))
 */
export function renderCascadeCharts(parameters: RenderCascadeChartsParameters): HTMLElement {
  const { rows, width } = parameters
  const x = rows.map((r) => r.round)
  const total = rows.at(-1)
  const liquidated = h('div', { class: 'cascade-chart', 'data-cascade-chart': 'liquidated', role: 'img' })
  liquidated.setAttribute(
    'aria-label',
    `Collateral seized and bad debt in each of ${rows.length} rounds: ${rows.map((r) => `round ${r.round} ${formatUsd(r.seized)} seized, ${formatUsd(r.badDebt)} bad debt`).join('; ')}`,
  )
  const prices = h('div', { class: 'cascade-chart', 'data-cascade-chart': 'prices', role: 'img' })
  prices.setAttribute(
    'aria-label',
    `Price move of each shocked factor per round: ${(total?.factors ?? []).map((f) => `${f.factor} ${rows.map((r) => formatMove(r.factors.find((g) => g.factor === f.factor)!.move)).join(', ')}`).join('; ')}`,
  )
  const rounds = roundAxis(rows)
  const liquidatedOptions: uPlot.Options = {
    width,
    height: 240,
    scales: { x: rounds.scale, usd: { range: usdRange }, debt: { range: usdRange } },
    axes: [
      rounds.axis,
      { ...axisStyle, scale: 'usd', size: 70, label: 'Seized', values: (_u, vals) => vals.map(shortUsd) },
      {
        ...axisStyle,
        scale: 'debt',
        side: 1,
        size: 70,
        grid: { show: false },
        label: 'Bad debt',
        values: (_u, vals) => vals.map(shortUsd),
      },
    ],
    series: [
      { label: 'Round' },
      {
        label: 'Seized',
        scale: 'usd',
        stroke: cascadeColors.seized,
        fill: cascadeColors.seized,
        paths: uPlot.paths.bars!({ size: [0.5, 96] }),
        points: { show: false },
        value: legendUsd,
      },
      {
        // A line on its own axis, not a bar beside the seized one: its height is not comparable.
        label: 'Bad debt (right axis)',
        scale: 'debt',
        stroke: cascadeColors.badDebt,
        width: 2,
        points: { show: true, size: 8, fill: cascadeColors.badDebt },
        value: legendUsd,
      },
    ],
  }
  const pricesOptions: uPlot.Options = {
    width,
    height: 200,
    scales: { x: rounds.scale },
    axes: [rounds.axis, { ...axisStyle, size: 70, values: (_u, vals) => vals.map((v) => `${v}%`) }],
    series: [
      { label: 'Round' },
      ...(total?.factors ?? []).map((f, i) => ({
        label: `${f.factor} move`,
        stroke: cascadeColors.factors[i % cascadeColors.factors.length],
        width: 2,
        points: { show: true, size: 8 },
        value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${v.toFixed(2)}%`),
      })),
    ],
  }
  const liquidatedData: uPlot.AlignedData = [
    x,
    rows.map((r) => Number(r.seized)),
    rows.map((r) => Number(r.badDebt)),
  ]
  const pricesData: uPlot.AlignedData = [
    x,
    ...(total?.factors ?? []).map((f) =>
      rows.map((r) => Number(r.factors.find((g) => g.factor === f.factor)!.move)),
    ),
  ]
  // uPlot measures its container: mount after the elements are in the document.
  queueMicrotask(() => {
    new uPlot(liquidatedOptions, liquidatedData, liquidated)
    new uPlot(pricesOptions, pricesData, prices)
  })
  return h(
    'div',
    { class: 'cascade-charts' },
    h('h3', {}, 'Liquidated value and bad debt per round'),
    liquidated,
    h('h3', {}, 'Price move of the shocked factors per round'),
    prices,
  )
}
