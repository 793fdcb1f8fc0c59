import { setTimeout as sleep } from 'node:timers/promises'
import type { Store } from '@xmargin/store'
import { ApiError } from '../errors.js'

/** How the API tracks a wallet it is asked about for the first time. */
export type AutoTrackLimits = {
  /** Track unknown wallets when asked (needs an in-process indexer: `readWallets`). */
  enabled: boolean
  /** Wallets auto-tracked per rolling minute, server-wide. */
  perMinute: number
  /** Wallets the API may add to the store in total (auto-tracked and `trackWallet`, source `api`). */
  total: number
  /** Longest wait for the indexer's first read of a new wallet before answering `tracking-pending`, ms. */
  waitMs: number
}

/**
 * Default {@link AutoTrackLimits}, the one place they are set (the config's `api.autoTrack` overrides
 * them): on, 60 new wallets a minute, 10,000 in total, 2.5 s wait.
 */
export const defaultAutoTrackLimits: AutoTrackLimits = {
  enabled: true,
  perMinute: 60,
  total: 10_000,
  waitMs: 2_500,
}

/**
 * Reads newly tracked wallets at each chain's indexed tip and commits them there (the in-process
 * indexer's `readWallets`); per chain, the block the read is committed at, null when not read yet.
 */
export type WalletReader = (
  wallets: readonly `0x${string}`[],
) => Promise<readonly { chainId: number; blockNumber: bigint | null }[]>

/** How often a first read's wait polls the store's cut in time, ms. */
const cutPollMs = 50

/** A wallet the API cannot answer for yet, as a status reason (turns the report UNKNOWN). */
export const notTrackedReason = (wallet: string) => `not-tracked:${wallet}`
/** A wallet tracked a moment ago whose first read is not committed at the request's blocks yet. */
export const trackingPendingReason = (wallet: string) => `tracking-pending:${wallet}`

/** Parameters of {@link createWalletTracking}. */
export type CreateWalletTrackingParameters = {
  store: Store
  /** The chains requests read (their heads are cut in time together): first reads wait for that cut. */
  chainIds?: readonly number[] | undefined
  /** Without it, wallets are never auto-tracked: untracked ones are answered UNKNOWN `not-tracked`. */
  readWallets?: WalletReader | undefined
  limits?: Partial<AutoTrackLimits> | undefined
  /** Clock, unix ms. */
  now?: (() => number) | undefined
}

/** Where one wallet stands for a request: ready, or a reason its report is UNKNOWN. */
export type WalletReadiness =
  | { kind: 'ready'; readAt?: ReadonlyMap<number, bigint> | undefined }
  | { kind: 'not-ready'; reason: string }

/** Server-wide tracking state: caps, reads in flight, first reads the store's tips have not reached. */
export type WalletTracking = {
  limits: AutoTrackLimits
  /** Auto-tracking is on and possible (an indexer runs in this process). */
  auto: boolean
  /**
   * Makes wallets answerable: tracked ones are ready; untracked ones are tracked and read (within
   * `waitMs`) when auto-tracking is on, else `not-tracked`. Throws `TRACKING_LIMIT` past the caps.
   */
  ensure: (wallets: readonly string[]) => Promise<Map<string, WalletReadiness>>
  /** Tracks wallets for an admin (no caps) and waits for their first read like `ensure`. */
  trackAsAdmin: (wallets: readonly string[]) => Promise<{ added: string[] }>
}

/**
 * Creates the API's wallet tracking. A wallet the store does not track is never answered as an empty
 * book: with an in-process indexer (`readWallets`) and `enabled`, the first question about it tracks
 * it (source `api`) and waits, bounded by `waitMs`, for the indexer to read it at each chain's tip;
 * the answer is UNKNOWN `tracking-pending:<address>` until that read is committed at the request's
 * blocks. Without an indexer or with auto-tracking off, it is UNKNOWN `not-tracked:<address>`.
 * At most `perMinute` new wallets per rolling minute and `total` API-added wallets: past them the
 * question fails with `TRACKING_LIMIT`.
 *
 * @example
 * const tracking = createWalletTracking({ store, readWallets: (w) => indexer.readWallets(w) })
 * const readiness = await tracking.ensure(['0x000000000000000000000000000000000000dead'])
 */
export function createWalletTracking(parameters: CreateWalletTrackingParameters): WalletTracking {
  const { store, readWallets } = parameters
  const limits = { ...defaultAutoTrackLimits, ...parameters.limits }
  const now = parameters.now ?? Date.now
  const auto = limits.enabled && readWallets !== undefined
  /** Reads in flight per wallet. */
  const inflight = new Map<string, Promise<ReadonlyMap<number, bigint> | null>>()
  /** Wallets whose read completed on every chain, with the blocks: ready once a request's tips reach them. */
  const readAt = new Map<string, ReadonlyMap<number, bigint>>()
  /** Wallets this server tracked whose read is not complete on every chain: read again when asked. */
  const unread = new Set<string>()
  /** Start times (unix ms) of the auto-tracked wallets of the last minute, one entry per wallet. */
  let starts: number[] = []
  let apiAdded: Promise<number> | undefined

  const startRead = (wallets: readonly string[]) => {
    if (!readWallets || wallets.length === 0) return
    const read = readWallets(wallets as `0x${string}`[]).then(
      (reads) =>
        reads.every((r) => r.blockNumber !== null)
          ? new Map(reads.map((r) => [r.chainId, r.blockNumber as bigint]))
          : null,
      () => null,
    )
    for (const wallet of wallets) {
      unread.add(wallet)
      const mine = read.then((blocks) => {
        if (inflight.get(wallet) === mine) inflight.delete(wallet)
        if (blocks) {
          unread.delete(wallet)
          readAt.set(wallet, blocks)
        }
        return blocks
      })
      inflight.set(wallet, mine)
    }
  }

  const track = async (wallets: readonly string[]) => {
    const { added } = await store.trackWallets({
      wallets: wallets.map((address) => ({ address: address as `0x${string}`, source: 'api' as const })),
    })
    if (apiAdded) apiAdded = apiAdded.then((n) => n + added.length)
    return added
  }

  const checkCaps = async (count: number) => {
    if (count === 0) return
    const t = now()
    starts = starts.filter((s) => s > t - 60_000)
    if (starts.length + count > limits.perMinute)
      throw new ApiError(
        'TRACKING_LIMIT',
        `Tracking ${count} new wallet(s) would pass the limit of ${limits.perMinute} per minute (${starts.length} tracked in the last minute); retry later.`,
      )
    apiAdded ??= store.getTrackedWallets({ sources: ['api'] }).then((rows) => rows.length)
    const total = await apiAdded
    if (total + count > limits.total)
      throw new ApiError(
        'TRACKING_LIMIT',
        `Tracking ${count} new wallet(s) would pass the limit of ${limits.total} wallets tracked through the API (${total} already).`,
      )
    for (let i = 0; i < count; i++) starts.push(t)
  }

  /**
   * Waits, until `deadline`, for the store's cut in time (what requests are pinned to) to reach the
   * blocks the wallets' first reads were committed at: a read is committed at a chain's tip, which
   * the cut reaches once every chain's clock has passed it.
   */
  const reachCut = async (wallets: readonly string[], deadline: number) => {
    const needed = wallets.flatMap((w) => [...(readAt.get(w) ?? [])])
    while (needed.length > 0) {
      const heads = await store.getChainHeads({ chainIds: parameters.chainIds })
      const served = new Map(heads.map((h) => [h.chain.chainId, BigInt(h.served?.number ?? -1)]))
      if (needed.every(([chainId, block]) => (served.get(chainId) ?? -1n) >= block)) return
      if (now() >= deadline) return
      await sleep(Math.min(cutPollMs, Math.max(0, deadline - now())))
    }
  }

  const wait = async (wallets: readonly string[], deadline: number) => {
    const reads = wallets.flatMap((w) => inflight.get(w) ?? [])
    if (reads.length === 0) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(reads),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - now()))
      }),
    ])
    clearTimeout(timer)
  }

  const readiness = (wallet: string): WalletReadiness => {
    if (inflight.has(wallet) || unread.has(wallet))
      return { kind: 'not-ready', reason: trackingPendingReason(wallet) }
    return { kind: 'ready', readAt: readAt.get(wallet) }
  }

  return {
    limits,
    auto,
    async ensure(wallets) {
      const deadline = now() + limits.waitMs
      const unique = [...new Set(wallets.map((w) => w.toLowerCase()))]
      const tracked = new Set<string>(
        (await store.getTrackedWallets({ addresses: unique as `0x${string}`[] })).map((w) => w.address),
      )
      const untracked = unique.filter((w) => !tracked.has(w))
      const out = new Map<string, WalletReadiness>()
      if (untracked.length > 0 && !auto)
        for (const wallet of untracked)
          out.set(wallet, { kind: 'not-ready', reason: notTrackedReason(wallet) })
      else if (untracked.length > 0) {
        // Another request may be tracking some of them right now: counted once.
        await checkCaps(untracked.filter((w) => !inflight.has(w) && !unread.has(w)).length)
        await track(untracked)
        startRead(untracked.filter((w) => !inflight.has(w)))
      }
      // A read that ended incomplete (a chain without a tip, an RPC error) is tried again when asked.
      startRead(unique.filter((w) => tracked.has(w) && unread.has(w) && !inflight.has(w)))
      await wait(
        unique.filter((w) => !out.has(w)),
        deadline,
      )
      await reachCut(
        unique.filter((w) => !out.has(w)),
        deadline,
      )
      for (const wallet of unique) if (!out.has(wallet)) out.set(wallet, readiness(wallet))
      return out
    },
    async trackAsAdmin(wallets) {
      const deadline = now() + limits.waitMs
      const unique = [...new Set(wallets.map((w) => w.toLowerCase()))]
      const added = await track(unique)
      startRead(added.filter((w) => !inflight.has(w)))
      await wait(added, deadline)
      await reachCut(added, deadline)
      return { added }
    },
  }
}

/** Where a wallet stands for one request (`Wallet.tracking`). */
export type TrackingStatus = 'TRACKED' | 'PENDING' | 'NOT_TRACKED'

/**
 * A wallet's {@link TrackingStatus} at a request's pinned blocks: `PENDING` until its first read is
 * committed at or below them.
 *
 * @example
 * trackingStatus('0xdead…', readiness, pins) // 'TRACKED'
 */
export function trackingStatus(
  wallet: string,
  readiness: ReadonlyMap<string, WalletReadiness>,
  pins: readonly { chainId: number; blockNumber: number }[],
): TrackingStatus {
  const key = wallet.toLowerCase()
  const state = readiness.get(key)
  if (state?.kind === 'not-ready' && state.reason === notTrackedReason(key)) return 'NOT_TRACKED'
  const mine = new Map(state ? [[key, state] as const] : [])
  return trackingReasons(mine, pins).length > 0 ? 'PENDING' : 'TRACKED'
}

/**
 * The reasons a report over `wallets` cannot be trusted yet: wallets not tracked or pending, and
 * wallets whose first read is committed above the request's pinned block on some chain.
 *
 * @example
 * trackingReasons(readiness, [{ chainId: 1, blockNumber: 120 }]) // ['tracking-pending:0xdead…']
 */
export function trackingReasons(
  readiness: Iterable<readonly [string, WalletReadiness]>,
  pins: readonly { chainId: number; blockNumber: number }[],
): string[] {
  // A request's pins are one array for all its wallets (a batch asks once per wallet).
  let pinned = pinnedBlocks.get(pins)
  if (!pinned) {
    pinned = new Map(pins.map((p) => [p.chainId, BigInt(p.blockNumber)]))
    pinnedBlocks.set(pins, pinned)
  }
  const reasons: string[] = []
  for (const [wallet, state] of readiness) {
    if (state.kind === 'not-ready') reasons.push(state.reason)
    else if (state.readAt && readPastPins(state.readAt, pinned)) reasons.push(trackingPendingReason(wallet))
  }
  return reasons
}

const pinnedBlocks = new WeakMap<readonly object[], ReadonlyMap<number, bigint>>()

/** A wallet's first read landed past the request's pinned block on some chain. */
function readPastPins(readAt: ReadonlyMap<number, bigint>, pinned: ReadonlyMap<number, bigint>): boolean {
  for (const [chainId, block] of readAt) if ((pinned.get(chainId) ?? -1n) < block) return true
  return false
}
