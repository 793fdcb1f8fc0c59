import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { artifactsDir, ensureContractsCompiled } from '../build/compile-contracts.js'
import { DevnetError } from '../errors.js'
import type { ContractArtifact } from './deploy-contract.js'

const require = createRequire(import.meta.url)

/**
 * Reads a contract compiled by solc-js from `artifacts/`, compiling the project's contracts first
 * when they are missing or outdated (see `ensureContractsCompiled`).
 *
 * @example
 * const feed = loadProjectArtifact('DevnetPriceFeed')
 */
export function loadProjectArtifact(contractName: string): ContractArtifact {
  ensureContractsCompiled()
  const path = join(artifactsDir, `${contractName}.json`)
  if (!existsSync(path)) {
    throw new DevnetError(`No compiled artifact for ${contractName}.`, {
      details: `No contract named ${contractName} under packages/devnet/contracts or Morpho Blue's sources.`,
    })
  }
  return JSON.parse(readFileSync(path, 'utf8')) as ContractArtifact
}

/**
 * Reads a Hardhat artifact shipped inside an npm package, e.g.
 * `@aave/core-v3/artifacts/contracts/protocol/pool/Pool.sol/Pool.json`.
 *
 * @example
 * const pool = loadPackageArtifact('@aave/core-v3/artifacts/contracts/protocol/pool/Pool.sol/Pool.json')
 */
export function loadPackageArtifact(specifier: string): ContractArtifact {
  let path: string
  try {
    path = require.resolve(specifier)
  } catch (cause) {
    throw new DevnetError(`Artifact ${specifier} not found.`, { cause })
  }
  return JSON.parse(readFileSync(path, 'utf8')) as ContractArtifact
}
