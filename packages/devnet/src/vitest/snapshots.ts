import { createTestClient, http } from 'viem'
import { afterEach, beforeEach } from 'vitest'
import { revertSnapshot } from '../actions/revert-snapshot.js'
import type { DevnetManifest } from '../manifest.js'

/**
 * Takes an `evm_snapshot` of every chain before each test and reverts to it after, so tests that
 * send transactions leave the devnet as they found it.
 *
 * @example
 * const manifest = inject('devnetManifest')
 * useDevnetSnapshots(manifest)
 */
export function useDevnetSnapshots(manifest: DevnetManifest): void {
  const clients = manifest.chains.map((chain) =>
    createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl), cacheTime: 0 }),
  )
  let ids: `0x${string}`[] = []
  beforeEach(async () => {
    ids = await Promise.all(clients.map((client) => client.snapshot()))
  })
  afterEach(async () => {
    await Promise.all(clients.map((client, i) => revertSnapshot({ client, id: ids[i] as `0x${string}` })))
  })
}
