import type { DevnetManifest } from '@xmargin/devnet'
import { describe, expect, it } from 'vitest'
import { DEVNET_BLOCK_TIME_SECONDS, devnetChainSettings } from '../src/runtime/devnet-settings.js'

const manifest = (blockTimeSeconds?: number): DevnetManifest => ({
  chains: [
    { chainId: 1, name: 'ethereum', rpcUrl: 'http://127.0.0.1:1' },
    { chainId: 8453, name: 'base', rpcUrl: 'http://127.0.0.1:2' },
  ] as DevnetManifest['chains'],
  wallets: [],
  blockTimeSeconds,
})

describe('devnetChainSettings()', () => {
  it("gives every devnet chain a maxLagSeconds from the manifest's block time: 15 blocks (≥ 30 s), an hour when mining per transaction", () => {
    const lags = (m: DevnetManifest) => devnetChainSettings(m).map((s) => s.maxLagSeconds)
    expect(lags(manifest(DEVNET_BLOCK_TIME_SECONDS))).toEqual([30, 30])
    expect(lags(manifest(12))).toEqual([180, 180])
    expect(lags(manifest(undefined))).toEqual([3600, 3600])
  })
})
