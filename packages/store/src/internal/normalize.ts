import type { Address, Hash } from '../types.js'

const hex = /^0x[0-9a-fA-F]*$/

/** Lowercases an address or hash so that checksummed and lowercase spellings are the same key. */
export function lower<T extends Address | Hash>(value: T): T {
  return value.toLowerCase() as T
}

/** Lowercases a position key when it is hex (token address, market id); other keys stay as given. */
export function normalizeKey(key: string): string {
  return hex.test(key) ? key.toLowerCase() : key
}

/** Splits a list into chunks so that one statement stays under SQLite's bound-parameter limit. */
export function chunk<T>(items: readonly T[], size = 400): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
