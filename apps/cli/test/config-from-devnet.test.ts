import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, loadConfig, validateConfig } from '@xmargin/config'
import { afterAll, describe, expect, it } from 'vitest'
import { configFromDevnet, type DevnetManifestFile } from '../src/config/config-from-devnet.js'
import { readDevnetManifestFile } from '../src/config/read-devnet-manifest-file.js'
import { renderConfigSource } from '../src/config/render-config-source.js'
import { CliError, exitCodes } from '../src/errors.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-from-devnet-unit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const
const key = `0x${'45544800'.padEnd(64, '0')}` as const
const token = (symbol: string, n: number) => ({ symbol, address: a(n), decimals: 18, feed: a(n + 1) })

/** A manifest shaped like the devnet's (two chains: Perp v2 and Aave on one, options and Morpho on the other). */
const manifest: DevnetManifestFile = {
  chains: [
    {
      chainId: 42161,
      name: 'arbitrum',
      rpcUrl: 'http://127.0.0.1:18546',
      finality: { finalityDepth: 10, useFinalizedTag: false },
      contracts: {
        multicall3: a(1),
        aavePool: a(2),
        aaveOracle: a(3),
        aaveDataProvider: a(4),
        aaveAclManager: a(5),
        perpClearingHouse: a(6),
        perpVault: a(7),
        perpAccountBalance: a(8),
        perpExchange: a(9),
        perpOrderBook: a(10),
      },
      tokens: [token('WETH', 20), token('USDC', 22)],
      uniswapV3Pools: [{ address: a(60), baseSymbol: 'WETH', quoteSymbol: 'USDC' }],
      venues: { perp: { markets: { ETH: { baseToken: a(30) } } } },
    },
    {
      chainId: 8453,
      name: 'base',
      rpcUrl: 'http://127.0.0.1:18547',
      finality: { finalityDepth: 12, useFinalizedTag: false },
      contracts: { multicall3: a(1), morpho: a(40), morphoIrm: a(41), optionsVenue: a(42) },
      tokens: [token('USDC', 22)],
      morphoMarkets: [
        {
          id: `0x${'1'.repeat(64)}`,
          loanToken: a(22),
          collateralToken: a(20),
          oracle: a(43),
          irm: a(41),
          lltv: '860000000000000000',
        },
      ],
      venues: {
        options: {
          underlyings: { ETH: { key } },
          volatilityFeeds: [{ underlying: 'ETH', expiry: 1798761600, feed: a(44) }],
        },
      },
    },
  ],
  wallets: [{ name: "o'brien", address: a(50) }],
}

describe('configFromDevnet() and renderConfigSource()', () => {
  it('write a file that loads back to the same chains, venues and wallets (bigints, quotes, comments kept)', async () => {
    const config = configFromDevnet({ manifest, databasePath: '.xmargin/from-devnet.db', apiPort: 4001 })
    const text = renderConfigSource({
      config,
      header: ['a header'],
      itemComments: { wallets: manifest.wallets.map((w) => w.name) },
    })
    expect(text).toContain(`'${a(50)}', // o'brien`)
    writeFileSync(join(dir, 'x.config.ts'), text)
    const loaded = await loadConfig({ file: 'x.config.ts', cwd: dir, env: {} })
    const direct = validateConfig({ config, file: 'x.config.ts', cwd: dir, env: {} })
    expect(loaded).toEqual(direct)
    const [arbitrum, base] = loaded.chains
    expect(arbitrum?.venues.aaveV3).toEqual({ pool: a(2), oracle: a(3), dataProvider: a(4) })
    expect(arbitrum?.venues.perpV2).toEqual({
      clearingHouse: a(6),
      vault: a(7),
      accountBalance: a(8),
      exchange: a(9),
      markets: { ETH: { baseToken: a(30) } },
    })
    expect(arbitrum?.uniswapV3Pools).toEqual([{ address: a(60), baseSymbol: 'WETH', quoteSymbol: 'USDC' }])
    expect(base?.uniswapV3Pools).toEqual([])
    expect(base?.venues.morphoBlue?.markets[0]?.lltv).toBe(860000000000000000n)
    expect(base?.venues.options).toEqual({
      venue: a(42),
      underlyings: { ETH: { key } },
      volatilityFeeds: [{ underlying: 'ETH', expiry: 1798761600, feed: a(44) }],
    })
    expect(
      loaded.chains.map((c) => [c.webSocketUrl, c.finalityDepth, c.useFinalizedTag, c.startBlock]),
    ).toEqual([
      ['ws://127.0.0.1:18546', 10, false, 0n],
      ['ws://127.0.0.1:18547', 12, false, 0n],
    ])
    expect(loaded.wallets).toEqual([a(50)])
  })

  it('a venue the manifest lists only in part comes out with the missing address named by validateConfig', () => {
    const { perpExchange: _, ...contracts } = manifest.chains[0]!.contracts
    const partial = { ...manifest, chains: [{ ...manifest.chains[0]!, contracts }] }
    const config = configFromDevnet({ manifest: partial, databasePath: 'x.db', apiPort: 4001 })
    const error = (() => {
      try {
        validateConfig({ config, file: 'x.config.ts', env: {} })
      } catch (e) {
        return e
      }
    })() as ConfigError
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'chains.arbitrum.venues.perpV2.exchange: missing address',
    ])
  })
})

describe('readDevnetManifestFile()', () => {
  const write = (name: string, value: unknown) => {
    const path = join(dir, name)
    writeFileSync(path, JSON.stringify(value))
    return path
  }

  it('reads a manifest back as written, with the keys the devnet adds beyond the chain spec left in place', () => {
    const written = {
      ...manifest,
      blockTimeSeconds: 2,
      chains: manifest.chains.map((chain) => ({ ...chain, uniswapV3Pools: [] })),
      wallets: manifest.wallets.map((wallet) => ({ ...wallet, privateKey: `0x${'1'.repeat(64)}` })),
    }
    const read = readDevnetManifestFile(write('full.json', written))
    expect(read.chains).toEqual(written.chains)
    expect(read.wallets).toEqual(manifest.wallets)
    expect(read.blockTimeSeconds).toBe(2)
    expect(
      configFromDevnet({ manifest: read, databasePath: 'x.db', apiPort: 4001 }).chains.arbitrum
        ?.maxLagSeconds,
    ).toBe(30)
  })

  it.each([
    [
      'a token without its feed',
      {
        ...manifest,
        chains: [
          {
            ...manifest.chains[0]!,
            tokens: [{ ...token('WETH', 20), feed: undefined }, token('USDC', 22)],
          },
        ],
      },
      'chains[0].tokens[0].feed: not an address (0x and 40 hex digits)',
    ],
    [
      'a Morpho market with a number lltv',
      {
        ...manifest,
        chains: [
          manifest.chains[0]!,
          {
            ...manifest.chains[1]!,
            morphoMarkets: [{ ...manifest.chains[1]!.morphoMarkets![0]!, lltv: 0.86 }],
          },
        ],
      },
      'chains[1].morphoMarkets[0].lltv: must be a decimal integer string (1e18 = 100%)',
    ],
    [
      'a wallet address that is not one',
      { ...manifest, wallets: [{ name: 'alice', address: '0xabc' }] },
      'wallets[0].address: not an address (0x and 40 hex digits)',
    ],
    [
      'a block time in milliseconds as a string',
      { ...manifest, blockTimeSeconds: '2000' },
      'blockTimeSeconds: must be a whole number of seconds',
    ],
    ['a list', [manifest], '(file): must be an object'],
  ])('refuses %s with a CliError naming the key (exit 1), never a cast', (_, value, issue) => {
    const path = write('bad.json', value)
    let error: unknown
    try {
      readDevnetManifestFile(path)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CliError)
    expect(error).toMatchObject({
      shortMessage: `${path} is not a devnet manifest: ${issue}.`,
      exitCode: exitCodes.failure,
    })
  })
})
