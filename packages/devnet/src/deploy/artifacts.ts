import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DevnetError } from '../errors.js'
import type { ContractArtifact } from './deploy-contract.js'

const require = createRequire(import.meta.url)
const artifactsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../artifacts')

/**
 * Reads a contract compiled by `pnpm --filter @xmargin/devnet build` (solc-js) from `artifacts/`.
 *
 * @example
 * const feed = loadProjectArtifact('DevnetPriceFeed')
 */
export function loadProjectArtifact(contractName: string): ContractArtifact {
  const path = join(artifactsDir, `${contractName}.json`)
  if (!existsSync(path)) {
    throw new DevnetError(`No compiled artifact for ${contractName}.`, {
      details: 'Run `pnpm --filter @xmargin/devnet build` (solc-js compiles contracts/ into artifacts/).',
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
