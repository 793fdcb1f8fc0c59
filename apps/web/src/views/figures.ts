import type { Report } from '../api/documents.js'
import { badge, h } from '../dom.js'
import { formatHealth, formatUsd } from '../format.js'

/** One headline figure; `data-figure` names it and `data-value` holds the API's exact string. */
function figure(name: string, label: string, value: string | null, text: string): HTMLElement {
  return h(
    'div',
    { class: 'figure' },
    h('dt', {}, label),
    h('dd', { 'data-figure': name, 'data-value': value ?? 'null' }, text),
  )
}

/**
 * The headline of a report: status, health, equity, IM/MM, free collateral, capital saved versus
 * isolated margin.
 *
 * @example
 * section.replaceChildren(renderFigures(report))
 */
export function renderFigures(report: Report): HTMLElement {
  return h(
    'section',
    { class: 'card figures', 'aria-label': 'Unified margin' },
    h(
      'div',
      { class: 'headline' },
      badge(report.status, { 'data-figure': 'status', role: 'status' }),
      h('span', { class: 'model' }, `model ${report.model}`),
      report.statusReasons.length > 0 &&
        h('span', { class: 'reasons', 'data-figure': 'statusReasons' }, report.statusReasons.join(', ')),
    ),
    h(
      'dl',
      { class: 'figure-grid' },
      figure('health', 'Health', report.health, formatHealth(report.health)),
      figure('equity', 'Equity', report.equity, formatUsd(report.equity)),
      figure('initialMargin', 'Initial margin', report.initialMargin, formatUsd(report.initialMargin)),
      figure(
        'maintenanceMargin',
        'Maintenance margin',
        report.maintenanceMargin,
        formatUsd(report.maintenanceMargin),
      ),
      figure('freeCollateral', 'Free collateral', report.freeCollateral, formatUsd(report.freeCollateral)),
      figure(
        'capitalSaved',
        'Capital saved vs isolated',
        report.capitalSaved,
        formatUsd(report.capitalSaved),
      ),
      figure(
        'isolatedInitialMargin',
        'Isolated initial margin',
        report.isolatedInitialMargin,
        formatUsd(report.isolatedInitialMargin),
      ),
    ),
  )
}
