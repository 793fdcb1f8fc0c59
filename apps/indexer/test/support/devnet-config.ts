import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DevnetManifest } from '@xmargin/devnet'

/**
 * Writes an `xmargin.config.ts` (importing `defineConfig` from '@xmargin/cli', as `xmargin init`
 * writes it) for the devnet's chains: their RPC URLs, tokens and feeds, Aave v3 and Morpho Blue
 * (the venues a config describes), from block 0 with a 10-block finality, heads by polling.
 *
 * @example
 * writeDevnetConfig({ manifest, dir, file: 'xmargin.config.ts', wallets: [address], database: 'daemon.db' })
 */
export function writeDevnetConfig(parameters: {
  manifest: DevnetManifest
  dir: string
  file: string
  wallets: readonly string[]
  database: string
  /** Each chain's RPC URL (default: the devnet's). */
  rpcUrlOf?: ((chainId: number) => string) | undefined
  /** `maxLogRange` of every chain (default: unset). */
  maxLogRange?: number | undefined
  /** `store.writerLockTimeoutSeconds` (default: unset, the indexer's 30 s). */
  writerLockTimeoutSeconds?: number | undefined
}): void {
  const { rpcUrlOf, maxLogRange, writerLockTimeoutSeconds } = parameters
  const chains = parameters.manifest.chains.map((chain) => {
    const { aavePool, aaveOracle, morpho } = chain.contracts as Record<string, string | undefined>
    const markets = (chain.morphoMarkets ?? []).map(
      (m) =>
        `{ loanToken: '${m.loanToken}', collateralToken: '${m.collateralToken}', oracle: '${m.oracle}', irm: '${m.irm}', lltv: ${m.lltv}n }`,
    )
    const venues = [
      aavePool && aaveOracle ? `aaveV3: { pool: '${aavePool}', oracle: '${aaveOracle}' }` : '',
      morpho ? `morphoBlue: { morpho: '${morpho}', markets: [${markets.join(', ')}] }` : '',
    ].filter(Boolean)
    const tokens = chain.tokens.map(
      (t) => `{ symbol: '${t.symbol}', address: '${t.address}', decimals: ${t.decimals}, feed: '${t.feed}' }`,
    )
    return `    ${chain.name}: {
      chainId: ${chain.chainId},
      rpcUrls: ['${rpcUrlOf?.(chain.chainId) ?? chain.rpcUrl}'],${maxLogRange === undefined ? '' : `\n      maxLogRange: ${maxLogRange},`}
      finality: { depth: 10, useFinalizedTag: false },
      startBlock: 0,
      maxLagSeconds: 3600,
      tokens: [${tokens.join(', ')}],
      venues: { ${venues.join(', ')} },
    },`
  })
  writeFileSync(
    join(parameters.dir, parameters.file),
    `import { defineConfig } from '@xmargin/cli'

export default defineConfig({
  chains: {
${chains.join('\n')}
  },
  wallets: [${parameters.wallets.map((w) => `'${w}'`).join(', ')}],
  database: { path: '${parameters.database}' },${writerLockTimeoutSeconds === undefined ? '' : `\n  store: { writerLockTimeoutSeconds: ${writerLockTimeoutSeconds} },`}
})
`,
  )
}
