import { getAddress, type Hex, type LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { SolvencyView } from './service/solvency.js'

/** EIP-712 domain of every attestation (no chain id: an attestation spans chains; each block names its own). */
export const attestationDomain = { name: 'xmargin', version: '1' } as const

/** EIP-712 types of a solvency attestation. Documented in the README. */
export const attestationTypes = {
  ChainBlock: [
    { name: 'chainId', type: 'uint256' },
    { name: 'blockNumber', type: 'uint256' },
    { name: 'blockHash', type: 'bytes32' },
  ],
  Solvency: [
    { name: 'wallet', type: 'address' },
    { name: 'verdict', type: 'string' },
    { name: 'health', type: 'string' },
    { name: 'minHealth', type: 'string' },
    { name: 'maxAgeSeconds', type: 'uint256' },
    { name: 'model', type: 'string' },
    { name: 'checkedAt', type: 'uint256' },
    { name: 'blocks', type: 'ChainBlock[]' },
  ],
} as const

/** The signed message: `health` is '' when unbounded, `maxAgeSeconds` 0 when not asked, unindexed chains are left out. */
export type AttestationMessage = {
  wallet: `0x${string}`
  verdict: string
  health: string
  minHealth: string
  maxAgeSeconds: bigint
  model: string
  checkedAt: bigint
  blocks: { chainId: bigint; blockNumber: bigint; blockHash: Hex }[]
}

/** A signed solvency attestation, verifiable with viem's `verifyTypedData`. */
export type Attestation = {
  signer: `0x${string}`
  signature: Hex
  domain: typeof attestationDomain
  primaryType: 'Solvency'
  message: AttestationMessage
}

/** Signs attestations with one key. */
export type AttestationSigner = {
  address: `0x${string}`
  sign: (solvency: SolvencyView) => Promise<Attestation>
}

/**
 * Builds the EIP-712 message of a solvency answer.
 *
 * @example
 * const message = attestationMessage(solvency) // { wallet: '0xAbC…', verdict: 'SOLVENT', … }
 */
export function attestationMessage(solvency: SolvencyView): AttestationMessage {
  return {
    wallet: getAddress(solvency.address),
    verdict: solvency.verdict,
    health: solvency.health ?? '',
    minHealth: solvency.minHealth,
    maxAgeSeconds: BigInt(solvency.maxAgeSeconds ?? 0),
    model: solvency.model,
    checkedAt: BigInt(solvency.checkedAt),
    blocks: solvency.blocks.flatMap((b) =>
      b.blockNumber === null || b.blockHash === null
        ? []
        : [{ chainId: BigInt(b.chainId), blockNumber: b.blockNumber, blockHash: b.blockHash }],
    ),
  }
}

/**
 * Creates the attestation signer from a private key (the CLI reads it from `XMARGIN_ATTESTATION_KEY`).
 *
 * @example
 * const signer = createAttestationSigner({ privateKey: process.env.XMARGIN_ATTESTATION_KEY as Hex })
 * const attestation = await signer.sign(solvency)
 * await verifyTypedData({ address: attestation.signer, ...attestation, types: attestationTypes })
 */
export function createAttestationSigner(parameters: { privateKey: Hex }): AttestationSigner {
  const account: LocalAccount = privateKeyToAccount(parameters.privateKey)
  return {
    address: account.address,
    async sign(solvency) {
      const message = attestationMessage(solvency)
      const signature = await account.signTypedData({
        domain: attestationDomain,
        types: attestationTypes,
        primaryType: 'Solvency',
        message,
      })
      return {
        signer: account.address,
        signature,
        domain: attestationDomain,
        primaryType: 'Solvency',
        message,
      }
    },
  }
}
