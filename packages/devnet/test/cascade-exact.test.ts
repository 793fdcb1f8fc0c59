import { type AaveReserveContext, defaultRiskParameters, type Position, type Price } from '@xmargin/core'
import {
  aaveBasePrice,
  type CascadeLiquidation,
  createPriceImpact,
  movedFeedAnswer,
  placeDepthCurve,
  prepareInputs,
  simulateCascade,
  toAssetsUp,
} from '@xmargin/engine'
import { type Address, erc20Abi, maxUint256, parseAbi, parseEventLogs, type TransactionReceipt } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { devnetFeedAbi } from '../src/actions/feed-abi.js'
import { shockPrice } from '../src/actions/shock-price.js'
import { createDevnetClient, type DevnetClient } from '../src/chain/client.js'
import { anvilKey } from '../src/config.js'
import { confirmTx } from '../src/deploy/confirm-tx.js'
import { type ManifestChain, manifestChain, manifestToken } from '../src/manifest.js'
import { cascadeWalletSpecs } from '../src/seed/cascade-wallets.js'
import { approve, mintTo } from '../src/seed/token-actions.js'
import { type Devnet, startDevnet } from '../src/start-devnet.js'

// Issue 15: the cascade's first round, simulated from the chain's own state, then performed on chain
// by a liquidator (Aave `liquidationCall`, Morpho `liquidate`): every amount equal to the wei.

const poolAbi = parseAbi([
  'function getConfiguration(address asset) view returns ((uint256 data))',
  'function getUserEMode(address user) view returns (uint256)',
  'function liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover, bool receiveAToken)',
])
const dataProviderAbi = parseAbi([
  'function getReserveTokensAddresses(address asset) view returns (address aTokenAddress, address stableDebtTokenAddress, address variableDebtTokenAddress)',
])
const aTokenAbi = parseAbi(['function RESERVE_TREASURY_ADDRESS() view returns (address)'])
const configuratorAbi = parseAbi(['function setLiquidationProtocolFee(address asset, uint256 newFee)'])
const morphoAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)',
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
  'function accrueInterest(MarketParams marketParams)',
  'function liquidate(MarketParams marketParams, address borrower, uint256 seizedAssets, uint256 repaidShares, bytes data) returns (uint256, uint256)',
])

/** The protocol fee (10% of the bonus) governance sets on Arbitrum's WETH reserve, so one chain exercises it. */
const PROTOCOL_FEE_BPS = 1000n
const LIQUIDATOR = 15

let devnet: Devnet
beforeAll(async () => {
  devnet = await startDevnet({ ports: 'free', cascadeWallets: true })
}, 180_000)
afterAll(async () => {
  await devnet?.stop()
})

const bits = (data: bigint, start: number) => Number((data >> BigInt(start)) & 0xffffn)

function clientOf(chain: ManifestChain, key = anvilKey(LIQUIDATOR)): DevnetClient {
  return createDevnetClient({ chainId: chain.chainId, rpcUrl: chain.rpcUrl, privateKey: key })
}

/** The feed answers (8 decimals) of WETH and USDC on a chain, as engine prices. */
async function feedPrices(chain: ManifestChain, updatedAt: number): Promise<Price[]> {
  const client = clientOf(chain)
  return Promise.all(
    ['WETH', 'USDC'].map(async (asset) => {
      const [, answer] = await client.readContract({
        address: manifestToken(chain, asset).feed,
        abi: devnetFeedAbi,
        functionName: 'latestRoundData',
      })
      return { asset, chainId: chain.chainId, value: answer, decimals: 8, updatedAt, source: `feed:${asset}` }
    }),
  )
}

/** A reserve's risk context as `getConfiguration` encodes it (ReserveConfiguration's bit layout). */
async function reserveContext(
  chain: ManifestChain,
  asset: Address,
  userEMode: number,
): Promise<AaveReserveContext> {
  const { data } = await clientOf(chain).readContract({
    address: chain.contracts.aavePool as Address,
    abi: poolAbi,
    functionName: 'getConfiguration',
    args: [asset],
  })
  return {
    ltv: bits(data, 0),
    liquidationThreshold: bits(data, 16),
    liquidationBonus: bits(data, 32),
    liquidationProtocolFee: bits(data, 152),
    eModeCategory: Number((data >> 168n) & 0xffn),
    userEModeCategory: userEMode,
  }
}

/** A cascade wallet's positions read at `blockNumber` (balances as of that block's timestamp). */
async function walletPositions(
  chain: ManifestChain,
  wallet: Address,
  blockNumber: bigint,
): Promise<Position[]> {
  const client = clientOf(chain)
  const weth = manifestToken(chain, 'WETH').address
  const usdc = manifestToken(chain, 'USDC').address
  const at = { chainId: chain.chainId, wallet, blockNumber }
  if (chain.contracts.aavePool) {
    const tokens = async (asset: Address) =>
      client.readContract({
        address: chain.contracts.aaveDataProvider as Address,
        abi: dataProviderAbi,
        functionName: 'getReserveTokensAddresses',
        args: [asset],
      })
    const [aWeth] = await tokens(weth)
    const [, , variableDebtUsdc] = await tokens(usdc)
    const balance = (token: Address) =>
      client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [wallet],
        blockNumber,
      })
    const userEMode = Number(
      await client.readContract({
        address: chain.contracts.aavePool,
        abi: poolAbi,
        functionName: 'getUserEMode',
        args: [wallet],
        blockNumber,
      }),
    )
    const venue = { ...at, venue: 'aave-v3' }
    return [
      {
        ...venue,
        id: `${chain.chainId}:aave-v3:${wallet}:WETH:supply`,
        asset: 'WETH',
        kind: 'supply',
        amount: await balance(aWeth),
        decimals: 18,
        collateral: true,
        aave: await reserveContext(chain, weth, userEMode),
      },
      {
        ...venue,
        id: `${chain.chainId}:aave-v3:${wallet}:USDC:debt`,
        asset: 'USDC',
        kind: 'debt',
        amount: await balance(variableDebtUsdc),
        decimals: 6,
        aave: await reserveContext(chain, usdc, userEMode),
      },
    ]
  }
  const market = chain.morphoMarkets?.[0]
  if (!market || !chain.contracts.morpho) throw new Error(`no Morpho market on chain ${chain.chainId}`)
  const read = { address: chain.contracts.morpho, abi: morphoAbi, blockNumber } as const
  const [, borrowShares, collateral] = await client.readContract({
    ...read,
    functionName: 'position',
    args: [market.id, wallet],
  })
  const [, , totalBorrowAssets, totalBorrowShares] = await client.readContract({
    ...read,
    functionName: 'market',
    args: [market.id],
  })
  const lltv = BigInt(market.lltv)
  const venue = { ...at, venue: 'morpho-blue' }
  return [
    {
      ...venue,
      id: `${chain.chainId}:morpho-blue:${wallet}:WETH:supply:${market.id}`,
      asset: 'WETH',
      kind: 'supply',
      amount: collateral,
      decimals: 18,
      collateral: true,
      morpho: { market: market.id, lltv },
    },
    {
      ...venue,
      id: `${chain.chainId}:morpho-blue:${wallet}:USDC:debt:${market.id}`,
      asset: 'USDC',
      kind: 'debt',
      amount: toAssetsUp(borrowShares, totalBorrowAssets, totalBorrowShares),
      decimals: 6,
      morpho: { market: market.id, lltv, borrowShares, totalBorrowAssets, totalBorrowShares },
    },
  ]
}

describe('cascade round 1 against the contracts', () => {
  test('ETH −25%: every liquidation the simulation makes repays and seizes on chain exactly what it computed', async () => {
    const chains = [1, 42161, 8453].map((id) => manifestChain(devnet.manifest, id))
    const wallets = devnet.manifest.cascadeWallets ?? []
    // the book's prices: the seeded feeds, before any move
    const prices = (await Promise.all(chains.map((c) => feedPrices(c, Math.floor(Date.now() / 1000))))).flat()

    // on chain: the shock, a protocol fee on Arbitrum's WETH, the liquidator's USDC, Morpho's interest accrued
    await shockPrice(devnet.manifest, { symbol: 'WETH', percent: -25 })
    const arbitrum = chains[1] as ManifestChain
    const admin = clientOf(arbitrum, anvilKey(0))
    await confirmTx(
      admin,
      'set the WETH liquidation protocol fee',
      admin.writeContract({
        address: arbitrum.contracts.aavePoolConfigurator as Address,
        abi: configuratorAbi,
        functionName: 'setLiquidationProtocolFee',
        args: [manifestToken(arbitrum, 'WETH').address, PROTOCOL_FEE_BPS],
      }),
    )
    for (const chain of chains) {
      const liquidator = clientOf(chain)
      const usdc = manifestToken(chain, 'USDC').address
      await mintTo(liquidator, usdc, 10n ** 13n)
      await approve(
        liquidator,
        usdc,
        (chain.contracts.aavePool ?? chain.contracts.morpho) as Address,
        maxUint256,
      )
    }
    const base = chains[2] as ManifestChain
    const market = base.morphoMarkets?.[0]
    if (!market) throw new Error('no Morpho market')
    const marketParams = { ...market, lltv: BigInt(market.lltv) }
    const accrue = clientOf(base)
    await confirmTx(
      accrue,
      'accrue Morpho interest',
      accrue.writeContract({
        address: base.contracts.morpho as Address,
        abi: morphoAbi,
        functionName: 'accrueInterest',
        args: [marketParams],
      }),
    )

    // the state every call of the round starts from: each chain's latest block, its timestamp kept for the calls
    const pinned = new Map<number, { blockNumber: bigint; timestamp: bigint }>()
    const positions: Position[] = []
    for (const chain of chains) {
      const block = await clientOf(chain).getBlock()
      pinned.set(chain.chainId, { blockNumber: block.number, timestamp: block.timestamp })
      for (const spec of cascadeWalletSpecs.filter((s) => s.chainId === chain.chainId)) {
        const wallet = wallets.find((w) => w.name === spec.name)?.address as Address
        positions.push(...(await walletPositions(chain, wallet, block.number)))
      }
    }
    const { book } = prepareInputs({
      positions,
      prices,
      params: defaultRiskParameters,
      now: Date.now() / 1000,
    })
    const curve = placeDepthCurve({
      curve: { depth: 100_000n * 10n ** 18n, feePips: 0 },
      price: { value: 3000n, decimals: 0 },
      assetDecimals: 18,
      quoteDecimals: 6,
    })
    const impact = createPriceImpact({
      kind: 'depth-curve',
      state: curve,
      assetDecimals: 18,
      quoteDecimals: 6,
    })
    const result = simulateCascade({ book, shock: { ETH: 0.75 }, impact: { ETH: impact }, maxRounds: 1 })
    const round = result.rounds[0]?.liquidations ?? []

    // the simulation's oracle prices are the chain's after the shock
    for (const chain of chains) {
      const weth = book.positions.find(
        (p) => p.position.chainId === chain.chainId && p.position.asset === 'WETH',
      )
      if (!weth) throw new Error(`no WETH position on chain ${chain.chainId}`)
      const [onChain] = await feedPrices(chain, 0)
      expect(onChain?.value).toBe(movedFeedAnswer(weth, 0.75))
      expect(aaveBasePrice(weth, 0.75)).toBe(onChain?.value)
    }
    const nameOf = (l: CascadeLiquidation) => wallets.find((w) => w.address === l.wallet)?.name
    const expected = cascadeWalletSpecs.filter((s) => s.liquidationDropBps <= 2500).map((s) => s.name)
    expect(round.map(nameOf).sort()).toEqual(expected.sort())
    expect(round.some((l) => l.protocolFee > 0n)).toBe(true)

    for (const l of round) {
      const chain = manifestChain(devnet.manifest, l.chainId)
      const { timestamp } = pinned.get(l.chainId) as { timestamp: bigint }
      const liquidator = clientOf(chain)
      const weth = manifestToken(chain, 'WETH').address
      const usdc = manifestToken(chain, 'USDC').address
      const balance = (token: Address) =>
        liquidator.readContract({
          address: token,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [liquidator.account.address],
        })
      const held = async () => Promise.all([balance(weth), balance(usdc)])
      const [wethBefore, usdcBefore] = await held()
      await liquidator.setNextBlockTimestamp({ timestamp })
      let receipt: TransactionReceipt
      if (l.rule === 'aave-v3') {
        receipt = await confirmTx(
          liquidator,
          `liquidate ${nameOf(l)}`,
          liquidator.writeContract({
            address: chain.contracts.aavePool as Address,
            abi: poolAbi,
            functionName: 'liquidationCall',
            args: [weth, usdc, l.wallet as Address, maxUint256, false],
          }),
        )
      } else {
        const account = positions.filter((p) => p.wallet === l.wallet)
        const collateral = account.find((p) => p.kind === 'supply')?.amount ?? 0n
        const debt = account.find((p) => p.kind === 'debt')
        const shares = debt?.kind === 'debt' ? (debt.morpho?.borrowShares ?? 0n) : 0n
        // the liquidator's call: every share when the collateral covers them, else all the collateral
        const [seizedAssets, repaidShares] = l.seized.amount === collateral ? [collateral, 0n] : [0n, shares]
        receipt = await confirmTx(
          liquidator,
          `liquidate ${nameOf(l)}`,
          liquidator.writeContract({
            address: chain.contracts.morpho as Address,
            abi: morphoAbi,
            functionName: 'liquidate',
            args: [marketParams, l.wallet as Address, seizedAssets, repaidShares, '0x'],
          }),
        )
      }
      const [wethAfter, usdcAfter] = await held()
      const label = `${nameOf(l)} on chain ${l.chainId}`
      expect({ label, repaid: usdcBefore - usdcAfter }).toEqual({ label, repaid: l.repaid.amount })
      expect({ label, received: wethAfter - wethBefore }).toEqual({
        label,
        received: l.seized.amount - l.protocolFee,
      })
      if (l.rule === 'aave-v3') {
        // the protocol fee: the collateral aToken's Transfer from the user to the treasury
        const [aWeth] = await liquidator.readContract({
          address: chain.contracts.aaveDataProvider as Address,
          abi: dataProviderAbi,
          functionName: 'getReserveTokensAddresses',
          args: [weth],
        })
        const treasury = await liquidator.readContract({
          address: aWeth,
          abi: aTokenAbi,
          functionName: 'RESERVE_TREASURY_ADDRESS',
        })
        const fee = parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: receipt.logs }).filter(
          (log) => log.address.toLowerCase() === aWeth.toLowerCase() && log.args.to === treasury,
        )
        expect({ label, fee: fee.reduce((s, log) => s + log.args.value, 0n) }).toEqual({
          label,
          fee: l.protocolFee,
        })
      }
    }
  }, 240_000)
})
