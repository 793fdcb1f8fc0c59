import { getAddress, type Hex, hashTypedData, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { type AttestationMessage, attestationDomain, attestationTypes } from './attestation.js'
import { attestationDigest, attestationDomainSeparator, signAttestations } from './attestation-digest.js'

const privateKey: Hex = keccak256(toHex('attestation digest test'))
const messages: AttestationMessage[] = [
  {
    wallet: '0x1111111111111111111111111111111111111111',
    verdict: 'SOLVENT',
    health: '1.234567',
    minHealth: '1',
    maxAgeSeconds: 300n,
    model: 'portfolio',
    checkedAt: 1_800_000_000n,
    blocks: [
      { chainId: 1n, blockNumber: 95n, blockHash: keccak256(toHex('block 95')) },
      { chainId: 42161n, blockNumber: 2n ** 64n, blockHash: keccak256(toHex('block x')) },
    ],
  },
  // Unbounded health, no age limit, nothing indexed, a non-ASCII model name.
  {
    wallet: getAddress('0xabcdef0000000000000000000000000000000001'),
    verdict: 'UNKNOWN',
    health: '',
    minHealth: '1.5',
    maxAgeSeconds: 0n,
    model: 'ès',
    checkedAt: 0n,
    blocks: [],
  },
]
const domains = [
  attestationDomain({ deploymentId: 'test' }),
  attestationDomain({ deploymentId: 'acme-mainnet', chainId: 8453 }),
]

describe('attestationDigest()', () => {
  it('equals viem hashTypedData over attestationTypes, with and without a domain chainId', () => {
    for (const domain of domains)
      for (const message of messages)
        expect(attestationDigest(attestationDomainSeparator(domain), message)).toBe(
          hashTypedData({ domain, types: attestationTypes, primaryType: 'Solvency', message }),
        )
  })
})

describe('signAttestations()', () => {
  it("signs each message exactly as viem's signTypedData", async () => {
    const account = privateKeyToAccount(privateKey)
    for (const domain of domains) {
      const signatures = await signAttestations({ privateKey, domain, messages })
      expect(signatures).toEqual(
        await Promise.all(
          messages.map((message) =>
            account.signTypedData({ domain, types: attestationTypes, primaryType: 'Solvency', message }),
          ),
        ),
      )
    }
  })
})
