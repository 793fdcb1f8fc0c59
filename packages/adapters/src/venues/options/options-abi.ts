import { parseAbi } from 'viem'

/** The local reference options venue's views and events (`packages/devnet/contracts/options`). */
export const optionsVenueAbi = parseAbi([
  'struct PositionView { uint256 tradeId; address counterparty; bytes32 underlying; uint256 strike; uint64 expiry; bool isCall; int256 size; uint256 premium; uint8 status; }',
  'function usdc() view returns (address)',
  'function collateralOf(address account) view returns (uint256)',
  'function getPositions(address account) view returns (PositionView[] positions)',
  'event Deposited(address indexed account, uint256 amount)',
  'event Withdrawn(address indexed account, uint256 amount)',
  'event PositionOpened(uint256 indexed tradeId, address indexed long, address indexed short, bytes32 underlying, uint256 strike, uint64 expiry, bool isCall, uint256 size, uint256 premium)',
  'event PositionClosed(uint256 indexed tradeId, address indexed long, address indexed short, uint256 closePremium)',
  'event PositionSettled(uint256 indexed tradeId, address indexed long, address indexed short, uint256 settlementPrice, uint256 payout, uint256 shortfall)',
])

/** `Status` of a trade in the contract's order; only `open` trades are positions. */
export const OPTION_TRADE_OPEN = 1
