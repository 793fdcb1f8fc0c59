import { parseAbi } from 'viem'

/** Multicall3's native-balance view, so native balances ride in the same batch as everything else. */
export const multicall3BalanceAbi = parseAbi([
  'function getEthBalance(address addr) view returns (uint256 balance)',
  'function getCurrentBlockTimestamp() view returns (uint256 timestamp)',
])

/** The ERC-20 surface the wallet adapter reads and listens to. */
export const erc20BalanceAbi = parseAbi([
  'function balanceOf(address account) view returns (uint256)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
])
