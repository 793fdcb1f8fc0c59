import './provided-context.js'

export { mineBlocks } from './mine-blocks.js'
export { type UseDevnetSnapshotsOptions, useDevnetSnapshots } from './snapshots.js'
