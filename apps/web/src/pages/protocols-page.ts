import { ApiRequestError, request } from '../api/client.js'
import { type MarginModel, type SolvencyRow, solvencyDocument, solvencyVerdicts } from '../api/documents.js'
import { badge, h } from '../dom.js'
import { formatAge, formatHealth } from '../format.js'
import { createCascadePanel } from '../views/cascade-panel.js'
import { type CascadeLink, protocolsHash } from './protocols-address.js'

/** Health as a sort key: no health (no maintenance margin) sorts last, as the safest. */
const healthKey = (row: SolvencyRow) => (row.health === null ? Number.POSITIVE_INFINITY : Number(row.health))

/**
 * Rows sorted by health, riskiest first (ties by address), then filtered by verdict and a health ceiling.
 *
 * @example
 * selectRows(rows, { verdict: 'INSOLVENT', maxHealth: undefined, search: '' })
 */
export function selectRows(
  rows: readonly SolvencyRow[],
  filters: { verdict: string; maxHealth: number | undefined; search: string },
): SolvencyRow[] {
  return [...rows]
    .sort((a, b) => healthKey(a) - healthKey(b) || a.address.localeCompare(b.address))
    .filter((r) => filters.verdict === 'ALL' || r.verdict === filters.verdict)
    .filter((r) => filters.maxHealth === undefined || healthKey(r) <= filters.maxHealth)
    .filter((r) => r.address.toLowerCase().includes(filters.search.toLowerCase()))
}

/**
 * The protocols page: batch solvency over many wallets (the API's `solvency`), sorted by health with
 * the verdicts, filterable by verdict, health and address; then the liquidation cascade panel (a
 * shock over every tracked wallet or the listed ones, its rounds as charts and a table). The page
 * address follows the wallets checked and the cascade run (see {@link protocolsHash}), so either can
 * be shared as a link: opened, the page checks the wallets and runs the cascade it names (an address
 * whose cascade is malformed shows why). Returns a function that removes the page's listeners.
 *
 * @example
 * const close = mountProtocolsPage(main, { addresses: ['0x…', '0x…'], model: 'PORTFOLIO', cascade: undefined })
 */
export function mountProtocolsPage(
  root: HTMLElement,
  parameters: { addresses: readonly string[]; model: MarginModel; cascade: CascadeLink | Error | undefined },
): () => void {
  // What the address shows: the wallets last checked and the cascade last run.
  let checked = parameters.addresses
  let cascadeRun = parameters.cascade instanceof Error ? undefined : parameters.cascade
  const writeAddress = () =>
    history.replaceState(
      null,
      '',
      protocolsHash({ addresses: checked, model: parameters.model, cascade: cascadeRun }),
    )
  const wallets = h('textarea', {
    id: 'wallets',
    rows: 4,
    'aria-label': 'Wallets, one per line or comma separated',
  })
  wallets.value = parameters.addresses.join('\n')
  const verdict = h(
    'select',
    { id: 'verdict-filter' },
    h('option', { value: 'ALL' }, 'all verdicts'),
    solvencyVerdicts.map((v) => h('option', { value: v }, v)),
  )
  const maxHealth = h('input', { id: 'max-health', inputmode: 'decimal', placeholder: 'e.g. 1.5' })
  const search = h('input', { id: 'search', type: 'search', placeholder: '0x…' })
  const table = h('div', { 'aria-live': 'polite' })
  let rows: SolvencyRow[] = []
  const draw = () => {
    const ceiling = maxHealth.value.trim() === '' ? undefined : Number(maxHealth.value)
    const shown = selectRows(rows, {
      verdict: verdict.value,
      maxHealth: ceiling,
      search: search.value.trim(),
    })
    table.replaceChildren(
      h(
        'table',
        { 'data-solvency': String(shown.length) },
        h('caption', {}, `${shown.length} of ${rows.length} wallets, riskiest first`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Wallet', 'Health', 'Verdict', 'Status', 'Oldest input', 'Reasons'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          shown.map((r) =>
            h(
              'tr',
              { 'data-wallet': r.address },
              h('th', { scope: 'row' }, h('a', { href: `#/wallet/${r.address}` }, r.address)),
              h('td', { class: 'num', 'data-value': r.health ?? 'null' }, formatHealth(r.health)),
              h('td', {}, badge(r.verdict)),
              h('td', {}, badge(r.status)),
              h('td', {}, formatAge(r.oldestInputAgeSeconds)),
              h('td', {}, r.reasons.join(', ')),
            ),
          ),
        ),
      ),
    )
  }
  const listed = () => wallets.value.split(/[\s,]+/).filter((a) => a !== '')
  const cascade = createCascadePanel({
    listedWallets: listed,
    initial: parameters.cascade,
    onRun: (link) => {
      cascadeRun = link
      writeAddress()
    },
  })
  const check = async () => {
    const addresses = listed()
    if (addresses.length === 0) {
      table.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'List at least one wallet.'))
      return
    }
    checked = addresses
    writeAddress()
    table.replaceChildren(h('p', {}, 'Checking…'))
    try {
      rows = (await request(solvencyDocument, { addresses, model: parameters.model })).solvency
      draw()
    } catch (error) {
      const code = error instanceof ApiRequestError ? `${error.code}: ` : ''
      table.replaceChildren(h('p', { class: 'error', role: 'alert' }, `${code}${(error as Error).message}`))
    }
  }
  for (const control of [verdict, maxHealth, search]) control.addEventListener('input', draw)
  root.replaceChildren(
    h('h1', {}, 'Protocols: solvency over many wallets'),
    h(
      'form',
      {
        class: 'card',
        onsubmit: (event) => {
          event.preventDefault()
          void check()
        },
      },
      h('label', { class: 'field', for: 'wallets' }, h('span', {}, 'Wallets'), wallets),
      h('button', { type: 'submit' }, 'Check solvency'),
    ),
    h(
      'div',
      { class: 'card filters', role: 'group', 'aria-label': 'Filters' },
      h('label', { class: 'field inline' }, h('span', {}, 'Verdict'), verdict),
      h('label', { class: 'field inline' }, h('span', {}, 'Health at most'), maxHealth),
      h('label', { class: 'field inline' }, h('span', {}, 'Address'), search),
    ),
    table,
    cascade.element,
  )
  if (parameters.addresses.length > 0) void check()
  return cascade.close
}
