import { WriterLockLostError } from '@xmargin/store'
import { pino } from 'pino'
import { describe, expect, test } from 'vitest'
import { IndexerStoppedError } from './errors.js'
import { whenLeaseLost } from './when-lease-lost.js'

const status = () => [{ chainId: 1 }, { chainId: 42161 }]
const indexer = { status, leaseLost: () => undefined }

function logged() {
  const lines: Record<string, unknown>[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) })
  return { logger, lines }
}

describe('whenLeaseLost', () => {
  test('an indexer that stopped on losing its lease: the IndexerStoppedError naming the chain and its new holder, logged', async () => {
    const { logger, lines } = logged()
    const lost = new WriterLockLostError({
      chainId: 42161,
      holder: { owner: 'b', pid: 4242, host: 'host-b' },
    })
    const error = await whenLeaseLost({
      indexer: { status, leaseLost: () => lost },
      running: Promise.resolve(),
      logger,
    })
    expect(error).toBeInstanceOf(IndexerStoppedError)
    expect(error).toMatchObject({
      chainId: 42161,
      chainIds: [1, 42161],
      holder: { pid: 4242, host: 'host-b' },
    })
    expect(error?.shortMessage).toBe(
      'The indexer stopped: another indexer took over chain 42161 (now written by pid 4242 on host-b).',
    )
    expect(lines).toMatchObject([
      {
        msg: 'writer lease lost to another indexer; exiting',
        chain_id: 42161,
        holder_pid: 4242,
        holder_host: 'host-b',
        chain_ids: [1, 42161],
      },
    ])
  })

  test('an indexer stopped by stop() (a signal): undefined, nothing logged; pending while it runs', async () => {
    const { logger, lines } = logged()
    expect(await whenLeaseLost({ indexer, running: Promise.resolve(), logger })).toBeUndefined()
    expect(lines).toEqual([])
    let settled = false
    void whenLeaseLost({ indexer, running: new Promise(() => {}), logger }).then(() => {
      settled = true
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(settled).toBe(false)
  })
})
