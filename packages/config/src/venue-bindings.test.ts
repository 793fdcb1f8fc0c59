import { checkAddresses, defineVenueConfig, isConfigObject } from '@xmargin/adapters'
import { defaultRiskParameters } from '@xmargin/core'
import type { Address } from 'viem'
import { describe, expect, test } from 'vitest'
import { configChainSpecs } from './config-chain-specs.js'
import { describeConfig } from './describe-config.js'
import type { ResolvedChain } from './resolved-config.js'
import { validateVenues } from './validate-venues.js'
import { venuesFromSpec } from './venues-from-spec.js'

/** A venue no file of this package knows: one binding, declared as a venue folder declares its own. */
type FakeDexConfig = { router: Address; quoter?: Address | undefined }
const fakeDex = defineVenueConfig<FakeDexConfig>()({
  key: 'fakeDex',
  contracts: { router: 'fakeDexRouter', quoter: 'fakeDexQuoter' },
  validate: (value, { at, issue }) => {
    if (!isConfigObject(value)) issue(at, 'must be { router }')
    else checkAddresses({ value, at, keys: ['router', 'quoter'], optional: ['quoter'], issue })
  },
  describe: (config) => `fake-dex (${config.quoter ? 'with' : 'no'} quoter)`,
})
const bindings = [fakeDex]
const router: Address = '0x00000000000000000000000000000000000000a1'
const multicall3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

function validated(venues: unknown) {
  const issues: string[] = []
  const valid = validateVenues({
    venues,
    knownAssets: undefined,
    issue: (path, message) => issues.push(`${path}: ${message}`),
    bindings,
  })
  return { valid, issues }
}

describe('a venue registered in a registry of its own', () => {
  test('is validated by its binding, and the venues the registry lacks are unknown', () => {
    expect(validated({ fakeDex: { router: 'nope' } }).issues).toEqual([
      'venues.fakeDex.router: not an address: nope',
    ])
    expect(validated({ aaveV3: { pool: router, oracle: router } }).issues).toEqual([
      'venues.aaveV3: unknown venue (expected one of fakeDex)',
    ])
    expect(validated({ fakeDex: { router } })).toEqual({ valid: { fakeDex: { router } }, issues: [] })
  })

  test('is described, turned into its chain spec and read back from it, without a line of its own here', () => {
    const { valid: venues } = validated({ fakeDex: { router } })
    const chain: ResolvedChain = {
      chainId: 10,
      name: 'optimism',
      rpcUrls: ['https://op.example'],
      finalityDepth: 65,
      useFinalizedTag: true,
      startBlock: undefined,
      multicall3,
      tokens: [],
      uniswapV3Pools: [],
      venues,
    }
    const config = {
      file: 'x.config.ts',
      chains: [chain],
      wallets: [],
      accounts: [],
      riskParameters: defaultRiskParameters,
    }
    const text = describeConfig({ config, bindings })
    expect(text).toMatch(/optimism \(10\): .*venues: fake-dex \(no quoter\), heads by polling$/m)

    const [spec] = configChainSpecs({ chains: [chain] }, { bindings })
    expect(spec?.contracts).toEqual({ multicall3, fakeDexRouter: router })
    expect(venuesFromSpec({ spec: spec!, bindings })).toEqual({ fakeDex: { router } })
  })
})
