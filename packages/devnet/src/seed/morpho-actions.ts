import type { Address } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { loadProjectArtifact } from '../deploy/artifacts.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import type { MorphoMarket } from '../morpho/deploy-morpho.js'
import { approve, mintTo } from './token-actions.js'

const morphoAbi = () => loadProjectArtifact('Morpho').abi

const params = (m: MorphoMarket) => ({
  loanToken: m.loanToken,
  collateralToken: m.collateralToken,
  oracle: m.oracle,
  irm: m.irm,
  lltv: m.lltv,
})

/**
 * Mints and supplies loan tokens to a Morpho market (lender side).
 *
 * @example
 * await morphoSupply(client, morpho, market, 100_000n * 10n ** 6n)
 */
export async function morphoSupply(
  client: DevnetClient,
  morpho: Address,
  market: MorphoMarket,
  assets: bigint,
) {
  await mintTo(client, market.loanToken, assets)
  await approve(client, market.loanToken, morpho, assets)
  const me = client.account.address
  await confirmTx(
    client,
    'Morpho supply',
    client.writeContract({
      address: morpho,
      abi: morphoAbi(),
      functionName: 'supply',
      args: [params(market), assets, 0n, me, '0x'],
    }),
  )
}

/**
 * Mints and posts collateral, then borrows `borrowAssets` of the loan token.
 *
 * @example
 * await morphoBorrow(client, morpho, market, 10n ** 18n, 1500n * 10n ** 6n)
 */
export async function morphoBorrow(
  client: DevnetClient,
  morpho: Address,
  market: MorphoMarket,
  collateral: bigint,
  borrowAssets: bigint,
) {
  await mintTo(client, market.collateralToken, collateral)
  await approve(client, market.collateralToken, morpho, collateral)
  const me = client.account.address
  const abi = morphoAbi()
  await confirmTx(
    client,
    'Morpho supplyCollateral',
    client.writeContract({
      address: morpho,
      abi,
      functionName: 'supplyCollateral',
      args: [params(market), collateral, me, '0x'],
    }),
  )
  await confirmTx(
    client,
    'Morpho borrow',
    client.writeContract({
      address: morpho,
      abi,
      functionName: 'borrow',
      args: [params(market), borrowAssets, 0n, me, me],
    }),
  )
}
