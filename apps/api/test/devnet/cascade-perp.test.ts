import '@xmargin/devnet/vitest/global-setup'
import {
  anvilKey,
  arbitragePerpPoolToIndex,
  createDevnetClient,
  manifestChain,
  manifestPerp,
  readPerpAccount,
  shockPrice,
} from '@xmargin/devnet'
import { type Address, parseAbi, parseEventLogs } from 'viem'
import { describe, expect, inject, it } from 'vitest'
import { useDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

// Issue 15: the API's cascade closes a Perp v2 liquidation through the market's virtual pool as the
// indexer stored it at the cut; the chain's own liquidate, after the same shock and the pool
// arbitraged to the new index, charges the penalty the API computed, to the settlement token's unit.

const manifest = inject('devnetManifest')
const f = useDevnetApi(manifest)

const CASCADE = `query ($a: [Address!]) {
  cascade(addresses: $a, shocks: [{ factor: "ETH", spot: "-0.31" }], maxRounds: 1) {
    reasons
    rounds { liquidations { venue chainId wallet collateralAsset collateralSeizedAmount debtRepaidAmount perpClosedAt } }
  }
}`
type Cascade = {
  cascade: {
    reasons: string[]
    rounds: {
      liquidations: {
        venue: string
        chainId: number
        wallet: string
        collateralAsset: string
        collateralSeizedAmount: string
        debtRepaidAmount: string
        perpClosedAt: 'POOL' | 'INDEX' | null
      }[]
    }[]
  }
}
const liquidateAbi = parseAbi([
  'function liquidate(address trader, address baseToken)',
  'event PositionLiquidated(address indexed trader, address indexed baseToken, uint256 positionNotional, uint256 positionSize, uint256 liquidationFee, address liquidator)',
])

describe('the cascade closes Perp v2 through its stored virtual pool (issue 15)', () => {
  it('ETH −31%: the penalty the API charges perp-and-options is what ClearingHouse.liquidate charges, in USDC units', async () => {
    const trader = manifest.wallets.find((w) => w.name === 'perp-and-options')?.address as Address
    const res = await gql<Cascade>(f().url, CASCADE, { a: [trader] })
    expect(res.errors).toBeUndefined()
    const [close] = res.data!.cascade.rounds[0]!.liquidations.filter((l) => l.venue === 'PERP_V2')
    expect(close).toMatchObject({
      chainId: 42161,
      collateralAsset: 'USDC',
      debtRepaidAmount: String(5n * 10n ** 18n),
      perpClosedAt: 'POOL',
    })

    const arbitrum = manifestChain(manifest, 42161)
    const perp = manifestPerp(arbitrum)
    const client = createDevnetClient({ chainId: 42161, rpcUrl: arbitrum.rpcUrl, privateKey: anvilKey(16) })
    await shockPrice(manifest, { symbol: 'WETH', percent: -31 })
    const eth = (await readPerpAccount(client, perp, trader)).positions.find((p) => p.symbol === 'ETH')
    if (!eth) throw new Error('no ETH position')
    const arbitrageur = createDevnetClient({
      chainId: 42161,
      rpcUrl: arbitrum.rpcUrl,
      privateKey: anvilKey(17),
    })
    await arbitragePerpPoolToIndex(arbitrageur, perp, { symbol: 'ETH', index: eth.indexPrice })
    const hash = await client.writeContract({
      address: perp.clearingHouse,
      abi: liquidateAbi,
      functionName: 'liquidate',
      args: [trader, eth.baseToken],
    })
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
    const [event] = parseEventLogs({ abi: liquidateAbi, eventName: 'PositionLiquidated', logs: receipt.logs })
    if (!event) throw new Error('no PositionLiquidated event')
    expect(event.args.positionSize).toBe(5n * 10n ** 18n)
    // the penalty, 18 decimals on chain, in the vault's 6-decimal USDC in the API (rounded down)
    expect(BigInt(close!.collateralSeizedAmount)).toBe(event.args.liquidationFee / 10n ** 12n)
    // which the index-price close (5 × index, 2.5%) does not give
    expect(BigInt(close!.collateralSeizedAmount)).not.toBe(
      (5n * eth.indexPrice * 25_000n) / 10n ** 6n / 10n ** 12n,
    )
  })
})
