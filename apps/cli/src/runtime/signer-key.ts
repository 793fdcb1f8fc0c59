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
