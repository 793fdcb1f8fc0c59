/**
 * Child process of the migration race test: `node --import tsx src/testing/open-store.ts <db path> <start at ms>`.
 * Waits for the start time so that several children open the fresh file in the same instant.
 */
import { createStore } from '../create-store.js'

const [path, startAt] = process.argv.slice(2)
if (!path || !startAt) throw new Error('usage: open-store.ts <db path> <start at ms>')
while (Date.now() < Number(startAt)) {}
const store = createStore({ path })
await store.upsertChains({
  chains: [{ chainId: process.pid, name: 'race', finalityDepth: 1, useFinalizedTag: false }],
})
store.close()
