import {
  ApiSettingsError,
  type CreateAttestationSignerParameters,
  createAttestationSigner,
} from '@xmargin/api'
import type { ResolvedAttestationSettings } from '@xmargin/config'
import { type Hex, isHex } from 'viem'
import { CliError, exitCodes } from '../errors.js'

/**
 * The attestation signer key from the environment (never from a file): a 32-byte hex private key,
 * or undefined when the variable is unset (attestations are then null).
 *
 * @example
 * const signerKey = signerKeyFromEnv('XMARGIN_ATTESTATION_KEY')
 */
export function signerKeyFromEnv(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Hex | undefined {
  const value = env[name]
  if (!value) return undefined
  if (!isHex(value) || value.length !== 66)
    throw new CliError(`${name} is not a 32-byte hex private key (0x + 64 hex digits).`, {
      exitCode: exitCodes.config,
    })
  return value
}

/**
 * How `serve`/`start` sign attestations: the key from `signerKeyEnv`, the config's deployment id
 * (required to sign: it names the deployment in the EIP-712 domain), verifying chain id and published
 * signer (a config that publishes a signer needs its key, and that key). Undefined when no key is set.
 *
 * @example
 * const attestation = attestationFromConfig(config.attestation) // { privateKey, deploymentId: 'acme-mainnet', … }
 */
export function attestationFromConfig(
  settings: ResolvedAttestationSettings,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CreateAttestationSignerParameters | undefined {
  const privateKey = signerKeyFromEnv(settings.signerKeyEnv, env)
  if (!privateKey) {
    if (settings.signer)
      throw new CliError(
        `attestation.signer is ${settings.signer} but ${settings.signerKeyEnv} is not set: this deployment publishes a signer, so it needs its key.`,
        { exitCode: exitCodes.config },
      )
    return undefined
  }
  if (!settings.deploymentId)
    throw new CliError(
      `${settings.signerKeyEnv} is set but attestation.deploymentId is not: set it in the config (it names this deployment in the EIP-712 domain).`,
      { exitCode: exitCodes.config },
    )
  const parameters = {
    privateKey,
    deploymentId: settings.deploymentId,
    chainId: settings.chainId,
    expectedSigner: settings.signer,
  }
  // A key that is not the published signer fails here (exit 3), --dry-run included.
  try {
    createAttestationSigner(parameters)
  } catch (error) {
    if (error instanceof ApiSettingsError)
      throw new CliError(`attestation.signer: ${error.shortMessage}`, { exitCode: exitCodes.config })
    throw error
  }
  return parameters
}
