import { parseAbi } from 'viem'
import { loadPackageArtifact } from '../deploy/artifacts.js'
import type { ContractArtifact } from '../deploy/deploy-contract.js'

/** The Uniswap v3 periphery contracts the devnet deploys, from `@uniswap/v3-periphery@1.4.4` (no library links). */
export type UniswapPeripheryName = 'NonfungiblePositionManager' | 'SwapRouter' | 'QuoterV2'

const paths: Record<UniswapPeripheryName, string> = {
  NonfungiblePositionManager: 'NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
  SwapRouter: 'SwapRouter.sol/SwapRouter.json',
  QuoterV2: 'lens/QuoterV2.sol/QuoterV2.json',
}

/**
 * Reads a Uniswap v3 periphery artifact. Its pool init code hash equals the keccak of the
 * `UniswapV3Pool` bytecode of `@uniswap/v3-core@1.0.0`, so it works with the devnet's factories.
 *
 * @example
 * const quoter = uniswapPeripheryArtifact('QuoterV2')
 */
export function uniswapPeripheryArtifact(name: UniswapPeripheryName): ContractArtifact {
  return loadPackageArtifact(`@uniswap/v3-periphery/artifacts/contracts/${paths[name]}`)
}

/** The calls the devnet and its tests make on the factory, position manager, pool and QuoterV2. */
export const uniswapV3Abi = parseAbi([
  'function createPool(address tokenA, address tokenB, uint24 fee) returns (address pool)',
  'function getPool(address tokenA, address tokenB, uint24 fee) view returns (address pool)',
  'function initialize(uint160 sqrtPriceX96)',
  'function mint((address token0, address token1, uint24 fee, int24 tickLower, int24 tickUpper, uint256 amount0Desired, uint256 amount1Desired, uint256 amount0Min, uint256 amount1Min, address recipient, uint256 deadline) params) payable returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)',
  'function quoteExactInputSingle((address tokenIn, address tokenOut, uint256 amountIn, uint24 fee, uint160 sqrtPriceLimitX96) params) returns (uint256 amountOut, uint160 sqrtPriceX96After, uint32 initializedTicksCrossed, uint256 gasEstimate)',
  'function quoteExactOutputSingle((address tokenIn, address tokenOut, uint256 amount, uint24 fee, uint160 sqrtPriceLimitX96) params) returns (uint256 amountIn, uint160 sqrtPriceX96After, uint32 initializedTicksCrossed, uint256 gasEstimate)',
  'function exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 deadline, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params) payable returns (uint256 amountOut)',
])
