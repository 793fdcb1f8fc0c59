import './provided-context.js'

export { type UseDevnetSnapshotsOptions, useDevnetSnapshots } from './snapshots.js'
