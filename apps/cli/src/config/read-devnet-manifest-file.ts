import { existsSync, readFileSync } from 'node:fs'
import { CliError, exitCodes } from '../errors.js'
import type { DevnetManifestFile } from './config-from-devnet.js'

/**
 * Reads the manifest a running `xmargin dev` writes (a JSON data file; `@xmargin/devnet` is not
 * imported), checking the parts `init --from-devnet` reads: chains with an id, a name, an RPC URL,
 * contracts and tokens, and the demo wallets. No file: exit 4 (no devnet running); a file of
 * another shape: exit 1 naming what is wrong.
 *
 * @example
 * const manifest = readDevnetManifestFile('.xmargin/devnet.json')
 */
export function readDevnetManifestFile(path: string): DevnetManifestFile {
  if (!existsSync(path))
    throw new CliError(`No running devnet: ${path} not found.`, {
      details: 'Start `xmargin dev` (pnpm dev) first, or pass --manifest <path>.',
      exitCode: exitCodes.unavailable,
    })
  let manifest: unknown
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new CliError(`${path} is not JSON.`, { cause: error })
  }
  const problem = shapeProblem(manifest)
  if (problem) throw new CliError(`${path} is not a devnet manifest: ${problem}.`)
  return manifest as DevnetManifestFile
}

function shapeProblem(manifest: unknown): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
  if (!isObject(manifest)) return 'not an object'
  if (!Array.isArray(manifest.chains) || manifest.chains.length === 0) return 'no chains'
  for (const [i, chain] of manifest.chains.entries()) {
    if (!isObject(chain)) return `chains[${i}] is not an object`
    if (
      typeof chain.chainId !== 'number' ||
      typeof chain.name !== 'string' ||
      typeof chain.rpcUrl !== 'string'
    )
      return `chains[${i}] needs chainId, name and rpcUrl`
    if (!isObject(chain.contracts) || typeof chain.contracts.multicall3 !== 'string')
      return `chains[${i}].contracts needs multicall3`
    if (!Array.isArray(chain.tokens)) return `chains[${i}].tokens is not a list`
  }
  if (!Array.isArray(manifest.wallets)) return 'no wallets list'
  for (const [i, wallet] of manifest.wallets.entries())
    if (!isObject(wallet) || typeof wallet.name !== 'string' || typeof wallet.address !== 'string')
      return `wallets[${i}] needs name and address`
  return undefined
}
