import { describe, expect, it } from 'vitest'
import { defaultRiskParameters } from './default-risk-parameters.js'
import { PRICE_AGE_MARGIN_SECONDS, priceAgeLimit, priceFeedKind } from './price-age.js'

const { maxPriceAge } = defaultRiskParameters

describe('priceAgeLimit()', () => {
  it('a 24 h heartbeat feed is fresh at 2 h while a 1 h one is stale', () => {
    const twoHours = 7_200
    const daily = priceAgeLimit({ maxPriceAge, kind: 'stablecoin', heartbeatSeconds: 86_400 })
    const hourly = priceAgeLimit({ maxPriceAge, kind: 'crypto', heartbeatSeconds: 3_600 })
    expect(twoHours > daily).toBe(false)
    expect(twoHours > hourly).toBe(true)
    expect([daily, hourly]).toEqual([86_400 + PRICE_AGE_MARGIN_SECONDS, 3_600 + PRICE_AGE_MARGIN_SECONDS])
  })

  it('without a heartbeat, the default of the feed kind: crypto 1 h, stablecoin 24 h, vol 1 h (plus the margin)', () => {
    expect(priceAgeLimit({ maxPriceAge, kind: 'crypto' })).toBe(3_900)
    expect(priceAgeLimit({ maxPriceAge, kind: 'stablecoin' })).toBe(86_700)
    expect(priceAgeLimit({ maxPriceAge, kind: 'volatility' })).toBe(3_900)
  })

  it('a limit set for the source wins over the heartbeat, and `all` (dev) over everything', () => {
    const set = { ...maxPriceAge, bySource: { 'chainlink:0xfeed': 600 } }
    expect(
      priceAgeLimit({
        maxPriceAge: set,
        kind: 'stablecoin',
        source: 'chainlink:0xfeed',
        heartbeatSeconds: 86_400,
      }),
    ).toBe(600)
    expect(
      priceAgeLimit({
        maxPriceAge: set,
        kind: 'stablecoin',
        source: 'chainlink:0xother',
        heartbeatSeconds: 86_400,
      }),
    ).toBe(86_700)
    const dev = { ...set, all: 30 }
    expect(
      priceAgeLimit({
        maxPriceAge: dev,
        kind: 'stablecoin',
        source: 'chainlink:0xfeed',
        heartbeatSeconds: 86_400,
      }),
    ).toBe(30)
  })
})

describe('priceFeedKind()', () => {
  it('is stablecoin for an asset of a stable factor, crypto otherwise', () => {
    expect(priceFeedKind(defaultRiskParameters, 'USDC')).toBe('stablecoin')
    expect(priceFeedKind(defaultRiskParameters, 'USDC.e')).toBe('stablecoin')
    expect(priceFeedKind(defaultRiskParameters, 'WETH')).toBe('crypto')
    expect(priceFeedKind(defaultRiskParameters, 'NOPE')).toBe('crypto')
  })
})
