import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { loadProjectArtifact } from '../deploy/artifacts.js'
import { deployContract } from '../deploy/deploy-contract.js'
import type { DeployedToken } from '../deploy/deploy-tokens.js'
import { DevnetError } from '../errors.js'

export type MorphoMarketParams = {
  loanToken: Address
  collateralToken: Address
  oracle: Address
  irm: Address
  /** Liquidation LTV, 18 decimals (0.86e18 = 86%). */
  lltv: bigint
}

export type MorphoMarket = MorphoMarketParams & {
  /** Morpho's market id: keccak256(abi.encode(marketParams)). */
  id: Hex
  loanSymbol: string
  collateralSymbol: string
}

export type DeployMorphoParameters = {
  /** Markets as (collateral symbol, loan symbol, lltv); both tokens must be among `tokens`. */
  markets: readonly { collateral: string; loan: string; lltv: bigint }[]
  tokens: readonly DeployedToken[]
}

export type MorphoDeployment = { morpho: Address; irm: Address; markets: MorphoMarket[] }

const marketParamsAbi = [
  {
    type: 'tuple',
    components: [
      { name: 'loanToken', type: 'address' },
      { name: 'collateralToken', type: 'address' },
      { name: 'oracle', type: 'address' },
      { name: 'irm', type: 'address' },
      { name: 'lltv', type: 'uint256' },
    ],
  },
] as const

/**
 * Morpho's market id for a set of parameters.
 *
 * @example
 * const id = morphoMarketId({ loanToken, collateralToken, oracle, irm, lltv: 860000000000000000n })
 */
export function morphoMarketId(params: MorphoMarketParams): Hex {
  return keccak256(encodeAbiParameters(marketParamsAbi, [params]))
}

/**
 * Deploys Morpho Blue (compiled from `@morpho-org/morpho-blue`), its IRM mock (utilization = APR),
 * one feed-ratio oracle per market, and creates the markets.
 *
 * @example
 * const morpho = await deployMorpho(client, { tokens, markets: [{ collateral: 'WETH', loan: 'USDC', lltv: 86n * 10n ** 16n }] })
 */
export async function deployMorpho(
  client: DevnetClient,
  parameters: DeployMorphoParameters,
): Promise<MorphoDeployment> {
  const morphoArtifact = loadProjectArtifact('Morpho')
  const morpho = await deployContract(client, { artifact: morphoArtifact, args: [client.account.address] })
  const irm = await deployContract(client, { artifact: loadProjectArtifact('IrmMock') })
  const oracleArtifact = loadProjectArtifact('FeedRatioOracle')
  const write = async (functionName: string, args: readonly unknown[]) => {
    const hash = await client.writeContract({ address: morpho, abi: morphoArtifact.abi, functionName, args })
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
    if (receipt.status !== 'success') throw new DevnetError(`Morpho ${functionName} reverted.`)
  }
  await write('enableIrm', [irm])

  const bySymbol = new Map(parameters.tokens.map((token) => [token.symbol, token]))
  const enabledLltvs = new Set<bigint>()
  const markets: MorphoMarket[] = []
  for (const { collateral, loan, lltv } of parameters.markets) {
    const collateralToken = bySymbol.get(collateral)
    const loanToken = bySymbol.get(loan)
    if (!collateralToken || !loanToken) {
      throw new DevnetError(
        `Morpho market ${collateral}/${loan} names a token that is not deployed on this chain.`,
      )
    }
    if (!enabledLltvs.has(lltv)) {
      await write('enableLltv', [lltv])
      enabledLltvs.add(lltv)
    }
    const oracle = await deployContract(client, {
      artifact: oracleArtifact,
      args: [collateralToken.feed, loanToken.feed, collateralToken.decimals, loanToken.decimals],
    })
    const params = {
      loanToken: loanToken.address,
      collateralToken: collateralToken.address,
      oracle,
      irm,
      lltv,
    }
    await write('createMarket', [params])
    markets.push({ ...params, id: morphoMarketId(params), loanSymbol: loan, collateralSymbol: collateral })
  }
  return { morpho, irm, markets }
}
