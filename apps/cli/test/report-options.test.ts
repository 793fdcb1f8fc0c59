import { describe, expect, it } from 'vitest'
import { marginModels, modelOptionName, parseModel } from '../src/commands/report-options.js'

describe('parseModel()', () => {
  it('maps every --model choice, derive-pmrm included, to its GraphQL enum value', () => {
    expect(parseModel('derive-pmrm')).toBe('DERIVE_PMRM')
    expect(Object.keys(marginModels)).toEqual(['portfolio', 'standard', 'es', 'aave-v3', 'derive-pmrm'])
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
