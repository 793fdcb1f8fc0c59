import { type Address, getAddress, type Hex, isAddressEqual, type LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { SignAttestationsParameters } from './attestation-digest.js'
import { ApiSettingsError } from './errors.js'
import type { SolvencyView } from './service/solvency.js'

/**
 * The EIP-712 domain of a deployment's attestations: `name` is `xmargin/<deploymentId>`, so an
 * attestation of one deployment never verifies as another's (staging and production, two operators);
 * `chainId` only when the deployment names the chain of the venue that verifies them (an attestation
 * spans chains: each block names its own).
 */
export type AttestationDomain = { name: string; version: '2'; chainId?: number }

/** Parameters of {@link attestationDomain}. */
export type AttestationDomainParameters = {
  /** The deployment's id (`attestation.deploymentId` in the config; `dev` under `xmargin dev`). */
  deploymentId: string
  /** Chain id of the verifying venue, when there is one. */
  chainId?: number | undefined
}

/**
 * The EIP-712 domain a deployment signs under.
 *
 * @example
 * attestationDomain({ deploymentId: 'acme-mainnet' }) // { name: 'xmargin/acme-mainnet', version: '2' }
 * attestationDomain({ deploymentId: 'acme-mainnet', chainId: 1 }) // { …, chainId: 1 }
 */
export function attestationDomain(parameters: AttestationDomainParameters): AttestationDomain {
  const { deploymentId, chainId } = parameters
  return {
    name: `xmargin/${deploymentId}`,
    version: '2',
    ...(chainId === undefined ? {} : { chainId }),
  }
}

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
  domain: AttestationDomain
  primaryType: 'Solvency'
  message: AttestationMessage
}

/** Signs attestations with one key, under one deployment's domain. */
export type AttestationSigner = {
  address: `0x${string}`
  deploymentId: string
  domain: AttestationDomain
  /** Signs one answer on the calling thread (the API signs batches on the engine pool: `attestTask`). */
  sign: (solvency: SolvencyView) => Promise<Attestation>
  /**
   * The engine task that signs `messages` (see `createAttestationLoader`): it carries the key to the
   * engine's worker thread, inside this process.
   */
  attestTask: (messages: readonly AttestationMessage[]) => {
    kind: 'attest'
    input: SignAttestationsParameters
  }
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

/** Parameters of {@link createAttestationSigner}. */
export type CreateAttestationSignerParameters = AttestationDomainParameters & {
  privateKey: Hex
  /** The signer address the deployment publishes: a key that is not it is an {@link ApiSettingsError}. */
  expectedSigner?: Address | undefined
}

/**
 * Creates the attestation signer from a private key (the CLI reads it from `XMARGIN_ATTESTATION_KEY`)
 * for one deployment. A verifier pins the deployment's published signer address and domain, never
 * the `signer` an answer names.
 *
 * @example
 * const signer = createAttestationSigner({ privateKey: process.env.XMARGIN_ATTESTATION_KEY as Hex, deploymentId: 'acme-mainnet' })
 * const attestation = await signer.sign(solvency)
 * await verifyTypedData({ address: publishedSigner, ...attestation, types: attestationTypes })
 */
export function createAttestationSigner(parameters: CreateAttestationSignerParameters): AttestationSigner {
  const account: LocalAccount = privateKeyToAccount(parameters.privateKey)
  const { expectedSigner } = parameters
  if (expectedSigner && !isAddressEqual(expectedSigner, account.address))
    throw new ApiSettingsError(
      `The attestation key signs as ${account.address}, not as the published signer ${getAddress(expectedSigner)}.`,
    )
  const domain = attestationDomain(parameters)
  return {
    address: account.address,
    deploymentId: parameters.deploymentId,
    domain,
    async sign(solvency) {
      const message = attestationMessage(solvency)
      const signature = await account.signTypedData({
        domain,
        types: attestationTypes,
        primaryType: 'Solvency',
        message,
      })
      return {
        signer: account.address,
        signature,
        domain,
        primaryType: 'Solvency',
        message,
      }
    },
    attestTask: (messages) => ({
      kind: 'attest',
      input: { privateKey: parameters.privateKey, domain, messages },
    }),
  }
}
