import { ApiRequestError, request } from '../api/client.js'
import {
  type CascadeResult,
  cascadeDocument,
  chainsDocument,
  factorsDocument,
  type ShockInput,
} from '../api/documents.js'
import { h } from '../dom.js'
import type { CascadeLink, CascadeScope } from '../pages/protocols-address.js'
import { parseShockText } from '../shock-text.js'
import { renderCascadeCharts } from './cascade-chart.js'
import {
  type CascadeRoundRow,
  cascadeRoundRows,
  renderCascadeRounds,
  renderCascadeSummary,
} from './cascade-rounds.js'

/** Parameters of {@link createCascadePanel}. */
export type CreateCascadePanelParameters = {
  /** The wallets the page lists, read when a cascade over "the wallets listed" runs. */
  listedWallets: () => string[]
  /** A cascade to run at once (from a shared link), or why the link's cascade could not be read. */
  initial?: CascadeLink | Error | undefined
  /** Called with the shock and scope of each cascade the panel sends to the API (to put them in the page address). */
  onRun?: (link: CascadeLink) => void
}

/** What {@link createCascadePanel} returns: the panel and a function that removes its listeners. */
export type CreateCascadePanelReturnType = { element: HTMLElement; close: () => void }

/** The scope select's options, one per {@link CascadeScope}. */
const scopeLabels: Record<CascadeScope, string> = {
  all: 'every tracked wallet',
  listed: 'the wallets listed above',
}

/** An error line as the page shows every API error: the code, then the API's message. */
const errorLine = (error: unknown) =>
  h(
    'p',
    { class: 'error', role: 'alert' },
    `${error instanceof ApiRequestError ? `${error.code}: ` : ''}${(error as Error).message}`,
  )

/**
 * The protocols page's cascade panel: a shock (`ETH=-25%`, the factors the API lists shown beside
 * it), over every tracked wallet or the listed ones, run through the API's `cascade`; the rounds as
 * two charts (liquidated value and bad debt, each shocked factor's price move), the rounds table
 * under them, the end state, and isolated venue rules versus cross-chain portfolio margin. An
 * unknown factor or wallet shows the API's coded error. Given an `initial` cascade, it runs it as
 * soon as it is created.
 *
 * @example
 * const panel = createCascadePanel({ listedWallets: () => ['0x…'], initial: { shock: 'ETH=-25%', scope: 'all' } })
 * root.append(panel.element)
 */
export function createCascadePanel(parameters: CreateCascadePanelParameters): CreateCascadePanelReturnType {
  const shock = h('input', {
    id: 'cascade-shock',
    name: 'shock',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'cascade-shock-hint',
  })
  shock.value = 'ETH=-25%'
  const hint = h('p', { id: 'cascade-shock-hint', class: 'hint' }, 'FACTOR=±N%, comma separated.')
  const scope = h(
    'select',
    { id: 'cascade-scope', name: 'scope' },
    ...Object.entries(scopeLabels).map(([value, label]) => h('option', { value }, label)),
  )
  const status = h('p', { class: 'live', role: 'status' })
  const output = h('div', { class: 'cascade-output' })
  const charts = h('div', { class: 'curve-box' })
  // The chains' names label the venues; without them (the request failed) the chain ids do.
  const chainNames = request(chainsDocument, {}).then(
    ({ chains }) => new Map(chains.map((c) => [c.chainId, c.name])),
    () => new Map<number, string>(),
  )
  let rows: CascadeRoundRow[] = []
  let generation = 0

  const paintCharts = () => {
    if (rows.length === 0) return
    const width = Math.max(280, Math.min(1160, charts.clientWidth || 640))
    charts.replaceChildren(renderCascadeCharts({ rows, width }))
  }
  let resizeTimer: ReturnType<typeof setTimeout> | undefined
  const onResize = () => {
    clearTimeout(resizeTimer)
    resizeTimer = setTimeout(paintCharts, 150)
  }
  window.addEventListener('resize', onResize)

  const show = (cascade: CascadeResult, names: ReadonlyMap<number, string>) => {
    rows = cascadeRoundRows(cascade, names)
    const unmodelled = new Set(
      cascade.rounds.flatMap((r) => r.unmodelled.map((u) => `${u.wallet}@${u.chainId}`)),
    )
    output.replaceChildren(
      cascade.reasons.length > 0
        ? h(
            'p',
            { class: 'error', 'data-cascade-reasons': '' },
            `Incomplete inputs: ${cascade.reasons.join(', ')}`,
          )
        : '',
      charts,
      renderCascadeRounds(rows),
      unmodelled.size > 0
        ? h(
            'p',
            { class: 'hint' },
            `${unmodelled.size} Perp v2 account(s) fail their rule; their liquidation is not modelled.`,
          )
        : '',
      renderCascadeSummary(cascade),
    )
    paintCharts()
    status.textContent = `${cascade.rounds.length} round${cascade.rounds.length === 1 ? '' : 's'} over ${cascade.wallets} wallets: ${cascade.end.liquidations} liquidations, ${cascade.end.walletsHit} wallets hit.`
  }

  const run = async () => {
    const current = ++generation
    rows = []
    let shocks: ShockInput[]
    try {
      shocks = parseShockText(shock.value)
    } catch (error) {
      status.textContent = ''
      output.replaceChildren(errorLine(error))
      return
    }
    const listed = scope.value === 'listed'
    const addresses = listed ? parameters.listedWallets() : []
    if (listed && addresses.length === 0) {
      status.textContent = ''
      output.replaceChildren(
        errorLine(new Error('List at least one wallet, or run over every tracked wallet.')),
      )
      return
    }
    parameters.onRun?.({ shock: shock.value.trim(), scope: listed ? 'listed' : 'all' })
    status.textContent = 'Running the cascade…'
    output.replaceChildren()
    try {
      const [{ cascade }, names] = await Promise.all([
        request(cascadeDocument, listed ? { addresses, shocks } : { all: true, shocks }),
        chainNames,
      ])
      if (current === generation) show(cascade, names)
    } catch (error) {
      if (current !== generation) return
      status.textContent = ''
      output.replaceChildren(errorLine(error))
    }
  }

  // The factors a shock may name and the chains' names, from the API (a failure is shown, not hidden).
  void request(factorsDocument, {}).then(
    ({ calibration }) => {
      hint.textContent = `FACTOR=±N%, comma separated; factors: ${calibration.factors.map((f) => f.factor).join(', ')}.`
    },
    (error: unknown) => {
      hint.textContent = `FACTOR=±N%, comma separated (the factors could not be listed: ${error instanceof ApiRequestError ? error.code : (error as Error).message}).`
    },
  )

  const initial = parameters.initial
  if (initial instanceof Error) output.replaceChildren(errorLine(initial))
  else if (initial) {
    shock.value = initial.shock
    scope.value = initial.scope
    void run()
  }

  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': 'cascade-title', 'data-cascade-panel': '' },
    h('h2', { id: 'cascade-title' }, 'Liquidation cascade'),
    h(
      'p',
      { class: 'hint' },
      "A shock, then each venue's own liquidations, forced sales and the prices they move, round by round (the API's cascade).",
    ),
    h(
      'form',
      {
        class: 'cascade-form',
        onsubmit: (event) => {
          event.preventDefault()
          void run()
        },
      },
      h('label', { class: 'field', for: 'cascade-shock' }, h('span', {}, 'Shock'), shock),
      hint,
      h('label', { class: 'field', for: 'cascade-scope' }, h('span', {}, 'Over'), scope),
      h('button', { type: 'submit' }, 'Run cascade'),
    ),
    status,
    output,
  )
  return {
    element,
    close: () => {
      generation++
      clearTimeout(resizeTimer)
      window.removeEventListener('resize', onResize)
    },
  }
}
