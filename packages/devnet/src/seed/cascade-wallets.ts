import { type Address, type Hex, parseEther, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { aaveRiskPresets } from '../aave/reserve-presets.js'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { ANVIL_MNEMONIC, devnetTokens } from '../config.js'
import { DevnetError } from '../errors.js'
import { type DevnetManifest, type ManifestChain, type ManifestWallet, manifestToken } from '../manifest.js'
import { aaveBorrow, aaveSupply } from './aave-actions.js'
import { morphoBorrow, morphoSupply } from './morpho-actions.js'
import { transferToken } from './token-actions.js'

/** HD index of the first cascade wallet (anvil's mnemonic; far above the 20 accounts anvil funds). */
export const CASCADE_WALLET_FIRST_INDEX = 100
/** The account that lends the cascade wallets' USDC on each venue and receives the spent loans. */
export const CASCADE_LENDER_INDEX = 13

/** A cascade wallet: WETH collateral and a USDC loan placed so the venue liquidates it at an ETH fall of `liquidationDropBps`. */
export type CascadeWalletSpec = {
  name: string
  /** HD index under anvil's mnemonic. */
  index: number
  chainId: number
  venue: 'aave-v3' | 'morpho-blue'
  /** WETH collateral, whole tokens. */
  collateralWeth: number
  /** ETH fall, in basis points of the seeded price, at which the venue's own rule liquidates. */
  liquidationDropBps: number
}

/**
 * Liquidation falls of each venue's ladder (bps) with the collateral at each rung. Under a −25% ETH
 * shock the first six rungs are liquidatable at once (the first two below Aave's 0.95 health,
 * closed in full), the bigger ones; the next six sit 0.5–8% further down, reached only if the
 * first round's forced sales move ETH's price on: a second and third round.
 */
const ladder: readonly { dropBps: number; weth: number }[] = [
  { dropBps: 1800, weth: 120 },
  { dropBps: 2000, weth: 100 },
  { dropBps: 2200, weth: 90 },
  { dropBps: 2300, weth: 80 },
  { dropBps: 2400, weth: 60 },
  { dropBps: 2450, weth: 60 },
  { dropBps: 2550, weth: 30 },
  { dropBps: 2600, weth: 30 },
  { dropBps: 2700, weth: 25 },
  { dropBps: 2800, weth: 25 },
  { dropBps: 3000, weth: 20 },
  { dropBps: 3300, weth: 20 },
]

const venues: readonly { chainId: number; venue: CascadeWalletSpec['venue'] }[] = [
  { chainId: 1, venue: 'aave-v3' },
  { chainId: 42161, venue: 'aave-v3' },
  { chainId: 8453, venue: 'morpho-blue' },
]

/** The 36 cascade wallets: the ladder on Aave (ethereum), Aave (arbitrum) and Morpho Blue (base). */
export const cascadeWalletSpecs: readonly CascadeWalletSpec[] = venues.flatMap(({ chainId, venue }, v) =>
  ladder.map((rung, r) => ({
    name: `cascade-${chainId}-${String(r + 1).padStart(2, '0')}`,
    index: CASCADE_WALLET_FIRST_INDEX + v * ladder.length + r,
    chainId,
    venue,
    collateralWeth: rung.weth,
    liquidationDropBps: rung.dropBps,
  })),
)

/** Private key of HD index `index` under anvil's mnemonic. */
function hdKey(index: number): Hex {
  const key = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).getHdKey().privateKey
  if (!key) throw new DevnetError(`No private key for HD index ${index}.`)
  return toHex(key)
}

/**
 * The USDC loan (6 decimals) that puts a wallet's liquidation at its rung: the venue liquidates
 * once collateral·price·threshold < debt, so debt = weth·P₀·(1 − drop)·threshold, with P₀ the seeded
 * ETH price and the threshold Aave's WETH liquidation threshold or the Morpho market's LLTV.
 *
 * @example
 * cascadeLoanUsdc(spec, 8300n * 10n ** 14n) // threshold as 18 decimals
 */
export function cascadeLoanUsdc(spec: CascadeWalletSpec, threshold18: bigint): bigint {
  const price = devnetTokens.find((t) => t.symbol === 'WETH')?.priceUsd
  if (!price) throw new DevnetError('No seeded WETH price.')
  const collateralUsd6 = BigInt(spec.collateralWeth) * BigInt(price) * 10n ** 6n
  return (collateralUsd6 * BigInt(10_000 - spec.liquidationDropBps) * threshold18) / (10_000n * 10n ** 18n)
}

/** Aave's WETH liquidation threshold (bps in the presets) as 18 decimals. */
export const AAVE_WETH_THRESHOLD_18 = BigInt(aaveRiskPresets.WETH.liquidationThreshold) * 10n ** 14n

/**
 * Opens the cascade wallets on a running devnet (opt-in: `pnpm devnet --cascade-wallets`): funds each
 * with gas, supplies its WETH, borrows its USDC and sends the loan away (spent, as a real borrower
 * would), after a lender account adds the USDC the venues need. Returns the wallets for the manifest.
 *
 * @example
 * manifest.cascadeWallets = await seedCascadeWallets(manifest)
 */
export async function seedCascadeWallets(manifest: DevnetManifest): Promise<ManifestWallet[]> {
  const wallets: ManifestWallet[] = []
  await Promise.all(
    venues.map(async ({ chainId }) => {
      const chain = manifest.chains.find((c) => c.chainId === chainId)
      if (!chain) throw new DevnetError(`Cascade wallets need chain ${chainId}.`)
      const specs = cascadeWalletSpecs.filter((s) => s.chainId === chainId)
      const lender = createDevnetClient({
        chainId,
        rpcUrl: chain.rpcUrl,
        privateKey: hdKey(CASCADE_LENDER_INDEX),
      })
      const totalLoan = specs.reduce((sum, spec) => sum + cascadeLoanUsdc(spec, thresholdOf(chain, spec)), 0n)
      await lend(lender, chain, specs[0]?.venue, totalLoan)
      for (const spec of specs) wallets.push(await openCascadeWallet(chain, spec, lender.account.address))
    }),
  )
  return wallets.sort((a, b) => a.name.localeCompare(b.name))
}

function thresholdOf(chain: ManifestChain, spec: CascadeWalletSpec): bigint {
  if (spec.venue === 'aave-v3') return AAVE_WETH_THRESHOLD_18
  return BigInt(morphoWethUsdc(chain).lltv)
}

function morphoWethUsdc(chain: ManifestChain) {
  const market = chain.morphoMarkets?.find((m) => m.collateralSymbol === 'WETH' && m.loanSymbol === 'USDC')
  if (!market || !chain.contracts.morpho)
    throw new DevnetError(`No Morpho WETH/USDC market on chain ${chain.chainId}.`)
  return { ...market, lltv: BigInt(market.lltv), morpho: chain.contracts.morpho }
}

async function lend(
  lender: DevnetClient,
  chain: ManifestChain,
  venue: CascadeWalletSpec['venue'] | undefined,
  amount: bigint,
) {
  const usdc = manifestToken(chain, 'USDC').address
  if (venue === 'aave-v3') {
    const pool = chain.contracts.aavePool
    if (!pool) throw new DevnetError(`No Aave pool on chain ${chain.chainId}.`)
    await aaveSupply(lender, pool, usdc, amount)
  } else {
    const { morpho, ...market } = morphoWethUsdc(chain)
    await morphoSupply(lender, morpho, market, amount)
  }
}

async function openCascadeWallet(
  chain: ManifestChain,
  spec: CascadeWalletSpec,
  lender: Address,
): Promise<ManifestWallet> {
  const privateKey = hdKey(spec.index)
  const client = createDevnetClient({ chainId: chain.chainId, rpcUrl: chain.rpcUrl, privateKey })
  await client.setBalance({ address: client.account.address, value: parseEther('10') })
  const weth = manifestToken(chain, 'WETH').address
  const usdc = manifestToken(chain, 'USDC').address
  const collateral = parseEther(String(spec.collateralWeth))
  const loan = cascadeLoanUsdc(spec, thresholdOf(chain, spec))
  if (spec.venue === 'aave-v3') {
    const pool = chain.contracts.aavePool
    if (!pool) throw new DevnetError(`No Aave pool on chain ${chain.chainId}.`)
    await aaveSupply(client, pool, weth, collateral)
    await aaveBorrow(client, pool, usdc, loan)
  } else {
    const { morpho, ...market } = morphoWethUsdc(chain)
    await morphoBorrow(client, morpho, market, collateral, loan)
  }
  // the loan was spent: nothing in the wallet offsets the debt
  await transferToken(client, usdc, lender, loan)
  const venueName = spec.venue === 'aave-v3' ? 'Aave v3' : 'Morpho Blue'
  return {
    name: spec.name,
    address: client.account.address,
    privateKey,
    description: `Cascade: ${spec.collateralWeth} WETH against ${(Number(loan) / 1e6).toLocaleString('en-US')} USDC on ${venueName} (${chain.name}); the venue liquidates it at ETH −${spec.liquidationDropBps / 100}%.`,
  }
}
