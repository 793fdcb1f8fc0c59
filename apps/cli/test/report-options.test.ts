import { describe, expect, it } from 'vitest'
import { parsePorts } from '../src/commands/parse-options.js'
import {
  marginModels,
  modelOptionName,
  parseModel,
  parseScenario,
  parseShock,
} from '../src/commands/report-options.js'

describe('parseModel()', () => {
  it('maps every --model choice, derive-pmrm included, to its GraphQL enum value', () => {
    expect(parseModel('derive-pmrm')).toBe('DERIVE_PMRM')
    expect(Object.keys(marginModels)).toEqual(['portfolio', 'standard', 'es', 'aave-v3', 'derive-pmrm'])
  })

  it('refuses a name Object.prototype has (constructor, toString), as any unknown model', () => {
    for (const name of ['constructor', 'toString', '__proto__'])
      expect(() => parseModel(name)).toThrow(`unknown model "${name}"`)
    for (const name of ['constructor', 'hasOwnProperty'])
      expect(() => parseScenario(name)).toThrow(`unknown scenario "${name}"`)
  })

  it('refuses an unknown model, naming the known ones', () => {
    expect(() => parseModel('derive')).toThrow(
      /unknown model "derive" \(portfolio, standard, es, aave-v3, derive-pmrm\)/,
    )
  })

  it("names a report's model as --model spells it (derive-pmrm, aave-v3; not derive_pmrm)", () => {
    for (const [name, value] of Object.entries(marginModels)) expect(modelOptionName(value)).toBe(name)
    expect(modelOptionName('DERIVE_PMRM')).toBe('derive-pmrm')
  })
})

describe('parseShock()', () => {
  it('reads FACTOR=<percent>%[,vol=<percent>%] as exact decimal fractions, repeatable', () => {
    expect(parseShock('eth=-30%', [])).toEqual([{ factor: 'ETH', spot: '-0.3' }])
    expect(parseShock('BTC=+12.5%,vol=+50%', [{ factor: 'ETH', spot: '-0.3' }])).toEqual([
      { factor: 'ETH', spot: '-0.3' },
      { factor: 'BTC', spot: '0.125', vol: '0.5' },
    ])
  })

  it('refuses what is not a percent move, with the expected form', () => {
    for (const bad of ['ETH', 'ETH=-30', '=-30%', 'ETH=-30%,vol=5'])
      expect(() => parseShock(bad, [])).toThrow(
        /is not FACTOR=<percent>% \(e\.g\. ETH=-30% or ETH=-30%,vol=\+50%\)/,
      )
  })
})

describe('parsePorts()', () => {
  it('reads three comma-separated ports and refuses two or four', () => {
    expect(parsePorts('18545, 18546,0')).toEqual([18545, 18546, 0])
    for (const bad of ['18545,18546', '1,2,3,4'])
      expect(() => parsePorts(bad)).toThrow(`${bad}: give three ports, for chains 1, 42161 and 8453.`)
  })
})
