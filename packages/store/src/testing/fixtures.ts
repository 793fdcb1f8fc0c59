import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommitBlockParameters } from '../actions/commit-block.js'
import { createStore, type Store } from '../create-store.js'
import type { Address, BlockHeader, Chain, Hash } from '../types.js'

/** A deterministic 32-byte hash for a label; labels, not chains, decide the hash (two chains may share one). */
export function hashOf(label: string): Hash {
  return `0x${createHash('sha256').update(label).digest('hex')}`
}

/** A deterministic 20-byte address for a label. */
export function addressOf(label: string): Address {
  return `0x${createHash('sha256').update(`address:${label}`).digest('hex').slice(0, 40)}`
}

/**
 * A block on a fork: its hash depends on the fork label and number, its parent on the parent's fork label.
 * `header('a', 5, 'a')` extends `header('a', 4, …)`; `header('b', 5, 'a')` forks off 'a' at 4.
 */
export function header(fork: string, number: number, parentFork = fork): BlockHeader {
  return {
    number,
    hash: hashOf(`${fork}:${number}`),
    parentHash: number === 0 ? hashOf('genesis-parent') : hashOf(`${parentFork}:${number - 1}`),
    timestamp: 1_700_000_000 + number * 12,
  }
}

export const testChains: Chain[] = [
  { chainId: 31337, name: 'local-a', finalityDepth: 30, useFinalizedTag: false },
  { chainId: 31338, name: 'local-b', finalityDepth: 30, useFinalizedTag: false },
]

export type TempStore = { store: Store; path: string; dir: string; reopen: () => Store; dispose: () => void }

/** A store on a fresh SQLite file in its own temp dir, with the test chains registered and a fixed clock. */
export async function createTempStore(name = 'store'): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-store-'))
  const path = join(dir, `${name}.db`)
  const open = () => createStore({ path, now: () => 1_700_000_000_000 })
  let store = open()
  await store.upsertChains({ chains: testChains })
  return {
    get store() {
      return store
    },
    path,
    dir,
    reopen: () => {
      store.close()
      store = open()
      return store
    },
    dispose: () => {
      try {
        store.close()
      } catch {}
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type CommitInput = Omit<CommitBlockParameters, 'chainId' | 'block'>

/** Commits a list of (header, writes) on one chain in order. */
export async function commitAll(
  store: Store,
  chainId: number,
  items: readonly (readonly [BlockHeader, CommitInput])[],
): Promise<void> {
  for (const [block, input] of items) await store.commitBlock({ chainId, block, ...input })
}
