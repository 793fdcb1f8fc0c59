import '@xmargin/devnet/vitest/global-setup'
import { getAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

const manifest = inject('devnetManifest')

const BOTH_MODELS = graphql(`query ($a: [Address!]!) {
  derive: margin(addresses: $a, model: DERIVE_PMRM) { ...Figures }
  portfolio: margin(addresses: $a) { ...Figures }
}
fragment Figures on MarginReport {
  model statusReasons equity initialMargin maintenanceMargin positions { id kind asset contribution } excluded { id reason }
}`)

describe('margin(model: DERIVE_PMRM) over the devnet', () => {
  let f: DevnetApiFixture
  beforeAll(async () => {
    f = await startDevnetApi(manifest)
  })
  afterAll(async () => {
    await f?.close()
  })

  it("margins the short-strangle wallet's options and USDC as a Derive subaccount and excludes its WETH", async () => {
    const address = getAddress(manifest.wallets.find((w) => w.name === 'short-strangle')!.address)
    const res = await gql(f.url, BOTH_MODELS, { a: [address] })
    expect(res.errors).toBeUndefined()
    const { derive, portfolio } = res.data!
    expect(derive.model).toBe('DERIVE_PMRM')
    // Two written options: a positive requirement, IM above MM (imFactor 1 > mmFactor 0.8).
    expect(Number(derive.maintenanceMargin)).toBeGreaterThan(0)
    expect(Number(derive.initialMargin)).toBeGreaterThan(Number(derive.maintenanceMargin))
    expect(derive.positions.filter((p) => p.kind === 'OPTION')).toHaveLength(2)
    // The 2 WETH held on base have no Derive counterpart here: excluded, with the reason.
    const weth = portfolio.positions.filter((p) => p.asset === 'WETH').map((p) => p.id)
    expect(weth.length).toBeGreaterThan(0)
    for (const id of weth) expect(derive.excluded).toContainEqual({ id, reason: 'not-modelled' })
    // Contributions add up to the figure (the API allocates cents exactly).
    const cents = derive.positions.reduce((total, p) => total + Math.round(Number(p.contribution) * 100), 0)
    expect(cents).toBe(Math.round(Number(derive.initialMargin) * 100))
    // Without an implied vol source the options' expiries are reported, never silently priced.
    for (const reason of derive.statusReasons) expect(reason).toMatch(/^missing-volatility:/)
  })
})
