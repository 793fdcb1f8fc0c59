import { existsSync, readFileSync } from 'node:fs'
import { type ChainSpecIssue, chainSpecIssues, isChainSpec } from '@xmargin/core'
import { type Address, isAddress } from 'viem'
import { CliError, exitCodes } from '../errors.js'
import type { DevnetManifestFile } from './config-from-devnet.js'

/**
 * Reads the manifest a running `xmargin dev` writes (a JSON data file; `@xmargin/devnet` is not
 * imported), checked rather than cast: every chain is a chain spec (`chainSpecIssues` from
 * `@xmargin/core`: ids, RPC URL, contracts, tokens with feeds, markets, venue data), the demo wallets
 * have a name and an address, the block time is a count of seconds. No file: exit 4 (no devnet
 * running); a file of another shape: exit 1 naming the first key that is wrong (all of them in the
 * error's details).
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
  const notManifest = (issues: readonly ChainSpecIssue[]) => {
    const [first] = issues
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    return new CliError(`${path} is not a devnet manifest: ${first?.path}: ${first?.message}${more}.`, {
      details: issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'),
    })
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
    throw notManifest([{ path: '(file)', message: 'must be an object' }])
  const chains = 'chains' in manifest ? manifest.chains : undefined
  const wallets = 'wallets' in manifest ? manifest.wallets : undefined
  const blockTimeSeconds = 'blockTimeSeconds' in manifest ? manifest.blockTimeSeconds : undefined
  const issues: ChainSpecIssue[] = []
  const demoWallets: { name: string; address: Address }[] = []
  if (!Array.isArray(chains) || chains.length === 0)
    issues.push({ path: 'chains', message: 'needs at least one chain' })
  else issues.push(...chains.flatMap((value, i) => chainSpecIssues({ value, path: `chains[${i}]` })))
  if (!Array.isArray(wallets)) issues.push({ path: 'wallets', message: 'must be a list' })
  else
    wallets.forEach((wallet: unknown, i) => {
      const name = isRecord(wallet) ? wallet.name : undefined
      const address = isRecord(wallet) ? wallet.address : undefined
      if (typeof name !== 'string' || name === '')
        issues.push({ path: `wallets[${i}].name`, message: 'must be a non-empty string' })
      if (typeof address !== 'string' || !isAddress(address, { strict: false }))
        issues.push({ path: `wallets[${i}].address`, message: 'not an address (0x and 40 hex digits)' })
      else if (typeof name === 'string') demoWallets.push({ name, address })
    })
  if (
    blockTimeSeconds !== undefined &&
    !(typeof blockTimeSeconds === 'number' && Number.isInteger(blockTimeSeconds) && blockTimeSeconds >= 0)
  )
    issues.push({ path: 'blockTimeSeconds', message: 'must be a whole number of seconds' })
  if (issues.length > 0 || !Array.isArray(chains)) throw notManifest(issues)
  return {
    chains: chains.filter(isChainSpec),
    wallets: demoWallets,
    ...(typeof blockTimeSeconds === 'number' ? { blockTimeSeconds } : {}),
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
