// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IPriceFeed {
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
    function decimals() external view returns (uint8);
}

/// @title FeedRatioOracle
/// @notice Morpho Blue `IOracle` over two Chainlink-style USD feeds: the price of one raw unit of
/// collateral in raw units of the loan token, scaled by 1e36, as Morpho's IOracle specifies:
/// price = 1e36 * collateralUsd / loanUsd * 10^loanDecimals / 10^collateralDecimals.
contract FeedRatioOracle {
    IPriceFeed public immutable collateralFeed;
    IPriceFeed public immutable loanFeed;
    uint256 public immutable scaleFactor;

    error NonPositivePrice();

    constructor(IPriceFeed collateralFeed_, IPriceFeed loanFeed_, uint8 collateralDecimals, uint8 loanDecimals) {
        collateralFeed = collateralFeed_;
        loanFeed = loanFeed_;
        // Both feeds' decimals cancel only when equal; fold any difference into the scale.
        scaleFactor = 10 ** (36 + loanDecimals + loanFeed_.decimals() - collateralDecimals - collateralFeed_.decimals());
    }

    function price() external view returns (uint256) {
        (, int256 collateralAnswer,,,) = collateralFeed.latestRoundData();
        (, int256 loanAnswer,,,) = loanFeed.latestRoundData();
        if (collateralAnswer <= 0 || loanAnswer <= 0) revert NonPositivePrice();
        return scaleFactor * uint256(collateralAnswer) / uint256(loanAnswer);
    }
}
