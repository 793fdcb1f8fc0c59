/**
 * `pnpm --filter @xmargin/api bench:first-answer`: how long a `margin` question about a wallet the
 * indexer does not track takes to answer with its real positions (the API tracks it, the in-process
 * indexer reads it at each chain's tip, the report waits for that read; issue 11 wants it within
 * 3 s on the devnet), against a baseline measured in the same run: the same question once the
 * wallet is tracked. BENCH_WALLETS (default 10) fresh wallets, each given 1 ETH and 1 WETH on the
 * devnet's ethereum chain first. The API's defaults apply (a 2.5 s wait, then UNKNOWN
 * `tracking-pending`), so a first answer that outran the wait is counted. Prints medians, the
 * ratio and the load average; asserts nothing.
 */
import { loadavg } from 'node:os'
import { startDevnet } from '@xmargin/devnet'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { graphql } from '../src/graphql/graphql.js'
import { startDevnetApi } from '../test/support/devnet-fixture.js'
import { createWalletFunder } from '../test/support/fund-wallet.js'
import { gql } from '../test/support/graphql-client.js'

const wallets = Number(process.env.BENCH_WALLETS ?? 10)
const MARGIN = graphql(`query ($a: [Address!]!) { margin(addresses: $a) { status statusReasons } }`)

const devnet = await startDevnet({ ports: 'free' })
const fixture = await startDevnetApi(devnet.manifest)
const funder = createWalletFunder(devnet.manifest)

/** Wall time of one `margin` question, ms, and whether it answered with the real book. */
async function ask(address: `0x${string}`) {
  const started = performance.now()
  const res = await gql(fixture.url, MARGIN, { a: [address] })
  const ms = performance.now() - started
  if (res.errors) throw new Error(`margin failed: ${res.errors.map((e) => e.message).join('; ')}`)
  return { ms, answered: res.data!.margin.statusReasons.length === 0 }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const first: number[] = []
const tracked: number[] = []
let pending = 0
try {
  // Warm-up (the engine's workers start on the first report): a demo wallet the devnet tracks.
  await ask(devnet.manifest.wallets[0]!.address)
  const loadBefore = loadavg()[0]!
  for (let i = 0; i < wallets; i++) {
    const address = privateKeyToAddress(generatePrivateKey())
    await funder.fund(address, '1', '1')
    await fixture.indexer.syncToHead()
    const answer = await ask(address)
    first.push(answer.ms)
    if (!answer.answered) pending++
    tracked.push((await ask(address)).ms)
  }
  const loadAfter = loadavg()[0]!
  console.log(
    `\nmargin of a fresh wallet, ${wallets} wallets, median (load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)})`,
  )
  console.log(
    `  first question (untracked):  ${median(first).toFixed(0).padStart(6)} ms   max ${Math.max(...first).toFixed(0)} ms`,
  )
  console.log(`  once tracked (baseline):     ${median(tracked).toFixed(0).padStart(6)} ms`)
  console.log(`  ratio first / tracked:       ${(median(first) / median(tracked)).toFixed(1).padStart(6)}×`)
  console.log(
    `  first answers still pending: ${pending} of ${wallets} (target: the real book within 3,000 ms)`,
  )
} finally {
  await fixture.close()
  await devnet.stop()
}
