import { describe, expect, it } from 'vitest'
import { CascadeScopeError, protocolsHash, readCascadeLink } from './protocols-address.js'

describe('protocolsHash() and readCascadeLink()', () => {
  it('writes the wallets, the model and the cascade into the address, the shock encoded', () => {
    expect(
      protocolsHash({
        addresses: ['0xa', '0xb'],
        model: 'PORTFOLIO',
        cascade: { shock: 'ETH=-25%, BTC -10', scope: 'listed' },
      }),
    ).toBe('#/protocols?wallets=0xa,0xb&model=PORTFOLIO&shock=ETH%3D-25%25%2C%20BTC%20-10&scope=listed')
    expect(protocolsHash({ addresses: [], model: 'ES', cascade: undefined })).toBe('#/protocols?model=ES')
  })
  it('reads back the cascade it wrote', () => {
    const cascade = { shock: 'ETH=-25%, BTC -10', scope: 'listed' } as const
    const query = protocolsHash({ addresses: ['0xa'], model: 'PORTFOLIO', cascade }).split('?')[1]
    expect(readCascadeLink(new URLSearchParams(query))).toEqual(cascade)
  })
  it('takes every tracked wallet when the scope is left out, and no cascade without a shock', () => {
    expect(readCascadeLink(new URLSearchParams('shock=ETH%3D-25%25'))).toEqual({
      shock: 'ETH=-25%',
      scope: 'all',
    })
    expect(readCascadeLink(new URLSearchParams('wallets=0xa&scope=listed'))).toBeUndefined()
  })
  it('refuses an unknown scope, naming the valid ones', () => {
    expect(() => readCascadeLink(new URLSearchParams('shock=ETH%3D-25%25&scope=some'))).toThrow(
      new CascadeScopeError('Unknown cascade scope "some": use all or listed.'),
    )
  })
})
