import { describe, expect, test } from 'vitest'
import { aaveEModeApplies } from './aave-emode.js'

describe('aaveEModeApplies()', () => {
  test('v3.0 layout: the eMode applies when the reserve category is the user category', () => {
    expect(aaveEModeApplies({ eModeCategory: 1, userEModeCategory: 1 })).toBe(true)
    expect(aaveEModeApplies({ eModeCategory: 2, userEModeCategory: 1 })).toBe(false)
    expect(aaveEModeApplies({ eModeCategory: 0, userEModeCategory: 0 })).toBe(false)
  })

  test('v3.2 layout: the collateral bitmap bit decides, not the (unused) reserve category bits', () => {
    expect(aaveEModeApplies({ eModeCategory: 0, userEModeCategory: 1, eModeCollateral: true })).toBe(true)
    expect(aaveEModeApplies({ eModeCategory: 1, userEModeCategory: 1, eModeCollateral: false })).toBe(false)
  })

  test('never applies outside eMode, whatever the bitmap says', () => {
    expect(aaveEModeApplies({ eModeCategory: 0, userEModeCategory: 0, eModeCollateral: true })).toBe(false)
  })
})
