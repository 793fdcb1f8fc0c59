import { parseUnits } from 'viem'
import { ApiRequestError, request } from '../api/client.js'
import {
  type MarginModel,
  type PositionInput,
  type PositionKind,
  positionKinds,
  type Report,
  type WhatIfResult,
  whatIfDocument,
} from '../api/documents.js'
import { badge, h } from '../dom.js'
import { formatChange, formatHealth, formatUsd } from '../format.js'

/** Parameters of {@link createWhatIfPanel}. */
export type CreateWhatIfPanelParameters = {
  addresses: readonly string[]
  model: MarginModel
  report: Report
  /** Called with each answer, so the margin curve can mark the book after the change. */
  onResult: (result: WhatIfResult | undefined) => void
}

const field = (label: string, input: HTMLElement) =>
  h('label', { class: 'field' }, h('span', {}, label), input)

/** The hypothetical position the form describes (the quantity is scaled to a raw amount exactly). */
function readPosition(form: HTMLFormElement): PositionInput | undefined {
  const data = new FormData(form)
  const text = (name: string) => String(data.get(name) ?? '').trim()
  const quantity = text('quantity')
  if (quantity === '') return undefined
  const kind = text('kind') as PositionKind
  const decimals = Number(text('decimals'))
  const position: PositionInput = {
    kind,
    chainId: Number(text('chainId')),
    venue: text('venue'),
    asset: text('asset'),
    decimals,
    amount: parseUnits(quantity, decimals).toString(),
  }
  if (kind === 'PERP' && text('entryPrice')) position.entryPrice = text('entryPrice')
  if (kind === 'OPTION') {
    position.strike = text('strike')
    position.expiry = Math.floor(Date.parse(`${text('expiry')}T08:00:00Z`) / 1000)
    position.right = text('right') === 'PUT' ? 'PUT' : 'CALL'
  }
  return position
}

function comparison(result: WhatIfResult): HTMLElement {
  const rows: [string, (r: Report) => string, string | null][] = [
    ['Health', (r) => formatHealth(r.health), result.delta.health],
    ['Equity', (r) => formatUsd(r.equity), result.delta.equity],
    ['Initial margin', (r) => formatUsd(r.initialMargin), result.delta.initialMargin],
    ['Maintenance margin', (r) => formatUsd(r.maintenanceMargin), result.delta.maintenanceMargin],
    ['Free collateral', (r) => formatUsd(r.freeCollateral), result.delta.freeCollateral],
  ]
  return h(
    'table',
    { class: 'comparison', 'data-what-if': 'result' },
    h('caption', {}, 'Before and after'),
    h('tr', {}, ...['', 'Before', 'After', 'Change'].map((t) => h('th', { scope: 'col' }, t))),
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, 'Status'),
      h('td', {}, badge(result.before.status)),
      h('td', {}, badge(result.after.status)),
      h('td', {}, ''),
    ),
    rows.map(([label, show, delta], i) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, label),
        h('td', { class: 'num' }, show(result.before)),
        h('td', { class: 'num' }, show(result.after)),
        h(
          'td',
          {
            class: 'num',
            'data-delta': ['health', 'equity', 'initialMargin', 'maintenanceMargin', 'freeCollateral'][i]!,
            'data-value': delta ?? 'null',
          },
          delta === null ? '—' : formatChange(delta, i === 0 ? { digits: 3 } : { prefix: '$' }),
        ),
      ),
    ),
  )
}

/** Return type of {@link createWhatIfPanel}. */
export type CreateWhatIfPanelReturnType = {
  element: HTMLElement
  /**
   * Takes the live report: the entry price follows the asset's new price (a trade at market) unless
   * the user typed one. The lists of chains, venues and positions stay those the panel was made with.
   */
  update: (report: Report) => void
}

/**
 * The what-if panel: add a hypothetical perp, option, supply, debt or spot position and/or remove
 * existing ones, then see the API's `whatIf` before / after / change.
 *
 * @example
 * const panel = createWhatIfPanel({ addresses, model: 'PORTFOLIO', report, onResult: (r) => curve.mark(r) })
 * section.replaceChildren(panel.element)
 * panel.update(nextReport)
 */
export function createWhatIfPanel(parameters: CreateWhatIfPanelParameters): CreateWhatIfPanelReturnType {
  let report = parameters.report
  const chains = [...new Set(report.freshness.map((f) => f.chainId))]
  const venues = [...new Set(report.positions.map((p) => p.venue))]
  const assets = [...new Set(report.positions.map((p) => p.asset))]
  const decimalsOf = (asset: string) => report.positions.find((p) => p.asset === asset)?.decimals ?? 18
  // A perp's entry price defaults to the asset's current price in the latest report (a trade at market).
  const priceOf = (asset: string) => report.positions.find((p) => p.asset === asset)?.price ?? ''
  /** The price the panel last filled in: while the field still holds it, it follows the market. */
  let marketPrice = priceOf(assets[0] ?? '')
  const entryPrice = h('input', { name: 'entryPrice', inputmode: 'decimal', value: marketPrice })
  const followMarket = () => {
    marketPrice = priceOf(asset.value)
    entryPrice.value = marketPrice
  }
  const output = h('div', { class: 'what-if-output', 'aria-live': 'polite' })
  const decimals = h('input', {
    name: 'decimals',
    type: 'number',
    min: 0,
    max: 36,
    value: decimalsOf(assets[0] ?? ''),
  })
  const asset = h('input', {
    name: 'asset',
    list: 'what-if-assets',
    value: assets[0] ?? 'WETH',
    required: true,
    onchange: () => {
      decimals.value = String(decimalsOf(asset.value))
      followMarket()
    },
  })
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'what-if-form',
      'aria-label': 'What-if',
      onsubmit: (event) => {
        event.preventDefault()
        void run()
      },
    },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Add a position'),
      field(
        'Kind',
        h(
          'select',
          { name: 'kind' },
          positionKinds.map((k) => h('option', { value: k }, k)),
        ),
      ),
      field(
        'Chain',
        h(
          'select',
          { name: 'chainId' },
          chains.map((c) => h('option', { value: c }, String(c))),
        ),
      ),
      field(
        'Venue',
        h('input', { name: 'venue', list: 'what-if-venues', value: venues[0] ?? '', required: true }),
      ),
      field('Asset', asset),
      field(
        'Quantity (signed for perps and options)',
        h('input', { name: 'quantity', inputmode: 'decimal', placeholder: 'e.g. -1.5' }),
      ),
      field('Decimals', decimals),
      field('Entry price (USD)', entryPrice),
      field('Strike (options)', h('input', { name: 'strike', inputmode: 'decimal' })),
      field('Expiry (options)', h('input', { name: 'expiry', type: 'date' })),
      field(
        'Right (options)',
        h('select', { name: 'right' }, h('option', {}, 'CALL'), h('option', {}, 'PUT')),
      ),
      h(
        'datalist',
        { id: 'what-if-venues' },
        venues.map((v) => h('option', { value: v })),
      ),
      h(
        'datalist',
        { id: 'what-if-assets' },
        assets.map((a) => h('option', { value: a })),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Remove positions'),
      report.positions.map((p) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'remove', value: p.id }),
          ` ${p.kind} ${p.asset} · ${p.chainId} · ${p.venue}`,
        ),
      ),
    ),
    h('button', { type: 'submit' }, 'Preview'),
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          form.reset()
          followMarket()
          output.replaceChildren()
          parameters.onResult(undefined)
        },
      },
      'Clear',
    ),
  )
  const run = async () => {
    const remove = new FormData(form).getAll('remove').map(String)
    let add: PositionInput | undefined
    try {
      add = readPosition(form)
    } catch (error) {
      output.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, `Quantity: ${(error as Error).message}`),
      )
      return
    }
    if (!add && remove.length === 0) {
      output.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, 'Add a position or tick one to remove.'),
      )
      return
    }
    output.replaceChildren(h('p', {}, 'Computing…'))
    try {
      const { whatIf } = await request(whatIfDocument, {
        addresses: [...parameters.addresses],
        model: parameters.model,
        ...(add ? { add: [add] } : {}),
        ...(remove.length > 0 ? { remove } : {}),
      })
      output.replaceChildren(comparison(whatIf))
      parameters.onResult(whatIf)
    } catch (error) {
      const code = error instanceof ApiRequestError ? `${error.code}: ` : ''
      output.replaceChildren(h('p', { class: 'error', role: 'alert' }, `${code}${(error as Error).message}`))
    }
  }
  return {
    element: h(
      'section',
      { class: 'card', 'aria-labelledby': 'what-if-title' },
      h('h2', { id: 'what-if-title' }, 'What-if'),
      form,
      output,
    ),
    update: (next) => {
      report = next
      if (entryPrice.value === marketPrice) followMarket()
    },
  }
}
