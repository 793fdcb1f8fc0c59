/**
 * The `xmargin.config.ts` that `xmargin init` writes: Ethereum, Arbitrum and Base with public RPC
 * placeholders, the real Aave v3 and Morpho Blue deployments, Chainlink USD feeds for the main tokens.
 * Every address carries the source it was taken from.
 */
export const configTemplate = `// xmargin.config.ts: what \`xmargin index | serve | start --config xmargin.config.ts\` runs.
// Validate without connecting: xmargin index --config xmargin.config.ts --dry-run
import { defineConfig } from '@xmargin/cli'

// Sources of the addresses below (check them before production use):
// - Aave v3 (Pool, AaveOracle, AaveProtocolDataProvider) and token addresses: bgd-labs/aave-address-book,
//   src/ts/AaveV3Ethereum.ts (commit 0010c078), AaveV3Arbitrum.ts (commit c173b177), AaveV3Base.ts (commit 84f98485).
// - Morpho Blue: https://docs.morpho.org/developers/contracts/addresses/ (0xBBBB…EEFFCb on Ethereum and Base);
//   Arbitrum 0x6c24…18F5e from the Morpho SDK's address registry (MORPHO_ADDRESS) and DeFi Saver's
//   ArbitrumMorphoBlueAddresses.
// - Chainlink USD feeds: Ethereum ETH/USD, USDC/USD, BTC/USD as used across integrations (e.g. Chainlink's
//   feed list); Arbitrum and Base: the Chainlink aggregators Aave v3 priced these assets with
//   (aave-address-book ASSETS.<symbol>.ORACLE, commit 005ad2e8).

export default defineConfig({
  chains: {
    ethereum: {
      chainId: 1,
      // Public endpoints are rate-limited: put your own provider first; later URLs are fallbacks.
      rpcUrls: ['https://ethereum-rpc.publicnode.com'],
      // Follow new heads by WebSocket (eth_subscribe newHeads) instead of waiting for the next poll;
      // polling stays the fallback. Default: poll only.
      // webSocketUrl: 'wss://ethereum-rpc.publicnode.com',
      // Finality: the RPC's \`finalized\` tag when served, else this many confirmations.
      finality: { depth: 65, useFinalizedTag: true },
      // startBlock: 21_000_000n, // first block scanned for venue events; default: the head at first start
      tokens: [
        { symbol: 'WETH', address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', decimals: 18, feed: '0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419' },
        { symbol: 'USDC', address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', decimals: 6, feed: '0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6' },
        { symbol: 'WBTC', address: '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599', decimals: 8, feed: '0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c' },
      ],
      venues: {
        aaveV3: {
          pool: '0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2',
          oracle: '0x54586bE62E3c3580375aE3723C145253060Ca0C2',
          dataProvider: '0x0a16f2FCC0D44FaE41cc54e079281D84A363bECD',
        },
        morphoBlue: {
          morpho: '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb',
          // Markets to read, by their parameters, e.g.
          // { loanToken: '0x…', collateralToken: '0x…', oracle: '0x…', irm: '0x…', lltv: 860000000000000000n }
          markets: [],
        },
      },
    },
    arbitrum: {
      chainId: 42161,
      rpcUrls: ['https://arb1.arbitrum.io/rpc'],
      finality: { depth: 240, useFinalizedTag: true },
      tokens: [
        { symbol: 'WETH', address: '0x82aF49447D8a07e3bd95BD0d56f35241523fBab1', decimals: 18, feed: '0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612' },
        { symbol: 'USDC', address: '0xaf88d065e77c8cC2239327C5EDb3A432268e5831', decimals: 6, feed: '0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3' },
        // Bridged USDC.e (risk parameters: +1% bridged add-on) shares the USDC/USD feed:
        // { symbol: 'USDC.e', address: '0xFF970A61A04b1cA14834A43f5dE4533eBDDB5CC8', decimals: 6, feed: '0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3' },
      ],
      venues: {
        aaveV3: {
          pool: '0x794a61358D6845594F94dc1DB02A252b5b4814aD',
          oracle: '0xb56c2F0B653B2e0b10C9b928C8580Ac5Df02C7C7',
          dataProvider: '0x6b4E260b765B3cA1514e618C0215A6B7839fF93e',
        },
        morphoBlue: { morpho: '0x6c247b1F6182318877311737BaC0844bAa518F5e', markets: [] },
      },
    },
    base: {
      chainId: 8453,
      rpcUrls: ['https://mainnet.base.org'],
      finality: { depth: 30, useFinalizedTag: true },
      tokens: [
        { symbol: 'WETH', address: '0x4200000000000000000000000000000000000006', decimals: 18, feed: '0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70' },
        { symbol: 'USDC', address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', decimals: 6, feed: '0x7e860098F58bBFC8648a4311b374B1D669a2bc6B' },
      ],
      venues: {
        aaveV3: {
          pool: '0xA238Dd80C259a72e81d7e4664a9801593F98d1c5',
          oracle: '0x2Cc0Fc26eD4563A5ce5e8bdcfe1A2878676Ae156',
          dataProvider: '0x2d8A3C5677189723C4cB8873CfC9C8976FDF38Ac',
        },
        morphoBlue: { morpho: '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb', markets: [] },
      },
    },
  },

  // Risk parameters: the engine's defaults (packages/core/src/default-risk-parameters.ts), overridable
  // per section. Every token symbol above must have an entry under \`assets\`.
  risk: {
    // assets: { cbETH: { factor: 'ETH', basis: 0.03, haircuts: [{ upToUsd: null, im: 0.02, mm: 0.01 }] } }, // liquidation cost
    // correlations: [['ETH', 'BTC', 0.8]], // replaces the list; must give a positive semi-definite matrix
  },

  // Wallets tracked from the start (venue events also reveal wallets), and named groups of wallets.
  wallets: [],
  accounts: {
    // treasury: ['0x…', '0x…'],
  },

  database: { path: '.xmargin/xmargin.db' }, // relative to this file
  // store: { retainHistoryDays: 7 }, // history kept below the finalized blocks for xmargin history; 0 = none

  api: {
    port: 4000,
    host: '127.0.0.1',
    graphiql: false,
    // adminKey: enables trackWallet/createAccount (≥ 16 characters); prefer the XMARGIN_ADMIN_KEY environment variable.
    // cors: ['https://app.example'], // origins a browser may read the API from; default none (CORS off)
    // introspection: false, // __schema/__type queries; default as graphiql
    // persistedOperations: { file: 'persisted-operations.json', only: true }, // { "<sha256>": "<document>" }
    // engineThreads: 1, // worker threads running the margin engine; default cores − 1 (at least 1), 0 = in-process
    // trustedProxies: ['10.0.0.0/8'], // reverse proxies whose X-Forwarded-For names the client; default none
    // limits: { requestTimeoutMs: 30_000, maxConnections: 1_000 }, // see defaultApiLimits
  },

  // Solvency attestations are signed with the private key in this environment variable (never in this file).
  attestation: {
    signerKeyEnv: 'XMARGIN_ATTESTATION_KEY',
    // deploymentId: 'my-deployment', // required to sign: names this deployment in the EIP-712 domain
    // signer: '0x…', // the signer address you publish; start refuses any other key
  },
})
`
