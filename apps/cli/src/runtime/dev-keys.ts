import { randomBytes } from 'node:crypto'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { signerKeyFromEnv } from './signer-key.js'

/** Variable holding the admin API key (mutations). */
export const ADMIN_KEY_ENV = 'XMARGIN_ADMIN_KEY'
/** Variable holding the attestation signer's private key. */
export const ATTESTATION_KEY_ENV = 'XMARGIN_ATTESTATION_KEY'

/** The deployment id of `xmargin dev`'s attestations: their EIP-712 domain is `xmargin/dev`. */
export const DEV_DEPLOYMENT_ID = 'dev'

/** The keys `xmargin dev` runs with, and whether this run generated them. */
export type DevKeys = {
  adminKey: string
  attestationKey: Hex
  /** Address of the attestation signer. */
  signer: `0x${string}`
  generated: { admin: boolean; attestation: boolean }
}

/**
 * The admin key and the attestation key of `xmargin dev`: from `XMARGIN_ADMIN_KEY` and
 * `XMARGIN_ATTESTATION_KEY` when set, otherwise generated for this run (random, printed in the
 * banner as development keys), so that `trackWallet` and signed attestations work out of the box.
 * Only `dev` does this: `start` and `serve` run without a key that is not given.
 *
 * @example
 * const keys = devKeys() // { adminKey: '5c7e…', attestationKey: '0x8b1f…', generated: { admin: true, attestation: true }, … }
 */
export function devKeys(env: Readonly<Record<string, string | undefined>> = process.env): DevKeys {
  const givenAttestation = signerKeyFromEnv(ATTESTATION_KEY_ENV, env)
  const givenAdmin = env[ADMIN_KEY_ENV] || undefined
  const attestationKey = givenAttestation ?? generatePrivateKey()
  return {
    adminKey: givenAdmin ?? randomBytes(24).toString('hex'),
    attestationKey,
    signer: privateKeyToAddress(attestationKey),
    generated: { admin: givenAdmin === undefined, attestation: givenAttestation === undefined },
  }
}
