import type { CreateAttestationSignerParameters } from '@xmargin/api'
import type { DevnetManifest } from '@xmargin/devnet'
import type { IndexerChainStatus } from '@xmargin/indexer'
import { privateKeyToAddress } from 'viem/accounts'
import { devAttestationKey } from '../runtime/signer-key.js'

/** Parameters of {@link printDevBanner}. */
export type PrintDevBannerParameters = {
  url: string
  dbPath: string
  manifestPath: string
  manifest: DevnetManifest
  status: readonly IndexerChainStatus[]
  seconds: number
  /** How the API signs attestations: its signer address is printed (a verifier pins it). */
  attestation: CreateAttestationSignerParameters
}

/**
 * Prints what `xmargin dev` started (stdout): the GraphQL URL, the database, the chains with their
 * indexed block, the demo wallets with their one-line descriptions, and what to try next.
 *
 * @example
 * printDevBanner({ url, dbPath, manifestPath, manifest, status: indexer.status(), seconds: 6.2 })
 */
export function printDevBanner(parameters: PrintDevBannerParameters): void {
  const { manifest } = parameters
  const width = Math.max(...manifest.wallets.map((w) => w.name.length))
  const lines = [
    '',
    `xmargin dev: ready in ${parameters.seconds.toFixed(1)} s`,
    '',
    `  GraphQL   ${parameters.url}   (GraphiQL: open it in a browser)`,
    `  database  ${parameters.dbPath}`,
    `  manifest  ${parameters.manifestPath}`,
    `  signer    ${signerLine(parameters.attestation)}`,
    '',
    '  chains',
    ...manifest.chains.map((c) => {
      const indexed = parameters.status.find((s) => s.chainId === c.chainId)?.indexedBlock
      return `    ${String(c.chainId).padEnd(6)} ${c.name.padEnd(9)} ${c.rpcUrl}   indexed to block ${indexed ?? '-'}`
    }),
    '',
    '  demo wallets',
    ...manifest.wallets.map((w) => `    ${w.name.padEnd(width)}  ${w.address}  ${w.description}`),
    '',
    '  try',
    `    pnpm xmargin margin ${manifest.wallets[0]?.address ?? '<address>'}`,
    `    pnpm xmargin stress ${manifest.wallets[0]?.address ?? '<address>'} --shock ETH=-30%`,
    '    pnpm shock WETH -20%',
    '',
    'Ctrl-C stops the devnet, the indexer and the API.',
    '',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

/** The attestation signer's address and domain; the public dev key says so. */
function signerLine(attestation: CreateAttestationSignerParameters): string {
  const address = privateKeyToAddress(attestation.privateKey)
  const domain = `domain xmargin/${attestation.deploymentId}`
  return attestation.privateKey === devAttestationKey
    ? `${address}   (${domain}; public dev key: set XMARGIN_ATTESTATION_KEY for your own)`
    : `${address}   (${domain}; XMARGIN_ATTESTATION_KEY)`
}
