import { describe, expect, test } from 'vitest'
import { perpV2Config } from './perp-config.js'

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const
const contracts = {
  clearingHouse: address(1),
  vault: address(2),
  accountBalance: address(3),
  exchange: address(4),
}

function issuesOf(value: unknown): string[] {
  const issues: string[] = []
  perpV2Config.validate(value, {
    at: 'venues.perpV2',
    issue: (path, message) => issues.push(`${path}: ${message}`),
    asset: () => {},
  })
  return issues
}

describe('perpV2Config', () => {
  test("a market's virtual pool is optional, and an address where given", () => {
    expect(issuesOf({ ...contracts, markets: { ETH: { baseToken: address(5) } } })).toEqual([])
    expect(issuesOf({ ...contracts, markets: { ETH: { baseToken: address(5), pool: address(6) } } })).toEqual(
      [],
    )
    expect(
      issuesOf({ ...contracts, markets: { ETH: { baseToken: address(5), pool: 'vETH/vUSD' } } }),
    ).toEqual(['venues.perpV2.markets.ETH.pool: not an address: vETH/vUSD'])
  })

  test('the pool goes from config to spec and back', () => {
    const config = {
      ...contracts,
      markets: { ETH: { baseToken: address(5), pool: address(6) }, BTC: { baseToken: address(7) } },
    }
    const spec = perpV2Config.specData?.(config)
    expect(spec?.venues?.perp?.markets).toEqual(config.markets)
    expect(perpV2Config.configData?.(spec ?? {})).toEqual({ markets: config.markets })
  })
})
