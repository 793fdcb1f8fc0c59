import type { ShockInput } from './api/documents.js'
import { scaleDecimal } from './decimal.js'

/** A shock the user typed that is not `FACTOR=±N%` (the factor itself is the API's to judge). */
export class ShockTextError extends Error {
  override name = 'ShockTextError'
}

const term = /^([A-Za-z0-9._-]+)\s*(?:=|\s)\s*([-+]?\d+(?:\.\d+)?)\s*%?$/

/**
 * Reads the dashboard's shock field, the CLI's `--shock` syntax: `FACTOR=±N%` moves, comma
 * separated (`=` may be a space, `%` may be left out), as `ShockInput`s with `spot` the exact
 * decimal fraction of the percent. The factor name is passed as typed: the API refuses an unknown
 * one (`UNKNOWN_FACTOR`, naming the valid ones).
 *
 * @example
 * parseShockText('ETH=-25%, BTC -10') // [{ factor: 'ETH', spot: '-0.25' }, { factor: 'BTC', spot: '-0.1' }]
 */
export function parseShockText(text: string): ShockInput[] {
  const terms = text
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
  if (terms.length === 0) throw new ShockTextError('Give a shock, e.g. ETH=-25%.')
  return terms.map((t) => {
    const match = term.exec(t)
    if (!match) throw new ShockTextError(`"${t}" is not a shock: write FACTOR=±N%, e.g. ETH=-25%.`)
    return { factor: match[1]!, spot: scaleDecimal(match[2]!, -2) }
  })
}
