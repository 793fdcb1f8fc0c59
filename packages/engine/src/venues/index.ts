import { aaveV3Rule } from './aave-v3-rule.js'
import { morphoBlueRule } from './morpho-blue-rule.js'
import { optionsRule } from './options-rule.js'
import { perpV2Rule } from './perp-v2-rule.js'
import type { VenueRule } from './venue-rule.js'

/**
 * The venue registry: every venue rule the engine evaluates, in report order. One file per rule
 * beside this one; `venue-lines.ts` evaluates them for a report.
 */
export const venueRules: readonly VenueRule[] = [aaveV3Rule, morphoBlueRule, perpV2Rule, optionsRule]
