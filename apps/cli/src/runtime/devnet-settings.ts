import type { ChainSettings, WebSocketUrl } from '@xmargin/config'
import { type ChainSpec, finalityOf } from '@xmargin/core'
import { CliError } from '../errors.js'

/** Seconds between blocks of `xmargin dev` unless `--block-time` says otherwise. */
export const DEVNET_BLOCK_TIME_SECONDS = 2

/**
 * How long a devnet chain may go without a new indexed block before its data is stale: 15 missed
 * blocks (at least 30 s) when anvil mines on an interval; an hour with `--block-time 0`, where a
 * block is mined only per transaction, so an idle chain is not a halted one.
 *
 * @example
 * devnetMaxLagSeconds(2) // 30
 */
export function devnetMaxLagSeconds(blockTimeSeconds: number): number {
  return blockTimeSeconds > 0 ? Math.max(30, 15 * blockTimeSeconds) : 3600
}

/**
 * What {@link devnetChainSettings} reads of a devnet manifest (a `DevnetManifest`, or the file
 * `init --from-devnet` reads): its chain specs, and its block time, a fact of the running devnet
 * (not of a chain spec) that sets how long a chain may go without a block before it is stale.
 */
export type DevnetChainSettingsParameters = {
  chains: readonly ChainSpec[]
  /** Seconds between the devnet's blocks (0 or absent: a block per transaction). */
  blockTimeSeconds?: number | undefined
}

/** How the indexer follows one devnet chain: always with a WebSocket for new heads. */
export type DevnetChainSettings = ChainSettings & { webSocketUrl: WebSocketUrl }

/**
 * How the indexer follows the devnet's chains: from block 0, with the finality each chain's spec
 * states (`finalityOf`: the devnet writes a 10-block depth, no `finalized` tag), new heads by WebSocket (anvil serves it on its HTTP port), and a
 * `maxLagSeconds` from the manifest's block time (`devnetMaxLagSeconds`), so `xmargin dev` and a
 * `margin` reading its database judge freshness alike. `xmargin dev` runs with these and
 * `xmargin init --from-devnet` writes them into the config.
 *
 * @example
 * const { indexerChains } = await createChains({ chains: manifest.chains, settings: devnetChainSettings(manifest), local: true })
 */
export function devnetChainSettings(devnet: DevnetChainSettingsParameters): DevnetChainSettings[] {
  const maxLagSeconds = devnetMaxLagSeconds(devnet.blockTimeSeconds ?? 0)
  return devnet.chains.map((chain) => ({
    chainId: chain.chainId,
    name: chain.name,
    rpcUrls: [chain.rpcUrl],
    webSocketUrl: webSocketUrlOf(chain.rpcUrl),
    ...finalityOf(chain),
    startBlock: 0n,
    maxLagSeconds,
  }))
}

/**
 * The WebSocket URL anvil serves beside an HTTP RPC URL (same host and port): `http` → `ws`,
 * `https` → `wss`. Any other URL is a {@link CliError}: the devnet's chains are followed over HTTP.
 *
 * @example
 * webSocketUrlOf('http://127.0.0.1:8545') // 'ws://127.0.0.1:8545'
 */
export function webSocketUrlOf(rpcUrl: string): WebSocketUrl {
  const match = /^http(s?):\/\/(\S+)$/.exec(rpcUrl)
  if (!match) throw new CliError(`The devnet chain's RPC URL is not http(s): ${rpcUrl}.`)
  const [, secure, rest] = match
  return secure ? `wss://${rest}` : `ws://${rest}`
}
