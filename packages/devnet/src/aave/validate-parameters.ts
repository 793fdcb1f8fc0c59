import { erc20Abi } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'
import type { AaveEModeInput, AaveReserveInput, DeployAaveParameters } from './deploy-aave.js'

const percentageFactor = 10_000

/**
 * Checks the parameters against the rules Aave's PoolConfigurator enforces, and each token's
 * `decimals()` against its input, so a mistake fails here with a readable message instead of as
 * a numeric Aave error code in the middle of a pipelined deployment.
 *
 * @example
 * await validateAaveParameters(client, { reserves, eModes })
 */
export async function validateAaveParameters(
  client: DevnetClient,
  parameters: DeployAaveParameters,
): Promise<void> {
  const { reserves, eModes } = parameters
  if (reserves.length === 0) throw new DevnetError('deployAave needs at least one reserve.')

  const seen = new Set<string>()
  for (const reserve of reserves) {
    const key = reserve.token.toLowerCase()
    if (seen.has(reserve.symbol) || seen.has(key)) {
      throw new DevnetError(`Reserve ${reserve.symbol} (${reserve.token}) is listed twice.`)
    }
    seen.add(reserve.symbol).add(key)
    checkRiskParameters(`reserve ${reserve.symbol}`, reserve, { allowDisabledCollateral: true })
    if (
      !Number.isInteger(reserve.reserveFactor) ||
      reserve.reserveFactor < 0 ||
      reserve.reserveFactor > percentageFactor
    ) {
      throw new DevnetError(`reserve ${reserve.symbol}: reserveFactor must be 0..10000 bps.`)
    }
  }

  const eModeIds = new Set<number>()
  for (const eMode of eModes) {
    if (!Number.isInteger(eMode.id) || eMode.id < 1 || eMode.id > 255 || eModeIds.has(eMode.id)) {
      throw new DevnetError(`eMode id ${eMode.id} must be a unique integer in 1..255 (0 means no eMode).`)
    }
    eModeIds.add(eMode.id)
    if (eMode.ltv === 0) throw new DevnetError(`eMode ${eMode.id}: ltv must be above 0.`)
    checkRiskParameters(`eMode ${eMode.id}`, eMode, { allowDisabledCollateral: false })
  }

  for (const reserve of reserves) {
    if (!reserve.eModeCategory) continue
    const eMode = eModes.find((candidate) => candidate.id === reserve.eModeCategory)
    if (!eMode) {
      throw new DevnetError(
        `Reserve ${reserve.symbol} names eMode ${reserve.eModeCategory}, which is not in eModes.`,
      )
    }
    if (eMode.ltv <= reserve.ltv || eMode.liquidationThreshold <= reserve.liquidationThreshold) {
      throw new DevnetError(
        `eMode ${eMode.id} must have a higher ltv and liquidation threshold than ${reserve.symbol}.`,
      )
    }
  }

  const decimals = await Promise.all(
    reserves.map((reserve) =>
      client
        .readContract({ address: reserve.token, abi: erc20Abi, functionName: 'decimals' })
        .catch((cause) => {
          throw new DevnetError(`Token ${reserve.symbol} at ${reserve.token} does not answer decimals().`, {
            cause,
          })
        }),
    ),
  )
  for (const [index, reserve] of reserves.entries()) {
    if (decimals[index] !== reserve.decimals) {
      throw new DevnetError(
        `Token ${reserve.symbol} has ${decimals[index]} decimals, the input says ${reserve.decimals}.`,
      )
    }
  }
}

type RiskParameters = Pick<
  AaveReserveInput | AaveEModeInput,
  'ltv' | 'liquidationThreshold' | 'liquidationBonus'
>

function checkRiskParameters(
  what: string,
  risk: RiskParameters,
  options: { allowDisabledCollateral: boolean },
) {
  const { ltv, liquidationThreshold, liquidationBonus } = risk
  for (const [name, value] of Object.entries({ ltv, liquidationThreshold, liquidationBonus })) {
    if (!Number.isInteger(value) || value < 0 || value > 65_535) {
      throw new DevnetError(`${what}: ${name} must be an integer number of bps, got ${value}.`)
    }
  }
  if (ltv > liquidationThreshold) throw new DevnetError(`${what}: ltv exceeds the liquidation threshold.`)
  if (liquidationThreshold === 0 && options.allowDisabledCollateral) {
    if (ltv !== 0 || liquidationBonus !== 0) {
      throw new DevnetError(`${what}: a non-collateral asset needs ltv, threshold and bonus all 0.`)
    }
    return
  }
  if (liquidationThreshold === 0) throw new DevnetError(`${what}: liquidationThreshold must be above 0.`)
  if (liquidationBonus <= percentageFactor) {
    throw new DevnetError(
      `${what}: liquidationBonus includes the principal and must exceed 10000 (e.g. 10500).`,
    )
  }
  // Aave's percentMul rounds half up: threshold x bonus must leave room to pay the bonus.
  if (Math.floor((liquidationThreshold * liquidationBonus + 5_000) / percentageFactor) > percentageFactor) {
    throw new DevnetError(`${what}: liquidationThreshold x liquidationBonus exceeds 100 %.`)
  }
}
