import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore, type Store } from '@xmargin/store'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../src/errors.js'
import { createRequestLoaders, isChainChangedError } from '../src/service/request-loaders.js'
import { commitFixtureBlock, seedFixture, wallets } from './support/store-fixture.js'

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())
async function seeded(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-changed-'))
  const store = createStore({ path: join(dir, 'xmargin.db') })
  cleanup = () => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
  await seedFixture(store)
  return store
}

describe('a chain that changes during a request', () => {
  it('a rollback between the heads and the positions fails the read with STALE_DATA, never mixes forks', async () => {
    const store = await seeded()
    await commitFixtureBlock(store, 1, 2, 3000n)
    const loaders = createRequestLoaders({ store, chainIds: [1, 42161] })
    const { pins } = await loaders.heads()
    expect(pins.find((p) => p.chainId === 1)).toMatchObject({ blockNumber: 2 })
    // The indexer rolls chain 1 back to block 1 after this request read its heads.
    await store.rollbackTo({ chainId: 1, blockNumber: 1 })
    const error = await loaders.positions.load(wallets.hedge.toLowerCase()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'STALE_DATA' })
    expect(isChainChangedError(error)).toBe(true)
    await expect(loaders.prices()).rejects.toMatchObject({ code: 'STALE_DATA' })
    // A new request reads the new heads.
    const again = createRequestLoaders({ store, chainIds: [1, 42161] })
    expect(await again.positions.load(wallets.hedge.toLowerCase())).toHaveLength(3)
  })
})
