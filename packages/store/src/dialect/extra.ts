import { StoreError } from '../errors.js'

/** Kind-specific extra fields: a flat object of strings, stored as JSON with sorted keys. */
export type Extra = Record<string, string>

/** Serialises with sorted keys so that equal objects are equal text (stable content hashes). */
export function canonicalJson(extra: Extra): string {
  const sorted: Extra = {}
  for (const key of Object.keys(extra).sort()) {
    const value = extra[key]
    if (typeof value !== 'string')
      throw new StoreError('Position extra fields must be strings.', {
        details: `extra.${key} is ${typeof value}`,
      })
    sorted[key] = value
  }
  return JSON.stringify(sorted)
}
