export { devnetFeedAbi } from './actions/feed-abi.js'
export { type FreezeFeedParameters, freezeFeed } from './actions/freeze-feed.js'
export { type ShockPriceParameters, type ShockPriceReturnType, shockPrice } from './actions/shock-price.js'
export { buildDevnetState } from './build/build-state.js'
export { defaultStateDir } from './build/state-dir.js'
export { createDevnetClient, type DevnetClient } from './chain/client.js'
export { getFreePort } from './chain/free-port.js'
export { type AnvilInstance, startAnvil } from './chain/start-anvil.js'
export { anvilKey, devnetChains, devnetTokens, FEED_DECIMALS } from './config.js'
export { MULTICALL3_ADDRESS } from './deploy/deploy-multicall3.js'
export { DevnetError } from './errors.js'
export {
  type DevnetManifest,
  defaultManifestPath,
  type ManifestChain,
  type ManifestMorphoMarket,
  type ManifestToken,
  type ManifestWallet,
  manifestChain,
  manifestToken,
  readManifest,
  writeManifest,
} from './manifest.js'
export { morphoMarketId } from './morpho/deploy-morpho.js'
export { demoWallets } from './seed/wallets.js'
export { type Devnet, refreshFeeds, type StartDevnetParameters, startDevnet } from './start-devnet.js'
