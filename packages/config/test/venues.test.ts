import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type ConfigError, configChainSpecs, describeConfig, loadConfig } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-config-venues-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const key = (symbol: string) => `0x${Buffer.from(symbol).toString('hex').padEnd(64, '0')}`
const USDC = `{ symbol: 'USDC', address: '${a(1)}', decimals: 6, feed: '${a(2)}' }`
const perpV2 = `{ clearingHouse: '${a(10)}', vault: '${a(11)}', accountBalance: '${a(12)}', exchange: '${a(13)}',
                  markets: { ETH: { baseToken: '${a(14)}' }, BTC: { baseToken: '${a(15)}' } } }`
const options = `{ venue: '${a(20)}', underlyings: { ETH: { key: '${key('ETH')}' } },
                   volatilityFeeds: [{ underlying: 'ETH', expiry: 1798761600, feed: '${a(21)}' }] }`

/** Writes a config whose arbitrum chain has `venues`; returns the file name. */
function writeVenues(name: string, venues: string): string {
  writeFileSync(
    join(dir, name),
    `import { defineConfig } from '@xmargin/cli'

export default defineConfig({
  chains: { arbitrum: { chainId: 42161, rpcUrls: ['https://arb.example'], tokens: [${USDC}], venues: ${venues} } },
})
`,
  )
  return name
}

async function issuesOf(file: string) {
  const error = (await loadConfig({ file, cwd: dir }).catch((e: unknown) => e)) as ConfigError
  return error.issues?.map((i) => `${i.path}: ${i.message}`)
}

describe('config venues: Perp v2 and the options venue', () => {
  it('loads perpV2 and options and hands them to the adapters as the devnet manifest does', async () => {
    const config = await loadConfig({
      file: writeVenues('ok.config.ts', `{ perpV2: ${perpV2}, options: ${options} }`),
      cwd: dir,
    })
    const [chain] = configChainSpecs(config)
    expect(chain?.contracts).toEqual({
      multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
      perpClearingHouse: a(10),
      perpVault: a(11),
      perpAccountBalance: a(12),
      perpExchange: a(13),
      optionsVenue: a(20),
    })
    expect(chain?.venues).toEqual({
      perp: { markets: { ETH: { baseToken: a(14) }, BTC: { baseToken: a(15) } } },
      options: {
        underlyings: { ETH: { key: key('ETH') } },
        volatilityFeeds: [{ underlying: 'ETH', expiry: 1798761600, feed: a(21) }],
      },
    })
    expect(describeConfig({ config })).toMatch(
      /venues: options \(ETH\), perp-v2 \(ETH, BTC\), heads by polling/,
    )
  })

  it('a missing or malformed address is an error naming its key', async () => {
    const file = writeVenues(
      'missing.config.ts',
      `{ perpV2: { clearingHouse: '${a(10)}', vault: '${a(11)}', accountBalance: 'nope', markets: { ETH: {} } } as never,
         options: { underlyings: { ETH: { key: '${key('ETH')}' } } } as never }`,
    )
    expect(await issuesOf(file)).toEqual([
      'chains.arbitrum.venues.options.venue: missing address',
      'chains.arbitrum.venues.perpV2.accountBalance: not an address: nope',
      'chains.arbitrum.venues.perpV2.exchange: missing address',
      'chains.arbitrum.venues.perpV2.markets.ETH.baseToken: missing address',
    ])
  })

  it('markets and underlyings: at least one, symbols known to the risk parameters, bytes32 keys', async () => {
    const file = writeVenues(
      'names.config.ts',
      `{ perpV2: { clearingHouse: '${a(10)}', vault: '${a(11)}', accountBalance: '${a(12)}', exchange: '${a(13)}', markets: { DOGE: { baseToken: '${a(14)}' } } },
         options: { venue: '${a(20)}', underlyings: { ETH: { key: '0x455448' } } } }`,
    )
    expect(await issuesOf(file)).toEqual([
      "chains.arbitrum.venues.options.underlyings.ETH.key: must be the venue's bytes32 key (0x + 64 hex digits)",
      'chains.arbitrum.venues.perpV2.markets.DOGE: unknown asset "DOGE": add it under risk.assets',
    ])
    const empty = writeVenues(
      'empty.config.ts',
      `{ perpV2: { clearingHouse: '${a(10)}', vault: '${a(11)}', accountBalance: '${a(12)}', exchange: '${a(13)}', markets: {} },
         options: { venue: '${a(20)}', underlyings: {} } }`,
    )
    expect(await issuesOf(empty)).toEqual([
      "chains.arbitrum.venues.options.underlyings: needs at least one underlying, e.g. { ETH: { key: '0x4554…' } }",
      "chains.arbitrum.venues.perpV2.markets: needs at least one market, e.g. { ETH: { baseToken: '0x…' } }",
    ])
  })

  it('a volatility feed names a listed underlying, an expiry in unix seconds and a feed address', async () => {
    const file = writeVenues(
      'vol.config.ts',
      `{ options: { venue: '${a(20)}', underlyings: { ETH: { key: '${key('ETH')}' } },
                    volatilityFeeds: [{ underlying: 'BTC', expiry: 1.5, feed: '0x12' }] } }`,
    )
    expect(await issuesOf(file)).toEqual([
      "chains.arbitrum.venues.options.volatilityFeeds[0].underlying: must be one of the venue's underlyings: BTC",
      'chains.arbitrum.venues.options.volatilityFeeds[0].expiry: must be the expiry in unix seconds',
      'chains.arbitrum.venues.options.volatilityFeeds[0].feed: not an address: 0x12',
    ])
  })

  it('an unknown venue name is an error listing the known ones', async () => {
    const file = writeVenues('unknown.config.ts', `{ perp: ${perpV2} } as never`)
    expect(await issuesOf(file)).toEqual([
      'chains.arbitrum.venues.perp: unknown venue (expected one of aaveV3, morphoBlue, options, perpV2)',
    ])
  })
})
