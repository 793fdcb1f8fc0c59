import { parseAbi } from 'viem'

/** Chainlink `AggregatorV3Interface` reads. */
export const aggregatorV3Abi = parseAbi([
  'function decimals() view returns (uint8)',
  'function getRoundData(uint80 roundId) view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
])
