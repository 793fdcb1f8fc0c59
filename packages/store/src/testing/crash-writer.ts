/**
 * Child process of the crash test: `node --import tsx src/testing/crash-writer.ts <db path> <last block>`.
 * Resumes the crash workload from the stored cursor and prints each committed block number.
 */
import { writeSync } from 'node:fs'
import { createStore } from '../create-store.js'
import { runCrashWorkload } from './crash-workload.js'

const [path, last] = process.argv.slice(2)
if (!path || !last) throw new Error('usage: crash-writer.ts <db path> <last block>')
const store = createStore({ path, now: () => 1_700_000_000_000 })
// writeSync: the parent must never see a number before its block is committed, nor miss one.
await runCrashWorkload(store, Number(last), (n) => writeSync(1, `${n}\n`))
store.close()
