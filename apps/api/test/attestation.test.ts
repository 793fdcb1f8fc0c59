import { type Hex, keccak256, toHex, verifyTypedData } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { attestationTypes } from '../src/attestation.js'
import { createApiServer } from '../src/create-api-server.js'
import { ApiSettingsError } from '../src/errors.js'
import { graphql } from '../src/graphql/graphql.js'
import { gql } from './support/graphql-client.js'
import {
  type ApiFixture,
  fixtureChains,
  signerKey,
  startApiFixture,
  wallets,
} from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0] = {}) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

/** The signer the test deployment publishes (what a verifier pins, out of band). */
const publishedSigner = privateKeyToAddress(signerKey)
/** Someone else's key: an impostor server signs with it and names itself as the signer. */
const impostorKey: Hex = keccak256(toHex('xmargin api test impostor'))

type Typed = {
  domain: { name: string; version: string; chainId?: number }
  primaryType: 'Solvency'
  message: Record<string, unknown>
}
type Answer = { signer: `0x${string}`; signature: Hex; domainChainId: number | null; typed: Typed }

async function attestationOf(url: string): Promise<Answer> {
  const res = await gql(
    url,
    graphql(
      `query ($a: [Address!]!) { solvency(addresses: $a) { attestation { signer signature typedData domainChainId } } }`,
    ),
    { a: [wallets.hedge] },
  )
  expect(res.errors).toBeUndefined()
  // Null only when the server has no attestation key (SDL); every server here has one.
  const { typedData, signer, signature, domainChainId } = res.data!.solvency[0]!.attestation!
  return {
    signer: signer as `0x${string}`,
    signature: signature as Hex,
    domainChainId,
    typed: JSON.parse(typedData) as Typed,
  }
}

/** What the README tells a verifier to do: the published signer and domain pinned, never taken from the answer. */
const verifyPinned = (answer: Answer, domain: Typed['domain'] = { name: 'xmargin/test', version: '2' }) =>
  verifyTypedData({
    address: publishedSigner,
    domain,
    types: attestationTypes,
    primaryType: 'Solvency',
    message: answer.typed.message as never,
    signature: answer.signature,
  })

describe('attestations a verifier can trust', () => {
  it('the deployment publishes its signer and domain (attestationSigner)', async () => {
    const f = await start()
    const res = await gql(
      f.url,
      '{ attestationSigner { address deploymentId domainName domainVersion domainChainId } }',
    )
    expect(res.data).toEqual({
      attestationSigner: {
        address: publishedSigner,
        deploymentId: 'test',
        domainName: 'xmargin/test',
        domainVersion: '2',
        domainChainId: null,
      },
    })
    const unsigned = await start({ attestation: undefined })
    expect((await gql(unsigned.url, '{ attestationSigner { address } }')).data).toEqual({
      attestationSigner: null,
    })
  })

  it('the EIP-712 domain names the deployment, and the answer verifies against the published signer', async () => {
    const f = await start()
    const answer = await attestationOf(f.url)
    expect(answer.typed.domain).toEqual({ name: 'xmargin/test', version: '2' })
    expect(await verifyPinned(answer)).toBe(true)
  })

  it('an impostor that signs with its own key and names itself fails against the published signer', async () => {
    const impostor = await start({ attestation: { privateKey: impostorKey, deploymentId: 'test' } })
    const answer = await attestationOf(impostor.url)
    // Trusting the answer's own `signer` (the old README) would accept it:
    expect(answer.signer).toBe(privateKeyToAddress(impostorKey))
    expect(
      await verifyTypedData({
        address: answer.signer,
        domain: answer.typed.domain,
        types: attestationTypes,
        primaryType: 'Solvency',
        message: answer.typed.message as never,
        signature: answer.signature,
      }),
    ).toBe(true)
    // Pinning the published signer refuses it, also when the impostor names the real signer.
    expect(await verifyPinned(answer)).toBe(false)
    expect(await verifyPinned({ ...answer, signer: publishedSigner })).toBe(false)
  })

  it("another deployment's attestation (same key) fails against this deployment's domain", async () => {
    const staging = await start({ attestation: { privateKey: signerKey, deploymentId: 'staging' } })
    const answer = await attestationOf(staging.url)
    expect(answer.typed.domain.name).toBe('xmargin/staging')
    expect(await verifyPinned(answer)).toBe(false)
    expect(await verifyPinned(answer, { name: 'xmargin/staging', version: '2' })).toBe(true)
  })

  it('a configured verifying chain id is in the domain', async () => {
    const f = await start({ attestation: { privateKey: signerKey, deploymentId: 'test', chainId: 10 } })
    const answer = await attestationOf(f.url)
    expect(answer.typed.domain).toEqual({ name: 'xmargin/test', version: '2', chainId: 10 })
    expect(answer.domainChainId).toBe(10)
    expect(await verifyPinned(answer, { name: 'xmargin/test', version: '2', chainId: 10 })).toBe(true)
    expect(await verifyPinned(answer, { name: 'xmargin/test', version: '2', chainId: 1 })).toBe(false)
  })

  it('refuses to start with a key that is not the published signer', async () => {
    const f = await start()
    const create = (expectedSigner: `0x${string}`) =>
      createApiServer({
        store: f.store,
        chains: fixtureChains(),
        attestation: { privateKey: impostorKey, deploymentId: 'test', expectedSigner },
      })
    expect(() => create(publishedSigner)).toThrow(ApiSettingsError)
    expect(() => create(publishedSigner)).toThrow(`not as the published signer ${publishedSigner}`)
    expect(() => create(privateKeyToAddress(impostorKey))).not.toThrow()
  })
})
