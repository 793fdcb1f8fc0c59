import { describe, expect, test } from 'vitest'
import { ChainSelectionError, selectChains } from '../src/index.js'

const chains = [
  { chainId: 1, name: 'ethereum' },
  { chainId: 42161, name: 'arbitrum' },
  { chainId: 8453, name: 'base' },
] as const

describe('selectChains()', () => {
  test('keeps the chains a --chains list names, in config order, once each', () => {
    expect(selectChains({ chains, selection: ' 8453, 1,1 ' }).map((c) => c.chainId)).toEqual([1, 8453])
    expect(selectChains({ chains, selection: undefined })).toEqual(chains)
  })

  test('an id the config lacks is a ChainSelectionError naming the unknown ids and the configured chains', () => {
    const error = (() => {
      try {
        selectChains({ chains, selection: '1,10,10,137' })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ChainSelectionError)
    expect(error).toMatchObject({ selection: '1,10,10,137', unknown: [10, 137] })
    expect((error as ChainSelectionError).shortMessage).toBe(
      '--chains 10,137: not a chain of the config (configured: 1 ethereum, 42161 arbitrum, 8453 base).',
    )
  })

  test('a part that is not a chain id is a ChainSelectionError', () => {
    for (const selection of ['1,x', '1,', '1.5', '-1', '0', '0x1', ''])
      expect(() => selectChains({ chains, selection }), selection).toThrow(ChainSelectionError)
    expect(() => selectChains({ chains, selection: '1,x' })).toThrow(
      '--chains 1,x: "x" is not a chain id (give ids like 1,42161; configured: 1 ethereum, 42161 arbitrum, 8453 base).',
    )
  })
})
