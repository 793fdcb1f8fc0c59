// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/// @title DevnetPriceFeed
/// @notice A Chainlink-style price feed for the local devnet. It implements AggregatorV3Interface
/// (and the legacy `latestAnswer` / `latestTimestamp` that Aave's oracle reads) with real rounds:
/// every `setPrice` or `refresh` opens a new round stamped with the block timestamp.
/// `setFrozen(true)` makes the feed stop updating, so its `updatedAt` ages like a stalled feed.
contract DevnetPriceFeed {
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
    }

    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;
    address public owner;
    bool public frozen;
    uint80 public latestRound;
    mapping(uint80 => Round) internal rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    event FrozenSet(bool frozen);

    error NotOwner();
    error Frozen();
    error NoData();
    error NonPositivePrice();
    error BadHistory();

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        owner = msg.sender;
        _post(initialAnswer);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    /// @notice Posts a new answer in a new round.
    function setPrice(int256 answer) external onlyOwner {
        if (frozen) revert Frozen();
        _post(answer);
    }

    /// @notice Heartbeat: re-posts the current answer in a new round. Any account may: it moves only
    /// the round's time, as any Chainlink node's heartbeat would, so the devnet's heartbeat sends from
    /// an account of its own and never competes for the owner's nonces with `setPrice`/`setFrozen`.
    function refresh() external {
        if (frozen) revert Frozen();
        _post(rounds[latestRound].answer);
    }

    /// @notice Devnet only: writes a seeded price history as rounds `firstRound ..` with past answers
    /// and times, then posts the current answer again as the next round at the block time, so round
    /// ids keep increasing with time and `latestRoundData` stays fresh. Call in chunks (each one
    /// starting at the previous call's last round) to stay under the block gas limit. Times must
    /// increase strictly, start after round `firstRound - 1` and end before the block.
    function seedHistory(uint80 firstRound, int256[] calldata answers, uint64[] calldata times) external onlyOwner {
        if (frozen) revert Frozen();
        if (answers.length == 0 || answers.length != times.length) revert BadHistory();
        if (firstRound == 0 || firstRound > latestRound) revert BadHistory();
        uint80 next = firstRound + uint80(answers.length);
        int256 current = rounds[latestRound].answer;
        uint64 previous = firstRound == 1 ? 0 : rounds[firstRound - 1].updatedAt;
        for (uint256 i = 0; i < answers.length; i++) {
            if (answers[i] <= 0) revert NonPositivePrice();
            if (times[i] <= previous || times[i] >= block.timestamp) revert BadHistory();
            previous = times[i];
            uint80 roundId = firstRound + uint80(i);
            rounds[roundId] = Round(answers[i], times[i], times[i]);
            emit AnswerUpdated(answers[i], roundId, times[i]);
        }
        latestRound = next;
        rounds[next] = Round(current, uint64(block.timestamp), uint64(block.timestamp));
        emit NewRound(next, msg.sender, block.timestamp);
        emit AnswerUpdated(current, next, block.timestamp);
    }

    /// @notice A frozen feed accepts no updates: its `updatedAt` stops while time goes on.
    function setFrozen(bool value) external onlyOwner {
        frozen = value;
        emit FrozenSet(value);
    }

    function transferOwnership(address newOwner) external onlyOwner {
        owner = newOwner;
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(latestRound);
    }

    function getRoundData(uint80 roundId)
        public
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        // Rounds above the latest may hold data a shorter seeded history left behind: not rounds.
        if (roundId > latestRound) revert NoData();
        Round memory round = rounds[roundId];
        if (round.updatedAt == 0) revert NoData();
        return (roundId, round.answer, round.startedAt, round.updatedAt, roundId);
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestRound].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestRound].updatedAt;
    }

    function _post(int256 answer) internal {
        if (answer <= 0) revert NonPositivePrice();
        uint80 roundId = latestRound + 1;
        latestRound = roundId;
        rounds[roundId] = Round(answer, uint64(block.timestamp), uint64(block.timestamp));
        emit NewRound(roundId, msg.sender, block.timestamp);
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }
}
