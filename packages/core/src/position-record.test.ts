import { describe, expect, test } from 'vitest'
import type { Position } from './position.js'
import {
  decodePositionRecord,
  encodePositionRecord,
  InvalidPositionRecordError,
  type PositionLocation,
  positionId,
} from './position-record.js'

const wallet = '0xabcdef0000000000000000000000000000000001'
const at = (venue: string, kind: string, key: string): PositionLocation => ({
  chainId: 42161,
  venue,
  wallet,
  kind,
  key,
  blockNumber: 77n,
})
const base = (location: PositionLocation) => ({
  id: positionId(location),
  chainId: location.chainId,
  venue: location.venue,
  wallet: location.wallet,
  blockNumber: location.blockNumber,
})

const cases: [PositionLocation, Position][] = [
  [
    at('wallet', 'spot', '0x0'),
    {
      ...base(at('wallet', 'spot', '0x0')),
      kind: 'spot',
      asset: 'ETH',
      amount: 5n * 10n ** 18n,
      decimals: 18,
    },
  ],
  [
    at('aave-v3', 'supply', '0xc1'),
    {
      ...base(at('aave-v3', 'supply', '0xc1')),
      kind: 'supply',
      asset: 'USDC',
      amount: 2n ** 200n,
      decimals: 6,
      collateral: true,
      aave: {
        ltv: 8000,
        liquidationThreshold: 8500,
        eModeCategory: 1,
        userEModeCategory: 1,
        eModeLtv: 9300,
        eModeLiquidationThreshold: 9500,
        liquidationBonus: 10500,
        eModeLiquidationBonus: 10100,
        liquidationProtocolFee: 1000,
      },
    },
  ],
  [
    at('aave-v3', 'supply', '0xc2'),
    {
      ...base(at('aave-v3', 'supply', '0xc2')),
      kind: 'supply',
      asset: 'USDC',
      amount: 7n,
      decimals: 6,
      collateral: true,
      aave: {
        ltv: 7500,
        liquidationThreshold: 7800,
        eModeCategory: 0,
        userEModeCategory: 1,
        eModeLtv: 9000,
        eModeLiquidationThreshold: 9300,
        eModeCollateral: false,
      },
    },
  ],
  [
    at('aave-v3', 'debt', '0xe1:stable'),
    {
      ...base(at('aave-v3', 'debt', '0xe1:stable')),
      kind: 'debt',
      asset: 'WETH',
      amount: 1n,
      decimals: 18,
      rateMode: 'stable',
      aave: { ltv: 0, liquidationThreshold: 0, eModeCategory: 0, userEModeCategory: 0 },
    },
  ],
  [
    at('morpho-blue', 'debt', '0xid'),
    { ...base(at('morpho-blue', 'debt', '0xid')), kind: 'debt', asset: 'USDC', amount: 9n, decimals: 6 },
  ],
  [
    at('morpho-blue', 'debt', `0x${'cd'.repeat(32)}`),
    {
      ...base(at('morpho-blue', 'debt', `0x${'cd'.repeat(32)}`)),
      kind: 'debt',
      asset: 'USDC',
      amount: 9n,
      decimals: 6,
      // The shares and market totals Morpho's liquidate converts: the cascade's exact amounts need them.
      morpho: {
        market: `0x${'cd'.repeat(32)}`,
        lltv: 860_000_000_000_000_000n,
        borrowShares: 8_999_999n,
        totalBorrowAssets: 10n ** 12n,
        totalBorrowShares: 999_999_999_999_999_999n,
      },
    },
  ],
  [
    at('morpho-blue', 'supply', `0x${'ab'.repeat(32)}:collateral`),
    {
      ...base(at('morpho-blue', 'supply', `0x${'ab'.repeat(32)}:collateral`)),
      kind: 'supply',
      asset: 'WETH',
      amount: 10n ** 18n,
      decimals: 18,
      collateral: true,
      // The venue rule's account key and LLTV: lost on the way through the store, Morpho's lines vanish.
      morpho: { market: `0x${'ab'.repeat(32)}`, lltv: 860_000_000_000_000_000n },
    },
  ],
  [
    at('perp', 'perp', 'ETH'),
    {
      ...base(at('perp', 'perp', 'ETH')),
      kind: 'perp',
      asset: 'ETH',
      amount: -(10n ** 19n),
      decimals: 18,
      entryPrice: { value: 3000n * 10n ** 18n, decimals: 18 },
      funding: { value: -12n, decimals: 18 },
    },
  ],
  [
    at('options', 'option', '0xseries'),
    {
      ...base(at('options', 'option', '0xseries')),
      kind: 'option',
      asset: 'ETH',
      amount: -(10n ** 18n),
      decimals: 18,
      right: 'put',
      strike: { value: 2500n * 10n ** 8n, decimals: 8 },
      expiry: 1_799_049_600,
    },
  ],
]

describe('position records', () => {
  test.each(cases)('decodePositionRecord(encodePositionRecord(p)) is p for %o', (location, position) => {
    const text = encodePositionRecord(position)
    expect(text).not.toMatch(/blockNumber|"id"|chainId|wallet/)
    expect(decodePositionRecord(text, location)).toStrictEqual(position)
  })

  test('encodePositionRecord() is canonical: key order and undefined fields do not change the text', () => {
    const [, position] = cases[1] as [PositionLocation, Position]
    const reordered = Object.fromEntries(Object.entries(position).reverse()) as Position
    expect(encodePositionRecord({ ...reordered, rateMode: undefined } as Position)).toBe(
      encodePositionRecord(position),
    )
  })

  test('positionId() lowercases the wallet and keeps the key as stored', () => {
    expect(positionId({ chainId: 1, venue: 'wallet', wallet: '0xABC', kind: 'spot', key: 'x' })).toBe(
      '1:wallet:0xabc:x:spot',
    )
  })

  test.each([
    ['not JSON', 'nope'],
    ['an unknown kind', '{"kind":"swap","asset":"ETH","amount":"1","decimals":18}'],
    ['a number amount', '{"kind":"spot","asset":"ETH","amount":1,"decimals":18}'],
    ['no asset', '{"kind":"spot","amount":"1","decimals":18}'],
    ['a supply without collateral flag', '{"kind":"supply","asset":"ETH","amount":"1","decimals":18}'],
    [
      'a perp without funding',
      '{"kind":"perp","asset":"ETH","amount":"1","decimals":18,"entryPrice":{"value":"1","decimals":8}}',
    ],
    [
      'an option with right "both"',
      '{"kind":"option","asset":"ETH","amount":"1","decimals":18,"right":"both","strike":{"value":"1","decimals":8},"expiry":1}',
    ],
    [
      'an Aave context with a NaN threshold',
      '{"kind":"debt","asset":"ETH","amount":"1","decimals":18,"aave":{"ltv":1,"liquidationThreshold":null,"eModeCategory":0,"userEModeCategory":0}}',
    ],
    [
      'an Aave context whose eModeCollateral is not a boolean',
      '{"kind":"debt","asset":"ETH","amount":"1","decimals":18,"aave":{"ltv":1,"liquidationThreshold":1,"eModeCategory":0,"userEModeCategory":1,"eModeCollateral":"true"}}',
    ],
    [
      'a Morpho context with shares but no market totals',
      `{"kind":"debt","asset":"USDC","amount":"1","decimals":6,"morpho":{"market":"0x${'ab'.repeat(32)}","lltv":"1","borrowShares":"5"}}`,
    ],
  ])('decodePositionRecord() rejects %s', (_, text) => {
    expect(() => decodePositionRecord(text, at('wallet', 'spot', '0x0'))).toThrow(InvalidPositionRecordError)
  })
})
