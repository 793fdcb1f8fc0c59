export { useDevnetSnapshots } from './snapshots.js'
