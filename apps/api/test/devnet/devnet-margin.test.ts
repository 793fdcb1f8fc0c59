import '@xmargin/devnet/vitest/global-setup'
import { aavePoolAbi } from '@xmargin/adapters'
import { demoWallets, freezeFeed, shockPrice } from '@xmargin/devnet'
import { createPublicClient, createTestClient, erc20Abi, getAddress, http, parseAbi, parseUnits } from 'viem'
import { describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { useDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'
import { readSse } from '../support/sse-client.js'

const manifest = inject('devnetManifest')
const wallet = (name: string) => {
  const found = manifest.wallets.find((w) => w.name === name)
  if (!found) throw new Error(`no demo wallet ${name} (known: ${demoWallets.map((w) => w.name).join(', ')})`)
  return getAddress(found.address)
}

const MARGIN = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) {
    status statusReasons equity initialMargin isolatedInitialMargin health
    venues { chainId venue wallet nativeHealth nativeHealthWad totalCollateralBase totalDebtBase }
    freshness { chainId blockNumber stale }
  }
}`)

describe('the API over the devnet and the real indexer', () => {
  const f = useDevnetApi(manifest)
  const testClients = manifest.chains.map((c) => ({
    chain: c,
    client: createTestClient({ mode: 'anvil', transport: http(c.rpcUrl), cacheTime: 0 }),
  }))

  it('venues.nativeHealth equals Aave getUserAccountData exactly, for every seeded wallet with an Aave account', async () => {
    let compared = 0
    for (const demo of manifest.wallets) {
      const res = await gql(f().url, MARGIN, { a: [demo.address] })
      expect(res.errors).toBeUndefined()
      for (const venue of res.data!.margin.venues.filter((v) => v.venue === 'aave-v3')) {
        const chain = manifest.chains.find((c) => c.chainId === venue.chainId)!
        // Null only for a chain never indexed; the fixture has indexed every chain.
        const block = res.data!.margin.freshness.find((c) => c.chainId === venue.chainId)!.blockNumber!
        const [collateral, debt, , , , healthFactor] = await f()
          .clients.get(venue.chainId)!
          .readContract({
            address: chain.contracts.aavePool!,
            abi: aavePoolAbi,
            functionName: 'getUserAccountData',
            args: [demo.address],
            blockNumber: BigInt(block),
          })
        expect(venue.nativeHealthWad, `${demo.name} on ${venue.chainId}`).toBe(healthFactor.toString())
        // The decimal is the wad shifted by 18 places, exactly; null (not 2^256−1) without debt.
        if (debt === 0n) expect(venue.nativeHealth).toBeNull()
        else expect(parseUnits(venue.nativeHealth!, 18)).toBe(healthFactor)
        expect(venue.totalCollateralBase).toBe(collateral.toString())
        expect(venue.totalDebtBase).toBe(debt.toString())
        compared += 1
      }
    }
    expect(compared).toBeGreaterThanOrEqual(4)
  })

  it('equity equals a valuation computed here from on-chain balances, Aave reserve data and feed prices at the pinned blocks', async () => {
    const feedAbi = parseAbi([
      'function latestRoundData() view returns (uint80, int256 answer, uint256, uint256 updatedAt, uint80)',
    ])
    const dataProviderAbi = parseAbi([
      'function getUserReserveData(address asset, address user) view returns (uint256 currentATokenBalance, uint256 currentStableDebt, uint256 currentVariableDebt, uint256, uint256, uint256, uint256, uint40, bool)',
    ])
    // Wallets whose whole book is wallet balances and Aave (no derivatives, whose value needs a model).
    for (const name of ['near-liquidation', 'stablecoin-only', 'emode-loop', 'empty']) {
      const address = wallet(name)
      const res = await gql(f().url, MARGIN, { a: [address] })
      const report = res.data!.margin
      let expected = 0
      for (const chain of manifest.chains) {
        const blockNumber = BigInt(report.freshness.find((c) => c.chainId === chain.chainId)!.blockNumber!)
        const client = createPublicClient({ transport: http(chain.rpcUrl), cacheTime: 0 })
        const usd = async (feed: `0x${string}`) => {
          const [, answer] = await client.readContract({
            address: feed,
            abi: feedAbi,
            functionName: 'latestRoundData',
            blockNumber,
          })
          return Number(answer) / 1e8
        }
        const weth = chain.tokens.find((t) => t.symbol === 'WETH')!
        expected +=
          (Number(await client.getBalance({ address, blockNumber })) / 1e18) * (await usd(weth.feed))
        for (const token of chain.tokens) {
          const price = await usd(token.feed)
          const unit = 10 ** token.decimals
          const held = await client.readContract({
            address: token.address,
            abi: erc20Abi,
            functionName: 'balanceOf',
            args: [address],
            blockNumber,
          })
          expected += (Number(held) / unit) * price
          if (!chain.contracts.aaveDataProvider || token.symbol === 'USDC.e') continue
          const [supplied, stableDebt, variableDebt] = await client.readContract({
            address: chain.contracts.aaveDataProvider,
            abi: dataProviderAbi,
            functionName: 'getUserReserveData',
            args: [token.address, address],
            blockNumber,
          })
          expected += ((Number(supplied) - Number(stableDebt) - Number(variableDebt)) / unit) * price
        }
      }
      // The API rounds USD to cents.
      expect(Math.abs(Number(report.equity) - expected), name).toBeLessThanOrEqual(0.01)
    }
  })

  it("the cross-chain wallet's initialMargin is well below its isolatedInitialMargin", async () => {
    const res = await gql(f().url, MARGIN, { a: [wallet('cross-chain')] })
    const report = res.data!.margin
    expect(report.status).not.toBe('UNKNOWN')
    // 10 WETH on chain 1 against a 10 ETH short perp on 42161: the ETH scenario loss nets across
    // chains, which the isolated sum (each (chain, venue) bucket alone) cannot do.
    expect(Number(report.initialMargin)).toBeLessThan(0.5 * Number(report.isolatedInitialMargin))
  })

  it('a WETH shock moves the near-liquidation wallet to LIQUIDATABLE and a marginUpdated subscriber sees it', async () => {
    const address = wallet('near-liquidation')
    const stream = await readSse<{ marginUpdated: { status: string; health: string } }>(
      f().url,
      `subscription { marginUpdated(addresses: ["${address}"]) { status health } }`,
    )
    const following = f().indexer.run()
    try {
      const first = await stream.next()
      expect(first.data!.marginUpdated.status).not.toBe('LIQUIDATABLE')
      // The portfolio line is an ETH drop of about 13% (Aave's own is about 6%).
      await shockPrice(manifest, { symbol: 'WETH', percent: -15 })
      let seen = first.data!.marginUpdated
      while (seen.status !== 'LIQUIDATABLE') seen = (await stream.next()).data!.marginUpdated
      expect(Number(seen.health)).toBeLessThan(1)
      // The unified (PORTFOLIO) report crossed the line; Aave's own figure agrees. The wallet keeps
      // only 0.01 ETH of gas, so its unified book is about as close to the line as its Aave account.
      const report = await gql(f().url, MARGIN, { a: [address] })
      const aave = report.data!.margin.venues.find((v) => v.venue === 'aave-v3')!
      expect(BigInt(aave.nativeHealthWad!) < 10n ** 18n).toBe(true)
      expect(Number(aave.nativeHealth)).toBeLessThan(1)
    } finally {
      stream.close()
      await f().indexer.stop()
      await following
    }
  })

  it('a stale feed turns solvency to UNKNOWN', async () => {
    const address = wallet('near-liquidation')
    const query = graphql(
      `query ($a: [Address!]!) { solvency(addresses: $a, minHealth: "1") { verdict reasons } }`,
    )
    const before = await gql(f().url, query, { a: [address] })
    expect(before.data!.solvency[0]!.verdict).not.toBe('UNKNOWN')
    const ethereum = manifest.chains.find((c) => c.name === 'ethereum') ?? manifest.chains[0]!
    await freezeFeed(manifest, { symbol: 'WETH', chainId: ethereum.chainId, frozen: true })
    // Two hours pass on every chain; the other feeds keep updating, the frozen one does not.
    for (const { client } of testClients) {
      await client.increaseTime({ seconds: 7200 })
      await client.mine({ blocks: 1 })
    }
    const { refreshFeeds } = await import('@xmargin/devnet')
    for (const chain of manifest.chains)
      await refreshFeeds(
        chain.rpcUrl,
        chain.chainId,
        chain.tokens.map((t) => t.feed),
      )
    f().clock.offset = 7200
    await f().indexer.syncToHead()
    const after = await gql(f().url, query, { a: [address] })
    expect(after.data!.solvency[0]!.verdict).toBe('UNKNOWN')
    expect(after.data!.solvency[0]!.reasons.join(' ')).toMatch(/stale-price:WETH/)
  })
})
