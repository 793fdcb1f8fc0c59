import { subscribe } from '../api/client.js'
import { type MarginModel, marginUpdatedDocument, type Report, type WhatIfResult } from '../api/documents.js'
import { h } from '../dom.js'
import { formatUsd } from '../format.js'
import { renderFreshness, renderPositions, renderVenues } from '../views/breakdown.js'
import { renderFigures } from '../views/figures.js'
import {
  type CurveMarker,
  type RenderMarginCurveParameters,
  renderMarginCurve,
} from '../views/margin-curve.js'
import { readShockGrid } from '../views/shock-grid.js'
import { renderHeatmap } from '../views/stress-heatmap.js'
import { type CreateWhatIfPanelReturnType, createWhatIfPanel } from '../views/what-if-panel.js'
import { redrawDelay } from './redraw-delay.js'

/** Spot moves of the margin curve: −60% … +60% in 10% steps. */
export const curveSpots = Array.from({ length: 13 }, (_, i) => Math.round((i - 6) * 10) / 100)
/** Spot × vol moves of the heat map. */
export const heatmapSpots = [-0.5, -0.3, -0.15, 0, 0.15, 0.3]
export const heatmapVols = [-0.3, 0, 0.5, 1]
/** Least time between two redraws of the curve and heat map while the status stays the same. */
export const curveRefreshMs = 10_000

/** The factor with the largest gross exposure: the curve's default. */
function mainFactor(report: Report): string | undefined {
  const gross = new Map<string, number>()
  for (const p of report.positions)
    gross.set(p.factor, (gross.get(p.factor) ?? 0) + Math.abs(Number(p.value)))
  return [...gross.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
}

/** The blocks a report was read at, e.g. `1:99,8453:64`. */
const blocksKey = (report: Report) =>
  report.freshness.map((f) => `${f.chainId}:${f.blockNumber ?? ''}`).join(',')

/** Liquidation prices of one factor as moves from its spot. */
function liquidationMarkers(report: Report, factor: string, label: string, color: string): CurveMarker[] {
  const line = report.liquidationPrices.find((l) => l.factor === factor)
  if (!line) return []
  const spot = Number(line.spot)
  return [line.below, line.above]
    .filter((p): p is string => p !== null)
    .map((price) => ({ shock: Number(price) / spot - 1, label: `${label} ${formatUsd(price)}`, color }))
}

/**
 * The wallet page (one wallet, several as one book, or a named account's wallets): live report over `marginUpdated` (SSE), headline figures, margin
 * curve, stress heat map, what-if, per-venue breakdown, positions and freshness. Returns a function
 * that closes the live stream.
 *
 * @example
 * const close = mountWalletPage(main, { addresses: ['0x…'], model: 'PORTFOLIO' })
 */
export function mountWalletPage(
  root: HTMLElement,
  parameters: { addresses: readonly string[]; model: MarginModel; title?: string | undefined },
): () => void {
  const { addresses, model } = parameters
  const live = h('p', { class: 'live', 'aria-live': 'polite', 'data-live': 'connecting' }, 'Connecting…')
  const figures = h('div')
  const factorSelect = h('select', { id: 'factor', 'aria-label': 'Factor' })
  const curve = h('div', { class: 'curve-box' }, h('p', {}, 'Computing the curve…'))
  const heatmap = h('div', { class: 'heatmap-box' })
  const whatIf = h('div')
  const venues = h('div')
  const positions = h('div')
  const freshness = h('div')
  root.replaceChildren(
    h(
      'h1',
      {},
      parameters.title ?? (addresses.length > 1 ? 'Wallets ' : 'Wallet '),
      h('code', { class: 'addresses' }, addresses.join(', ')),
    ),
    live,
    figures,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'curve-title' },
      h('h2', { id: 'curve-title' }, 'Margin curve'),
      h('label', { class: 'field inline' }, h('span', {}, 'Factor'), factorSelect),
      curve,
      heatmap,
    ),
    whatIf,
    venues,
    positions,
    freshness,
  )

  let report: Report | undefined
  let whatIfResult: WhatIfResult | undefined
  let generation = 0
  let lastCurve: Omit<RenderMarginCurveParameters, 'width'> | undefined
  const paintCurve = () => {
    if (!lastCurve) return
    const width = Math.max(280, Math.min(1200, curve.clientWidth || 640))
    curve.replaceChildren(renderMarginCurve({ ...lastCurve, width }))
  }
  let resizeTimer: ReturnType<typeof setTimeout> | undefined
  const onResize = () => {
    clearTimeout(resizeTimer)
    resizeTimer = setTimeout(paintCurve, 150)
  }
  window.addEventListener('resize', onResize)
  let positionIds = ''
  let whatIfPanel: CreateWhatIfPanelReturnType | undefined
  // The curve and heat map cost ~40 stress tests: redrawn at once when the status changes, else at
  // most every `curveRefreshMs` (a book with interest accruing changes at every block).
  let curveDrawnAt = 0
  let curveStatus: string | undefined
  let curveTimer: ReturnType<typeof setTimeout> | undefined
  const refreshCurves = () => {
    clearTimeout(curveTimer)
    if (!report) return
    const wait = redrawDelay({
      drawnAt: curveDrawnAt,
      drawnStatus: curveStatus,
      status: report.status,
      now: Date.now(),
      intervalMs: curveRefreshMs,
    })
    if (wait === 0) void drawCurves()
    else curveTimer = setTimeout(() => void drawCurves(), wait)
  }
  const drawCurves = async () => {
    clearTimeout(curveTimer)
    if (!report) return
    curveDrawnAt = Date.now()
    curveStatus = report.status
    const factor = factorSelect.value
    const mine = ++generation
    const current = report
    try {
      const [line, grid] = await Promise.all([
        readShockGrid({ addresses, model, factor, spots: curveSpots, vols: [0] }),
        readShockGrid({ addresses, model, factor, spots: heatmapSpots, vols: heatmapVols }),
      ])
      if (mine !== generation) return
      const markers = [
        ...liquidationMarkers(current, factor, 'liq.', '#f85149'),
        ...(whatIfResult
          ? liquidationMarkers(whatIfResult.after, factor, 'liq. after what-if', '#a371f7')
          : []),
      ]
      lastCurve = { factor, points: line, markers }
      paintCurve()
      heatmap.replaceChildren(renderHeatmap({ factor, spots: heatmapSpots, vols: heatmapVols, points: grid }))
      // Which report the curve and heat map were computed for (the live line's blocks).
      curve.dataset.blocks = blocksKey(current)
    } catch (error) {
      if (mine === generation)
        curve.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message))
    }
  }
  factorSelect.addEventListener('change', () => void drawCurves())

  const show = (next: Report) => {
    report = next
    const blocks = next.freshness.map((f) => `${f.chainId}: #${f.blockNumber ?? '—'}`).join(' · ')
    live.dataset.live = 'live'
    live.dataset.blocks = blocksKey(next)
    live.textContent = `Live · updated at block ${blocks} · ${new Date().toLocaleTimeString()}`
    figures.replaceChildren(renderFigures(next))
    venues.replaceChildren(renderVenues(next))
    positions.replaceChildren(renderPositions(next))
    freshness.replaceChildren(renderFreshness(next))
    const factors = [...new Set(next.positions.map((p) => p.factor))]
    if (factorSelect.options.length !== factors.length) {
      const chosen = factorSelect.value || mainFactor(next) || ''
      factorSelect.replaceChildren(
        ...factors.map((f) => h('option', { value: f, selected: f === chosen }, f)),
      )
    }
    const ids = next.positions.map((p) => p.id).join(',')
    if (ids !== positionIds || !whatIfPanel) {
      positionIds = ids
      whatIfPanel = createWhatIfPanel({
        addresses,
        model,
        report: next,
        onResult: (result) => {
          whatIfResult = result
          void drawCurves()
        },
      })
      whatIf.replaceChildren(whatIfPanel.element)
    } else whatIfPanel.update(next)
    refreshCurves()
  }

  const close = subscribe(
    marginUpdatedDocument,
    { addresses: [...addresses], model },
    {
      next: (data) => show(data.marginUpdated),
      error: (error) => {
        live.dataset.live = 'error'
        live.replaceChildren(
          h(
            'span',
            { class: 'error', role: 'alert' },
            `Live updates stopped: ${error.code}: ${error.message}`,
          ),
        )
      },
    },
  )
  return () => {
    close()
    window.removeEventListener('resize', onResize)
    clearTimeout(resizeTimer)
    clearTimeout(curveTimer)
  }
}
