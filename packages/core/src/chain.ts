/** An EVM chain id (1 mainnet, 42161 Arbitrum One, 31337 a local anvil...). */
export type ChainId = number

/** A 0x-prefixed 20-byte hex address. Compared case-insensitively by the engine. */
export type Address = `0x${string}`

/** Symbol-like identifier of an asset as the risk parameters name it: `WETH`, `USDC`, `USDC.e`, `ETH`. */
export type AssetId = string

/** Identifier of a risk factor that assets map onto: `ETH`, `BTC`, `USD`. */
export type FactorId = string
