import type { AutoTrackConfig } from './define-config.js'
import type { ConfigIssue } from './errors.js'

const bounds = {
  perMinute: { min: 1, max: 1_000_000_000, message: 'must be a positive integer' },
  total: { min: 1, max: 1_000_000_000, message: 'must be a positive integer' },
  waitMs: { min: 0, max: 60_000, message: 'must be an integer from 0 to 60000 (ms)' },
} as const

/**
 * Checks `api.autoTrack` key by key (an unknown key is an issue, like a wrong value) and returns the
 * keys the file sets; the API's `defaultAutoTrackLimits` fill the rest.
 *
 * @example
 * const issues: ConfigIssue[] = []
 * resolveAutoTrack({ perMinute: 5 }, issues) // { perMinute: 5 }
 * resolveAutoTrack({ perHour: 5 }, issues) // {}, issues: api.autoTrack.perHour: unknown key …
 */
export function resolveAutoTrack(value: unknown, issues: ConfigIssue[]): AutoTrackConfig {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path: 'api.autoTrack', message: 'must be an object' })
    return {}
  }
  const resolved: AutoTrackConfig = {}
  for (const [key, entry] of Object.entries(value)) {
    const path = `api.autoTrack.${key}`
    if (key === 'enabled') {
      if (typeof entry === 'boolean') resolved.enabled = entry
      else issues.push({ path, message: 'must be true or false' })
    } else if (key === 'perMinute' || key === 'total' || key === 'waitMs') {
      const { min, max, message } = bounds[key]
      if (typeof entry === 'number' && Number.isInteger(entry) && entry >= min && entry <= max)
        resolved[key] = entry
      else issues.push({ path, message })
    } else issues.push({ path, message: 'unknown key (known: enabled, perMinute, total, waitMs)' })
  }
  return resolved
}
