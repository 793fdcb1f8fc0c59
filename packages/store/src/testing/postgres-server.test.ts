import { createServer, type Server } from 'node:net'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { type PostgresServer, PostgresStartError, startPostgresServer } from './postgres-server.js'

const servers: PostgresServer[] = []
const holders: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop()
  for (const holder of holders.splice(0)) await new Promise((resolve) => holder.close(resolve))
})

/** A port another process holds (a plain listener here), as when one takes it between pick and bind. */
async function takenPort(): Promise<number> {
  const holder = createServer((socket) => socket.destroy())
  holders.push(holder)
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
  const address = holder.address()
  if (typeof address !== 'object' || !address) throw new Error('no address')
  return address.port
}

describe('startPostgresServer()', () => {
  it('retries on a new port when the proposed one is taken before the server binds it', async () => {
    const taken = await takenPort()
    let proposals = 0
    const server = await startPostgresServer({
      // The first proposal is the taken port; later ones are the default's picks (port 0 probes).
      pickPort: async () => (proposals++ === 0 ? taken : await freshPort()),
    })
    servers.push(server)
    expect(server.attempts).toBe(2)
    expect(server.port).not.toBe(taken)
    const client = new pg.Client({ connectionString: server.adminUrl })
    await client.connect()
    try {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }])
    } finally {
      await client.end()
    }
  })

  it('gives up after maxAttempts taken ports with an error naming them', async () => {
    const taken = await takenPort()
    const failure = await startPostgresServer({ pickPort: async () => taken, maxAttempts: 2 }).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(PostgresStartError)
    expect((failure as PostgresStartError).shortMessage).toBe(
      `PostgreSQL could not bind a port in 2 attempts (tried ${taken}, ${taken}).`,
    )
  })
})

async function freshPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise((resolve) => probe.close(resolve))
  return typeof address === 'object' && address ? address.port : 0
}
