import '@xmargin/devnet/vitest/global-setup'
import { contentTables, createPostgresStore } from '@xmargin/store'
import { type PostgresServer, startPostgresServer } from '@xmargin/store/testing/postgres-server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

const manifest = inject('devnetManifest')

const MARGIN = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) {
    status statusReasons equity initialMargin isolatedInitialMargin health
    positions { id kind asset value impliedVolatility stale }
    excluded { id reason }
    venues { chainId venue wallet nativeHealth nativeHealthWad totalCollateralBase totalDebtBase }
    freshness { chainId blockNumber stale }
  }
}`)

describe('the devnet indexed into PostgreSQL (issue 17)', () => {
  let server: PostgresServer
  let sqlite: DevnetApiFixture
  let postgres: DevnetApiFixture
  // One clock for both APIs: option books decay with time, so reports compare only at the same instant.
  const now = Math.floor(Date.now() / 1000)

  beforeAll(async () => {
    server = await startPostgresServer()
    const store = await createPostgresStore({ url: await server.createDatabase('devnet') })
    postgres = await startDevnetApi(manifest, { store }, { now: () => now })
    sqlite = await startDevnetApi(manifest, {}, { now: () => now })
    // A wallet discovered on one chain is read on the others at their next block or tip read: whether
    // that happened before syncToHead returned is a race between the chains' indexers. Read every
    // tracked wallet at the tips, so both stores answer for the same wallets at the same blocks.
    for (const f of [postgres, sqlite])
      await f.indexer.readWallets((await f.store.getTrackedWallets()).map((w) => w.address))
  })
  afterAll(async () => {
    await postgres?.close()
    await sqlite?.close()
    await server?.stop()
  })

  it('stores the same content as SQLite and gives every demo wallet the same margin report', async () => {
    // Both indexed the same blocks of the same devnet: the same rows, whatever the dialect. Only which
    // chain first saw a discovered wallet may differ (the chains' indexers race), so wallets compare by
    // address and source.
    const tables = contentTables.filter((table) => table !== 'wallets')
    expect(await postgres.store.contentHash({ tables })).toBe(await sqlite.store.contentHash({ tables }))
    const walletsOf = async (f: DevnetApiFixture) =>
      (await f.store.getTrackedWallets()).map((w) => [w.address, w.source])
    expect(await walletsOf(postgres)).toEqual(await walletsOf(sqlite))
    expect(manifest.wallets.length).toBeGreaterThanOrEqual(10)
    for (const wallet of manifest.wallets) {
      const [fromPostgres, fromSqlite] = await Promise.all(
        [postgres, sqlite].map((f) => gql(f.url, MARGIN, { a: [wallet.address] })),
      )
      expect(fromPostgres?.errors, wallet.name).toBeUndefined()
      expect(fromPostgres?.data, wallet.name).toEqual(fromSqlite?.data)
      expect(fromPostgres?.data?.margin.status, wallet.name).not.toBe('UNKNOWN')
    }
  })
})
