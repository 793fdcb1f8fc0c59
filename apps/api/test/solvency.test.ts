import { verifyTypedData } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attestationTypes } from '../src/attestation.js'
import { graphql } from '../src/graphql/graphql.js'
import { gql } from './support/graphql-client.js'
import { type ApiFixture, signerKey, startApiFixture, T0, wallets } from './support/store-fixture.js'

const QUERY = graphql(`query ($a: [Address!]!, $max: Int, $min: Decimal = "1.2") {
  solvency(addresses: $a, minHealth: $min, maxAgeSeconds: $max) {
    address verdict health reasons oldestInputAgeSeconds blocks { chainId blockNumber blockHash }
    attestation { signer signature typedData message { wallet verdict health } }
  }
}`)

describe('solvency', () => {
  let f: ApiFixture
  beforeAll(async () => {
    f = await startApiFixture()
  })
  afterAll(async () => {
    await f.close()
  })

  it('signs an attestation that viem verifies, and that fails when one field is altered', async () => {
    const res = await gql(f.url, QUERY, { a: [wallets.hedge, wallets.empty] })
    expect(res.errors).toBeUndefined()
    const [hedge, empty] = res.data!.solvency
    expect(hedge!.verdict).toBe('SOLVENT')
    // Not tracked, and no indexer in this server to track it: never answered as a solvent empty book.
    expect(empty!.verdict).toBe('UNKNOWN')
    expect(empty!.reasons).toEqual([`not-tracked:${wallets.empty.toLowerCase()}`])
    // Null only when the server has no attestation key (SDL); this fixture has one.
    const attestation = hedge!.attestation!
    expect(empty!.attestation!.typedData).toContain('"verdict":"UNKNOWN"')
    expect(attestation.signer).toBe(privateKeyToAddress(signerKey))
    const typed = JSON.parse(attestation.typedData) as {
      domain: { name: string; version: string }
      types: typeof attestationTypes
      primaryType: 'Solvency'
      message: Record<string, unknown>
    }
    expect(typed.types).toEqual(JSON.parse(JSON.stringify(attestationTypes)))
    const verify = (message: Record<string, unknown>) =>
      verifyTypedData({
        // The published signer, pinned (never the answer's own `signer`).
        address: privateKeyToAddress(signerKey),
        domain: typed.domain,
        types: attestationTypes,
        primaryType: 'Solvency',
        message: message as never,
        signature: attestation.signature as `0x${string}`,
      })
    expect(await verify(typed.message)).toBe(true)
    expect(await verify({ ...typed.message, verdict: 'INSOLVENT' })).toBe(false)
    expect(await verify({ ...typed.message, health: '9.9' })).toBe(false)
    const blocks = typed.message.blocks as { chainId: string; blockNumber: string; blockHash: string }[]
    // Every chain's pinned block number and hash is signed, so a verifier can check the cut is
    // canonical on each chain (the window before a reorg is detected, see the README).
    expect(blocks).toEqual(
      hedge!.blocks.map((b) => ({
        chainId: String(b.chainId),
        blockNumber: String(b.blockNumber),
        blockHash: b.blockHash,
      })),
    )
    expect(blocks.map((b) => b.chainId)).toEqual(['1', '42161'])
    const otherHash = `0x${'ab'.repeat(32)}`
    expect(
      await verify({
        ...typed.message,
        blocks: [{ ...blocks[0], blockHash: otherHash }, ...blocks.slice(1)],
      }),
    ).toBe(false)
    expect(
      await verify({ ...typed.message, blocks: [{ ...blocks[0], blockNumber: '2' }, ...blocks.slice(1)] }),
    ).toBe(false)
  })

  it('is never SOLVENT when an input is older than maxAgeSeconds', async () => {
    const fresh = await gql(f.url, QUERY, { a: [wallets.hedge], max: 60 })
    expect(fresh.data!.solvency[0]!.verdict).toBe('SOLVENT')
    const old = await gql(f.url, QUERY, { a: [wallets.hedge], max: 10 })
    expect(old.data!.solvency[0]!.verdict).toBe('UNKNOWN')
    expect(old.data!.solvency[0]!.reasons).toEqual(['older-than-max-age:29>10'])
  })

  it('is UNKNOWN when the chains are stale, and INSOLVENT below minHealth on fresh data', async () => {
    const risky = await gql(f.url, QUERY, { a: [wallets.risky], min: '1.5' })
    expect(Number(risky.data!.solvency[0]!.health)).toBeLessThan(1.5)
    expect(risky.data!.solvency[0]!.verdict).toBe('INSOLVENT')
    f.clock.now = T0 + 10_000
    try {
      const stale = await gql(f.url, QUERY, { a: [wallets.hedge] })
      expect(stale.data!.solvency[0]!.verdict).toBe('UNKNOWN')
    } finally {
      f.clock.now = T0 + 30
    }
  })

  it('reads 1,000 wallets with one store call for positions (no N+1)', async () => {
    const counted = await startApiFixture()
    const getPositions = counted.store.getPositions
    let calls = 0
    counted.store.getPositions = (p) => {
      calls += 1
      return getPositions(p)
    }
    try {
      const many = Array.from({ length: 1000 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
      const res = await gql(
        counted.url,
        graphql(
          `query ($a: [Address!]!, $hedge: [Address!]!, $risky: Address!) { solvency(addresses: $a) { verdict } margin(addresses: $hedge) { status } w: wallet(address: $risky) { positions { key } } }`,
        ),
        { a: many, hedge: [wallets.hedge], risky: wallets.risky },
      )
      expect(res.errors).toBeUndefined()
      expect(calls).toBe(1)
    } finally {
      await counted.close()
    }
  })
})
