import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { deployAave } from '../aave/deploy-aave.js'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { startAnvil } from '../chain/start-anvil.js'
import { anvilKey, type DevnetChainSpec, devnetChains, devnetTokens } from '../config.js'
import { aaveEModes, aaveReservesFor } from '../deploy/aave-market.js'
import { deployMulticall3 } from '../deploy/deploy-multicall3.js'
import { type DeployedToken, deployTokens } from '../deploy/deploy-tokens.js'
import { DevnetError } from '../errors.js'
import type { ManifestChain, ManifestContractName, ManifestWallet } from '../manifest.js'
import { deployMorpho, type MorphoMarket } from '../morpho/deploy-morpho.js'
import { seedChain } from '../seed/seed-chain.js'
import { DERIVATIVES_OPERATOR_INDEX, demoWallets } from '../seed/wallets.js'
import { deployUniswapPools, UNISWAP_LIQUIDITY_INDEX } from '../uniswap/deploy-uniswap-pools.js'
import { deployDerivatives } from './deploy-derivatives.js'
import {
  type DevnetState,
  type InstalledDevnetState,
  installDevnetState,
  STATE_MAX_AGE_SECONDS,
  writeDevnetState,
} from './devnet-state.js'
import { devnetStateVersion } from './state-dir.js'

export type BuildDevnetStateParameters = {
  stateDir: string
  log?: (message: string) => void
}

/**
 * Cold build: starts a throw-away anvil per chain on a free port, deploys every venue (lending and
 * derivatives side by side, from two accounts), seeds the demo wallets, and saves each chain's `anvil_dumpState` (gunzipped JSON, loadable with
 * `--load-state`) plus the manifest template into `stateDir`.
 *
 * @example
 * const state = await buildDevnetState({ stateDir: defaultStateDir })
 */
export async function buildDevnetState(
  parameters: BuildDevnetStateParameters,
): Promise<InstalledDevnetState> {
  const { stateDir, log = () => {} } = parameters
  const started = performance.now()
  // Build in a private folder and rename it into place: a reader never sees half a state, and a
  // state another process is starting from is never deleted under it (see installDevnetState).
  mkdirSync(stateDir, { recursive: true })
  const workDir = join(stateDir, `.build-${process.pid}`)
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  let chains: DevnetState['chains']
  try {
    chains = await Promise.all(devnetChains.map((spec) => buildChain(spec, workDir, log)))
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true })
    throw error
  }
  const wallets: ManifestWallet[] = demoWallets.map((w) => {
    const privateKey = anvilKey(w.index)
    return { name: w.name, address: createAddress(privateKey), privateKey, description: w.description }
  })
  const validUntil = Math.floor(Date.now() / 1000) + STATE_MAX_AGE_SECONDS
  const state: DevnetState = { version: devnetStateVersion(), validUntil, chains, wallets }
  writeDevnetState(workDir, state)
  const installed = installDevnetState(stateDir, workDir, state)
  log(
    `devnet: built state for ${chains.length} chains in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  return installed
}

async function buildChain(spec: DevnetChainSpec, stateDir: string, log: (m: string) => void) {
  const started = performance.now()
  const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1)
  const anvil = await startAnvil({ chainId: spec.chainId, port: 0, log })
  try {
    const client = (index: number) =>
      createDevnetClient({ chainId: spec.chainId, rpcUrl: anvil.rpcUrl, privateKey: anvilKey(index) })
    const deployer = client(0)
    const multicall3 = await deployMulticall3(deployer)
    const tokenSpecs = spec.tokens.map((symbol) => {
      const token = devnetTokens.find((t) => t.symbol === symbol)
      if (!token) throw new DevnetError(`Chain ${spec.chainId} lists unknown token ${symbol}.`)
      return token
    })
    const tokens = await deployTokens(deployer, tokenSpecs)
    // Two senders, two independent deployments: lending from the deployer, derivatives from the
    // operator (Perp orders its addresses by the sender's nonces, so nothing else may use that one).
    const [lending, derivatives] = await Promise.all([
      deployLending(deployer, spec, tokens),
      deployDerivatives(client(DERIVATIVES_OPERATOR_INDEX), { spec, tokens }),
    ])
    const { morphoMarkets } = lending
    const chain: Omit<ManifestChain, 'rpcUrl'> = {
      chainId: spec.chainId,
      name: spec.name,
      contracts: { multicall3, ...lending.contracts, ...derivatives.contracts },
      tokens: tokens.map(({ symbol, address, decimals, feed }) => {
        const { wraps, heartbeatSeconds } = tokenSpecs.find((t) => t.symbol === symbol) ?? {}
        return { symbol, address, decimals, feed, heartbeatSeconds, ...(wraps ? { wraps } : {}) }
      }),
      ...(morphoMarkets.length > 0
        ? { morphoMarkets: morphoMarkets.map((m) => ({ ...m, lltv: m.lltv.toString() })) }
        : {}),
      ...(Object.keys(derivatives.venues).length > 0 ? { venues: derivatives.venues } : {}),
    }
    const deployed = performance.now()
    const { volatilityFeeds } = await seedChain({ deployer, chain, rpcUrl: anvil.rpcUrl, morphoMarkets })
    if (chain.venues?.options) chain.venues.options.volatilityFeeds = volatilityFeeds
    if (spec.venues.aave) {
      // last, from an account of its own: no other contract address, nonce or balance moves
      const uniswap = await deployUniswapPools(client(UNISWAP_LIQUIDITY_INDEX), {
        tokens,
        factory: chain.contracts.perpUniswapV3Factory,
      })
      Object.assign(chain.contracts, uniswap.contracts)
      chain.uniswapV3Pools = uniswap.pools
    }
    const seeded = performance.now()

    const dump = (await deployer.request({ method: 'anvil_dumpState' } as never)) as Hex
    const json = gunzipSync(Buffer.from(dump.slice(2), 'hex'))
    const stateFile = `chain-${spec.chainId}.json`
    writeFileSync(join(stateDir, stateFile), json)
    const blockNumber = await deployer.getBlockNumber()
    log(
      `devnet: chain ${spec.chainId} (${spec.name}) deployed in ${((deployed - started) / 1000).toFixed(1)} s and seeded in ${((seeded - deployed) / 1000).toFixed(1)} s, ${blockNumber} blocks (dump ${seconds(seeded)} s)`,
    )
    return { ...chain, stateFile, defaultPort: spec.defaultPort }
  } finally {
    await anvil.stop()
  }
}

/** Aave v3 and Morpho Blue, where the chain has them, from the deployer. */
async function deployLending(deployer: DevnetClient, spec: DevnetChainSpec, tokens: DeployedToken[]) {
  const contracts: Partial<Record<ManifestContractName, Address>> = {}
  if (spec.venues.aave) {
    const aave = await deployAave(deployer, { reserves: aaveReservesFor(tokens), eModes: aaveEModes })
    Object.assign(contracts, {
      aavePool: aave.pool,
      aavePoolAddressesProvider: aave.poolAddressesProvider,
      aavePoolConfigurator: aave.poolConfigurator,
      aaveOracle: aave.aaveOracle,
      aaveDataProvider: aave.dataProvider,
      aaveAclManager: aave.aclManager,
    })
  }
  let morphoMarkets: MorphoMarket[] = []
  if (spec.venues.morpho) {
    const morpho = await deployMorpho(deployer, {
      tokens,
      markets: [{ collateral: 'WETH', loan: 'USDC', lltv: 860_000_000_000_000_000n }],
    })
    contracts.morpho = morpho.morpho
    contracts.morphoIrm = morpho.irm
    morphoMarkets = morpho.markets
  }
  return { contracts, morphoMarkets }
}

function createAddress(privateKey: Hex) {
  return privateKeyToAccount(privateKey).address
}
