import { setTimeout as sleep } from 'node:timers/promises'
import { type DevnetManifest, manifestFeeds } from '../manifest.js'
import { refreshFeeds } from './refresh-feeds.js'

/** Parameters of {@link startFeedHeartbeat}. */
export type StartFeedHeartbeatParameters = {
  /** Seconds from the start of one refresh of a chain to the start of its next. */
  periodSeconds: number
  /** A refresh of a chain failed; the next starts on time anyway. */
  onError?: ((chainId: number, error: unknown) => void) | undefined
  /** A refresh of a chain took longer than the period, so its feeds aged that much more between two rounds. */
  onSlow?: ((chainId: number, seconds: number) => void) | undefined
  /** What one beat does to a chain; defaults to `refreshFeeds` on its manifest feeds. */
  refresh?: ((chain: DevnetManifest['chains'][number]) => Promise<void>) | undefined
}

/** A running heartbeat. */
export type FeedHeartbeat = {
  /** Ends the heartbeat; resolves once no refresh is in flight. */
  stop: () => Promise<void>
}

/**
 * The devnet's heartbeat: posts a round on every feed of every chain that is not frozen (see
 * `refreshFeeds`) every `periodSeconds`, as Chainlink nodes re-post unchanged prices.
 *
 * One loop per chain, and a chain's next refresh starts only when its last one ended: on a busy
 * machine a refresh can take longer than the period, and refreshes started on a timer regardless
 * would pile up, compete for the same account's nonces and slow every one of them further, so feeds
 * went stale while the heartbeat ran. A live feed's round is therefore never older than the period
 * plus one refresh; a refresh slower than the period is reported through `onSlow`.
 *
 * @example
 * const heartbeat = startFeedHeartbeat(manifest, { periodSeconds: 15 })
 * await heartbeat.stop()
 */
export function startFeedHeartbeat(
  manifest: Pick<DevnetManifest, 'chains'>,
  parameters: StartFeedHeartbeatParameters,
): FeedHeartbeat {
  const {
    periodSeconds,
    onError,
    onSlow,
    refresh = async (chain) => {
      await refreshFeeds(chain.rpcUrl, chain.chainId, manifestFeeds(chain))
    },
  } = parameters
  if (!(periodSeconds > 0)) throw new RangeError(`periodSeconds must be positive, got ${periodSeconds}.`)
  const stopping = new AbortController()
  const { signal } = stopping
  // Resolves after `ms`, or at once when the heartbeat stops.
  const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined)
  const loops = manifest.chains.map(async (chain) => {
    await pause(periodSeconds * 1000)
    while (!signal.aborted) {
      const started = performance.now()
      try {
        await refresh(chain)
      } catch (error) {
        if (!signal.aborted) onError?.(chain.chainId, error)
      }
      const seconds = (performance.now() - started) / 1000
      if (signal.aborted) break
      if (seconds > periodSeconds) onSlow?.(chain.chainId, seconds)
      await pause(Math.max(0, periodSeconds - seconds) * 1000)
    }
  })
  return {
    stop: async () => {
      stopping.abort()
      await Promise.all(loops)
    },
  }
}
