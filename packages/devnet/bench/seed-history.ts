/**
 * How long `seedPriceHistory` takes for N days, and where the time goes: per N, the wall time, the
 * transactions and blocks it added per chain, and the seconds per transaction. Prints figures,
 * asserts nothing. Starts its own devnet on free ports (one block per transaction, as tests run it,
 * or BLOCK_TIME=2 as `pnpm devnet` and `xmargin dev` run it).
 * Run: pnpm --filter @xmargin/devnet bench:seed-history (DAYS=90,365,615 by default).
 */
import { createPublicClient, http } from 'viem'
import { seedPriceHistory } from '../src/actions/seed-price-history.js'
import { startDevnet } from '../src/start-devnet.js'

const days = (process.env.DAYS ?? '90,365,615').split(',').map(Number)
const blockTime = process.env.BLOCK_TIME ? Number(process.env.BLOCK_TIME) : undefined

for (const n of days) {
  const devnet = await startDevnet({ ports: 'free', ...(blockTime ? { blockTime } : {}) })
  try {
    const clients = devnet.manifest.chains.map((c) =>
      createPublicClient({ transport: http(c.rpcUrl), cacheTime: 0 }),
    )
    const before = await Promise.all(clients.map((c) => c.getBlockNumber()))
    const started = performance.now()
    const { feeds } = await seedPriceHistory(devnet.manifest, { days: n })
    const seconds = (performance.now() - started) / 1000
    const after = await Promise.all(clients.map((c) => c.getBlockNumber()))
    let transactions = 0
    let gas = 0n
    for (const [i, client] of clients.entries()) {
      for (let b = before[i]! + 1n; b <= after[i]!; b++) {
        const block = await client.getBlock({ blockNumber: b })
        transactions += block.transactions.length
        gas += block.gasUsed
      }
    }
    const rounds = feeds.reduce((s, f) => s + f.rounds, 0)
    const blocks = after.reduce((s, a, i) => s + Number(a - before[i]!), 0)
    console.log(
      `${n} days: ${seconds.toFixed(1)} s for ${feeds.length} feeds, ${transactions} transactions in ${blocks} blocks (${(
        (seconds / Math.max(transactions, 1)) * 1000
      ).toFixed(
        0,
      )} ms a transaction; ${Number(gas / BigInt(rounds))} gas a round)${blockTime ? `, block time ${blockTime} s` : ''}`,
    )
  } finally {
    await devnet.stop()
  }
}
