import { type Address, parseEther, parseUnits } from 'viem'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { anvilKey } from '../config.js'
import { DevnetError } from '../errors.js'
import { type ManifestChain, manifestOptionsVenue, manifestPerp } from '../manifest.js'
import type { MorphoMarket } from '../morpho/deploy-morpho.js'
import { deployVolatilityFeeds, type VolatilityFeed } from '../options/deploy-volatility-feeds.js'
import { aaveBorrow, aaveSetEMode, aaveSupply } from './aave-actions.js'
import { morphoBorrow, morphoSupply } from './morpho-actions.js'
import { optionsSeedVolatilities, seedOptionsPositions } from './seed-options-positions.js'
import { seedPerpPositions } from './seed-perp-positions.js'
import { mintTo, transferToken } from './token-actions.js'
import { DERIVATIVES_OPERATOR_INDEX, type DemoWalletName, demoWallets } from './wallets.js'

export type SeedChainParameters = {
  deployer: DevnetClient
  chain: Omit<ManifestChain, 'rpcUrl'>
  rpcUrl: string
  morphoMarkets: readonly MorphoMarket[]
}

/** Return type of {@link seedChain}: what the seed deployed that the manifest must list. */
export type SeedChainReturnType = {
  /** Implied-volatility feeds for every seeded option expiry (chains with the options venue). */
  volatilityFeeds: VolatilityFeed[]
}

/** Native ETH each demo wallet keeps for gas (anvil funds 10,000 ETH, which would swamp every book). */
const GAS_MONEY = parseEther('0.5')

/**
 * Seeds one chain: the deployer provides lending liquidity (the derivatives operator has already
 * provided Perp's and the options house's), then each demo wallet opens what its description says
 * for this chain. Amounts are exact so tests can derive expected figures. Where options are
 * traded, the deployer then publishes an implied-volatility feed for every seeded expiry.
 *
 * @example
 * const { volatilityFeeds } = await seedChain({ deployer, chain, rpcUrl, morphoMarkets })
 */
export async function seedChain(parameters: SeedChainParameters): Promise<SeedChainReturnType> {
  const { deployer, chain, rpcUrl, morphoMarkets } = parameters
  const token = (symbol: string): Address => {
    const found = chain.tokens.find((t) => t.symbol === symbol)
    if (!found) throw new DevnetError(`Seed needs ${symbol} on chain ${chain.chainId}.`)
    return found.address
  }
  const has = (symbol: string) => chain.tokens.some((t) => t.symbol === symbol)
  const wallet = (name: DemoWalletName) => {
    const spec = demoWallets.find((w) => w.name === name)
    if (!spec) throw new DevnetError(`Unknown demo wallet ${name}.`)
    return createDevnetClient({ chainId: chain.chainId, rpcUrl, privateKey: anvilKey(spec.index) })
  }
  const weth = (n: string) => parseEther(n)
  const usd = (n: string) => parseUnits(n, 6)

  const pool = chain.contracts.aavePool
  if (pool) {
    // Liquidity so that demo borrows succeed.
    await aaveSupply(deployer, pool, token('USDC'), usd('1000000'))
    await aaveSupply(deployer, pool, token('USDT'), usd('1000000'))
    await aaveSupply(deployer, pool, token('WETH'), weth('1000'))
  }
  const morpho = chain.contracts.morpho
  const wethUsdc = morphoMarkets.find((m) => m.collateralSymbol === 'WETH' && m.loanSymbol === 'USDC')
  if (morpho && wethUsdc) await morphoSupply(deployer, morpho, wethUsdc, usd('1000000'))

  if (chain.chainId === 1 && pool) {
    await aaveSupply(wallet('cross-chain'), pool, token('WETH'), weth('10'))
    const nearLiquidation = wallet('near-liquidation')
    await aaveSupply(nearLiquidation, pool, token('WETH'), weth('1'))
    await aaveBorrow(nearLiquidation, pool, token('USDC'), usd('2350'))
    // The loan was spent: the borrowed USDC leaves the wallet, so nothing offsets the debt.
    await transferToken(nearLiquidation, token('USDC'), deployer.account.address, usd('2350'))
    await aaveSupply(wallet('stablecoin-only'), pool, token('USDC'), usd('20000'))
    const loop = wallet('emode-loop')
    await aaveSetEMode(loop, pool, 1)
    await aaveSupply(loop, pool, token('wstETH'), weth('10'))
    await aaveBorrow(loop, pool, token('WETH'), weth('8'))
  }
  if (chain.chainId === 42161 && pool) {
    const crossChain = wallet('cross-chain')
    await aaveSupply(crossChain, pool, token('WETH'), weth('2'))
    await aaveBorrow(crossChain, pool, token('USDC'), usd('4000'))
  }
  if (chain.chainId === 8453 && morpho && wethUsdc) {
    await morphoBorrow(wallet('cross-chain'), morpho, wethUsdc, weth('1'), usd('1500'))
  }

  const stable = wallet('stablecoin-only')
  await mintTo(stable, token('USDC'), usd('5000'))
  await mintTo(stable, token('USDT'), usd('5000'))
  if (has('USDC.e')) await mintTo(stable, token('USDC.e'), usd('2500'))

  const operator = createDevnetClient({
    chainId: chain.chainId,
    rpcUrl,
    privateKey: anvilKey(DERIVATIVES_OPERATOR_INDEX),
  })
  if (chain.venues?.perp) await seedPerpPositions({ perp: manifestPerp(chain), maker: operator, wallet })
  let volatilityFeeds: VolatilityFeed[] = []
  if (chain.venues?.options) {
    const traded = await seedOptionsPositions({
      venue: manifestOptionsVenue(chain),
      house: operator,
      wallet,
      token,
    })
    volatilityFeeds = await deployVolatilityFeeds(
      deployer,
      traded.map((t) => ({ ...t, volatility: optionsSeedVolatilities[t.underlying] })),
    )
  }

  // Last, after every seed transaction has paid its gas.
  for (const spec of demoWallets) {
    const address = wallet(spec.name).account.address
    const native = 'nativeWei' in spec && spec.nativeWei !== undefined ? BigInt(spec.nativeWei) : GAS_MONEY
    await deployer.setBalance({ address, value: spec.name === 'empty' ? 0n : native })
  }
  return { volatilityFeeds }
}
