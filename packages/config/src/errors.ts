import { BaseError } from '@xmargin/core'

/** One problem in a config file: the dotted key and what is wrong with it. */
export type ConfigIssue = { path: string; message: string }

/**
 * A config file that cannot be used. The message names the file and the first bad key
 * (`xmargin.config.ts: chains.ethereum.rpcUrls: needs at least one RPC URL`); `issues` has them all.
 *
 * @example
 * throw new ConfigError('xmargin.config.ts', [{ path: 'api.port', message: 'must be a port number' }])
 */
export class ConfigError extends BaseError {
  override name = 'ConfigError'
  readonly file: string
  readonly issues: readonly ConfigIssue[]

  constructor(file: string, issues: readonly ConfigIssue[], parameters: { cause?: unknown } = {}) {
    const first = issues[0]
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super(`${file}: ${first ? `${first.path}: ${first.message}` : 'invalid config'}${more}`, {
      details: issues.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n'),
      cause: parameters.cause,
    })
    this.file = file
    this.issues = issues
  }
}

/**
 * No config file where one was named (`--config <file>`).
 *
 * @example
 * throw new ConfigNotFoundError('xmargin.config.ts')
 */
export class ConfigNotFoundError extends BaseError {
  override name = 'ConfigNotFoundError'
  readonly file: string

  constructor(file: string) {
    super(`Config file not found: ${file}`, {
      details: 'Create one with `xmargin init`, or pass --config <file>.',
    })
    this.file = file
  }
}

/**
 * A `--chains` selection that names no chain of the config: a part that is not a chain id
 * (`notAnId`), or ids the config does not describe (`unknown`). The message names the configured
 * chains; the programs exit with their usage code (2).
 *
 * @example
 * throw new ChainSelectionError({ selection: '1,10', unknown: [10], configured: [{ chainId: 1, name: 'ethereum' }] })
 */
export class ChainSelectionError extends BaseError {
  override name = 'ChainSelectionError'
  readonly selection: string
  readonly unknown: readonly number[]
  readonly configured: readonly { chainId: number; name: string }[]

  constructor(parameters: {
    selection: string
    notAnId?: string | undefined
    unknown: readonly number[]
    configured: readonly { chainId: number; name: string }[]
  }) {
    const { selection, notAnId, unknown, configured } = parameters
    const list = configured.map((c) => `${c.chainId} ${c.name}`).join(', ')
    super(
      notAnId !== undefined
        ? `--chains ${selection}: "${notAnId}" is not a chain id (give ids like 1,42161; configured: ${list}).`
        : `--chains ${unknown.join(',')}: not a chain of the config (configured: ${list}).`,
    )
    this.selection = selection
    this.unknown = unknown
    this.configured = configured
  }
}
