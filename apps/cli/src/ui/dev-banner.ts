import type { DevnetManifest } from '@xmargin/devnet'
import type { IndexerChainStatus } from '@xmargin/indexer'
import { ADMIN_KEY_ENV, ATTESTATION_KEY_ENV, DEV_DEPLOYMENT_ID, type DevKeys } from '../runtime/dev-keys.js'

/** Parameters of {@link printDevBanner}. */
export type PrintDevBannerParameters = {
  url: string
  dbPath: string
  manifestPath: string
  manifest: DevnetManifest
  keys: DevKeys
  status: readonly IndexerChainStatus[]
  seconds: number
}

/**
 * Prints what `xmargin dev` started (stdout): the GraphQL URL, the database, the development keys
 * (a generated one in full, a given one by its variable only), the chains with their indexed block,
 * the demo wallets with their one-line descriptions, and what to try next.
 *
 * @example
 * printDevBanner({ url, dbPath, manifestPath, manifest, keys: devKeys(), status: indexer.status(), seconds: 6.2 })
 */
export function printDevBanner(parameters: PrintDevBannerParameters): void {
  const { manifest, keys } = parameters
  const width = Math.max(...manifest.wallets.map((w) => w.name.length))
  const lines = [
    '',
    `xmargin dev: ready in ${parameters.seconds.toFixed(1)} s`,
    '',
    `  dashboard ${parameters.url.replace(/\/graphql$/, '/')}`,
    `  GraphQL   ${parameters.url}   (GraphiQL: ${parameters.url.replace(/\/graphql$/, '/graphiql')})`,
    `  database  ${parameters.dbPath}`,
    `  manifest  ${parameters.manifestPath}`,
    '',
    '  development keys (dev only: generated for this run unless set in the environment; never for real funds)',
    `    admin key        ${keys.generated.admin ? keys.adminKey : `from ${ADMIN_KEY_ENV}`}   (mutations: header \`authorization: Bearer <key>\`)`,
    `    attestation key  ${keys.generated.attestation ? keys.attestationKey : `from ${ATTESTATION_KEY_ENV}`}`,
    `    signer           ${keys.signer}   (signs solvency attestations; EIP-712 domain xmargin/${DEV_DEPLOYMENT_ID}: pin both to verify)`,
    '',
    '  chains',
    ...manifest.chains.map((c) => {
      const indexed = parameters.status.find((s) => s.chainId === c.chainId)?.indexedBlock
      return `    ${String(c.chainId).padEnd(6)} ${c.name.padEnd(9)} ${c.rpcUrl}   indexed to block ${indexed ?? '-'}`
    }),
    '',
    '  demo wallets',
    ...manifest.wallets.map((w) => `    ${w.name.padEnd(width)}  ${w.address}  ${w.description}`),
    ...(manifest.cascadeWallets
      ? [`    and ${manifest.cascadeWallets.length} cascade wallets (tracked; listed in the manifest)`]
      : []),
    '',
    '  try',
    `    pnpm xmargin margin ${manifest.wallets[0]?.address ?? '<address>'}`,
    `    pnpm xmargin stress ${manifest.wallets[0]?.address ?? '<address>'} --shock ETH=-30%`,
    ...(manifest.cascadeWallets ? ['    pnpm xmargin cascade --shock ETH=-25%'] : []),
    '    pnpm shock WETH -20%',
    '',
    'Ctrl-C stops the devnet, the indexer and the API.',
    '',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}
