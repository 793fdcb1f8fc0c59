import type { Address } from 'viem'
import type { ReadCall, ReadResult } from '../../adapter.js'
import { AaveEModeLayoutError } from '../../errors/adapter-errors.js'
import { aavePoolAbi } from './aave-v3-abis.js'
import type { AaveV3EModeLayout } from './aave-v3-venue.js'

/** Parameters of {@link detectAaveV3EModeLayout}. */
export type DetectAaveV3EModeLayoutParameters = {
  pool: Address
  /** Runs calls at the resolve block; a reverted call is a `failure` result. */
  read: (calls: ReadCall[]) => Promise<readonly ReadResult[]>
}

/** Return type of {@link detectAaveV3EModeLayout}. */
export type DetectAaveV3EModeLayoutReturnType = AaveV3EModeLayout

/**
 * Which eMode layout a pool serves, probed once (one batch of two calls for category 0):
 * `getEModeCategoryCollateralBitmap` answers only on v3.2+ (`v3.2`); without it,
 * `getEModeCategoryData` answers on v3.0/v3.1 (`v3.0`). A v3.0 Pool has no fallback, so the
 * v3.2 getter reverts there. A pool that answers neither throws `AaveEModeLayoutError`.
 *
 * @example
 * const layout = await detectAaveV3EModeLayout({ pool, read }) // 'v3.2' on a live market
 */
export async function detectAaveV3EModeLayout(
  parameters: DetectAaveV3EModeLayoutParameters,
): Promise<DetectAaveV3EModeLayoutReturnType> {
  const { pool, read } = parameters
  const [bitmap, legacy] = await read([
    {
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getEModeCategoryCollateralBitmap',
      args: [0],
      label: 'aave-v3 getEModeCategoryCollateralBitmap 0 (v3.2+ probe)',
    },
    {
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getEModeCategoryData',
      args: [0],
      label: 'aave-v3 getEModeCategoryData 0 (v3.0 probe)',
    },
  ])
  if (bitmap?.status === 'success') return 'v3.2'
  if (legacy?.status === 'success') return 'v3.0'
  const reason = (result: ReadResult | undefined) =>
    result?.status === 'failure' ? result.error.message.split('\n')[0] : 'no result'
  throw new AaveEModeLayoutError(pool, {
    details: `getEModeCategoryCollateralBitmap(0): ${reason(bitmap)}; getEModeCategoryData(0): ${reason(legacy)}.`,
    cause: legacy?.status === 'failure' ? legacy.error : undefined,
  })
}
