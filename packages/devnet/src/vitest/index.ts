import './provided-context.js'

export { useDevnetSnapshots } from './snapshots.js'
