import { parseAbi } from 'viem'

/** The admin and read surface of `contracts/feeds/DevnetPriceFeed.sol`. */
export const devnetFeedAbi = parseAbi([
  'function setPrice(int256 answer)',
  'function refresh()',
  'function seedHistory(uint80 firstRound, int256[] answers, uint64[] times)',
  'function latestRound() view returns (uint80)',
  'function setFrozen(bool value)',
  'function frozen() view returns (bool)',
  'function decimals() view returns (uint8)',
  'function latestAnswer() view returns (int256)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
])
