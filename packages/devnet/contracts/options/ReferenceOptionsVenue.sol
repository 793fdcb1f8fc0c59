// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IReferenceOptionsERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IReferenceOptionsFeed {
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

/// @title ReferenceOptionsVenue
/// @notice THE LOCAL REFERENCE OPTIONS VENUE of the xmargin devnet. Not a real protocol and not for
/// production: no real options protocol is deployable offline, so the devnet carries this small,
/// honest one. European, cash-settled calls and puts on listed underlyings (ETH, BTC), strike and
/// expiry chosen per trade, premium and settlement in USDC, collateral posted per account.
/// @dev Every trade has two sides, a long and a short account, and needs both to consent: the caller
/// must be each side or an operator that side approved (`setOperator`). The venue does not price
/// options: the caller names the premium (the devnet seed sets it). Units: size in 1e18 of the
/// underlying, strike and settlement price in the feed's 8-decimal USD, premium and collateral in
/// USDC (6 decimals). Margin: a short needs intrinsic value plus 15% of spot per unit (a put's
/// capped at its strike); longs need none. Margin is checked on open and withdraw; there are no
/// liquidations. Settlement after expiry uses the underlying feed's latest answer at the first
/// settlement of that (underlying, expiry), and pays the long from the short's collateral (a
/// shortfall is reported in the event, never hidden).
contract ReferenceOptionsVenue {
    enum Status {
        None,
        Open,
        Closed,
        Settled
    }

    struct Trade {
        address long;
        address short;
        bytes32 underlying;
        uint256 strike;
        uint64 expiry;
        bool isCall;
        uint256 size;
        uint256 premium;
        Status status;
    }

    /// @notice One side of a trade as seen from one account: size is signed (+ long, - short).
    struct PositionView {
        uint256 tradeId;
        address counterparty;
        bytes32 underlying;
        uint256 strike;
        uint64 expiry;
        bool isCall;
        int256 size;
        uint256 premium;
        Status status;
    }

    uint256 public constant SHORT_MARGIN_BPS = 1500;
    uint256 internal constant PRICE_TO_USDC = 100; // 8-decimal USD to 6-decimal USDC

    IReferenceOptionsERC20 public immutable usdc;
    address public owner;
    uint256 public tradeCount;
    bytes32[] internal _underlyings;
    mapping(bytes32 => address) public feedOf;
    mapping(uint256 => Trade) internal _trades;
    mapping(address => uint256[]) internal _tradeIdsOf;
    mapping(address => uint256) public collateralOf;
    mapping(address => mapping(address => bool)) public isOperator;
    mapping(bytes32 => mapping(uint64 => uint256)) public settlementPrice;

    event UnderlyingListed(bytes32 indexed underlying, address feed);
    event OperatorSet(address indexed account, address indexed operator, bool approved);
    event Deposited(address indexed account, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);
    event PositionOpened(
        uint256 indexed tradeId,
        address indexed long,
        address indexed short,
        bytes32 underlying,
        uint256 strike,
        uint64 expiry,
        bool isCall,
        uint256 size,
        uint256 premium
    );
    event PositionClosed(uint256 indexed tradeId, address indexed long, address indexed short, uint256 closePremium);
    event PositionSettled(
        uint256 indexed tradeId,
        address indexed long,
        address indexed short,
        uint256 settlementPrice,
        uint256 payout,
        uint256 shortfall
    );

    error NotOwner();
    error NotAuthorized(address account);
    error UnknownUnderlying(bytes32 underlying);
    error InvalidTrade();
    error NotOpen(uint256 tradeId);
    error Expired(uint256 tradeId);
    error NotExpired(uint256 tradeId);
    error InsufficientCollateral(address account, uint256 collateral, uint256 required);
    error BadFeedAnswer(bytes32 underlying);
    error TransferFailed();

    constructor(address usdc_) {
        usdc = IReferenceOptionsERC20(usdc_);
        owner = msg.sender;
    }

    /// @notice Lists an underlying (e.g. "ETH") with its Chainlink-style USD feed (8 decimals).
    function listUnderlying(bytes32 underlying, address feed) external {
        if (msg.sender != owner) revert NotOwner();
        if (feedOf[underlying] == address(0)) _underlyings.push(underlying);
        feedOf[underlying] = feed;
        emit UnderlyingListed(underlying, feed);
    }

    /// @notice Lets `operator` open and close trades for the caller.
    function setOperator(address operator, bool approved) external {
        isOperator[msg.sender][operator] = approved;
        emit OperatorSet(msg.sender, operator, approved);
    }

    function deposit(uint256 amount) external {
        if (!usdc.transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
        collateralOf[msg.sender] += amount;
        emit Deposited(msg.sender, amount);
    }

    function withdraw(uint256 amount) external {
        uint256 balance = collateralOf[msg.sender];
        if (balance < amount) revert InsufficientCollateral(msg.sender, balance, amount);
        collateralOf[msg.sender] = balance - amount;
        _requireMargin(msg.sender);
        if (!usdc.transfer(msg.sender, amount)) revert TransferFailed();
        emit Withdrawn(msg.sender, amount);
    }

    /// @notice Opens a trade: `long` pays `premium` to `short` and holds `size` options.
    function openPosition(
        address long,
        address short,
        bytes32 underlying,
        uint256 strike,
        uint64 expiry,
        bool isCall,
        uint256 size,
        uint256 premium
    ) external returns (uint256 tradeId) {
        _requireConsent(long);
        _requireConsent(short);
        if (feedOf[underlying] == address(0)) revert UnknownUnderlying(underlying);
        if (long == short || size == 0 || strike == 0 || expiry <= block.timestamp) revert InvalidTrade();

        tradeId = ++tradeCount;
        _trades[tradeId] = Trade(long, short, underlying, strike, expiry, isCall, size, premium, Status.Open);
        _tradeIdsOf[long].push(tradeId);
        _tradeIdsOf[short].push(tradeId);
        _move(long, short, premium);
        _requireMargin(short);
        emit PositionOpened(tradeId, long, short, underlying, strike, expiry, isCall, size, premium);
    }

    /// @notice Unwinds an open trade before expiry: the short pays `closePremium` to the long.
    function closePosition(uint256 tradeId, uint256 closePremium) external {
        Trade storage trade = _trades[tradeId];
        if (trade.status != Status.Open) revert NotOpen(tradeId);
        if (block.timestamp >= trade.expiry) revert Expired(tradeId);
        _requireConsent(trade.long);
        _requireConsent(trade.short);
        trade.status = Status.Closed;
        _move(trade.short, trade.long, closePremium);
        emit PositionClosed(tradeId, trade.long, trade.short, closePremium);
    }

    /// @notice Settles an expired trade at the (underlying, expiry) settlement price. Anyone may call.
    function settle(uint256 tradeId) external returns (uint256 payout) {
        Trade storage trade = _trades[tradeId];
        if (trade.status != Status.Open) revert NotOpen(tradeId);
        if (block.timestamp < trade.expiry) revert NotExpired(tradeId);
        uint256 price = settlementPrice[trade.underlying][trade.expiry];
        if (price == 0) {
            price = spotPrice(trade.underlying);
            settlementPrice[trade.underlying][trade.expiry] = price;
        }
        trade.status = Status.Settled;
        uint256 owed = _intrinsic(trade.isCall, trade.strike, price) * trade.size / 1e18 / PRICE_TO_USDC;
        uint256 available = collateralOf[trade.short];
        payout = owed < available ? owed : available;
        collateralOf[trade.short] = available - payout;
        collateralOf[trade.long] += payout;
        emit PositionSettled(tradeId, trade.long, trade.short, price, payout, owed - payout);
    }

    /// @notice The feed's latest answer (8-decimal USD) for an underlying.
    function spotPrice(bytes32 underlying) public view returns (uint256) {
        address feed = feedOf[underlying];
        if (feed == address(0)) revert UnknownUnderlying(underlying);
        (, int256 answer,,,) = IReferenceOptionsFeed(feed).latestRoundData();
        if (answer <= 0) revert BadFeedAnswer(underlying);
        return uint256(answer);
    }

    /// @notice USDC the account's open shorts require (see the contract notes for the rule).
    function marginRequirement(address account) public view returns (uint256 required) {
        uint256[] storage ids = _tradeIdsOf[account];
        for (uint256 i = 0; i < ids.length; i++) {
            Trade storage trade = _trades[ids[i]];
            if (trade.status != Status.Open || trade.short != account) continue;
            uint256 spot = spotPrice(trade.underlying);
            uint256 perUnit = _intrinsic(trade.isCall, trade.strike, spot) + spot * SHORT_MARGIN_BPS / 10_000;
            if (!trade.isCall && perUnit > trade.strike) perUnit = trade.strike;
            required += perUnit * trade.size / 1e18 / PRICE_TO_USDC;
        }
    }

    /// @notice Every trade the account is a side of (open, closed or settled), from its side.
    function getPositions(address account) external view returns (PositionView[] memory positions) {
        uint256[] storage ids = _tradeIdsOf[account];
        positions = new PositionView[](ids.length);
        for (uint256 i = 0; i < ids.length; i++) {
            Trade storage trade = _trades[ids[i]];
            bool isLong = trade.long == account;
            positions[i] = PositionView({
                tradeId: ids[i],
                counterparty: isLong ? trade.short : trade.long,
                underlying: trade.underlying,
                strike: trade.strike,
                expiry: trade.expiry,
                isCall: trade.isCall,
                size: isLong ? int256(trade.size) : -int256(trade.size),
                premium: trade.premium,
                status: trade.status
            });
        }
    }

    function getTrade(uint256 tradeId) external view returns (Trade memory) {
        return _trades[tradeId];
    }

    function getUnderlyings() external view returns (bytes32[] memory) {
        return _underlyings;
    }

    function _requireConsent(address account) internal view {
        if (msg.sender != account && !isOperator[account][msg.sender]) revert NotAuthorized(account);
    }

    function _requireMargin(address account) internal view {
        uint256 required = marginRequirement(account);
        uint256 collateral = collateralOf[account];
        if (collateral < required) revert InsufficientCollateral(account, collateral, required);
    }

    function _move(address from, address to, uint256 amount) internal {
        uint256 balance = collateralOf[from];
        if (balance < amount) revert InsufficientCollateral(from, balance, amount);
        collateralOf[from] = balance - amount;
        collateralOf[to] += amount;
    }

    function _intrinsic(bool isCall, uint256 strike, uint256 price) internal pure returns (uint256) {
        if (isCall) return price > strike ? price - strike : 0;
        return strike > price ? strike - price : 0;
    }
}
