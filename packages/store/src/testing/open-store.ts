/**
 * Child process of the open race test: `node --import tsx src/testing/open-store.ts <db path>`.
 * Prints `ready` once loaded and opens the store when a line arrives on stdin, so the parent can
 * release every child in the same instant (a barrier, not a timed start).
 */
import { createInterface } from 'node:readline'
import { createStore } from '../create-store.js'

const [path] = process.argv.slice(2)
if (!path) throw new Error('usage: open-store.ts <db path>')
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
process.stdout.write('ready\n')
await lines.next()
const store = createStore({ path })
await store.upsertChains({
  chains: [{ chainId: process.pid, name: 'race', finalityDepth: 1, useFinalizedTag: false }],
})
store.close()
process.exit(0)
