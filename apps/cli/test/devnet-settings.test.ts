import { defaultChainFinality } from '@xmargin/core'
import { type DevnetManifest, devnetChainFinality } from '@xmargin/devnet'
import { describe, expect, it } from 'vitest'
import { CliError } from '../src/errors.js'
import {
  DEVNET_BLOCK_TIME_SECONDS,
  devnetChainSettings,
  webSocketUrlOf,
} from '../src/runtime/devnet-settings.js'

const manifest = (blockTimeSeconds?: number): DevnetManifest => ({
  chains: [
    { chainId: 1, name: 'ethereum', rpcUrl: 'http://127.0.0.1:1', finality: devnetChainFinality },
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

  it('follows each chain at the finality its spec states (the devnet writes 10 blocks, no finalized tag), the default where it states none', () => {
    const finality = devnetChainSettings(manifest()).map((s) => [s.finalityDepth, s.useFinalizedTag])
    expect(finality).toEqual([
      [10, false],
      [defaultChainFinality.finalityDepth, defaultChainFinality.useFinalizedTag],
    ])
    expect(devnetChainFinality).toEqual({ finalityDepth: 10, useFinalizedTag: false })
  })
})

describe('webSocketUrlOf()', () => {
  it('follows an http RPC URL over ws and an https one over wss, same host, port and path', () => {
    expect(webSocketUrlOf('http://127.0.0.1:8545')).toBe('ws://127.0.0.1:8545')
    expect(webSocketUrlOf('https://rpc.example/v1/key')).toBe('wss://rpc.example/v1/key')
    expect(devnetChainSettings(manifest(2)).map((chain) => chain.webSocketUrl)).toEqual([
      'ws://127.0.0.1:1',
      'ws://127.0.0.1:2',
    ])
  })

  it('refuses an RPC URL that is not http(s) instead of writing a webSocketUrl that is not one', () => {
    expect(() => webSocketUrlOf('ipc:///tmp/anvil.ipc')).toThrow(CliError)
    expect(() => webSocketUrlOf('httpx://127.0.0.1:1')).toThrow("The devnet chain's RPC URL is not http(s)")
  })
})
