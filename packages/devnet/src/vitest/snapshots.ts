import { createTestClient, http } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { revertSnapshot } from '../actions/revert-snapshot.js'
import type { DevnetManifest } from '../manifest.js'

/** Options of {@link useDevnetSnapshots}. */
export type UseDevnetSnapshotsOptions = {
  /**
   * `'test'` (default): snapshot before each test, revert after it. `'file'`: once around the file's
   * tests (for a file whose tests share state they build up, such as a running indexer).
   */
  per?: 'test' | 'file' | undefined
}

/**
 * Takes an `evm_snapshot` of every chain before each test (or before the file's tests) and reverts to
 * it after, with each chain's clock put back on the wall clock (`revertSnapshot`), so tests that send
 * transactions leave the devnet as they found it. Register it before hooks that must run inside it:
 * vitest runs `after` hooks in reverse order, so the revert comes after their cleanup.
 *
 * @example
 * const manifest = inject('devnetManifest')
 * useDevnetSnapshots(manifest)
 */
export function useDevnetSnapshots(manifest: DevnetManifest, options: UseDevnetSnapshotsOptions = {}): void {
  const clients = manifest.chains.map((chain) =>
    createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl), cacheTime: 0 }),
  )
  let ids: `0x${string}`[] = []
  const [before, after] = options.per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach]
  before(async () => {
    ids = await Promise.all(clients.map((client) => client.snapshot()))
  })
  after(async () => {
    await Promise.all(clients.map((client, i) => revertSnapshot({ client, id: ids[i] as `0x${string}` })))
  })
}
