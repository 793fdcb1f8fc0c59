/**
 * Child process of the crash test: `node --import tsx src/testing/crash-writer.ts <db path or postgres URL> <last block>`.
 * Resumes the crash workload from the stored cursor and prints each committed block number.
 */
import { writeSync } from 'node:fs'
import { createPostgresStore } from '../create-postgres-store.js'
import { createStore } from '../create-store.js'
import { runCrashWorkload } from './crash-workload.js'

const [location, last] = process.argv.slice(2)
if (!location || !last) throw new Error('usage: crash-writer.ts <db path or postgres URL> <last block>')
const now = () => 1_700_000_000_000
const store = /^postgres(ql)?:\/\//.test(location)
  ? await createPostgresStore({ url: location, now })
  : createStore({ path: location, now })
// writeSync: the parent must never see a number before its block is committed, nor miss one.
await runCrashWorkload(store, Number(last), (n) => writeSync(1, `${n}\n`))
await store.close()
