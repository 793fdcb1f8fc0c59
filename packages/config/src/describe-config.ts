import { type AnyVenueConfigBinding, venueConfigBindings } from '@xmargin/adapters'
import type { ResolvedConfig } from './resolved-config.js'

/** Parameters of {@link describeConfig}. */
export type DescribeConfigParameters = {
  config: Pick<ResolvedConfig, 'file' | 'chains' | 'wallets' | 'accounts' | 'riskParameters'>
  /** Lines between the `valid` line and the chains, as `[label, value]` (`['database', '/…/x.db']`). */
  fields?: readonly (readonly [label: string, value: string])[] | undefined
  /** The venues a config can name: the registry's config bindings (a test passes its own). */
  bindings?: readonly AnyVenueConfigBinding[] | undefined
}
/** Return type of {@link describeConfig}: the lines, each ending with a newline. */
export type DescribeConfigReturnType = string

/**
 * What a validated config will run, for `--dry-run`: the file, the caller's fields (mode,
 * database, API…), then per chain its RPC URL count, finality, tokens, venues (each named by its
 * registry binding's `describe`, in the registry's order) and how heads arrive (a WebSocket is
 * shown by its origin only: providers put the API key in the path), the tracked wallets and the
 * risk parameters.
 *
 * @example
 * process.stdout.write(describeConfig({ config, fields: [['database', databaseLabel(config.database)]] }))
 * // xmargin.config.ts: valid
 * //   database  /srv/xmargin/.xmargin/xmargin.db
 * //   chains
 * //     ethereum (1): 1 RPC URL(s), finality finalized tag, else 65 blocks, 3 tokens, venues: aave-v3, heads by polling
 * // …
 */
export function describeConfig(parameters: DescribeConfigParameters): DescribeConfigReturnType {
  const { config, bindings = venueConfigBindings } = parameters
  const field = (label: string, value: string) => `  ${label.padEnd(10)}${value}`
  const lines = [`${config.file}: valid`, ...(parameters.fields ?? []).map(([l, v]) => field(l, v))]
  lines.push('  chains')
  for (const c of config.chains) {
    const byKey: Readonly<Record<string, unknown>> = c.venues
    const venues = bindings
      .flatMap((binding) => {
        const venue = byKey[binding.key]
        return venue === undefined ? [] : [binding.describe(venue)]
      })
      .join(', ')
    const heads = c.webSocketUrl
      ? `WebSocket (${new URL(c.webSocketUrl).origin}; polling as fallback)`
      : 'polling'
    lines.push(
      `    ${c.name} (${c.chainId}): ${c.rpcUrls.length} RPC URL(s), finality ${c.useFinalizedTag ? 'finalized tag, else ' : ''}${c.finalityDepth} blocks, ${c.tokens.length} tokens, venues: ${venues || 'wallet only'}, heads by ${heads}`,
    )
  }
  lines.push(
    field('wallets', `${config.wallets.length} tracked, ${config.accounts.length} account(s)`),
    field(
      'risk',
      `${Object.keys(config.riskParameters.assets).length} assets, ${Object.keys(config.riskParameters.factors).length} factors`,
    ),
  )
  return `${lines.join('\n')}\n`
}
