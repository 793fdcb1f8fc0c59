import { describe, expect, it } from 'vitest'
import { compareOutput } from './compare-output.js'

describe('compareOutput()', () => {
  const table = ['┌────────┬────────────┐', '│ equity │ $53,452.34 │', '└────────┴────────────┘'].join('\n')

  it('accepts the same table with a figure off by one cent and wider borders', () => {
    const actual = ['┌────────┬─────────────┐', '│ equity │  $53,452.35 │', '└────────┴─────────────┘'].join(
      '\n',
    )
    expect(compareOutput({ expected: table, actual })).toEqual([])
  })

  it('rejects a figure off by more than its last digit and the 1e-4 accrual allowance', () => {
    const actual = table.replace('$53,452.34', '$53,462.34')
    expect(compareOutput({ expected: table, actual })).toHaveLength(1)
  })

  it('rejects a changed word, a changed sign and a missing line', () => {
    expect(compareOutput({ expected: '│ status │ HEALTHY │', actual: '│ status │ WARNING │' })).toHaveLength(
      1,
    )
    expect(compareOutput({ expected: 'value -$47.66', actual: 'value $47.66' })).toHaveLength(1)
    expect(compareOutput({ expected: 'a\nb', actual: 'a' })[0]).toMatch(/expected 2 lines, got 1/)
  })

  it('ignores the numbers of volatile lines but still compares their words', () => {
    const isVolatile = (line: string) => line.startsWith('Prices:')
    expect(
      compareOutput({
        expected: 'Prices: 8 used, oldest 29s',
        actual: 'Prices: 8 used, oldest 3s',
        isVolatile,
      }),
    ).toEqual([])
    expect(
      compareOutput({
        expected: 'Prices: 8 used, oldest 29s',
        actual: 'Prices: 8 used, newest 3s',
        isVolatile,
      }),
    ).toHaveLength(1)
  })

  it('reads a number followed by punctuation as a number', () => {
    expect(
      compareOutput({ expected: 'oldest 29s, none', actual: 'oldest 2s, none', isVolatile: () => true }),
    ).toEqual([])
    expect(compareOutput({ expected: 'equity 1.00, none', actual: 'equity 2.00, none' })).toHaveLength(1)
  })

  it('compares six-decimal figures to their last digit', () => {
    expect(compareOutput({ expected: 'health 1.089127', actual: 'health 1.089128' })).toEqual([])
    expect(compareOutput({ expected: 'health 1.089127', actual: 'health 1.099127' })).toHaveLength(1)
  })
})
