import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DevnetError } from './errors.js'
import { type DevnetManifest, readManifest, writeManifest } from './manifest.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-devnet-manifest-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const a = (digit: string) => `0x${digit.repeat(40)}` as const
const manifest: DevnetManifest = {
  chains: [
    {
      chainId: 1,
      name: 'ethereum',
      rpcUrl: 'http://127.0.0.1:1',
      finality: { finalityDepth: 10, useFinalizedTag: false },
      contracts: { multicall3: a('1') },
      tokens: [{ symbol: 'WETH', address: a('2'), decimals: 18, feed: a('3') }],
    },
  ],
  wallets: [
    { name: 'alice', address: a('4'), privateKey: `0x${'5'.repeat(64)}`, description: 'a demo wallet' },
  ],
}

function errorOf(path: string): DevnetError {
  try {
    readManifest(path)
  } catch (error) {
    if (error instanceof DevnetError) return error
    throw error
  }
  throw new Error('expected a DevnetError')
}

describe('readManifest()', () => {
  it('reads back what writeManifest wrote', () => {
    const path = join(dir, 'devnet.json')
    writeManifest(manifest, path)
    expect(readManifest(path)).toEqual(manifest)
  })

  it.each([
    ['not JSON', '{ chains: ', 'is not JSON.'],
    [
      'a token without its feed',
      JSON.stringify({
        ...manifest,
        chains: [{ ...manifest.chains[0], tokens: [{ symbol: 'WETH', address: a('2'), decimals: 18 }] }],
      }),
      'is not a devnet manifest: chains[0].tokens[0].feed: not an address (0x and 40 hex digits).',
    ],
    [
      'a wallet without an address',
      JSON.stringify({ ...manifest, wallets: [{ name: 'alice' }] }),
      'is not a devnet manifest: wallets[0].address: not an address (0x and 40 hex digits).',
    ],
  ])('refuses a file that is %s with a DevnetError naming the key', (_, text, message) => {
    const path = join(dir, 'bad.json')
    writeFileSync(path, text)
    expect(errorOf(path).shortMessage).toBe(`${path} ${message}`)
  })
})
