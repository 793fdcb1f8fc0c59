import { describe, expect, it } from 'vitest'
import type { ChainSpec, MorphoMarketSpec, TokenSpec, VolatilityFeedSpec } from './chain-spec.js'
import { InvalidChainSpecError } from './errors/chain-spec-errors.js'
import { chainSpecIssues, isChainSpec, parseChainSpec } from './validate-chain-spec.js'

const a = (digit: string) => `0x${digit.repeat(40)}` as const
const key = `0x${'ab'.repeat(32)}` as const

const token: TokenSpec = {
  symbol: 'WETH',
  address: a('3'),
  decimals: 18,
  feed: a('4'),
  heartbeatSeconds: 3600,
}
const market: MorphoMarketSpec = {
  id: key,
  loanToken: a('5'),
  collateralToken: a('3'),
  oracle: a('6'),
  irm: a('7'),
  lltv: '860000000000000000',
}
const volatilityFeed: VolatilityFeedSpec = { underlying: 'ETH', expiry: 1_800_000_000, feed: a('8') }
const options = { underlyings: { ETH: { key } }, volatilityFeeds: [volatilityFeed] }

const spec: ChainSpec = {
  chainId: 1,
  name: 'ethereum',
  rpcUrl: 'http://127.0.0.1:8545',
  nativeCurrency: { symbol: 'ETH', decimals: 18, wrapped: 'WETH' },
  finality: { finalityDepth: 10, useFinalizedTag: false },
  contracts: { multicall3: a('1'), aavePool: a('2') },
  tokens: [token],
  morphoMarkets: [market],
  uniswapV3Pools: [{ address: a('a'), baseSymbol: 'WETH', quoteSymbol: 'WETH' }],
  venues: { options, perp: { markets: { ETH: { baseToken: a('9'), pool: a('b') } } } },
}

describe('chainSpecIssues()', () => {
  it('finds nothing in a full chain spec, nor in one with the keys a producer adds (a devnet pool’s fee)', () => {
    expect(chainSpecIssues({ value: spec })).toEqual([])
    const withFee = {
      ...spec,
      uniswapV3Pools: [{ address: a('a'), baseSymbol: 'WETH', quoteSymbol: 'WETH', fee: 500 }],
    }
    expect(chainSpecIssues({ value: withFee })).toEqual([])
    expect(isChainSpec(JSON.parse(JSON.stringify(spec)))).toBe(true)
  })

  it.each([
    [
      'a chain without multicall3',
      { ...spec, contracts: { aavePool: a('2') } },
      'chains[0].contracts.multicall3',
      'missing',
    ],
    [
      'a token feed that is not an address',
      { ...spec, tokens: [{ ...token, feed: '0x12' }] },
      'chains[0].tokens[0].feed',
      'not an address (0x and 40 hex digits)',
    ],
    [
      'decimals as a string',
      { ...spec, tokens: [{ ...token, decimals: '18' }] },
      'chains[0].tokens[0].decimals',
      'must be an integer 0-36',
    ],
    [
      'an RPC URL that is not http(s)',
      { ...spec, rpcUrl: 'ws://127.0.0.1:8545' },
      'chains[0].rpcUrl',
      'must be an http(s) URL',
    ],
    ['a chain id of 0', { ...spec, chainId: 0 }, 'chains[0].chainId', 'must be a positive integer'],
    [
      'a finality depth as a string',
      { ...spec, finality: { finalityDepth: '10', useFinalizedTag: false } },
      'chains[0].finality.finalityDepth',
      'must be a block count',
    ],
    [
      'a finality without its tag choice',
      { ...spec, finality: { finalityDepth: 10 } },
      'chains[0].finality.useFinalizedTag',
      'must be true or false',
    ],
    ['tokens not a list', { ...spec, tokens: {} }, 'chains[0].tokens', 'must be a list'],
    [
      'an lltv as a number',
      { ...spec, morphoMarkets: [{ ...market, lltv: 0.86 }] },
      'chains[0].morphoMarkets[0].lltv',
      'must be a decimal integer string (1e18 = 100%)',
    ],
    [
      'an options key that is not bytes32',
      { ...spec, venues: { options: { underlyings: { ETH: { key: a('1') } } } } },
      'chains[0].venues.options.underlyings.ETH.key',
      'not a bytes32 (0x and 64 hex digits)',
    ],
    [
      'a perp market without its base token',
      { ...spec, venues: { perp: { markets: { ETH: {} } } } },
      'chains[0].venues.perp.markets.ETH.baseToken',
      'not an address (0x and 40 hex digits)',
    ],
    [
      'a perp market whose virtual pool is not an address',
      { ...spec, venues: { perp: { markets: { ETH: { baseToken: a('9'), pool: 'vETH/vUSD' } } } } },
      'chains[0].venues.perp.markets.ETH.pool',
      'not an address (0x and 40 hex digits)',
    ],
    [
      'a pool whose base is not one of the chain’s tokens',
      { ...spec, uniswapV3Pools: [{ address: a('a'), baseSymbol: 'WBTC', quoteSymbol: 'WETH' }] },
      'chains[0].uniswapV3Pools[0].baseSymbol',
      "not one of the chain's tokens",
    ],
    [
      'a pool without its address',
      { ...spec, uniswapV3Pools: [{ baseSymbol: 'WETH', quoteSymbol: 'WETH' }] },
      'chains[0].uniswapV3Pools[0].address',
      'not an address (0x and 40 hex digits)',
    ],
    [
      'a volatility feed without expiry',
      {
        ...spec,
        venues: { options: { ...options, volatilityFeeds: [{ ...volatilityFeed, expiry: undefined }] } },
      },
      'chains[0].venues.options.volatilityFeeds[0].expiry',
      'must be unix seconds',
    ],
    [
      'a token heartbeat that is not whole seconds',
      { ...spec, tokens: [{ ...token, heartbeatSeconds: 0.5 }] },
      'chains[0].tokens[0].heartbeatSeconds',
      'must be a positive whole number of seconds',
    ],
    [
      'a volatility feed heartbeat of 0',
      {
        ...spec,
        venues: { options: { ...options, volatilityFeeds: [{ ...volatilityFeed, heartbeatSeconds: 0 }] } },
      },
      'chains[0].venues.options.volatilityFeeds[0].heartbeatSeconds',
      'must be a positive whole number of seconds',
    ],
  ])('names the key of %s', (_, value, path, message) => {
    expect(chainSpecIssues({ value, path: 'chains[0]' })).toEqual([{ path, message }])
  })
  it('refuses two tokens with one symbol, or one address, on one chain (USDC.e must not be "USDC")', () => {
    const bridged = { ...token, address: a('5'), feed: a('6') }
    expect(chainSpecIssues({ value: { ...spec, tokens: [token, bridged] }, path: 'chains[0]' })).toEqual([
      {
        path: 'chains[0].tokens[1].symbol',
        message: `WETH is also tokens[0] (${a('3')}): one symbol per token on a chain (its prices are keyed by it)`,
      },
    ])
    expect(
      chainSpecIssues({ value: { ...spec, tokens: [token, { ...token, symbol: 'wstETH' }] } }).map(
        (i) => i.path,
      ),
    ).toEqual(['tokens[1].address'])
    // One symbol on two chains is two tokens: (chain, address) identifies them.
    expect(chainSpecIssues({ value: { ...spec, chainId: 42161, tokens: [bridged] } })).toEqual([])
  })

  it('refuses a value that is not an object', () => {
    expect(chainSpecIssues({ value: [spec] })).toEqual([
      { path: '(chain)', message: 'must be an object (a chain spec)' },
    ])
  })
})

describe('parseChainSpec()', () => {
  it('returns a chain spec as it is', () => {
    const value: unknown = JSON.parse(JSON.stringify(spec))
    expect(parseChainSpec(value)).toBe(value)
  })

  it('throws InvalidChainSpecError with every issue', () => {
    const value = { ...spec, name: '', tokens: [{ ...token, address: 'WETH' }] }
    expect(() => parseChainSpec(value, 'chains[1]')).toThrow(InvalidChainSpecError)
    expect(() => parseChainSpec(value, 'chains[1]')).toThrow(
      'Invalid chain spec: chains[1].name: must be a non-empty string (and 1 more)',
    )
  })
})
