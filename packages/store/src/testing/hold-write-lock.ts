/**
 * Child process of the open race test: `node --import tsx src/testing/hold-write-lock.ts <db path> <hold ms>`.
 * Creates the file in rollback-journal mode (as a fresh file is), takes its write lock, prints
 * `locked`, holds it for `hold ms`, then commits and exits: another connection switching that file
 * to WAL meanwhile gets SQLITE_BUSY at once, without its busy handler (waiting could deadlock).
 */
import Database from 'better-sqlite3'

const [path, holdMs] = process.argv.slice(2)
if (!path || !holdMs) throw new Error('usage: hold-write-lock.ts <db path> <hold ms>')
const sqlite = new Database(path)
sqlite.exec('create table lock_holder (x)')
sqlite.exec('begin immediate')
sqlite.prepare('insert into lock_holder values (1)').run()
process.stdout.write('locked\n')
await new Promise((resolve) => setTimeout(resolve, Number(holdMs)))
sqlite.exec('commit')
sqlite.close()
