import type { Client, Hex, TestClient } from 'viem'
import { getBlock } from 'viem/actions'

/** Parameters of {@link revertSnapshot}. */
export type RevertSnapshotParameters = {
  /** A client of the anvil chain with the test actions (a test client, or the devnet's client). */
  client: Client & Pick<TestClient, 'revert' | 'increaseTime'>
  /** The id `evm_snapshot` returned. */
  id: Hex
}

/**
 * Reverts an anvil chain to a snapshot and puts its clock back on the wall clock. `evm_revert`
 * rewinds the chain's time with its state: every block mined after it is stamped as if the seconds
 * since the snapshot had not passed, while the other chains' blocks are stamped at wall time. A
 * reader that cuts every chain at one time (the store's cut) then holds every chain back to the
 * reverted one, and a chain whose first indexed block is later than that is not served at all.
 * The clock only moves forward: a chain whose clock is past the wall clock keeps it.
 *
 * @example
 * const id = await client.snapshot()
 * // … the test mines, shocks, reorgs …
 * await revertSnapshot({ client, id })
 */
export async function revertSnapshot(parameters: RevertSnapshotParameters): Promise<void> {
  const { client, id } = parameters
  await client.revert({ id })
  await alignClock({ client })
}

/** Parameters of {@link alignClock}. */
export type AlignClockParameters = { client: RevertSnapshotParameters['client'] }

/**
 * Moves an anvil chain's clock forward to the wall clock when it is behind: what `evm_revert` and
 * `anvil_reorg` leave (both rewind the chain's time to the block they go back to, so the new fork's
 * next blocks would be stamped behind every other chain's). Never moves a clock back.
 *
 * @example
 * await client.request({ method: 'anvil_reorg', params: [1, []] })
 * await alignClock({ client })
 */
export async function alignClock(parameters: AlignClockParameters): Promise<void> {
  const { client } = parameters
  // The pending block's timestamp is the chain's clock (anvil stamps it at read time).
  const pending = await getBlock(client, { blockTag: 'pending' })
  const behind = Math.floor(Date.now() / 1000) - Number(pending.timestamp)
  if (behind > 0) await client.increaseTime({ seconds: behind })
}
