import type { MarginStatus, ModelName } from '@xmargin/engine'
import type { RequestMarginService } from './margin-service.js'
import type { MarginSummaryView } from './report-view.js'

/** SOLVENT: fresh inputs and health ≥ minHealth; INSOLVENT: fresh inputs and health below; UNKNOWN otherwise. */
export type SolvencyVerdict = 'SOLVENT' | 'INSOLVENT' | 'UNKNOWN'

/** One wallet's solvency answer (before signing). */
export type SolvencyView = {
  address: string
  verdict: SolvencyVerdict
  /** 6-place decimal, null without liabilities (no maintenance margin). */
  health: string | null
  status: MarginStatus
  reasons: string[]
  model: ModelName
  minHealth: string
  maxAgeSeconds: number | null
  /** Oldest input used: a chain's pinned block or a price, in seconds. Null when nothing is indexed. */
  oldestInputAgeSeconds: number | null
  /** Unix seconds the answer is computed for. */
  checkedAt: number
  /** The blocks each chain was read at (the report's freshness). */
  blocks: MarginSummaryView['freshness']
}

/** Parameters of {@link checkSolvency}. */
export type CheckSolvencyParameters = {
  service: RequestMarginService
  /** Lowercased addresses. */
  addresses: readonly string[]
  /** Decimal string; default '1' (the liquidation line). */
  minHealth: string
  maxAgeSeconds: number | null
  model: ModelName
  /**
   * Unix ms after which the batch gives up with TIMEOUT (checked between wallets, also by an engine
   * running in-process, which the execution timeout cannot interrupt).
   */
  deadline?: number | undefined
}
/** Return type of {@link checkSolvency}. */
export type CheckSolvencyReturnType = SolvencyView[]

/**
 * Batch solvency: one report per wallet (liquidation prices and isolated sums skipped), all pinned
 * to the same heads. Never SOLVENT when the report is UNKNOWN or any input (a chain's block, a price)
 * is older than `maxAgeSeconds`.
 *
 * @example
 * const [alice] = await checkSolvency({ service, addresses: ['0xabc…'], minHealth: '1.1', maxAgeSeconds: 300, model: 'portfolio' })
 * alice.verdict // 'SOLVENT'
 */
export async function checkSolvency(parameters: CheckSolvencyParameters): Promise<CheckSolvencyReturnType> {
  const { service, addresses, minHealth, maxAgeSeconds, model, deadline } = parameters
  const threshold = Number(minHealth)
  // Untracked wallets first (tracked, or UNKNOWN `not-tracked`); `marginEach` reads every wallet's
  // positions in one batch and runs one engine task for the whole batch (one message to a worker).
  await service.track(addresses)
  const reports = await service.marginEach(
    addresses,
    { model, liquidationPrices: false, isolated: false },
    deadline,
  )
  const out: SolvencyView[] = []
  for (const [i, address] of addresses.entries()) {
    const report = reports[i]!
    const oldest = oldestInputAge(report)
    const reasons = [...report.statusReasons]
    if (maxAgeSeconds !== null && (oldest === null || oldest > maxAgeSeconds))
      reasons.push(`older-than-max-age:${oldest === null ? 'unknown' : oldest}>${maxAgeSeconds}`)
    let verdict: SolvencyVerdict
    if (reasons.length > 0) verdict = 'UNKNOWN'
    else if (report.healthValue === null) verdict = report.status === 'LIQUIDATABLE' ? 'INSOLVENT' : 'SOLVENT'
    else verdict = report.healthValue >= threshold ? 'SOLVENT' : 'INSOLVENT'
    out.push({
      address,
      verdict,
      health: report.health,
      status: report.status,
      reasons,
      model,
      minHealth,
      maxAgeSeconds,
      oldestInputAgeSeconds: oldest === null || !Number.isFinite(oldest) ? null : oldest,
      checkedAt: service.now,
      blocks: report.freshness,
    })
  }
  return out
}

/**
 * The oldest input of a report in seconds (a chain without a block counts as infinitely old), or
 * null when it has none; a plain loop, as it runs for each of up to 1,000 wallets.
 */
function oldestInputAge(report: MarginSummaryView): number | null {
  let oldest: number | null = null
  for (const chain of report.freshness)
    oldest = Math.max(oldest ?? Number.NEGATIVE_INFINITY, chain.ageSeconds ?? Number.POSITIVE_INFINITY)
  if (report.oldestPriceAgeSeconds !== null)
    oldest = Math.max(oldest ?? Number.NEGATIVE_INFINITY, report.oldestPriceAgeSeconds)
  return oldest
}
