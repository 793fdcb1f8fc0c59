import { parseAbi } from 'viem'

/**
 * ABI of `contracts/options/ReferenceOptionsVenue.sol`, the devnet's local reference options venue
 * (typed for viem; the compiled artifact carries the same ABI).
 */
export const referenceOptionsVenueAbi = parseAbi([
  'struct Trade { address long; address short; bytes32 underlying; uint256 strike; uint64 expiry; bool isCall; uint256 size; uint256 premium; uint8 status; }',
  'struct PositionView { uint256 tradeId; address counterparty; bytes32 underlying; uint256 strike; uint64 expiry; bool isCall; int256 size; uint256 premium; uint8 status; }',
  'function usdc() view returns (address)',
  'function owner() view returns (address)',
  'function tradeCount() view returns (uint256)',
  'function feedOf(bytes32 underlying) view returns (address)',
  'function collateralOf(address account) view returns (uint256)',
  'function isOperator(address account, address operator) view returns (bool)',
  'function settlementPrice(bytes32 underlying, uint64 expiry) view returns (uint256)',
  'function spotPrice(bytes32 underlying) view returns (uint256)',
  'function marginRequirement(address account) view returns (uint256 required)',
  'function getPositions(address account) view returns (PositionView[] positions)',
  'function getTrade(uint256 tradeId) view returns (Trade)',
  'function getUnderlyings() view returns (bytes32[])',
  'function listUnderlying(bytes32 underlying, address feed)',
  'function setOperator(address operator, bool approved)',
  'function deposit(uint256 amount)',
  'function withdraw(uint256 amount)',
  'function openPosition(address long, address short, bytes32 underlying, uint256 strike, uint64 expiry, bool isCall, uint256 size, uint256 premium) returns (uint256 tradeId)',
  'function closePosition(uint256 tradeId, uint256 closePremium)',
  'function settle(uint256 tradeId) returns (uint256 payout)',
  'event UnderlyingListed(bytes32 indexed underlying, address feed)',
  'event OperatorSet(address indexed account, address indexed operator, bool approved)',
  'event Deposited(address indexed account, uint256 amount)',
  'event Withdrawn(address indexed account, uint256 amount)',
  'event PositionOpened(uint256 indexed tradeId, address indexed long, address indexed short, bytes32 underlying, uint256 strike, uint64 expiry, bool isCall, uint256 size, uint256 premium)',
  'event PositionClosed(uint256 indexed tradeId, address indexed long, address indexed short, uint256 closePremium)',
  'error NotOwner()',
  'error NotAuthorized(address account)',
  'error UnknownUnderlying(bytes32 underlying)',
  'error InvalidTrade()',
  'error NotOpen(uint256 tradeId)',
  'error Expired(uint256 tradeId)',
  'error NotExpired(uint256 tradeId)',
  'error InsufficientCollateral(address account, uint256 collateral, uint256 required)',
  'error BadFeedAnswer(bytes32 underlying)',
  'error TransferFailed()',
  'event PositionSettled(uint256 indexed tradeId, address indexed long, address indexed short, uint256 settlementPrice, uint256 payout, uint256 shortfall)',
])

/** `Status` enum of a trade, in the contract's order. */
export const optionTradeStatus = ['none', 'open', 'closed', 'settled'] as const
export type OptionTradeStatus = (typeof optionTradeStatus)[number]
