import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { anvilKey } from '../config.js'
import { createDevnetClient, type DevnetClient, stuckAfterMs } from './client.js'
import { type AnvilInstance, startAnvil } from './start-anvil.js'

const started: AnvilInstance[] = []
const proxies: Server[] = []
afterEach(async () => {
  for (const proxy of proxies.splice(0)) {
    proxy.closeAllConnections()
    await new Promise((resolve) => proxy.close(resolve))
  }
  await Promise.all(started.splice(0).map((anvil) => anvil.stop()))
})

const dead = '0x000000000000000000000000000000000000dEaD'
/** A call to an address with no code succeeds: enough to send a contract call. */
const refreshAbi = [
  { type: 'function', name: 'refresh', stateMutability: 'nonpayable', inputs: [], outputs: [] },
] as const

async function startTestAnvil(): Promise<{ anvil: AnvilInstance; direct: DevnetClient }> {
  const anvil = await startAnvil({ chainId: 31337, port: 0 })
  started.push(anvil)
  return {
    anvil,
    direct: createDevnetClient({ chainId: 31337, rpcUrl: anvil.rpcUrl, privateKey: anvilKey(0) }),
  }
}

/** A result to answer with instead of anvil's, or `undefined` to forward the call. */
type Intercept = (method: string, body: string) => Promise<{ result: unknown } | undefined>

/**
 * A devnet client (account 0) whose calls pass through a proxy in front of `anvil`: `intercept` sees
 * each call first and may answer it itself. `methods` lists the methods the client called.
 */
async function clientThroughProxy(anvil: AnvilInstance, intercept: Intercept = async () => undefined) {
  const methods: string[] = []
  const proxy = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString()
    const { id, method } = JSON.parse(body) as { id: number; method: string }
    methods.push(method)
    response.setHeader('content-type', 'application/json')
    const answer = await intercept(method, body)
    if (answer) {
      response.end(JSON.stringify({ jsonrpc: '2.0', id, result: answer.result }))
      return
    }
    const forwarded = await fetch(anvil.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    response.end(await forwarded.text())
  })
  proxies.push(proxy)
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const { port } = proxy.address() as { port: number }
  const client = createDevnetClient({
    chainId: 31337,
    rpcUrl: `http://127.0.0.1:${port}`,
    privateKey: anvilKey(0),
  })
  return { client, methods }
}

/** Answers that the node automines, whatever it does. */
const sayAutomineOn: Intercept = async (method) =>
  method === 'anvil_getAutomine' ? { result: true } : undefined

describe('createDevnetClient()', () => {
  // What `pnpm shock` and `pnpm stale` (other processes, and before, `xmargin dev`'s heartbeat) do:
  // send from account 0, each reading the next nonce from the node. Here the other sender always
  // gets in between, by construction: the proxy sends a transaction of its own from the same account
  // just before it forwards the client's first one, whose nonce is then taken. A contract call
  // (`setFrozen`, `setPrice`) goes through viem's writeContract, which must send through the
  // client's sendTransaction too (it did not, and was never sent again).
  it.each([
    ['sendTransaction', (client: DevnetClient) => client.sendTransaction({ to: dead, value: 1n })],
    [
      'writeContract',
      (client: DevnetClient) =>
        client.writeContract({ address: dead, abi: refreshAbi, functionName: 'refresh' }),
    ],
  ])(
    '%s sends again, with a new nonce, when another sender of its account took the nonce first',
    async (_, send) => {
      const { anvil, direct: other } = await startTestAnvil()
      let cutIn = 0
      const { client } = await clientThroughProxy(anvil, async (method) => {
        if (cutIn === 0 && method === 'eth_sendRawTransaction') {
          cutIn++
          await other.waitForTransactionReceipt({
            hash: await other.sendTransaction({ to: dead, value: 2n }),
          })
        }
        return undefined
      })
      const hash = await send(client)
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
      expect(cutIn).toBe(1)
      expect(await client.getTransactionCount({ address: client.account.address })).toBe(2)
    },
  )

  // Anvil's automine can leave a ready transaction in the pool (foundry-rs/foundry#10122); nothing
  // mines it until another transaction comes. Here that state is made by construction: the node's
  // automine is off, while the proxy answers that automine is on.
  it(
    'mines a block for a transaction an automining node left in its pool',
    async () => {
      const { anvil, direct } = await startTestAnvil()
      await direct.setAutomine(false)
      const { client, methods } = await clientThroughProxy(anvil, sayAutomineOn)
      const blockBefore = await direct.getBlockNumber()
      const hash = await client.sendTransaction({ to: dead, value: 1n })
      expect((await direct.getTransaction({ hash })).blockNumber).toBeNull()
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      expect(receipt.status).toBe('success')
      expect(receipt.blockNumber).toBe(blockBefore + 1n)
      expect(methods).toContain('anvil_mine')
      expect(await direct.getAutomine()).toBe(false)
    },
    6 * stuckAfterMs,
  )

  it(
    'does not mine for a transaction while the node mines on an interval or on demand',
    async () => {
      const { direct: client } = await startTestAnvil()
      await client.setAutomine(false)
      const blockBefore = await client.getBlockNumber()
      const hash = await client.sendTransaction({ to: dead, value: 1n })
      const waiting = client.waitForTransactionReceipt({
        hash,
        pollingInterval: 20,
        timeout: 2.5 * stuckAfterMs,
      })
      await expect(waiting).rejects.toThrow(
        /No receipt for transaction 0x[0-9a-f]{64} within \d+ s[\s\S]*pending, the node mines on an interval or on demand/,
      )
      expect(await client.getBlockNumber()).toBe(blockBefore)
    },
    6 * stuckAfterMs,
  )

  // viem's wait looks a receipt up again only when a new block comes; on an automining chain with
  // one sender none comes. Here the node's first answers miss the receipt, by construction: the
  // proxy answers null to the first receipt lookups of the mined transaction.
  it(
    'asks for the receipt again when no new block comes',
    async () => {
      const { anvil } = await startTestAnvil()
      let missed = 0
      const { client } = await clientThroughProxy(anvil, async (method) => {
        if (method !== 'eth_getTransactionReceipt' || missed >= 3) return undefined
        missed++
        return { result: null }
      })
      const hash = await client.sendTransaction({ to: dead, value: 1n })
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      expect(receipt.status).toBe('success')
      expect(missed).toBe(3)
      // found by asking again: no block was mined for it
      expect(await client.getBlockNumber()).toBe(receipt.blockNumber)
    },
    6 * stuckAfterMs,
  )

  // A pool that drains one transaction per block (the Aave deploy's queued steps) is busy, not stuck:
  // a block mined on demand could leave out steps that do not fit it. Here blocks keep coming (mined
  // by the test, not through the proxy) while a transaction with a nonce gap waits in the pool.
  it(
    'does not mine while blocks keep coming',
    async () => {
      const { anvil, direct } = await startTestAnvil()
      await direct.setAutomine(false)
      const { client, methods } = await clientThroughProxy(anvil, sayAutomineOn)
      const blocks = setInterval(() => void direct.mine({ blocks: 1 }), 500)
      try {
        const nonce = await direct.getTransactionCount({ address: direct.account.address })
        const hash = await client.sendTransaction({ to: dead, value: 1n, nonce: nonce + 1 })
        const waiting = client.waitForTransactionReceipt({
          hash,
          pollingInterval: 20,
          timeout: 2.5 * stuckAfterMs,
        })
        await expect(waiting).rejects.toThrow(/pending while automining, blocks still coming/)
        expect(methods).not.toContain('anvil_mine')
      } finally {
        clearInterval(blocks)
      }
    },
    6 * stuckAfterMs,
  )
})
