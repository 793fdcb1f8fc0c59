import { createDevnetClient, manifestChain, manifestToken } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { erc20Abi, keccak256, toHex } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { bloomMayContain } from './logs-bloom.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)

describe('bloomMayContain()', () => {
  test("finds the token that logged a Transfer in a real block's bloom, and rules out contracts that did not", async () => {
    const chain = manifestChain(manifest, 1)
    const wallet = manifest.wallets.find((w) => w.name === 'stablecoin-only')
    if (!wallet) throw new Error('no wallet')
    const client = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: wallet.privateKey })
    const usdc = manifestToken(chain, 'USDC').address
    const hash = await client.writeContract({
      address: usdc,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [wallet.address, 1n],
    })
    const receipt = await client.waitForTransactionReceipt({ hash })
    const block = await client.getBlock({ blockHash: receipt.blockHash })
    expect(bloomMayContain(block.logsBloom as `0x${string}`, usdc)).toBe(true)
    // 200 addresses that logged nothing: a bloom with 2 items has few bits set, so almost all are ruled out.
    const absent = Array.from({ length: 200 }, (_, i) => keccak256(toHex(i)).slice(0, 42) as `0x${string}`)
    const falsePositives = absent.filter((a) => bloomMayContain(block.logsBloom as `0x${string}`, a)).length
    expect(falsePositives).toBeLessThan(5)
    // An empty bloom contains nothing.
    expect(bloomMayContain(`0x${'00'.repeat(256)}`, usdc)).toBe(false)
  })
})
