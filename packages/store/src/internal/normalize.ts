import { StoreError } from '../errors.js'
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

/** Throws unless `value` is a non-negative safe integer `number` (a bigint here would break comparisons). */
export function assertBlockNumber(value: unknown, name = 'block number'): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new StoreError(`The ${name} must be a non-negative safe integer number.`, {
      details: `got ${typeof value} ${String(value)}`,
    })
}

const hash32 = /^0x[0-9a-fA-F]{64}$/

/** Throws unless `value` is a 32-byte 0x-hex hash. */
export function assertHash(value: unknown, name: string): void {
  if (typeof value !== 'string' || !hash32.test(value))
    throw new StoreError(`The ${name} must be a 32-byte 0x-prefixed hex string.`, {
      details: `got ${String(value)}`,
    })
}
